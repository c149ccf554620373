"""Open a PDF for its words and rules (pdfplumber) even when its cross-reference table is broken.

pdfminer, under pdfplumber, trusts a file's xref table: entries zeroed or shifted by a bad upload leave it with no
page (or a file it cannot open), where PDFium rebuilds the table from the objects themselves and reads every page.
Such a file is read from a copy PDFium writes with a fresh xref, so its rows are not lost; the original stays what
is hashed and rendered for OCR.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium

from extract.error_text import describe
from extract.errors import DocumentError


def open_pdf_for_words(path: Path) -> tuple[Any, str]:
    """A pdfplumber PDF of ``path`` (the caller closes it) and, when it had to be read from PDFium's rebuilt copy,
    a note saying why (else ""). Raises `DocumentError` when neither library can read the file."""
    try:
        pdf = pdfplumber.open(path)
        pages = len(pdf.pages)
    except Exception as exc:  # noqa: BLE001 - PDFium may still read it; else this is the reason given
        pdf, pages, failure = None, 0, exc
    try:
        copy, pdfium_pages = _rebuilt_by_pdfium(path, pages)
    except Exception as pdfium_exc:  # noqa: BLE001 - PDFium cannot open it either
        if pdf is not None and pages:
            return pdf, ""
        if pdf is None and describe(failure).startswith("encrypted"):  # both ask for the password: say only that
            raise DocumentError(describe(failure)) from failure
        if pdf is not None:
            pdf.close()
        pdfminer_says = "finds no page" if pdf is not None else f"cannot open it ({_plain(failure)})"
        raise DocumentError(f"broken PDF structure: pdfminer {pdfminer_says} and PDFium cannot open it "
                            f"({_plain(pdfium_exc)})") from pdfium_exc
    if copy is None:
        if pdf is None:  # PDFium opens it but finds no page either
            raise DocumentError(describe(failure)) from failure
        return pdf, ""
    if pdf is not None:
        pdf.close()
    note = (f"broken cross-reference table: read from PDFium's rebuilt copy (pdfminer found {pages} of "
            f"{pdfium_pages} pages)")
    return pdfplumber.open(copy), note


def _plain(exc: BaseException) -> str:
    """An exception's message without the library's wrapping ('Failed to load document (PDFium: Data format
    error).' -> 'Data format error')."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "(PDFium: " in text:
        text = text.split("(PDFium: ", 1)[1].rstrip(".)")
    return text.split(" - Is this really a PDF?")[0][:150]


def _rebuilt_by_pdfium(path: Path, pages_found: int) -> tuple[io.BytesIO | None, int]:
    """PDFium's copy of ``path`` with a fresh xref table when PDFium finds more pages than ``pages_found`` (else
    None), and how many PDFium finds; raises when PDFium cannot open the file."""
    document = pdfium.PdfDocument(str(path))
    try:
        pdfium_pages = len(document)
        if pdfium_pages <= pages_found:
            return None, pdfium_pages
        copy = io.BytesIO()
        document.save(copy)
    finally:
        document.close()
    copy.seek(0)
    return copy, pdfium_pages
