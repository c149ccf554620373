"""The word cache: lists parsed once are loaded from a marshal file by later processes, rebuilt when a source
file changes or the cache file is damaged, and built in memory where no cache can be written; and the process
forked from the workers' fork server (with the words preloaded) that writes the review file. Real files and
processes only."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

from batch.resilient_pool import WorkerProcessDied, call_in_worker_process
from extract.word_cache import cached_word_data
from extract.word_list import cached_hunspell_stems, read_hunspell_stems


class CountingBuild:
    """A builder that says how often it ran."""

    def __init__(self, data: object) -> None:
        self.data, self.calls = data, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.data


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IKI_CACHE_DIR", str(folder))
    return folder


def write_dictionary(folder: Path) -> Path:
    """A tiny hunspell dictionary in the id_ID layout: one stem needs an affix (flag A2), one is a word."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.aff").write_text("SET UTF-8\nFLAG long\n", encoding="utf-8")
    dic = folder / "tiny.dic"
    dic.write_text("3\nkoordinasi/A1\nlaksana/A2\nTata\n", encoding="utf-8")
    return dic


def test_built_once_then_read_from_the_cache_file(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("alpha\n", encoding="utf-8")
    build = CountingBuild(({"kata": 4.5}, {"word", "kata"}))
    assert cached_word_data("words", [source], build) == ({"kata": 4.5}, {"word", "kata"})
    assert cached_word_data("words", [source], build) == ({"kata": 4.5}, {"word", "kata"})
    assert build.calls == 1 and len(list(cache_dir.glob("words-*.marshal"))) == 1


def test_a_changed_source_builds_a_new_cache(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("alpha\n", encoding="utf-8")
    assert cached_word_data("words", [source], CountingBuild({"old"})) == {"old"}
    source.write_text("alpha\nbeta\n", encoding="utf-8")
    assert cached_word_data("words", [source], CountingBuild({"new"})) == {"new"}


def test_a_damaged_cache_file_is_rebuilt(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("alpha\n", encoding="utf-8")
    cached_word_data("words", [source], CountingBuild(["a"] * 1000))
    (cache_file,) = cache_dir.glob("words-*.marshal")
    cache_file.write_bytes(cache_file.read_bytes()[:50])
    build = CountingBuild(["b"])
    assert cached_word_data("words", [source], build) == ["b"] and build.calls == 1
    assert cached_word_data("words", [source], build) == ["b"] and build.calls == 1


def test_an_unwritable_cache_dir_still_gives_the_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("IKI_CACHE_DIR", str(blocker / "cache"))  # a folder under a file cannot be made
    build = CountingBuild({"kata"})
    assert cached_word_data("words", [], build) == {"kata"}
    assert cached_word_data("words", [], build) == {"kata"} and build.calls == 2


def test_cached_hunspell_stems_equal_the_parsed_ones(cache_dir: Path, tmp_path: Path) -> None:
    dic = write_dictionary(tmp_path / "dict")
    parsed = read_hunspell_stems(dic)
    assert parsed == ({"koordinasi", "laksana", "tata"}, {"koordinasi", "tata"})
    assert cached_hunspell_stems(dic) == parsed
    assert list(cache_dir.glob("hunspell_stems_tiny-*.marshal"))
    assert cached_hunspell_stems(dic) == parsed
    with pytest.raises(OSError):
        cached_hunspell_stems(tmp_path / "missing" / "none.dic")


def test_a_second_process_loads_the_resources_from_the_cache(cache_dir: Path) -> None:
    """The same normalizer resources in a process that built the cache and in one that read it."""
    probe = ("from normalize.spelling import default_normalizer; r = default_normalizer().resources; "
             "print(len(r.common_words), len(r.roots), len(r.dictionary_words), sum(map(len, "
             "r.vocabulary_by_length.values())), r.is_hunspell_word('pengoordinasian'))")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True,
                           cwd=PROJECT_ROOT).stdout for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].strip()
    assert list(cache_dir.glob("*.marshal"))


def test_a_worker_process_answers_raises_and_dies_as_told() -> None:
    assert call_in_worker_process(os.getpid) != os.getpid()
    # forked from the fork server after its preload: the libraries and dictionaries are there, out of the GC's way
    assert call_in_worker_process(gc.get_freeze_count) > 100_000
    with pytest.raises(ValueError):
        call_in_worker_process(int, "not a number")
    with pytest.raises(WorkerProcessDied) as died:
        call_in_worker_process(os._exit, 3)
    assert died.value.exitcode == 3
