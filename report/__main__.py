"""``python -m report OUT [--input DIR ...]``: regenerate the quality report of an output folder."""
import sys

from report.cli import main

sys.exit(main())
