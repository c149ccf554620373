"""Small charts as inline SVG strings (no plotting library, no network): horizontal bars and a histogram.

Hand-made SVG keeps the report one light, self-contained file that renders instantly in any browser, and
stays sharp when zoomed; every bar carries a ``<title>`` tooltip with its exact numbers.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "font-family:system-ui,sans-serif;font-size:11px"
AXIS = "#888"


@dataclass(frozen=True)
class Segment:
    """One coloured piece of a bar."""

    value: float
    color: str
    name: str


@dataclass(frozen=True)
class Bar:
    """One labelled bar made of stacked segments."""

    label: str
    segments: tuple[Segment, ...]


def _text_width(text: str, char_px: float = 6.2) -> float:
    return len(text) * char_px


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> str:
    parts = []
    for name, color in items:
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{x + 14:.1f}" y="{y:.1f}">{escape(name)}</text>')
        x += 24 + _text_width(name)
    return "".join(parts)


def bar_chart_svg(bars: Sequence[Bar], chart_id: str, title: str, width: int = 560, bar_height: int = 16,
                  label_chars: int = 34) -> str:
    """Horizontal stacked bars, one per label, with a legend of the segment names and totals at the bar ends."""
    labels = [b.label if len(b.label) <= label_chars else b.label[:label_chars - 1] + "…" for b in bars]
    label_px = max([_text_width(label) for label in labels] + [40.0]) + 8
    plot_x, plot_w = label_px, max(80.0, width - label_px - 44)
    top = 36
    height = top + max(1, len(bars)) * (bar_height + 4) + 8
    biggest = max([sum(s.value for s in b.segments) for b in bars] + [1e-9])
    legend_items: dict[str, str] = {}
    body = []
    for index, (bar, label) in enumerate(zip(bars, labels)):
        y = top + index * (bar_height + 4)
        body.append(f'<text x="{plot_x - 6:.1f}" y="{y + bar_height - 4}" text-anchor="end">{escape(label)}'
                    f'<title>{escape(bar.label)}</title></text>')
        x = plot_x
        for segment in bar.segments:
            legend_items.setdefault(segment.name, segment.color)
            w = plot_w * segment.value / biggest
            if w <= 0:
                continue
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{segment.color}">'
                        f'<title>{escape(bar.label)}: {segment.value:g} {escape(segment.name)}</title></rect>')
            x += w
        total = sum(s.value for s in bar.segments)
        body.append(f'<text x="{x + 4:.1f}" y="{y + bar_height - 4}" fill="#333">{total:g}</text>')
    if not bars:
        body.append(f'<text x="{width / 2:.0f}" y="{top + 12}" text-anchor="middle" fill="#666">nothing to show'
                    '</text>')
    legend = _legend(list(legend_items.items()), plot_x, 28) if len(legend_items) > 1 else ""
    return (f'<svg class="chart" id="{chart_id}" role="img" aria-label="{escape(title)}" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" style="{FONT}">'
            f'<text x="0" y="14" font-weight="600" font-size="13">{escape(title)}</text>{legend}'
            f'<line x1="{plot_x:.1f}" y1="{top - 2}" x2="{plot_x:.1f}" y2="{height - 6}" stroke="{AXIS}"/>'
            f'{"".join(body)}</svg>')


def histogram_svg(values: Sequence[float], chart_id: str, title: str, bins: int = 20, low: float = 0.0,
                  high: float = 1.0, marker: float | None = None, marker_label: str = "", width: int = 560,
                  height: int = 220, empty_note: str = "no values") -> str:
    """Counts of ``values`` in ``bins`` equal bins over [low, high], with an optional vertical marker line."""
    counts = [0] * bins
    for value in values:
        index = min(bins - 1, max(0, int((value - low) / (high - low) * bins)))
        counts[index] += 1
    plot_x, plot_y, plot_w, plot_h = 36.0, 30.0, width - 50.0, height - 64.0
    biggest = max(counts + [1])
    step = plot_w / bins
    body = []
    for index, count in enumerate(counts):
        h = plot_h * count / biggest
        lo = low + (high - low) * index / bins
        body.append(f'<rect x="{plot_x + index * step + 1:.1f}" y="{plot_y + plot_h - h:.1f}" width="{step - 2:.1f}" '
                    f'height="{h:.1f}" fill="#4c78a8"><title>{lo:.2f}–{lo + (high - low) / bins:.2f}: {count} '
                    f'row(s)</title></rect>')
    for tick in range(0, 11, 2):
        value = low + (high - low) * tick / 10
        x = plot_x + plot_w * tick / 10
        body.append(f'<text x="{x:.1f}" y="{plot_y + plot_h + 14:.1f}" text-anchor="middle">{value:g}</text>')
    body.append(f'<text x="{plot_x - 4:.1f}" y="{plot_y + 8:.1f}" text-anchor="end">{biggest}</text>'
                f'<text x="{plot_x - 4:.1f}" y="{plot_y + plot_h:.1f}" text-anchor="end">0</text>')
    if marker is not None:
        x = plot_x + plot_w * (marker - low) / (high - low)
        body.append(f'<line x1="{x:.1f}" y1="{plot_y - 4:.1f}" x2="{x:.1f}" y2="{plot_y + plot_h:.1f}" '
                    f'stroke="#d62728" stroke-dasharray="4 3"/><text x="{x + 4:.1f}" y="{plot_y + 6:.1f}" '
                    f'fill="#d62728">{escape(marker_label)}</text>')
    if not values:
        body.append(f'<text x="{plot_x + plot_w / 2:.1f}" y="{plot_y + plot_h / 2:.1f}" text-anchor="middle" '
                    f'fill="#666">{escape(empty_note)}</text>')
    return (f'<svg class="chart" id="{chart_id}" role="img" aria-label="{escape(title)}" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" style="{FONT}">'
            f'<text x="0" y="14" font-weight="600" font-size="13">{escape(title)}</text>'
            f'<line x1="{plot_x}" y1="{plot_y + plot_h:.1f}" x2="{plot_x + plot_w:.1f}" y2="{plot_y + plot_h:.1f}" '
            f'stroke="{AXIS}"/>{"".join(body)}'
            f'<text x="{plot_x + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" fill="#555">'
            f'{len(values)} value(s)</text></svg>')
