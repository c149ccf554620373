#!/usr/bin/env bash
# Install what the pipeline needs, on a fresh Debian machine or an existing one: Tesseract (Indonesian + English)
# and the hunspell dictionaries through apt-get when missing, and a .venv with the project and its runtime
# libraries (`bash scripts/bootstrap.sh`, what run-samples.sh and a Dask worker need).
# With --dev also what the tests need: Chromium and LibreOffice (Writer, Calc) through apt-get, and the dev extras
# (pytest, reportlab, mypy, DuckDB, Polars …) in the .venv (what test.sh runs).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
    "") dev=0 ;;
    --dev) dev=1 ;;
    *) echo "usage: bash scripts/bootstrap.sh [--dev]" >&2; exit 2 ;;
esac

apt_install() {  # apt_install [apt-get options] PACKAGE ...
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "installing $* with apt-get" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx ind; }; then
    need_apt+=(tesseract-ocr-ind tesseract-ocr-eng)
fi
# Indonesian and English hunspell dictionaries: the spelling normalizer checks words against them
[ -f /usr/share/hunspell/id_ID.dic ] || need_apt+=(hunspell-id)
[ -f /usr/share/hunspell/en_US.dic ] || need_apt+=(hunspell-en-us)
# headless Chromium: the report test opens report.html in it, others print decrees to PDF with it
if [ "$dev" = 1 ] && ! command -v chromium >/dev/null 2>&1; then need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then apt_install "${need_apt[@]}"; fi
# LibreOffice (Writer and Calc, headless): the layout fuzzer prints .docx decrees and .xlsx sheets with it, as
# offices do
if [ "$dev" = 1 ] && ! { command -v soffice >/dev/null 2>&1 && dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 \
        && dpkg -s libreoffice-writer-nogui >/dev/null 2>&1; }; then
    apt_install --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# one stamp per pyproject.toml and kind of install; a dev install serves a runtime one too
hash=$(sha256sum pyproject.toml | cut -c1-16)
if [ "$dev" = 1 ]; then wanted=(".venv/.installed-dev-$hash"); else wanted=(.venv/.installed-{runtime,dev}-"$hash"); fi
for stamp in "${wanted[@]}"; do [ -f "$stamp" ] && exit 0; done
.venv/bin/python -m pip install -q --upgrade pip
if [ "$dev" = 1 ]; then
    .venv/bin/python -m pip install -q -e ".[dev]"
else
    .venv/bin/python -m pip install -q -e .
fi
rm -f .venv/.installed-*
touch "${wanted[0]}"
