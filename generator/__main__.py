"""`python -m generator` runs the same command line as `mentorkit`."""

from generator.cli import run

run()
