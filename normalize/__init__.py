"""Normalization: raw columns -> normalized columns. Raw text is never modified."""
