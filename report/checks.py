"""Quality checks over an output folder: the contract (pandera) and the domain, each failure a :class:`Finding`.

Findings are proportionate: checks of indicator rows are summarised **per decree** (one finding per decree and
check, or field: ``value`` lists the rows as ``p<position_idx>: <row_idx>, …``, and ``position_idx``/``row_idx``
point at the row when there is only one); page checks per decree; duplicate decrees once per extra copy;
normalization counts once per decree. Severities are fixed per check. On the digital documents of the shared
corpus this gives about 0.7 findings per 10 indicator rows, most of them true properties of the documents.

| check | severity | one finding per | meaning |
|---|---|---|---|
| `contract.missing_dataset` | error | dataset | a dataset folder is absent or holds no part |
| `contract.unreadable_part` | error | part | a Parquet part cannot be read |
| `contract.part_schema` | error | part | a part's columns or types differ from `store/schema.py` |
| `contract.null_value` | error | column · decree | a required column holds nulls |
| `contract.value_not_allowed` | error | column · decree | a value outside its allowed set or pattern (status, method, unit_type, sha256, NIP) |
| `contract.value_out_of_range` | error | column · decree | a number outside its range (pages ≥ 1, confidence 0–1, year, boxes), bounds in the wrong order |
| `contract.duplicate_key` | error | dataset · decree | two rows share a key that must be unique |
| `contract.orphan_row` | error | dataset · decree | a row points at a decree or position that does not exist |
| `contract.check_failed` | error | column | any other contract failure (a wrong dtype …) |
| `decree.failed` | error | decree | the file could not be read at all (`decrees.error`) |
| `decree.count_mismatch` | error | decree | `decrees.positions`/`indicators` differ from the rows written |
| `decree.no_positions` | warning | decree | every page was read, yet no position was found |
| `decree.metadata_missing` | warning | decree | `unit_name` or `year` is empty (the message also names other empty metadata) |
| `decree.duplicate_id` | warning | extra path | the same file (same sha256) under two source paths |
| `decree.near_duplicate` | warning | extra copy | indicator-text shingles overlap ≥ 0.9 (Jaccard) with another decree |
| `page.failed` | error | decree | pages that could not be read (pages in `value`) |
| `page.skipped` | warning | decree | pages not read, e.g. scans while OCR is off (pages in `value`) |
| `position.no_indicators` | warning | position | no indicator row (no table, or a header without rows) |
| `position.header_unrecognised` | warning | position | rows exist but `table_header` is null |
| `position.duplicate` | warning | repeated position | the same jabatan with the same rows printed again |
| `row.empty_field` | warning | decree · field | indikator, formulasi or sumber data empty (field in `value`) |
| `row.sasaran_unfilled` | warning | decree | sasaran empty: the merged cell could not be filled down |
| `row.ratio_not_percentage` | warning | decree | formula is a ratio (x 100 %, berbanding, dibagi, Σ/Σ), indikator is not a percentage |
| `row.percentage_not_ratio` | warning | decree | indikator is a percentage, formula is no ratio |
| `row.low_ocr_confidence` | warning | decree | OCR rows with confidence under 0.6 (confidences in `value`) |
| `normalize.applied` | info | run | spelling normalizations applied (count, decrees, top families) |
| `normalize.variant_candidates` | info | run | variant families found for review (count, top families) |

A division without ``x 100`` under an indikator that names a ratio (Rasio, Indeks, Nilai, Rata-rata) is not
flagged: such an indicator is not meant as a percentage.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from report.contract import validate_contract
from report.duplicates import DecreeText, decree_texts, duplicate_id_findings, near_duplicate_findings
from report.findings import Finding, format_pages, format_row_keys
from report.normalization_summary import normalization_findings
from report.output_tables import OutputTables, equals
from report.settings import ReportSettings
from report.vocabulary import (
    NAMED_RATIO_INDIKATOR,
    TIMES_100,
    is_empty_cell,
    is_percentage_indikator,
    is_ratio_formula,
)

CORE_METADATA = ("unit_name", "year")
OTHER_METADATA = ("region", "decree_number", "decree_date", "signatory_name", "signatory_nip")
ROW_FIELDS = ("indikator", "formulasi", "sumber_data")


def run_checks(tables: OutputTables, settings: ReportSettings) -> list[Finding]:
    """Every check over ``tables``: the contract first, then decrees, pages, positions, rows, normalization."""
    keyed = tables.with_keys()
    texts = decree_texts(keyed.decrees, keyed.indicators, settings.shingle_words)
    return slice_checks(tables, settings) + archive_checks(keyed.decrees, texts, tables.normalizations,
                                                          tables.variant_candidates, settings)


def slice_checks(tables: OutputTables, settings: ReportSettings) -> list[Finding]:
    """The checks that look at one decree at a time (contract, decrees, pages, positions, rows): they may run over
    any slice of whole decrees (report/output_slices.py)."""
    findings = validate_contract(tables)
    tables = tables.with_keys()
    findings += decree_findings(tables)
    findings += page_findings(tables.pages)
    copied = set(tables.decrees["decree_id"].astype(str)[tables.decrees["decree_id"].astype(str).duplicated()])
    findings += position_findings(tables.positions, tables.indicators, skip=copied)
    findings += row_findings(tables.indicators, settings)
    return findings


def archive_checks(decrees: pd.DataFrame, texts: Sequence[DecreeText], normalizations: pd.DataFrame | None,
                   candidates: pd.DataFrame | None, settings: ReportSettings) -> list[Finding]:
    """The checks across decrees: the same file twice, nearly the same text, the spelling normalizer's totals."""
    findings = duplicate_id_findings(decrees)
    findings += near_duplicate_findings(texts, settings.near_duplicate_jaccard)
    findings += normalization_findings(normalizations, candidates)
    return findings


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or bool(pd.isna(value)) or (isinstance(value, str) and not value.strip())


