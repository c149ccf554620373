"""Extraction: PDF pages -> page layouts -> tables and decree structure (no normalization here)."""
