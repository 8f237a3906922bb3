"""The parse cache is only ever a faster way to the same book: every change to the files is
seen, and a cache that cannot be trusted is rebuilt. Each test edits a ledger the way a
person or git would and checks the cached load against a fresh parse, record by record."""

from __future__ import annotations

import os
import textwrap
import time
from array import array
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ar.store import cached, cachefile, safefile, scan
from ar.store.load import load_book
from tests.cachebook import FILES, load_both, make


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mixed ledger; files count as settled as soon as a run has started after them."""
    monkeypatch.setattr(cached, "RACY_NS", 0)
    monkeypatch.delenv("ARL_NO_CACHE", raising=False)
    return make(tmp_path / "book")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each load parses (cleared by the test as it goes)."""
    seen: list[str] = []
    real = cached.parse_files

    def spy(root: Path, relpaths: list[str], progress: Any = None, sink: Any = None) -> Any:
        seen.extend(relpaths)
        return real(root, relpaths, progress, sink)

    monkeypatch.setattr(cached, "parse_files", spy)
    return seen


def settled(book: Path, parsed: list[str]) -> None:
    """Cold load, then one that parses nothing."""
    load_both(book)
    parsed.clear()
    load_both(book)
    assert parsed == []


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def test_cold_load_parses_everything_and_a_warm_one_nothing(book: Path, parsed: list[str]) -> None:
    load_both(book)
    assert len(parsed) == len(FILES) + 1
    assert (book / ".arl-cache" / "book").is_file()
    parsed.clear()
    cached_load, _ = load_both(book)
    assert parsed == []
    assert cached_load.book is not None and len(cached_load.book.invoices) == 4


