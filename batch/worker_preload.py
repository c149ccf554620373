"""Imported once by the fork server that starts the pool's workers: the libraries and dictionaries every worker
needs (seconds of parsing), loaded there so that each worker forked from it starts with them (and so does the
process that writes the review file, batch/review_file.py)."""
from __future__ import annotations

import gc

import extract.document  # noqa: F401 - pdfplumber, PDFium, OpenCV
import normalize.columns  # noqa: F401
import normalize.variant_discovery  # noqa: F401 - the review file (batch/review_file.py)
from batch.worker import die_with_parent
from extract.word_list import indonesian_stems
from normalize.spelling import default_normalizer

indonesian_stems()
default_normalizer().resources.load_dictionaries()
# the ~550,000 objects loaded above live as long as the worker: kept out of the garbage collector's reach, a full
# collection in a worker takes milliseconds instead of ~0.3 s (one or more per decree), and the collector does not
# write to (and so copy) the pages the workers share with this process
gc.freeze()

# the fork server is a child of the run, the workers are its children: it too must die with the run, so that
# the workers' own PR_SET_PDEATHSIG fires
die_with_parent()