def decree_findings(tables: OutputTables) -> list[Finding]:
    """Failed files, counts that disagree with the rows written, no positions, missing metadata."""
    findings = []
    positions_per = tables.positions.groupby(tables.positions["decree_id"].astype(str)).size()
    rows_per = tables.indicators.groupby(tables.indicators["decree_id"].astype(str)).size()
    unread_pages = tables.pages[equals(tables.pages["method"], "skipped") | equals(tables.pages["method"], "failed")]
    with_unread = set(unread_pages["decree_id"].astype(str))
    id_counts = tables.decrees["decree_id"].astype(str).value_counts()
    for decree in tables.decrees.itertuples(index=False):
        decree_id, path = str(decree.decree_id), str(decree.source_path)
        if _text(decree.status) == "failed":
            findings.append(Finding("decree.failed", f"{path}: {_text(decree.error) or 'failed'}",
                                    decree_id=decree_id, value=_text(decree.error) or None))
            continue
        found_positions, found_rows = int(positions_per.get(decree_id, 0)), int(rows_per.get(decree_id, 0))
        if id_counts[decree_id] == 1 and (not _missing(decree.positions) and not _missing(decree.indicators)) and (
                int(decree.positions) != found_positions or int(decree.indicators) != found_rows):
            findings.append(Finding(
                "decree.count_mismatch",
                f"{path}: decrees says {decree.positions} positions / {decree.indicators} rows, the datasets hold "
                f"{found_positions} / {found_rows}", decree_id=decree_id,
                value=f"{decree.positions}/{decree.indicators} vs {found_positions}/{found_rows}"))
        if found_positions == 0 and decree_id not in with_unread:
            findings.append(Finding("decree.no_positions", f"{path}: all {decree.pages} page(s) read, no position "
                                    "found", decree_id=decree_id))
        missing_core = [c for c in CORE_METADATA if _missing(getattr(decree, c))]
        if missing_core:
            missing_other = [c for c in OTHER_METADATA if _missing(getattr(decree, c))]
            also = f" (also empty: {', '.join(missing_other)})" if missing_other else ""
            findings.append(Finding("decree.metadata_missing", f"{path}: no {' or '.join(missing_core)}{also}",
                                    decree_id=decree_id, value=", ".join(missing_core)))
    return findings


