"""Running extraction over whole archives: executors (local processes or Dask), progress, run plans."""
