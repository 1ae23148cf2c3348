"""`python -m kg` runs the spacekg command line."""

from kg.cli import main

raise SystemExit(main())
