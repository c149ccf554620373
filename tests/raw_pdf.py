"""PDFs written object by object, for files no authoring tool makes on purpose (decompression bombs, damaged
structure): the bytes of each object's body in, a complete PDF with a correct xref table out."""
from __future__ import annotations

import zlib
from collections.abc import Sequence


def pdf_of_objects(objects: Sequence[bytes]) -> bytes:
    """A PDF whose objects 1..n are ``objects`` (object 1 the catalog), with its xref table and trailer."""
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def deflated_spaces(inflated_mib: int, level: int = 9) -> bytes:
    """Flate data that inflates to ``inflated_mib`` MiB of spaces (level 9: about 1 KiB per MiB)."""
    deflate = zlib.compressobj(level)
    block = b" " * (1 << 20)
    return b"".join([deflate.compress(block) for _ in range(inflated_mib)] + [deflate.flush()])


def stream_object(data: bytes, dictionary: bytes = b"") -> bytes:
    """A stream object's body: ``dictionary`` entries, its length, then ``data``."""
    return b"<<%s/Length %d>>stream\n%s\nendstream" % (dictionary, len(data), data)
