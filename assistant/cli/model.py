"""`mend model ...`: see which speech model voice mode would use, and download, install, verify or remove models.

Voice mode cannot start without a model, so these commands are the fix every model error points to. They print
plain lines (a progress bar only when a person is watching a terminal) and raise typed errors for the CLI to show.
The first spoken session without a model offers the download here too (`offer_model_for_voice`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from mend.audio.errors import ModelError
from mend.audio.models import (
    download_model,
    find_model,
    install_model,
    installed_models,
    load_manifest,
    model_status,
    remove_model,
    verify_model,
)


def _data_dir() -> Path:
    """mend's data folder (MEND_HOME, else the platform's user data folder)."""
    from mend.assistant.paths import data_dir

    return data_dir()


def _models_dir() -> Path:
    return _data_dir() / "models"


def add_model_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "model", help="show, download, install, verify or remove the speech model",
        description="Manage the Vosk speech model that voice mode listens with.",
    )
    parser.set_defaults(handler=run_model, model_command="status")
    sub = parser.add_subparsers(dest="model_command", metavar="ACTION")

    p = sub.add_parser("status", help="show which model would be used and from where")
    p.add_argument("--model", default=argparse.SUPPRESS, help="model folder to consider first (as for a session)")

    p = sub.add_parser("download", help="download a model into mend's models folder (the only network use)")
    p.add_argument("name", nargs="?", default=None,
                   help="model name as on Alpha Cephei's model list (default: the small US English model)")
    p.add_argument("--url-base", default=None,
                   help="a mirror holding NAME.zip or the model's AAR artifact (default: MEND_MODEL_URL_BASE, else "
                        "Alpha Cephei's model site, then their official artifact in Maven Central)")
    p.add_argument("--replace", action="store_true", help="replace an installed model of the same name")

    p = sub.add_parser("install", help="install a model folder or archive (.zip, .aar, .tar.gz, .tgz)")
    p.add_argument("path", help="model folder or archive file")
    p.add_argument("--name", default=None, help="folder name to install as (default: the model's own name)")
    p.add_argument("--replace", action="store_true", help="replace an installed model of the same name")
    p.add_argument("--no-checksums", action="store_true",
                   help="install a known model even if its files differ from the published ones")

    p = sub.add_parser("verify", help="check a model's files (checksums for known models)")
    p.add_argument("path", nargs="?", default=None, help="model folder (default: the one a session would use)")

    p = sub.add_parser("remove", help="delete a model from mend's models folder")
    p.add_argument("name", nargs="?", default=None, help="installed model name (default: the only installed model)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def run_model(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    action = getattr(args, "model_command", None) or "status"
    try:
        return _ACTIONS[action](args, out)
    except OSError as exc:
        raise ModelError(f"cannot {action} the model: {exc.strerror or exc}"
                         + (f" ({exc.filename})" if exc.filename else ""),
                         hint="Check free disk space and the permissions of mend's data folder.") from None


def _status(args, out) -> int:
    status = model_status(getattr(args, "model", None), _data_dir())
    for line in status.lines():
        print(line, file=out)
    if status.error is not None:
        print(f"fix: {status.error.hint}", file=out)
        return 1
    return 0


def _download(args, out) -> int:
    from mend.assistant.cli.progress import DownloadProgress

    path = download_model(args.name, _models_dir(), base_url=args.url_base, progress=DownloadProgress(sys.stderr),
                          replace=args.replace)
    print(f"installed {path.name} in {path.parent}", file=out)
    return 0


def _install(args, out) -> int:
    path = install_model(Path(args.path), _models_dir(), args.name, check_sums=not args.no_checksums,
                         replace=args.replace)
    print(f"installed {path.name} in {path.parent}", file=out)
    return 0


def _verify(args, out) -> int:
    path = Path(args.path) if args.path else find_model(None, _data_dir())
    if not path.is_dir():
        raise ModelError(f"{path} is not a model folder", hint="Give the folder that holds am/ and conf/.")
    report = verify_model(path, load_manifest())
    for line in report.lines():
        print(line, file=out)
    if not report.ok:
        raise ModelError(f"model at {path} failed verification", hint="Reinstall it with `mend model download` "
                         "or `mend model install PATH` (remove the damaged copy first).")
    return 0


def _remove(args, out) -> int:
    models_dir = _models_dir()
    name = args.name
    if name is None:
        installed = installed_models(models_dir)
        if len(installed) != 1:
            names = ", ".join(p.name for p in installed) or "none"
            raise ModelError("say which model to remove", hint=f"Installed models: {names}. "
                             "Run `mend model remove NAME --yes`.")
        name = installed[0].name
    if not args.yes:
        if not sys.stdin.isatty():
            raise ModelError(f"not removing {name} without confirmation",
                             hint=f"Run `mend model remove {name} --yes`.")
        answer = input(f"Remove model {name} from {models_dir}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("kept", file=out)
            return 1
    removed = remove_model(name, models_dir)
    print(f"removed {removed.name}", file=out)
    return 0


_ACTIONS = {"status": _status, "download": _download, "install": _install, "verify": _verify, "remove": _remove}


def _ask(question: str, stdin: TextIO, out: TextIO) -> bool:
    print(f"{question} [Y/n] ", end="", file=out, flush=True)
    return stdin.readline().strip().lower() in ("", "y", "yes")


def _has_microphone() -> bool:
    from mend.audio.devices import list_devices
    from mend.audio.errors import AudioError

    try:
        return any(device.inputs > 0 for device in list_devices())
    except AudioError:
        return False


def offer_model_for_voice(explicit: str | None, stdin: TextIO | None = None, out: TextIO | None = None,
                          has_microphone=None) -> str:
    """Before a spoken session: "voice" when it can start (or fail with its own error), "text" when the person
    chose text mode instead, "quit" when they chose neither. Without a model anywhere it asks once whether to
    download it; without a microphone it offers text mode rather than a download that could not be used."""
    from mend.audio.model_find import NoModelError

    stdin, out = stdin or sys.stdin, out or sys.stdout
    has_microphone = has_microphone or _has_microphone  # looked up when called, so a test can stand in for it
    try:
        find_model(explicit, _data_dir())
        return "voice"
    except NoModelError:
        pass
    except ModelError:
        return "voice"  # a named model that is broken: the session reports it with its own fix
    if not has_microphone():
        print("No microphone was found, so a spoken session cannot start (and there is no speech model yet).",
              file=out)
        return "text" if _ask("Continue in text mode instead?", stdin, out) else "quit"
    manifest = load_manifest()
    size = manifest.get("models", {}).get(manifest.get("default", ""), {}).get("download_mb", 40)
    print("Voice mode needs a speech model, which is not installed yet.", file=out)
    if _ask(f"Download the speech model now (about {size} MB)?", stdin, out):
        from mend.assistant.cli.output import report_error
        from mend.assistant.cli.progress import DownloadProgress

        try:
            path = download_model(None, _models_dir(), progress=DownloadProgress(sys.stderr))
            print(f"Installed {path.name}. Starting the spoken session.", file=out)
            return "voice"
        except ModelError as exc:
            report_error(exc)
    return "text" if _ask("Continue in text mode instead?", stdin, out) else "quit"
