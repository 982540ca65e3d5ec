"""`python -m extract` runs the command line."""

from extract.cli import main

main()
