"""`python -m generator` runs the command line; before the set-up, it says in one line what to run first."""
import sys

try:
    from generator.tools.cli import main
except ModuleNotFoundError as error:  # e.g. the system Python, before `make setup` made .venv
    sys.exit(f"error: the Python package '{error.name}' is not installed: run `make setup` first, then use "
             ".venv/bin/python -m generator (or a `make` target)")

sys.exit(main())
