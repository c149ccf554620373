"""A memory bound per worker process: an address-space limit (RLIMIT_AS) and a pixel budget for page images.

The limit is what keeps one decompression bomb or giant page from taking the machine (and every other worker)
down: an allocation past it raises `MemoryError` in that worker only. Page images are checked before they are
made, because PDFium allocates a bitmap outside Python and an 80,000-pixel-wide render is better refused than
attempted.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

GIB = 1 << 30
# below this a worker cannot OCR a page: a forked worker starts with the parent's libraries and dictionaries
# mapped, and a 300 dpi OCR of an A4 scan failed at 1G and passed at 1.25G of address space
MIN_MAX_MEMORY = 3 * GIB // 2
# a default never below this: the usual worker peaks near 1 GB of address space on a digital decree
DEFAULT_FLOOR = 2 * GIB
# bytes a page image costs per pixel while it is OCRed: the render, the deskewed and binarized copies
PAGE_IMAGE_BYTES_PER_PIXEL = 8
_SIZE = re.compile(r"\s*(?P<number>[0-9]+(?:\.[0-9]*)?)\s*(?P<unit>[KMGT]?)i?B?\s*", re.IGNORECASE)
_UNIT = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_memory_size(text: str) -> int:
    """'2.5G', '800M', '1.5GiB', '4096' (bytes) -> bytes; units are binary (1G = 2**30 bytes)."""
    match = _SIZE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a memory size such as 2.5G or 800M")
    return int(float(match["number"]) * _UNIT[match["unit"].upper()])


def format_memory_size(size: int) -> str:
    """Bytes as a person reads them: 2.5G, 800M."""
    for unit in ("T", "G", "M", "K"):
        if size >= _UNIT[unit]:
            return f"{size / _UNIT[unit]:.3g}{unit}"
    return f"{size}B"


def machine_memory() -> int | None:
    """Bytes of RAM this process may use: the machine's, or its container's (cgroup) limit when lower."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return total


def default_max_memory(workers: int) -> int | None:
    """Each of ``workers`` processes gets an equal share of the machine's RAM (never less than 2 GiB)."""
    total = machine_memory()
    if total is None:
        return None
    return max(DEFAULT_FLOOR, total // max(workers, 1))


def inherited_address_space() -> int | None:
    """The address-space limit this process already runs under (`ulimit -v`); None when unlimited."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else int(soft)


def worker_max_memory(requested: int | None, workers: int) -> int | None:
    """The memory limit of each of ``workers`` processes: ``requested`` (--max-memory; None: the default share, 0:
    none), never more than the run itself may use: under `ulimit -v` the kernel enforces that limit anyway, and
    the budgets checked before a page is read must be computed from it, not from one it would not grant."""
    chosen = default_max_memory(workers) if requested is None else requested
    inherited = inherited_address_space()
    if inherited is None:
        return chosen or None
    return min(chosen, inherited) if chosen else inherited


def limit_address_space(max_memory: int | None) -> None:
    """Cap this process's address space (Linux and macOS; elsewhere nothing happens)."""
    if not max_memory:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def page_pixel_budget(max_memory: int) -> int:
    """Pixels one page image may have: half the memory limit, at PAGE_IMAGE_BYTES_PER_PIXEL."""
    return max_memory // 2 // PAGE_IMAGE_BYTES_PER_PIXEL


def oversized_page_image(pdf_path: Path, dpi: float, budget_px: int) -> str | None:
    """Why a page image of this PDF would exceed the memory limit (None: none would): a page without a text
    layer rendered at ``dpi`` for OCR, or a scan embedded at more pixels than the budget. Pages that print
    text are read from it, not rendered, so their size does not count."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the extractor itself
        return None
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width_pt, height_pt = page.get_size()
                render_px = width_pt * height_pt * (dpi / 72.0) ** 2
                scan_px = max((w * h for w, h in _image_sizes(page)), default=0)
                if max(render_px, scan_px) <= budget_px or _prints_text(page):
                    continue
                if scan_px > budget_px:
                    what = f"its embedded image ({scan_px / 1e6:,.0f} Mpx)"
                else:
                    what = f"{width_pt:.0f}x{height_pt:.0f} pt at {dpi:g} dpi ({render_px / 1e6:,.0f} Mpx)"
                return (f"page {index + 1} image would exceed the memory limit: {what}, budget "
                        f"{budget_px / 1e6:,.0f} Mpx")
            finally:
                page.close()
    finally:
        pdf.close()
    return None


def _image_sizes(page: object) -> list[tuple[int, int]]:
    """Pixel sizes of the page's top-level images."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    sizes = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=1):  # type: ignore[attr-defined]
        if isinstance(obj, pdfium.PdfImage):
            width, height = obj.get_px_size()
            sizes.append((int(width), int(height)))
    return sizes


def _prints_text(page: object) -> bool:
    """The page has a text layer (characters PDFium can extract)."""
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        return int(textpage.count_chars()) > 0
    finally:
        textpage.close()