def page_findings(pages: pd.DataFrame) -> list[Finding]:
    """Skipped and failed pages, one finding per decree and kind, the pages as ranges in ``value``."""
    findings = []
    for method, check in (("failed", "page.failed"), ("skipped", "page.skipped")):
        chosen = pages[equals(pages["method"], method)]
        for decree_id, group in chosen.groupby(chosen["decree_id"].astype(str), sort=True):
            numbers = [int(p) for p in group["page"].dropna()]
            evidence = group["error"].fillna(group["reason"]).dropna().astype(str)
            why = evidence.mode().iloc[0] if not evidence.empty else "no reason recorded"
            findings.append(Finding(check, f"{len(group)} page(s) {method}: {format_pages(numbers)} ({why})",
                                    decree_id=decree_id, page=numbers[0] if len(numbers) == 1 else None,
                                    value=format_pages(numbers)))
    return findings


def _position_label(position_idx: int, jabatan: object, jabatan_raw: object) -> str:
    return f"position {position_idx} ({_text(jabatan) or _text(jabatan_raw) or 'no jabatan'})"


def position_findings(positions: pd.DataFrame, indicators: pd.DataFrame, skip: set[str] | None = None
                      ) -> list[Finding]:
    """Positions without rows, rows without a recognised header, positions printed twice.

    Decrees in ``skip`` (a file in the archive twice: ``decree.duplicate_id``) are not searched for repeated
    positions: every position of theirs is there twice.
    """
    findings = []
    skip = skip or set()
    # plain lists per position, not a frame per group: a large output has hundreds of thousands of positions
    rows_of: dict[tuple[str, int], list[tuple[int, object, object]]] = {}
    for decree_id, position_idx, row_idx, indikator, formulasi in zip(
            indicators["decree_id"].astype(str), indicators["position_idx"].astype(int).tolist(),
            indicators["row_idx"].astype(int).tolist(), indicators["indikator"].tolist(),
            indicators["formulasi"].tolist()):
        rows_of.setdefault((decree_id, position_idx), []).append((row_idx, indikator, formulasi))
    seen: dict[tuple[str, str, tuple[tuple[str, str], ...]], int] = {}
    for position in positions.sort_values(["decree_id", "position_idx"]).itertuples(index=False):
        key = (str(position.decree_id), int(position.position_idx))
        rows = rows_of.get(key)
        has_header = not _missing(position.table_header)
        page = None if _missing(position.page_start) else int(position.page_start)
        label = _position_label(key[1], position.jabatan, position.jabatan_raw)
        if not rows:
            why = "a table header but no row under it" if has_header else "no indicator table"
            findings.append(Finding("position.no_indicators", f"{label}: {why}", decree_id=key[0], page=page,
                                    position_idx=key[1], value="header" if has_header else "no table"))
            continue
        if not has_header:
            findings.append(Finding("position.header_unrecognised",
                                    f"{label}: {len(rows)} row(s) but no recognised table header", decree_id=key[0],
                                    page=page, position_idx=key[1], value=str(len(rows)),
                                    rows=tuple((key[1], r) for r, _, _ in rows)))
        signature = tuple((_flat(indikator), _flat(formulasi))
                          for _, indikator, formulasi in sorted(rows, key=lambda row: row[0]))
        identity = (key[0], _flat(position.jabatan or position.jabatan_raw), signature)
        if key[0] in skip:
            continue
        if identity in seen:
            findings.append(Finding("position.duplicate", f"{label}: same jabatan and rows as position "
                                    f"{seen[identity]}", decree_id=key[0], page=page, position_idx=key[1],
                                    value=str(seen[identity])))
        else:
            seen[identity] = key[1]
    return findings


def _flat(value: object) -> str:
    return " ".join(_text(value).casefold().split())


