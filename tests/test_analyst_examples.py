"""The README's analyst questions run as written: its pandas, DuckDB and Polars blocks are taken from README.md and
executed on the output of one small rendered decree, and each engine's answer has clean column names and the
decree's truth, so README and code cannot drift apart."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import default_decree
from decree_pdf import DecreeSpec, render_decree

ROOT = Path(__file__).resolve().parent.parent
SECTION = "### Three questions in pandas, DuckDB and Polars"
QUESTIONS = {  # result variable of the Python blocks, the SQL statement's label, the columns it must have
    "a": ("rows_per_position", ["decree_id", "position_idx", "jabatan", "n_rows"]),
    "b": ("ratio_formulas", ["decree_id", "position_idx", "row_idx", "indikator", "formulasi"]),
    "c": ("jabatan_units", ["unit_name", "year", "jabatan", "jabatan_role", "bidang"]),
}
RATIO_WORDS = ("berbanding", "x 100%")  # how the fixture's ratio formulas are printed


@dataclass(frozen=True)
class Answer:
    """One engine's answer to one question, as plain Python values."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


def readme_blocks() -> list[tuple[str, str]]:
    """The (language, code) fenced blocks of the README's analyst section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(SECTION)
    section = readme[start:readme.index("\n## ", start)]
    return re.findall(r"```(\w+)\n(.*?)```", section, flags=re.DOTALL)


def plain(value: Any) -> Any:
    """A cell as a Python value: numpy scalars and arrays unwrapped, NaN and NA as None."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return None if pd.api.types.is_scalar(value) and pd.isna(value) else value


def pandas_answer(frame: Any) -> Answer:
    return Answer(list(frame.columns), [tuple(plain(v) for v in row) for row in frame.itertuples(index=False)])


def polars_answer(frame: Any) -> Answer:
    return Answer(list(frame.columns), [tuple(row) for row in frame.rows()])


def run_python(code: str, to_answer: Any, namespaces: dict[str, dict[str, Any]], engine: str) -> dict[str, Answer]:
    """Run one README block; its answers, and its variables kept in ``namespaces[engine]``."""
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    namespaces[engine] = namespace
    return {q: to_answer(namespace[variable]) for q, (variable, _) in QUESTIONS.items()}


def run_sql(code: str) -> dict[str, Answer]:
    import duckdb

    answers = {}
    for statement in (s.strip() for s in code.split(";\n") if s.strip()):
        relation = duckdb.sql(statement)
        label = re.match(r"-- \((\w)\)", statement)
        answer = Answer(list(relation.columns), [tuple(row) for row in relation.fetchall()])
        if label:
            answers[label.group(1)] = answer
    return answers


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding data/clean/ as ``pipeline.py data/raw`` writes it, for the default decree."""
    import pipeline

    root = tmp_path_factory.mktemp("analyst")
    render_decree(default_decree(), root / "data" / "raw" / "sukamaju.pdf", "ruled")
    assert pipeline.main([str(root / "data" / "raw"), "--out", str(root / "data" / "clean")]) == 0
    return root


@pytest.fixture(scope="module")
def namespaces() -> dict[str, dict[str, Any]]:
    """The variables the README's Python blocks left (frames, join keys), by engine."""
    return {}


@pytest.fixture(scope="module")
def answers(extracted: Path, namespaces: dict[str, dict[str, Any]]) -> dict[str, dict[str, Answer]]:
    """Each engine's answers, its README block run with the output folder as working directory."""
    blocks = readme_blocks()
    assert [lang for lang, _ in blocks] == ["python", "sql", "python"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(extracted)
        return {"pandas": run_python(blocks[0][1], pandas_answer, namespaces, "pandas"),
                "duckdb": run_sql(blocks[1][1]),
                "polars": run_python(blocks[2][1], polars_answer, namespaces, "polars")}


def truth(spec: DecreeSpec, question: str) -> list[tuple[Any, ...]]:
    """What each question must find in the default decree (decree ids left out)."""
    if question == "a":
        return [(i, p.jabatan.title(), len(p.rows)) for i, p in enumerate(spec.positions)]
    if question == "b":
        return [(i, r, row.indikator.replace("Prosentase", "Persentase"), row.formulasi)
                for i, p in enumerate(spec.positions) for r, row in enumerate(p.rows)
                if any(word in row.formulasi for word in RATIO_WORDS)]
    return [(spec.unit_name, spec.decree_date.year, p.jabatan.title()) for p in spec.positions]


@pytest.mark.parametrize("engine", ["pandas", "duckdb", "polars"])
@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_readme_question_runs_with_clean_columns_and_true_answer(
        answers: dict[str, dict[str, Answer]], engine: str, question: str) -> None:
    answer = answers[engine][question]
    assert answer.columns == QUESTIONS[question][1]
    found = sorted(answer.rows, key=lambda row: tuple(str(v) for v in row))
    if question in ("a", "b"):
        assert len({row[0] for row in found}) == 1  # one decree
        found = [row[1:] for row in found]
    else:
        assert all(row[3] and row[4] for row in found), found  # jabatan_role and bidang recognised
        found = [row[:3] for row in found]
    expected = sorted(truth(default_decree(), question), key=lambda row: tuple(str(v) for v in row))
    assert found == expected


def test_engines_agree(answers: dict[str, dict[str, Answer]]) -> None:
    def key(row: tuple[Any, ...]) -> tuple[str, ...]:
        return tuple(str(v) for v in row)

    for question in QUESTIONS:
        by_engine = {engine: sorted(a[question].rows, key=key) for engine, a in answers.items()}
        assert by_engine["pandas"] == by_engine["duckdb"] == by_engine["polars"], question


def test_joins_on_the_readme_keys_leave_one_column_per_name(answers: dict[str, dict[str, Answer]],
                                                           namespaces: dict[str, dict[str, Any]]) -> None:
    """positions x indicators and positions x decrees, joined as the README does: no decree_year_x, no _right."""
    pandas, polars = namespaces["pandas"], namespaces["polars"]
    joined = [
        pandas["positions"].merge(pandas["indicators"], on=pandas["keys"]).columns,
        pandas["positions"].merge(pandas["decrees"], on=["decree_id", "decree_year"]).columns,
        polars["positions"].join(polars["indicators"], on=polars["keys"]).columns,
        polars["positions"].join(polars["decrees"], on=["decree_id", "decree_year"]).columns,
    ]
    for columns in joined:
        assert [c for c in columns if c.endswith(("_x", "_y", "_right"))] == []
        assert list(columns).count("decree_year") == 1
