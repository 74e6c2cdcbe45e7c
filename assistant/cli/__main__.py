"""`python -m assistant.cli`: the same as the `mend` command."""

import sys

from assistant.cli import main

sys.exit(main())
