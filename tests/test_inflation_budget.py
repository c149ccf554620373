"""The content budget finds a decompression bomb wherever a page draws it from (its own stream, a form it draws,
Flate under an ASCII85 layer), and passes a real decree; every PDF is made at test time."""
from __future__ import annotations

import base64
from pathlib import Path

from conftest import camat_position, sukamaju_decree
from decree_pdf import render_decree
from raw_pdf import deflated_spaces, pdf_of_objects, stream_object

from batch.inflation_budget import oversized_content

MIB = 1 << 20
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents %d 0 R%s>>"


def two_page_pdf(path: Path, second_page_content: bytes, more_objects: tuple[bytes, ...] = (),
                 second_page_resources: bytes = b"") -> Path:
    """Page 1 prints one line; page 2 draws ``second_page_content`` (objects 6…: ``more_objects``)."""
    path.write_bytes(pdf_of_objects([
        b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>",
        PAGE % (5, b""), PAGE % (6, second_page_resources),
        stream_object(b"BT /F1 12 Tf 72 760 Td (KEPUTUSAN CAMAT) Tj ET"), second_page_content, *more_objects]))
    return path


def test_a_bomb_in_a_form_the_page_draws_is_found_on_its_page(tmp_path: Path) -> None:
    form = stream_object(deflated_spaces(64), b"/Type/XObject/Subtype/Form/BBox[0 0 595 842]/Filter/FlateDecode")
    pdf = two_page_pdf(tmp_path / "form-bomb.pdf", stream_object(b"/Fm0 Do"), (form,),
                       b"/Resources<</XObject<</Fm0 7 0 R>>>>")
    assert oversized_content(pdf, 16 * MIB) == ("page 2 content exceeds the memory limit: its streams inflate to "
                                                "more than 16M (a decompression bomb)")
    assert oversized_content(pdf, 128 * MIB) is None  # 64 MiB fits a larger budget


def test_a_bomb_under_an_ascii85_layer_is_found(tmp_path: Path) -> None:
    layered = base64.a85encode(deflated_spaces(64)) + b"~>"
    pdf = two_page_pdf(tmp_path / "a85-bomb.pdf", stream_object(layered, b"/Filter[/ASCII85Decode/FlateDecode]"))
    assert oversized_content(pdf, 16 * MIB) is not None


def test_a_real_decree_is_far_under_a_small_budget(tmp_path: Path) -> None:
    decree = render_decree(sukamaju_decree((camat_position(),)), tmp_path / "decree.pdf", "ruled").path
    assert oversized_content(decree, 1 * MIB) is None
