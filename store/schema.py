"""The output contract: one explicit Arrow schema per dataset, every field carrying its description.

The descriptions travel inside every Parquet file (field metadata ``b"description"``; the dataset's own under the
schema metadata ``b"description"``, the partition column's under ``b"decree_year"``), and the README's column
tables are printed from them (``scripts/schema_tables.py``), so the files, the README and this module say the same.
"""
from __future__ import annotations

import hashlib

import pyarrow as pa

from extract.decree_metadata import UNIT_TYPES

STR = pa.string()
LIST_STR = pa.list_(pa.string())
DESCRIPTION = b"description"
PARTITION = "decree_year"  # not "year": decrees.parquet has that column, and a partition key must differ
PARTITION_DESCRIPTION = ("the decree's `year`, 0 when unknown: the Hive partition folder (`decree_year=2023/`) that "
                         "readers of the dataset folder add as a column (pandas: category); in every dataset")
NORMALIZED = ("normalized: clean-up, wrapped lines joined with a space, one spelling per word (see "
              "*Normalization*)")


def field(name: str, data_type: pa.DataType, description: str) -> pa.Field:
    """A schema field with its description as metadata."""
    return pa.field(name, data_type, metadata={DESCRIPTION: description.encode("utf-8")})


def dataset_schema(description: str, fields: list[pa.Field]) -> pa.Schema:
    """A dataset's schema: its fields, what one row is, and what the partition column means."""
    return pa.schema(fields, metadata={DESCRIPTION: description.encode("utf-8"),
                                       PARTITION.encode(): PARTITION_DESCRIPTION.encode("utf-8")})


def description(item: pa.Field | pa.Schema) -> str:
    """The description a field or dataset schema carries ("" when it has none)."""
    return (item.metadata or {}).get(DESCRIPTION, b"").decode("utf-8")


DECREES = dataset_schema("one row per input PDF; byte-identical files once (the others: files.parquet)", [
    field("decree_id", STR, "sha256 hex of the file bytes"),
    field("source_path", STR, "path relative to the input folder it was found under"),
    field("status", STR, "`ok`, `partial` (some pages failed or were skipped), `failed`"),
    field("error", STR, "one-line reason(s), joined by `; `; null when ok"),
    field("pages", pa.int32(), "pages in the file"),
    field("text_pages", pa.int32(), "pages read from their text layer"),
    field("ocr_pages", pa.int32(), "pages read by OCR (`ocr-layer` pages included)"),
    field("unit_type", STR, " · ".join(UNIT_TYPES) + " (a hospital, puskesmas, school, inspectorate … is `other`)"),
    field("unit_name", STR, "e.g. `Kecamatan Palaran` (title case)"),
    field("region", STR, "`Kota X` / `Kabupaten Y`"),
    field("decree_number", STR, "as printed after `NOMOR :`"),
    field("decree_date", pa.timestamp("ms"), "when a full date is printed (`1 April 2019`), at midnight: "
          "pandas reads datetime64, DuckDB TIMESTAMP, Polars Datetime; null otherwise"),
    field("year", pa.int32(), "from `TAHUN 2023`, else the date, else the number; null when unknown"),
    field("signatory_name", STR, "as printed, titles included"),
    field("signatory_nip", STR, "18 digits, spaces removed"),
    field("positions", pa.int32(), "how many positions were extracted (rows in positions.parquet)"),
    field("indicators", pa.int32(), "how many indicator rows were extracted (rows in indicators.parquet)"),
    field("pipeline_version", STR, "version that wrote the row"),
])

POSITIONS = dataset_schema("one row per job position, in document order", [
    field("decree_id", STR, "the decree (decrees.parquet)"),
    field("position_idx", pa.int32(), "0-based, document order"),
    field("jabatan_raw", STR, "the position title as printed"),
    field("jabatan", STR, "jabatan_raw normalized: on one line, one spelling per word, in Title Case "
          "(`KEPALA SEKSI PEMERINTAHAN DAN TRANTIB` -> `Kepala Seksi Pemerintahan dan Trantib`; acronyms such as "
          "`UPT`, `PPTK` stay upper case)"),
    field("tugas_raw", LIST_STR, "Tugas paragraphs or bullets, as printed"),
    field("tugas", LIST_STR, f"tugas_raw, each item {NORMALIZED}"),
    field("fungsi_raw", LIST_STR, "Fungsi items without their `a.` markers (`[]` for `-`), as printed"),
    field("fungsi", LIST_STR, f"fungsi_raw, each item {NORMALIZED}"),
    field("page_start", pa.int32(), "1-based page the block starts on"),
    field("page_end", pa.int32(), "1-based page the block ends on"),
    field("table_header", STR, "the header wording of its table, cells joined by ` | ` (null: no table)"),
    field("table_columns", LIST_STR, "the table's printed column headers left to right, NO and extra columns "
          "included (null: no table)"),
    field("jabatan_role", STR, "canonical role: camat, sekretaris, lurah, kepala desa, kepala seksi, "
          "kepala subbagian, kepala bidang, bendahara, staf, … (null: not recognised)"),
    field("bidang", LIST_STR, "its fields in printed order, usually one: pemerintahan, trantib, "
          "ekonomi-pembangunan, kesejahteraan, pelayanan, umum-kepegawaian, keuangan, perencanaan, pimpinan, "
          "kesekretariatan, … (null: none recognised)"),
])

