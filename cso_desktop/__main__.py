"""``python -m cso_desktop``: the same entry point as the ``cso-desktop`` command."""

import sys

from cso_desktop.cli import main

sys.exit(main())
