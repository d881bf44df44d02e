"""Entry script of the windowed executable ``policydesk-gui`` in the PyInstaller bundle (policydesk.gui.app:main)."""

import multiprocessing
import sys

from policydesk.gui.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
