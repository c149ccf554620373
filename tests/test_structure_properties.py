"""Property: whatever OCR makes of a page's lines (stray markers, two-letter bullets, lone symbols, labels without
values, lines out of order), parsing the decree structure never raises."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.decree_structure import parse_decree
from extract.layout import Word
from extract.page_tables import PageContent
from extract.text_lines import Line

MARKERS = ["a.", "b.", "c)", "aa.", "bb.", "Cc.", "lb.", "z.", "zz.", "a", "b", "c", "y", "z", "ab", "1.", "2)", "10.",
           "-", "–", "•", "❖", "*", "|", ":", ";", "(", ")", "%", "Σ", "&", "I", "l"]
LABELS = ["1. Jabatan :", "2. Tugas :", "3. Fungsi :", "Jabatan", "Tugas", "Fungsi", "] Jabatan", "JABATAN :",
          "INDIKATOR KINERJA INDIVIDU", "LAMPIRAN", "LAMPIRAN KEPUTUSAN CAMAT", ":"]
WORDS = ["Melaksanakan", "penyusunan", "Pengoordinasian", "kegiatan;", "desa,", "dan", "di", "yang", "Kelurahan",
         "pelaporan.", "x", "100%", "KASI", "PEMERINTAHAN", "Camat", "menyelenggarakan", "pengelolaan", "Uu", "oy",
         "tot", "—", "", " ", "S6", "Cc", "Yo"]

token = st.sampled_from(MARKERS + LABELS + WORDS)
line_text = st.lists(token, min_size=0, max_size=8).map(" ".join)
placed_line = st.tuples(line_text, st.floats(0, 600), st.floats(0, 842), st.sampled_from([1.0, 0.95, 0.6, 0.2]))
page_lines = st.lists(placed_line, min_size=0, max_size=25)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ocr_line(text: str, x: float, top: float, conf: float) -> Line:
    """One line of words as OCR may give it; the words of an empty text are one empty word (never none)."""
    words = []
    for part in text.split(" ") or [""]:
        words.append(Word(part, x, x + 5.0 * max(len(part), 1), top, top + 9.0, conf))
        x += 5.0 * max(len(part), 1) + 3.0
    return Line(tuple(words))


def content(page_no: int, lines: list[tuple[str, float, float, float]]) -> PageContent:
    items = tuple(ocr_line(*spec) for spec in lines)
    conf = min((ln.conf for ln in items), default=1.0)
    return PageContent(page_no, "ocr" if conf < 1.0 else "text", "", items, None, conf)


@PROPERTY_SETTINGS
@given(st.lists(page_lines, min_size=1, max_size=3))
def test_parse_decree_never_raises_on_ocr_garbage(pages: list[list[tuple[str, float, float, float]]]) -> None:
    body = parse_decree([content(no, lines) for no, lines in enumerate(pages, start=1)])
    assert all(len(row.cells) == 4 for pos in body.positions for row in pos.rows)


def test_two_letter_fungsi_marker_then_a_marker_without_its_dot() -> None:
    """Regression (fungsi-two-letter-marker): OCR read "c." as "Cc."; the next item's marker lost its dot. The
    structure parser raised TypeError (ord() of two letters) and the whole decree was lost."""
    lines = [("1. Jabatan : Lurah", 40, 100, 0.9), ("2. Tugas : Memimpin kelurahan", 40, 112, 0.9),
             ("3. Fungsi : a. Pelaksanaan kegiatan pemerintahan;", 40, 124, 0.9),
             ("Cc. Pemberdayaan masyarakat;", 120, 136, 0.9), ("d Pelayanan masyarakat;", 120, 148, 0.9),
             ("zz. Pembinaan lembaga;", 120, 160, 0.9), ("a Pemeliharaan ketenteraman.", 120, 172, 0.9)]
    position = parse_decree([content(1, lines)]).positions[0]
    assert position.fungsi[:3] == ["Pelaksanaan kegiatan pemerintahan;", "Pemberdayaan masyarakat;",
                                   "Pelayanan masyarakat;"]
