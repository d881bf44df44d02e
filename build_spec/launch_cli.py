"""Entry script of the console executable ``policydesk`` in the PyInstaller bundle (policydesk.cli:main)."""

import multiprocessing
import sys

from policydesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
