"""``python -m hyoka`` runs the command line."""

import sys

from hyoka.cli import main

sys.exit(main())
