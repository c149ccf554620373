"""A page image with what extraction found on it drawn over it: words, ruling lines, each table fragment's
header band, columns and row bands (pdfplumber's ``page.to_image().debug_tablefinder()``, for this pipeline).

Pure drawing: the layout and content come from the extraction code itself (`extract.document.read_page_content`),
the image from the caller; coordinates are PDF points (origin top-left), scaled to the image.
"""
from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from extract.layout import PageLayout
from extract.page_tables import PageContent, TableFragment

RGB = tuple[int, int, int]
# one colour per kind of thing drawn, named in the legend the command prints (and used by the tests)
WORD_COLOUR: RGB = (70, 130, 255)
RULE_COLOUR: RGB = (230, 0, 0)
HEADER_COLOUR: RGB = (200, 0, 200)
ROW_COLOUR: RGB = (255, 140, 0)
COLUMN_COLOUR: RGB = (0, 170, 0)
LEGEND = (("words", WORD_COLOUR), ("ruling lines", RULE_COLOUR), ("header band", HEADER_COLOUR),
          ("row bands", ROW_COLOUR), ("columns", COLUMN_COLOUR))
HEADER_FILL_ALPHA = 40  # the header band is shaded too, lightly enough to read the text under it


@dataclass(frozen=True)
class _Scale:
    """PDF points -> image pixels."""

    x: float
    y: float

    def box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        return x0 * self.x, top * self.y, x1 * self.x, bottom * self.y


def draw_page(image: Image.Image, layout: PageLayout, content: PageContent) -> Image.Image:
    """``image`` (the page, any resolution, in the frame ``layout`` was read in) with the page's words, ruling
    lines and table fragments drawn over it, as a new RGB image."""
    canvas = image.convert("RGB")
    scale = _Scale(canvas.width / layout.width, canvas.height / layout.height)
    width = max(1, round(canvas.width / 600))  # lines stay visible on large images
    draw = ImageDraw.Draw(canvas)
    for segment in layout.segments:
        draw.rectangle(scale.box(segment.x0, segment.top, segment.x1, segment.bottom), outline=RULE_COLOUR,
                       width=width)
    for word in layout.words:
        draw.rectangle(scale.box(word.x0, word.top, word.x1, word.bottom), outline=WORD_COLOUR, width=1)
    fragments = [item for item in content.items if isinstance(item, TableFragment)]
    for fragment in fragments:
        _draw_rows(draw, fragment, scale, width)
        _draw_columns(draw, fragment, scale, width)
    shade = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    for fragment in fragments:
        if fragment.header_bottom is not None:
            band = scale.box(fragment.columns.columns[0].x0, fragment.top, fragment.columns.columns[-1].x1,
                             fragment.header_bottom)
            ImageDraw.Draw(shade).rectangle(band, fill=(*HEADER_COLOUR, HEADER_FILL_ALPHA))
    canvas = Image.alpha_composite(canvas.convert("RGBA"), shade).convert("RGB")
    draw = ImageDraw.Draw(canvas)
    for fragment in fragments:
        if fragment.header_bottom is not None:
            draw.rectangle(scale.box(fragment.columns.columns[0].x0, fragment.top, fragment.columns.columns[-1].x1,
                                     fragment.header_bottom), outline=HEADER_COLOUR, width=width)
    return canvas


def _draw_rows(draw: ImageDraw.ImageDraw, fragment: TableFragment, scale: _Scale, width: int) -> None:
    """Each row as the band it spans across the table."""
    left, right = fragment.columns.columns[0].x0, fragment.columns.columns[-1].x1
    for row in fragment.rows:
        draw.rectangle(scale.box(left, row.top, right, row.bottom), outline=ROW_COLOUR, width=width)


def _draw_columns(draw: ImageDraw.ImageDraw, fragment: TableFragment, scale: _Scale, width: int) -> None:
    """Each column's left and right edge, from the top of the table to the bottom of its body."""
    for column in fragment.columns.columns:
        for x in (column.x0, column.x1):
            x0, top, _, bottom = scale.box(x, fragment.top, x, fragment.bottom)
            draw.line((x0, top, x0, bottom), fill=COLUMN_COLOUR, width=width)
