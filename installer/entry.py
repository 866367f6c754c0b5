"""Entry point of the packaged app (PyInstaller): the same as the ``cso-desktop`` command."""

import sys

from cso_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
