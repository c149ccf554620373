"""Print the README's column tables from the dataset schemas (``store/schema.py``), where every field is described
once; tests/test_schema_docs.py fails when README.md's tables differ from what this prints.

    python scripts/schema_tables.py          # print the tables
    python scripts/schema_tables.py --write  # replace them in README.md
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.schema import (  # noqa: E402
    ALL_DATASETS,
    FILE_INDEX_NAME,
    FILES,
    PARTITION,
    PARTITION_DESCRIPTION,
    QUALITY,
    description,
)

README = ROOT / "README.md"
BEGIN = "<!-- column tables: printed by scripts/schema_tables.py from store/schema.py; edit there, then --write -->"
END = "<!-- end of column tables -->"


def type_name(data_type: pa.DataType) -> str:
    """An Arrow type as the README spells it: string, int32, list<string>, map<string, string> …"""
    if pa.types.is_map(data_type):
        return f"map<{type_name(data_type.key_type)}, {type_name(data_type.item_type)}>"
    if pa.types.is_list(data_type):
        return f"list<{type_name(data_type.value_type)}>"
    return {pa.float32(): "float32", pa.float64(): "float64"}.get(data_type, str(data_type))


def cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|")


def dataset_table(name: str, schema: pa.Schema, partitioned: bool = True) -> str:
    """One dataset: what a row is, then one table row per column, the partition column last."""
    rows = [(f.name, type_name(f.type), description(f)) for f in schema]
    if partitioned:
        rows.append((PARTITION, "int32 (partition)", PARTITION_DESCRIPTION))
    lines = [f"`{name}.parquet` — {description(schema)}", "", "| column | type | meaning |", "|---|---|---|"]
    lines += [f"| {column} | {cell(kind)} | {cell(meaning)} |" for column, kind, meaning in rows]
    return "\n".join(lines)


def schema_tables() -> str:
    """Every dataset's table, in the order of ``store.schema.ALL_DATASETS``, then the file index and the report's
    findings (single files)."""
    tables = [dataset_table(name, schema) for name, schema in ALL_DATASETS.items()]
    tables.append(dataset_table(FILE_INDEX_NAME, FILES, partitioned=False))
    tables.append(dataset_table("quality", QUALITY, partitioned=False))
    return "\n\n".join(tables) + "\n"


def readme_tables(readme: str) -> str:
    """The tables README.md holds between its markers."""
    start, end = readme.index(BEGIN) + len(BEGIN) + 1, readme.index(END)
    return readme[start:end]


def write_readme() -> None:
    """Replace the tables between README.md's markers by what :func:`schema_tables` prints."""
    text = README.read_text(encoding="utf-8")
    old = readme_tables(text)
    start = text.index(BEGIN) + len(BEGIN) + 1
    README.write_text(text[:start] + schema_tables() + text[start + len(old):], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_readme()
    elif sys.argv[1:]:
        sys.exit("usage: python scripts/schema_tables.py [--write]")
    else:
        sys.stdout.write(schema_tables())
