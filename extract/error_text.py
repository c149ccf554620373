"""Exceptions from PDF libraries -> one line a person understands (which file, which page, why)."""
from __future__ import annotations

from extract.errors import IkiError

ENCRYPTED = ("PDFPasswordIncorrect", "PDFEncryptionError", "PdfminerException: PDFPasswordIncorrect")


def describe(exc: BaseException) -> str:
    """One line: a plain reason for the well-known failures, else the exception type and message."""
    name = type(exc).__name__
    text = " ".join(str(exc).split())
    if isinstance(exc, IkiError):
        return text[:300]  # our own errors are already worded for people
    chain = f"{name}: {text} {type(exc.__cause__).__name__ if exc.__cause__ else ''}"
    if any(key in chain for key in ENCRYPTED) or "password" in chain.lower():
        return "encrypted PDF: a password is required to open it"
    if "encrypt" in chain.lower():
        return f"encrypted PDF that cannot be read ({text or name})"[:300]
    if name in ("PDFSyntaxError", "PSEOF", "PSSyntaxError") or "startxref" in text or "xref" in text.lower():
        return f"broken PDF structure ({name}: {text or 'unexpected end of file'})"[:300]
    return f"{name}: {text or name}"[:300]
