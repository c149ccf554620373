"""A degraded copy of a corpus: every manifest file of the chosen styles re-made as a photocopy (CCITT G4) and/or a
phone photo (colour JPEG) by tests/scan_degrade.py, with a manifest and truth folder the scorer reads unchanged.

    .venv/bin/python bench/degraded_corpus.py --corpus ../shared/corpus --styles docx --kinds photocopy,phone \\
        --out /tmp/deg/in
    .venv/bin/python pipeline.py /tmp/deg/in --out /tmp/deg/out --no-report --quiet --workers 1
    .venv/bin/python ../shared/bench/score.py pipeline --truth /tmp/deg/in/truth \\
        --manifest /tmp/deg/in/manifest.json --clean /tmp/deg/out

Writes OUT/<stem>__<kind>.pdf, OUT/manifest.json (the source entries with file and style changed, truth kept)
and OUT/truth/ (the source truth files). Each file's seed is a stable hash of its name and kind, so a rerun
makes the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scan_degrade import KINDS, degrade_pdf


def stable_seed(file_name: str, kind: str) -> int:
    """A seed from the file name and kind that is the same in every process (unlike the salted ``hash()``)."""
    digest = hashlib.sha256(f"{file_name}|{kind}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def degraded_entry(source_entry: dict[str, Any], kind: str) -> dict[str, Any]:
    """The source manifest entry re-pointed at its degraded file: new file name and style, same truth."""
    stem = Path(source_entry["file"]).stem
    entry = {k: v for k, v in source_entry.items() if k not in ("bytes", "seconds")}
    entry.update(file=f"{stem}__{kind}.pdf", style=kind, source_file=source_entry["file"],
                 seed=stable_seed(source_entry["file"], kind))
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--styles", default="docx", help="comma-separated source styles from the manifest")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated: {', '.join(KINDS)}")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    styles, kinds = args.styles.split(","), args.kinds.split(",")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        parser.error(f"unknown kinds {unknown}; choose from {', '.join(KINDS)}")

    source_manifest = json.loads((args.corpus / "manifest.json").read_text())
    truth_dir = args.corpus / source_manifest.get("truth_dir", "truth")
    if not truth_dir.is_dir():
        truth_dir = args.corpus / "truth"
    (args.out / "truth").mkdir(parents=True, exist_ok=True)

    entries = []
    for source_entry in source_manifest["files"]:
        if source_entry["style"] not in styles:
            continue
        shutil.copyfile(truth_dir / source_entry["truth"], args.out / "truth" / source_entry["truth"])
        for kind in kinds:
            entry = degraded_entry(source_entry, kind)
            degrade_pdf(args.corpus / source_entry["file"], args.out / entry["file"], kind, entry["seed"])
            entry["bytes"] = (args.out / entry["file"]).stat().st_size
            entries.append(entry)
            print(f"{entry['file']}: {entry['pages']} pages, {entry['bytes'] / 1e6:.1f} MB", flush=True)

    manifest = {"generated_by": "bench/degraded_corpus.py", "source": str(args.corpus), "truth_dir": "truth",
                "styles": kinds, "files": entries}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(entries)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
