#!/usr/bin/env bash
# Install everything the pipeline and its tests need, on a fresh Debian machine or an existing one:
# Tesseract (Indonesian + English) and Chromium through apt-get when missing, and a .venv with the project installed.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx ind; }; then
    need_apt+=(tesseract-ocr-ind tesseract-ocr-eng)
fi
# Indonesian and English hunspell dictionaries: the spelling normalizer checks words against them
[ -f /usr/share/hunspell/id_ID.dic ] || need_apt+=(hunspell-id)
[ -f /usr/share/hunspell/en_US.dic ] || need_apt+=(hunspell-en-us)
# headless Chromium: the report test opens report.html in it
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing ${need_apt[*]} with apt-get" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# LibreOffice (Writer, headless): the layout fuzzer prints .docx decrees with it, as offices do
if ! command -v soffice >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing LibreOffice Writer (headless) with apt-get" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev]"
    rm -f .venv/.installed-*; touch "$stamp"
fi
