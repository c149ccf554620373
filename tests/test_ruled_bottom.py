"""Where a ruled table's grid ends: where most of its column rules stop, not where one of them does (a
photocopy's toner dropout eats a rule's last stretch), and not below a row most rules leave out (a spreadsheet's
label or signature cell merged across the columns)."""
from __future__ import annotations

from extract.layout import Segment
from extract.page_tables import _ruled_bottom
from extract.table_columns import Column, ColumnLayout

LAYOUT = ColumnLayout((Column("sasaran", 50, 150), Column("indikator", 150, 250), Column("formulasi", 250, 350),
                       Column("sumber_data", 350, 450)), True, ())


def _rules(bottoms: tuple[float, float, float]) -> list[Segment]:
    return [Segment(x, x, 100, bottom) for x, bottom in zip((150, 250, 350), bottoms)]


def test_one_rule_a_dropout_cut_short_does_not_end_the_grid():
    assert _ruled_bottom(LAYOUT, _rules((400, 320, 400)), 110) == 400


def test_a_row_most_rules_leave_out_ends_the_grid():
    assert _ruled_bottom(LAYOUT, _rules((320, 320, 400)), 110) == 320
