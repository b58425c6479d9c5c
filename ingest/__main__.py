"""`python -m ingest`: the Presswatch command line."""

import sys

from ingest.cli import main

sys.exit(main())