def row_findings(indicators: pd.DataFrame, settings: ReportSettings) -> list[Finding]:
    """Row problems, one finding per decree and check (and field): empty cells, unfilled sasaran,
    ratio/percentage mismatch, low OCR confidence."""
    text = {c: [_text(v) for v in indicators[c]] for c in ("sasaran", *ROW_FIELDS)}
    tests: list[tuple[str, str | None, str, list[bool]]] = [
        ("row.empty_field", field, f"{field.replace('_', ' ')} empty", [is_empty_cell(t) for t in text[field]])
        for field in ROW_FIELDS
    ]
    tests += [
        ("row.sasaran_unfilled", None, "sasaran empty (not filled down)", [is_empty_cell(t) for t in text["sasaran"]]),
        ("row.ratio_not_percentage", None, "ratio formula, indikator not a percentage",
         [ratio_not_percentage(i, f) for i, f in zip(text["indikator"], text["formulasi"])]),
        ("row.percentage_not_ratio", None, "percentage indikator, formula not a ratio",
         [percentage_not_ratio(i, f) for i, f in zip(text["indikator"], text["formulasi"])]),
    ]
    confidence = indicators["confidence"].astype("float64").fillna(1.0)
    low = (equals(indicators["method"], "ocr") & (confidence < settings.low_confidence)).tolist()
    tests.append(("row.low_ocr_confidence", None, f"OCR confidence under {settings.low_confidence:.2f}", low))
    rows_per_decree = indicators.groupby(indicators["decree_id"].astype(str)).size()
    findings = []
    for check, field, what, hits in tests:
        flagged = indicators[pd.Series(hits, index=indicators.index, dtype=bool)]
        for decree_id, group in flagged.groupby(flagged["decree_id"].astype(str), sort=True):
            group = group.sort_values(["position_idx", "row_idx"])
            if check == "row.low_ocr_confidence":
                detail = f"{what} (lowest {float(group['confidence'].min()):.2f})"
                reasons = [f"OCR confidence {float(c):.2f}, under {settings.low_confidence:.2f}"
                           for c in group["confidence"]]
            else:
                detail, reasons = what, [what] * len(group)
            findings.append(_row_finding(check, decree_id, group, int(rows_per_decree[decree_id]), detail, field,
                                         tuple(reasons)))
    return findings


def ratio_not_percentage(indikator: str, formulasi: str) -> bool:
    """A ratio formula under an indikator that is not a percentage (a named ratio without x 100 is fine; an empty
    indikator is ``row.empty_field``'s business)."""
    if is_empty_cell(indikator) or not is_ratio_formula(formulasi) or is_percentage_indikator(indikator):
        return False
    return bool(TIMES_100.search(formulasi)) or not NAMED_RATIO_INDIKATOR.search(indikator)


def percentage_not_ratio(indikator: str, formulasi: str) -> bool:
    """A percentage indikator whose (non-empty) formula is not a ratio."""
    return is_percentage_indikator(indikator) and not is_empty_cell(formulasi) and not is_ratio_formula(formulasi)


def _row_finding(check: str, decree_id: str, hits: pd.DataFrame, total: int, what: str, field: str | None,
                 row_reasons: tuple[str, ...]) -> Finding:
    keys = tuple((int(p), int(r)) for p, r in zip(hits["position_idx"], hits["row_idx"]))
    first = hits.iloc[0]
    single = len(keys) == 1
    one_position = len({p for p, _ in keys}) == 1
    if single:
        where = f"position {keys[0][0]} row {keys[0][1]}"
    else:
        positions = len({p for p, _ in keys})
        where = f"{len(keys)} of {total} rows in {positions} position{'s' if positions > 1 else ''}"
    listed = format_row_keys(keys)
    if check == "row.low_ocr_confidence":
        by_position: dict[int, list[str]] = {}
        for (position_idx, row_idx), confidence in zip(keys[:40], hits["confidence"]):
            by_position.setdefault(position_idx, []).append(f"{row_idx} ({float(confidence):.2f})")
        listed = "; ".join(f"p{p}: {', '.join(rows)}" for p, rows in by_position.items())
    return Finding(check, f"{where}: {what}", decree_id=decree_id,
                   page=int(first["page"]) if single and not _missing(first["page"]) else None,
                   position_idx=keys[0][0] if one_position else None, row_idx=keys[0][1] if single else None,
                   value=(f"{field}; " if field else "") + listed, rows=keys, row_reasons=row_reasons)
