"""Looking at what the pipeline saw: `iki-pipeline debug FILE --page N` draws a page's reading onto its image."""