INDICATORS = dataset_schema("one row per indicator row", [
    field("decree_id", STR, "the decree (decrees.parquet)"),
    field("position_idx", pa.int32(), "the position the row belongs to (positions.parquet)"),
    field("row_idx", pa.int32(), "0-based order within the position"),
    *(field(f"{name}_raw", STR, f"{label} exactly as printed{merged}; paragraphs joined with `\\n`, wrapped lines "
            "with a space; null when the table prints no column for that field")
      for name, label, merged in (
          ("sasaran", "the sasaran (kinerja utama)", ", filled down onto every row a merged cell spans"),
          ("indikator", "the indikator", ""), ("formulasi", "the formula or explanation", ""),
          ("sumber_data", "the data source", ""))),
    *(field(name, STR, f"{name}_raw {NORMALIZED}; a line break stays only between items or paragraphs")
      for name in ("sasaran", "indikator", "formulasi", "sumber_data")),
    field("page", pa.int32(), "page the row starts on"),
    field("method", STR, "`text` (text layer) or `ocr`"),
    field("confidence", pa.float32(), "1.0 for text-layer rows; the OCR confidence (0–1) for OCR rows; where a "
          "scanner's OCR layer was kept over our OCR, its share of known words (at most 0.99)"),
    *(field(f"box_{edge}", pa.float32(), f"{meaning} of the row on `page` (PDF points, origin top-left)")
      for edge, meaning in (("x0", "left edge"), ("top", "top edge"), ("x1", "right edge"),
                            ("bottom", "bottom edge"))),
    field("indicator_kind", STR, "`persentase`, `jumlah`, `nilai/indeks`, `tingkat`, `dokumen` or `other`, from "
          "the indikator's first words; null when the row prints no indikator"),
    field("is_ratio", pa.bool_(), "the formula is a ratio (`x 100%`, `berbanding`, `dibagi`, `Σ A / Σ B`); null "
          "when no formula is printed"),
    field("extra", pa.map_(STR, STR), "every column beyond the four (SATUAN, TARGET, PENANGGUNG JAWAB, "
          "KETERANGAN, a second qualified sasaran such as `KINERJA ATASAN YANG DIINTERVENSI` …): printed header "
          "→ cell text; null when the table has none"),
    field("table_strategy", STR, "how the table's rows were found on `page`: `ruled` (cut at its ruling lines) or "
          "`aligned` (from the text's alignment: borderless tables, or rules around the header only)"),
    field("stitched", pa.bool_(), "true when a page break cut the row and the first row of the next page was "
          "joined to it (its cells run over the break)"),
    field("continued_page", pa.int32(), "for a `stitched` row, the page its continuation is printed on (the last "
          "one when it crosses several breaks); null for a row on one page"),
    *(field(f"continued_box_{edge}", pa.float32(), f"{meaning} of the row's continuation on `continued_page` (PDF "
            "points, origin top-left); null for a row on one page")
      for edge, meaning in (("x0", "left edge"), ("top", "top edge"), ("x1", "right edge"),
                            ("bottom", "bottom edge"))),
])

