"""The bundle's entry point (PyInstaller): the same command line as the installed `exhibit-annotator`."""

import multiprocessing
import sys

from exhibit_annotator.cli import main

if __name__ == "__main__":
    # First thing: in a frozen app, worker processes are this same executable started again with multiprocessing's
    # arguments; freeze_support runs the worker there and never returns.
    multiprocessing.freeze_support()
    sys.exit(main())
