"""A budget for what a page's content streams inflate to, checked before any library reads the page.

A decompression bomb (a 1 MB file whose content stream inflates to 1 GiB) is held whole by pdfminer and by PDFium,
two or three times over while they parse it. Under the worker's address-space limit pdfminer then raises
`MemoryError`, but PDFium aborts the process: the worker dies, the pool is rebuilt and the file read again alone, to
die again. Counting the inflated bytes first, a chunk at a time, costs a millisecond on a real decree and turns the
bomb into a `failed` decree with its reason, with no worker lost.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from batch.memory_limit import format_memory_size

# a page's inflated content may take this share of a worker's memory limit: the parsers hold it two or three times
# over, next to the ~1 GB a worker starts with; a real decree page's content streams inflate to well under 1 MB
CONTENT_SHARE_OF_LIMIT = 1 / 16
_CHUNK = 1 << 20


def content_budget(max_memory: int) -> int:
    """Bytes one page's content streams (its forms included) may inflate to under a ``max_memory`` limit."""
    return int(max_memory * CONTENT_SHARE_OF_LIMIT)


def oversized_content(pdf_path: Path, budget_bytes: int) -> str | None:
    """Why a page of this PDF would exceed the memory limit once its content streams are inflated (None: no page
    would). A file pdfminer cannot parse is left to the extractor, which says why."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        with pdf_path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for page_no, page in enumerate(PDFPage.create_pages(document), 1):
                inflated = 0
                for stream in _content_streams(page.contents, page.resources, set()):
                    inflated += _inflated_size(stream, budget_bytes - inflated)
                    if inflated > budget_bytes:
                        return (f"page {page_no} content exceeds the memory limit: its streams inflate to more "
                                f"than {format_memory_size(budget_bytes)} (a decompression bomb)")
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the extractor itself
        return None
    return None


def _content_streams(contents: Any, resources: Any, seen: set[int], depth: int = 0) -> Iterator[Any]:
    """The page's content streams, then those of the forms it draws (and theirs, 8 deep), each once."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    for stream in map(resolve1, contents if isinstance(contents, list) else [contents]):
        if isinstance(stream, PDFStream) and _object_key(stream) not in seen:
            seen.add(_object_key(stream))
            yield stream
    xobjects = resolve1((resolve1(resources) or {}).get("XObject")) if depth < 8 else None
    for form in map(resolve1, xobjects.values() if isinstance(xobjects, dict) else []):
        if isinstance(form, PDFStream) and _object_key(form) not in seen and form.get("Subtype") is LIT("Form"):
            yield from _content_streams(form, form.get("Resources"), seen, depth + 1)


def _object_key(stream: Any) -> int:
    return stream.objid if stream.objid is not None else id(stream)


def _inflated_size(stream: Any, limit: int) -> int:
    """How many bytes ``stream`` decodes to, counted up to just past ``limit`` (Flate inflated a chunk at a time,
    never whole); a filter other than Flate and the ASCII encodings ends the count at what it is given."""
    from pdfminer.pdftypes import (
        LITERALS_ASCII85_DECODE,
        LITERALS_ASCIIHEX_DECODE,
        LITERALS_FLATE_DECODE,
        ascii85decode,
        asciihexdecode,
    )

    data = stream.rawdata
    if data is None:  # already decoded
        return len(stream.data or b"")
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = stream.get_filters()
    for index, (name, _params) in enumerate(filters):
        if name in LITERALS_FLATE_DECODE:
            last = index == len(filters) - 1
            data, size = _inflate(data, limit, keep=not last)
            if last or size > limit:
                return size
        elif name in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif name in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        else:
            break
    return len(data)


def _inflate(data: bytes, limit: int, keep: bool) -> tuple[bytes, int]:
    """Inflate ``data`` a chunk at a time, stopping once past ``limit``: the bytes (when ``keep``) and their count.
    Damaged data counts as far as it inflates (pdfminer then reads what it can)."""
    inflater = zlib.decompressobj()
    kept: list[bytes] = []
    size = 0
    pending = data
    try:
        while pending and size <= limit:
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            size += len(chunk)
            if keep:
                kept.append(chunk)
            if not chunk and not pending:
                break
        if size <= limit and not pending:  # what zlib still holds once all input is in
            chunk = inflater.flush()
            size += len(chunk)
            kept.append(chunk if keep else b"")
    except zlib.error:
        pass
    return b"".join(kept), size
