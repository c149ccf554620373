"""Normalization: raw columns -> normalized columns, with an audit of every replacement. Raw text is never modified.

Entry points: :func:`normalize.columns.normalize_result` (what a pipeline worker calls on each decree, and the
store for a result not yet normalized), ``normalize_decree``, ``normalize_indicator``, ``normalize_position``, and
:func:`normalize.variant_discovery.write_variant_candidates`. See README.md here.
"""