def test_an_edited_file_is_parsed_again(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    path = book / "invoices/2026/INV-1.yaml"
    path.write_text(path.read_text() + "  - date: 2026-03-02\n    type: dispute\n    reason: x\n")
    loaded, _ = load_both(book)
    assert parsed == ["invoices/2026/INV-1.yaml"]
    assert loaded.book is not None and len(loaded.book.invoices["INV-1"].events) == 3


def test_a_deleted_file_drops_out(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    (book / "payments/2026/PAY-1.yaml").unlink()
    loaded, _ = load_both(book)
    assert parsed == []
    assert loaded.book is not None and "PAY-1" not in loaded.book.payments


def test_added_files_and_folders_are_found(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    write(
        book / "invoices/2027/INV-9.yaml",
        "number: INV-9\ncustomer: BETA\ndate: 2027-01-02\nlines:\n"
        "  - description: New\n    unit_price: 10.00\n",
    )
    write(
        book / "payments/2027/PAY-9.yaml",
        "id: PAY-9\ncustomer: BETA\ndate: 2027-01-03\namount: 10.00\n"
        "apply:\n  - invoice: INV-9\n    amount: 10.00\n",
    )
    load_both(book)
    assert sorted(parsed) == ["invoices/2027/INV-9.yaml", "payments/2027/PAY-9.yaml"]


NEW_INVOICE = (
    "number: {n}\ncustomer: ACME\ndate: 2026-01-20\nlines:\n"
    "  - description: x\n    unit_price: 5.00\n"
)


@pytest.mark.parametrize(
    ("name", "appended"),
    [
        ("invoices/2026/INV-9.yaml", False),  # last in the book
        ("invoices/2026/INV-25.yaml", False),  # between INV-2 and INV-3
        ("invoices/2025/INV-0.yaml", False),  # in a folder before the others
        ("invoices/2026/INV-2.yaml", True),  # a second record in a file before others
        ("invoices/2026/INV-4.yaml", True),  # a second record in the last file
    ],
)
def test_new_invoices_take_their_place_in_the_book(
    book: Path, parsed: list[str], name: str, appended: bool
) -> None:
    settled(book, parsed)
    path = book / name
    text = NEW_INVOICE.format(n="INV-NEW")
    if appended:
        text = f"---\n{path.read_text()}---\n{text}"
    write(path, text)
    loaded, fresh = load_both(book)
    assert loaded.book is not None and fresh.book is not None
    assert list(loaded.book.invoices) == list(fresh.book.invoices)


def test_a_touched_file_is_parsed_again_and_nothing_else_changes(
    book: Path, parsed: list[str]
) -> None:
    settled(book, parsed)
    os.utime(book / "customers/ACME.yaml")
    load_both(book)
    assert parsed == ["customers/ACME.yaml"]


def test_an_edit_that_keeps_size_and_mtime_is_seen(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    path = book / "payments/2026/PAY-2.yaml"
    before = path.stat()
    path.write_text(path.read_text().replace("490.00", "480.00"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    load_both(book)
    assert parsed == ["payments/2026/PAY-2.yaml"]  # the inode's change time gave it away


def test_a_racily_clean_file_is_parsed_again_next_run(
    tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a filesystem whose timestamps are coarse, an edit in the same tick as the run
    that cached the file leaves size and times alone; only the racy guard sees it."""
    frozen = time.time_ns()

    def coarse(real: os.stat_result) -> Any:
        return SimpleNamespace(
            st_mode=real.st_mode,
            st_size=real.st_size,
            st_mtime_ns=frozen,
            st_ctime_ns=frozen,
            st_ino=real.st_ino,
        )

    monkeypatch.setattr(
        scan,
        "_stat",
        lambda name, dir_fd=None, follow_symlinks=True: coarse(
            os.stat(name, dir_fd=dir_fd, follow_symlinks=follow_symlinks)
        ),
    )
    monkeypatch.setattr(safefile, "_fstat", lambda fd: coarse(os.fstat(fd)))
    root = make(tmp_path / "book")
    path = root / "payments/2026/PAY-2.yaml"
    load_both(root)
    path.write_text(path.read_text().replace("490.00", "480.00"))
    loaded, _ = load_both(root)
    assert loaded.book is not None and loaded.book.payments["PAY-2"].amount == 480
    monkeypatch.setattr(cached, "RACY_NS", 0)  # without the guard, the same edit is missed:
    load_book(root, cache=True)
    path.write_text(path.read_text().replace("480.00", "470.00"))
    stale = load_book(root, cache=True)
    assert stale.book is not None and stale.book.payments["PAY-2"].amount == 480


def test_moving_a_record_between_files_and_folders(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    (book / "invoices/2026/INV-4.yaml").rename(book / "invoices/2026/INV-4b.yaml")
    (book / "payments/2026").rename(book / "payments/2024")
    loaded, _ = load_both(book)
    assert loaded.book is not None
    assert loaded.book.payments["PAY-1"].source.file == "payments/2024/PAY-1.yaml"
    assert any("does not match the file name" in p.message for p in loaded.problems)


def test_a_changed_ledger_resettles_everything(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    ledger = book / "ledger.yaml"
    ledger.write_text(ledger.read_text().replace("days: 30\n", "days: 45\n", 1))
    load_both(book)
    assert parsed == ["ledger.yaml"]


def test_a_changed_customer_reaches_its_invoices_and_credit(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    path = book / "customers/BETA.yaml"
    path.write_text(path.read_text().replace("USD", "JPY").replace("2/10 net 30", "net30"))
    loaded, _ = load_both(book)
    assert loaded.book is not None
    assert loaded.book.currency_of(loaded.book.invoices["INV-2"]) == "JPY"


def test_duplicate_ids_come_and_go(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    copy = book / "invoices/2027/INV-1.yaml"
    write(copy, (book / "invoices/2026/INV-1.yaml").read_text())
    loaded, _ = load_both(book)
    assert [p.message for p in loaded.problems if "already defined" in p.message] == [
        "invoice 'INV-1' is already defined at invoices/2026/INV-1.yaml:2"
    ]
    (book / "invoices/2026/INV-1.yaml").unlink()
    loaded, _ = load_both(book)
    assert loaded.book is not None
    assert loaded.book.invoices["INV-1"].source.file == "invoices/2027/INV-1.yaml"


def test_problems_from_the_cache_keep_their_lines(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    loaded, fresh = load_both(book)
    assert [str(p) for p in loaded.problems] == [str(p) for p in fresh.problems]
    assert any(
        str(p).startswith("invoices/2026/BAD.yaml:4: unknown key 'colour'") for p in loaded.problems
    )


def damage(book: Path, how: Callable[[bytes], bytes]) -> None:
    path = book / ".arl-cache" / "book"
    path.write_bytes(how(path.read_bytes()))


@pytest.mark.parametrize(
    "how",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="torn by a crash"),
        pytest.param(
            lambda data: data[:-100] + bytes([data[-100] ^ 1]) + data[-99:], id="one bit flipped"
        ),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a cache at all\n" * 10, id="garbage"),
    ],
)
def test_a_damaged_cache_is_not_trusted_and_gets_rebuilt(
    book: Path, parsed: list[str], how: Callable[[bytes], bytes]
) -> None:
    """Damage found in the header makes a cold load; damage found in a folder's section
    as it is read makes that folder parsed afresh, and the next run rebuild the cache."""
    settled(book, parsed)
    damage(book, how)
    load_both(book)
    load_both(book)
    parsed.clear()
    load_both(book)
    assert parsed == []


def test_a_cache_from_other_code_is_not_used(
    book: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settled(book, parsed)
    monkeypatch.setattr(cachefile, "stamp", lambda: ("another", "version"))
    load_both(book)
    assert len(parsed) == len(FILES) + 1


def test_leftovers_of_a_crashed_write_are_ignored_then_removed(
    book: Path, parsed: list[str]
) -> None:
    settled(book, parsed)
    old = book / ".arl-cache" / ".book.crashed.tmp"
    old.write_bytes(b"half a cache")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    recent = book / ".arl-cache" / ".book.writing.tmp"
    recent.write_bytes(b"another run is writing this")
    (book / "customers/ACME.yaml").write_text("id: ACME\nname: Acme\n")
    load_both(book)
    assert not old.exists() and recent.exists()


def test_a_cache_that_lies_is_caught_by_check_without_cache(
    book: Path, parsed: list[str], arl: Callable[..., Any]
) -> None:
    settled(book, parsed)
    lie(book, "invoices/2026/INV-2.yaml", "1000.00", "1001.00")
    result = arl("-L", book, "check", "--no-cache")
    assert result.code == 1
    expected = "the parse cache disagrees with this file about 'INV-2' (invoices)"
    assert f"invoices/2026/INV-2.yaml:1: {expected}" in result.out
    assert not (book / ".arl-cache" / "book").exists()


def lie(book: Path, relpath: str, old: str, new: str) -> None:
    """Rewrite the cache so that it holds other contents for a file than the file does."""
    from ar.store.parse import parse_file
    from ar.store.snapshot import Snapshot

    cache = cachefile.open_cache(book)
    assert cache is not None
    snapshot = Snapshot.read(cache)
    path = book / relpath
    text = path.read_text()
    stat = path.stat()
    path.write_text(text.replace(old, new))
    found = parse_file(book, relpath)
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    folder = snapshot.by_path[relpath.rpartition("/")[0]]
    lying = snapshot.updated(snapshot.folders, {relpath: found}, {folder.path})
    lying.folders = [
        scan.walk(book)[0],
        *[scan.scan_folder(book, f.path) for f in lying.folders[1:]],
    ]
    cachefile.write_cache(book, lying.sections(snapshot.settled))


def test_without_cache_nothing_is_written(
    book: Path, arl: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARL_NO_CACHE", "1")
    assert arl("-L", book, "check").code == 1
    assert not (book / ".arl-cache").exists()


def test_check_output_is_the_same_cold_warm_and_without_cache(
    book: Path, arl: Callable[..., Any]
) -> None:
    cold = arl("-L", book, "check")
    warm = arl("-L", book, "check")
    fresh = arl("-L", book, "check", "--no-cache")
    assert cold.out == warm.out == fresh.out
    assert cold.code == warm.code == fresh.code == 1


def test_a_new_kind_folder_is_read_whole(book: Path, parsed: list[str]) -> None:
    settled(book, parsed)
    import shutil

    shutil.rmtree(book / "credit-notes")
    load_both(book)
    write(
        book / "credit-notes/2027/CN-9.yaml",
        "number: CN-9\ncustomer: ACME\ndate: 2027-01-01\namount: 5.00\n",
    )
    loaded, _ = load_both(book)
    assert loaded.book is not None and "CN-9" in loaded.book.credit_notes


def test_checks_after_a_change_are_those_of_the_whole_book(
    book: Path, parsed: list[str], arl: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems a change brings, and those it clears, as a full check finds them: what
    every command reads through redoes only what the change reaches, while `arl check`
    itself checks the whole book (it never takes remembered problems on trust)."""
    from ar.store import checkcache
    from ar.store.checked import load_checked

    whole: list[int] = []
    real = checkcache.check_book
    monkeypatch.setattr(checkcache, "check_book", lambda b: whole.append(1) or real(b))
    arl("-L", book, "check")
    edits = [
        ("payments/2026/PAY-2.yaml", "customer: BETA", "customer: NOBODY"),
        ("customers/BETA.yaml", "currency: USD", "currency: EUR"),
        ("invoices/2026/INV-4.yaml", "300.00", "30.00"),
        ("payments/2026/PAY-2.yaml", "customer: NOBODY", "customer: BETA"),
        ("invoices/2026/BAD.yaml", "colour: blue\n", ""),
    ]
    for relpath, old, new in edits:
        path = book / relpath
        path.write_text(path.read_text().replace(old, new))
        whole.clear()
        warm = load_checked(book, cache=True)
        assert whole == [], "checked the whole book again"
        lines = "".join(f"{p}\n" for p in sorted(warm.problems, key=lambda p: p.source))
        assert lines == arl("-L", book, "check", "--no-cache").out
        arl("-L", book, "check")
        assert whole == [1, 1], "arl check took remembered problems on trust"


STATS = st.dictionaries(
    st.sampled_from([f"F{i:02}.yaml" for i in range(40)]),
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.just(0), st.just(0)),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(STATS, STATS, st.booleans())
def test_stale_and_gone_files_of_a_rescanned_folder(
    old: dict[str, tuple[int, ...]], new: dict[str, tuple[int, ...]], same_names: bool
) -> None:
    if same_names:
        new = {name: new.get(name, stat) for name, stat in old.items()}

    def folder(stats: dict[str, tuple[int, ...]]) -> scan.Folder:
        names = sorted(stats)
        packed = array("q", [field for name in names for field in stats[name]]).tobytes()
        return scan.Folder("invoices/2026", names, [], packed)

    before, after = folder(old), folder(new)
    if same_names:
        after.files = before.files
    snapshot = SimpleNamespace(by_path={"invoices/2026": before})
    stale, gone = cached._stale_files(snapshot, [after], {"invoices/2026"})  # type: ignore[arg-type]
    assert stale == [f"invoices/2026/{n}" for n in sorted(new) if old.get(n) != new[n]]
    assert sorted(gone) == [f"invoices/2026/{n}" for n in sorted(old) if n not in new]


def test_files_stat_ed_before_the_write_lock_are_stat_ed_again_under_it(
    book: Path, parsed: list[str]
) -> None:
    """A writer starts comparing files at once, then waits for the lock while another
    writer adds a payment: under the lock it must see that payment (else it would choose
    the id the other has just taken)."""
    from ar.store import prescan
    from ar.store.write import ledger_lock

    settled(book, parsed)
    prescan.start(book)  # as a command does before it even parses its options
    prescan._started[book].pending.result()  # the comparison is done: nothing changed yet
    write(
        book / "payments/2026/PAY-8.yaml",
        "id: PAY-8\ncustomer: ACME\ndate: 2026-03-05\namount: 1.00\n",
    )
    with ledger_lock(book):
        loaded = load_book(book)
    assert parsed == ["payments/2026/PAY-8.yaml"]
    assert loaded.book is not None and "PAY-8" in loaded.book.payments
