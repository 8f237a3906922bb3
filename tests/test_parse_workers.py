"""Parsing on several cores gives what parsing in one process gives, in the same order,
even when a worker dies on the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ar.store import parse
from ar.store.scan import walk
from tests.cachebook import make


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    monkeypatch.setattr(parse, "PARALLEL_FROM", 0)  # workers for any number of files
    monkeypatch.setattr(parse, "CHUNK", 1)  # many chunks, dealt out in turn
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    root = make(tmp_path / "book")
    return root, [f.relative(name) for f in walk(root, stats=False) for name in f.files]


def test_workers_parse_as_one_process_does(files: tuple[Path, list[str]]) -> None:
    root, relpaths = files
    heard: list[tuple[int, int]] = []
    found = parse.parse_files(root, relpaths, lambda done, total: heard.append((done, total)))
    assert found == parse._parse_chunk(root, relpaths)
    assert heard == [(n, len(relpaths)) for n in range(1, len(relpaths) + 1)]


def test_a_worker_that_dies_leaves_its_files_to_the_parent(
    files: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, relpaths = files
    expected = parse._parse_chunk(root, relpaths)
    parent, real = os.getpid(), parse._parse_chunk
    doomed = relpaths[len(relpaths) // 2]

    def dies_in_a_worker(root: Path, chunk: list[str]) -> list[parse.Parsed]:
        if os.getpid() != parent and doomed in chunk:
            os._exit(9)  # as a worker killed mid-way
        return real(root, chunk)

    monkeypatch.setattr(parse, "_parse_chunk", dies_in_a_worker)
    parts: list[list[parse.Parsed]] = []
    parse.parse_files(root, relpaths, sink=parts.append)
    assert [p for part in parts for p in part] == expected
