"""Normalization: raw columns -> normalized columns, with an audit of every replacement. Raw text is never modified.

Entry points: :func:`normalize.columns.normalize_decree` (what the store calls), ``normalize_indicator``,
``normalize_position``, and :func:`normalize.variant_discovery.write_variant_candidates`. See README.md here.
"""
