"""The one thin wrapper around the Tesseract program: a start-of-run check and word boxes from one image."""
from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypedDict

import numpy as np
import pytesseract
from PIL import Image

from extract.errors import MissingDependencyError, PageError

# Page segmentation mode, measured on 6 ruled table pages of the corpus scans (mean word recall, lines masked):
# psm 11 "sparse text" 0.969, psm 3 0.968, psm 4 0.960, psm 6 0.960 (psm 6 on the raw scan: 0.927); 11 was also
# the fastest. Modes 3/4/6 look for columns and paragraphs, which cell borders and merged cells mislead; the
# table stages only need word boxes, not Tesseract's reading order.
DEFAULT_PSM = 11
MIN_MAJOR_VERSION = 4
INSTALL_TESSERACT = "apt-get install tesseract-ocr tesseract-ocr-ind"


class OcrWord(TypedDict):
    """One word as Tesseract read it: pixel box (origin top-left), confidence 0-1, Tesseract's line ids."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    block_num: int
    par_num: int
    line_num: int
    word_num: int


def check_tesseract(binary: str = "tesseract", langs: Sequence[str] = ("ind", "eng")) -> str:
    """Return the Tesseract version at ``binary``; raise `MissingDependencyError` (one line) if unusable."""
    version_text = _run_for_output([binary, "--version"], binary)
    match = re.search(r"tesseract\s+v?(\d+)\.(\d+)(?:\.(\d+))?", version_text, re.IGNORECASE)
    if match is None:
        raise MissingDependencyError(
            f"{binary!r} did not report a Tesseract version: install it with `{INSTALL_TESSERACT}`"
        )
    version = ".".join(part for part in match.groups() if part is not None)
    if int(match.group(1)) < MIN_MAJOR_VERSION:
        raise MissingDependencyError(
            f"Tesseract {version} at {binary!r} is too old (need {MIN_MAJOR_VERSION} or newer): "
            f"install it with `{INSTALL_TESSERACT}`"
        )
    listing = _run_for_output([binary, "--list-langs"], binary).splitlines()
    available = {line.strip() for line in listing[1:]}  # first line: 'List of available languages in "…"'
    missing = [lang for lang in langs if lang not in available]
    if missing:
        names = ", ".join(repr(lang) for lang in missing)
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise MissingDependencyError(
            f"Tesseract language pack {names} missing: install it with `apt-get install {packages}`"
        )
    return version


def ocr_words(
    image: np.ndarray | Image.Image,
    binary: str = "tesseract",
    lang: str = "ind+eng",
    psm: int = DEFAULT_PSM,
    dpi: int | None = None,
    timeout_s: float = 300.0,
) -> list[OcrWord]:
    """Read one image with Tesseract (``image_to_data``): the non-empty words, pixel boxes, conf 0-1."""
    config = f"--psm {psm}" + (f" --dpi {dpi}" if dpi else "")
    with _tesseract_process(binary):
        try:
            data = pytesseract.image_to_data(
                image, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout_s
            )
        except pytesseract.TesseractNotFoundError:
            raise MissingDependencyError(
                f"Tesseract not found at {binary!r}: install it with `{INSTALL_TESSERACT}`"
            ) from None
        except SystemExit as error:  # pytesseract exits when the program's --version output is not a version
            raise MissingDependencyError(
                f"{binary!r} is not a usable Tesseract ({error}): install it with `{INSTALL_TESSERACT}`"
            ) from None
        except pytesseract.TesseractError as error:
            raise PageError(f"Tesseract failed (exit {error.status}): {error.message}") from error
        except RuntimeError as error:  # pytesseract signals its timeout as a bare RuntimeError
            raise PageError(f"Tesseract: {error} after {timeout_s:g} s") from error
    return data_to_words(data)


def page_rotation(image: np.ndarray | Image.Image, binary: str = "tesseract", dpi: int | None = None,
                  timeout_s: float = 60.0, min_confidence: float = 2.0) -> int:
    """Degrees to turn ``image`` clockwise so its text stands upright (0, 90, 180, 270), from Tesseract's
    orientation detection (``--psm 0``, the osd data Debian's tesseract-ocr installs); 0 when it is unsure or
    finds too little text to tell."""
    config = "--psm 0" + (f" --dpi {dpi}" if dpi else "")
    with _tesseract_process(binary):
        try:
            osd = pytesseract.image_to_osd(image, config=config, output_type=pytesseract.Output.DICT,
                                           timeout=timeout_s)
        except (pytesseract.TesseractError, RuntimeError):
            return 0
    if float(osd.get("orientation_conf", 0.0)) < min_confidence:
        return 0
    return int(osd.get("rotate", 0)) % 360


def data_to_words(data: dict[str, list[Any]]) -> list[OcrWord]:
    """Turn ``image_to_data`` columns into word rows, dropping layout rows, empty text and conf < 0."""
    page_words: list[OcrWord] = []
    for i, text in enumerate(data.get("text", [])):
        word_text = str(text).strip()
        conf = float(data["conf"][i])
        if int(data["level"][i]) != 5 or not word_text or conf < 0:
            continue
        page_words.append(
            OcrWord(
                text=word_text,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                conf=min(conf / 100.0, 1.0),
                block_num=int(data["block_num"][i]),
                par_num=int(data["par_num"][i]),
                line_num=int(data["line_num"][i]),
                word_num=int(data["word_num"][i]),
            )
        )
    return page_words


@contextmanager
def _tesseract_process(binary: str) -> Iterator[None]:
    """Point pytesseract at ``binary`` and run it single-threaded, restoring both afterwards.

    pytesseract only takes the program path and the environment from process globals. One OpenMP thread
    per Tesseract process: several threads each under a pool of page workers is much slower (DOMAIN.md).
    Not thread-safe; the unit of parallel work is a process.
    """
    previous_cmd = pytesseract.pytesseract.tesseract_cmd
    previous_limit = os.environ.get("OMP_THREAD_LIMIT")
    pytesseract.pytesseract.tesseract_cmd = binary
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        pytesseract.pytesseract.tesseract_cmd = previous_cmd
        if previous_limit is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = previous_limit


def _run_for_output(command: list[str], binary: str) -> str:
    """Run a quick Tesseract query command and return stdout+stderr, or raise `MissingDependencyError`."""
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=60, check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except OSError:
        raise MissingDependencyError(
            f"Tesseract not found at {binary!r}: install it with `{INSTALL_TESSERACT}`"
        ) from None
    except subprocess.TimeoutExpired:
        raise MissingDependencyError(
            f"Tesseract at {binary!r} did not answer `{' '.join(command[1:])}` within 60 s: reinstall it with "
            f"`{INSTALL_TESSERACT}`"
        ) from None
    if completed.returncode != 0:
        raise MissingDependencyError(
            f"Tesseract at {binary!r} failed on `{' '.join(command[1:])}` (exit {completed.returncode}): "
            f"reinstall it with `{INSTALL_TESSERACT}`"
        )
    return completed.stdout + completed.stderr
