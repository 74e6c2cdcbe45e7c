"""mend: an offline, voice-guided reflection assistant.

Installed, mend is one package: `mend.assistant` (the application), `mend.audio` (sound, speech, the model) and
`mend.flows` (flows as data). In the source tree these are the folders `assistant/`, `audio/` and `flows/` beside
this one (pyproject.toml maps them with `package-dir`), so in a checkout this package also looks in the folder
above it: with the repository root on the path (`python -m pytest` from the root, PYTHONPATH, or the benchmarks)
`mend.assistant` is the folder `assistant/`, installed or not.
"""

import os as _os

_here = _os.path.dirname(_os.path.abspath(__file__))
_checkout = _os.path.dirname(_here)
if not _os.path.isdir(_os.path.join(_here, "assistant")) and _os.path.isfile(
        _os.path.join(_checkout, "assistant", "__init__.py")) and _os.path.isfile(_os.path.join(_checkout, "pyproject.toml")):
    __path__.append(_checkout)  # a source checkout: mend.assistant, mend.audio, mend.flows are beside us
del _os, _here, _checkout
