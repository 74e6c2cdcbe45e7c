"""`python -m mend`: the same as the `mend` command."""

import sys

from mend.assistant.cli import main

sys.exit(main())