PAGES = dataset_schema("one row per page", [
    field("decree_id", STR, "the decree (decrees.parquet)"),
    field("page", pa.int32(), "1-based page number"),
    field("method", STR, "`text`, `ocr`, `ocr-layer` (a scan carrying an invisible OCR text layer, re-read with "
          "our OCR unless its layer measures better), `skipped` or `failed`"),
    field("reason", STR, "the evidence for the decision"),
    field("error", STR, "why the page failed; null when it did not"),
    field("ocr_skew_deg", pa.float32(), "the tilt of the page image corrected before reading (degrees, "
          "counter-clockwise positive); null on a page read from its text layer"),
    field("ocr_rotation_deg", pa.int32(), "0, 90, 180 or 270: how far the scan was turned clockwise to read it "
          "upright; null on a page read from its text layer"),
    field("ocr_mean_conf", pa.float32(), "mean Tesseract word confidence (0–1) of our reading; null when "
          "Tesseract did not read the page (a text layer, or a scan's own OCR layer kept with OCR off)"),
    field("ocr_repairs", LIST_STR, "known misreadings of formula symbols repaired (`'10074'->'100%'`), in the "
          "words kept; null on a page read from its text layer"),
])

NORMALIZATIONS = dataset_schema(
    "the audit of the spelling normalizer (normalize/columns.py): one row per decree and distinct replacement", [
        field("decree_id", STR, "the decree (decrees.parquet)"),
        field("column", STR, "the normalized column: sasaran … sumber_data, jabatan, tugas, fungsi"),
        field("raw_token", STR, "the token as printed"),
        field("normalized_token", STR, "what it became"),
        field("rule", STR, "`lexicon`, `lexicon-prefix`, `lexicon-affix`, `lexicon-context`, `suffix`, `ocr`, "
              "`fuzzy`, `hyphen-join`, `nfkc`"),
        field("source", STR, "the lexicon entry or dictionary that decided"),
        field("score", pa.float32(), "1.0 for rules, the similarity for fuzzy matches"),
        field("count", pa.int32(), "how often the decree has this replacement"),
    ])

DATASETS = {"decrees": DECREES, "positions": POSITIONS, "indicators": INDICATORS, "pages": PAGES}
# Audit datasets: written per decree next to DATASETS, kept out of it because the report's contract checks
# (report/contract.py) cover exactly the four row datasets.
AUDIT_DATASETS = {"normalizations": NORMALIZATIONS}
ALL_DATASETS = {**DATASETS, **AUDIT_DATASETS}


def contract_fingerprint(datasets: dict[str, pa.Schema]) -> str:
    """A short hash of every dataset's column names and types (descriptions left out)."""
    spelled = repr([(name, [(f.name, str(f.type)) for f in schema]) for name, schema in datasets.items()])
    return hashlib.sha256(spelled.encode("utf-8")).hexdigest()[:16]


# Written into every part: a decree written under other column types is extracted again, so that a dataset folder
# never mixes types (a reader could not open it) even when the pipeline version stays the same.
CONTRACT = contract_fingerprint(ALL_DATASETS)
CONTRACT_KEY = b"contract"

FILES = pa.schema([
    field("source_path", STR, "an input file, relative to the input folder it was found under; one row per file"),
    field("decree_id", STR, "sha256 hex of its bytes: the decree it holds (decrees.parquet)"),
    field("duplicate_of", STR, "the input file with the same bytes that was read (its `source_path`); null for "
          "the file that was read. Byte-identical files are read once, so each dataset's keys stay unique"),
    field("size_bytes", pa.int64(), "file size in bytes"),
    field("modified", pa.timestamp("ms", tz="UTC"), "the file's modification time"),
    field("input_path", STR, "where the run that recorded it read the file (absolute path): a report rebuilt "
          "without `--input` cuts its row images from there"),
], metadata={DESCRIPTION: b"one row per input file, duplicates included (a single file, not partitioned)"})
# The index of input files: one file rewritten at the end of each run, kept out of ALL_DATASETS (per-decree parts
# and their contract fingerprint).
FILE_INDEX_NAME = "files"

QUALITY = pa.schema([
    field("decree_id", STR, "the decree the finding is about (decrees.parquet); null for a run-wide finding"),
    field("page", pa.int32(), "the page it is about, when one page"),
    field("position_idx", pa.int32(), "the position it is about, when one (positions.parquet)"),
    field("row_idx", pa.int32(), "the indicator row it is about, when one (indicators.parquet)"),
    field("check", STR, "the check's stable name (`row.empty_field`, `decree.near_duplicate` …; the list with "
          "their meanings: report/findings.py, and report.html's *Checks* table)"),
    field("severity", STR, "`error`, `warning` or `info`; fixed per check"),
    field("message", STR, "what was found, in one line"),
    field("value", STR, "the evidence: the rows a row check covers (`p1: 0, 2; p3: 1`, after the field for "
          "`row.empty_field`), the value that broke a rule, the pages …"),
], metadata={DESCRIPTION: b"one row per finding of the report's checks, worst first (row checks: one per decree, "
             b"check and field)"})
