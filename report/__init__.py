"""Quality report of an output folder: contract and domain checks -> ``quality.parquet`` and ``report.html``.

    from report import build_report
    build_report(Path("data/clean"), [Path("data/raw")])

Modules, in the order the data flows: ``output_tables`` (read the datasets, conform them to the contract) ->
``contract`` (pandera) and ``checks`` (domain; the catalogue of check names is its docstring) with
``duplicates``, ``vocabulary`` and ``normalization_summary`` -> ``findings`` (the Finding record, the
``quality.parquet`` schema) -> ``review_rows`` and ``row_crops`` (the flagged rows and their page images) ->
``run_summary``, ``charts`` and ``html_report`` (the page) -> ``build`` (the entry point) and ``cli``.
"""
from report.build import ReportError, build_report
from report.settings import ReportSettings

__all__ = ["ReportError", "ReportSettings", "build_report"]
