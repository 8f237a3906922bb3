"""Reading and writing ledger files: exact values, comments kept, atomic and locked writes."""

from __future__ import annotations

import datetime as dt
import fcntl
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ar.errors import ArlError
from ar.model import Allocation, Invoice, Line, Payment
from ar.model.events import Reminder
from ar.store.layout import find_root, record_path
from ar.store.load import read_file
from ar.store.write import atomic_write, ledger_lock, record_text, rewrite
from ar.store.yamlread import read_documents
from ar.store.yamlwrite import dump_stream, load_stream


def test_reader_keeps_exact_decimals_and_refuses_yaml_11_surprises() -> None:
    docs, problems = read_documents(
        "a: 12.50\nb: no\nc: 0042\nd: 2026-01-05\ne: '7'\nf: true\ng: ~\nh: 1e3\n", "f.yaml"
    )
    assert problems == []
    assert docs[0].data == {
        "a": Decimal("12.50"),
        "b": "no",
        "c": "0042",
        "d": dt.date(2026, 1, 5),
        "e": "7",
        "f": True,
        "g": None,
        "h": "1e3",  # not a plain decimal: text, which an amount field refuses
    }
    assert str(docs[0].data["a"]) == "12.50"


def test_reader_numbers_each_document_of_a_stream() -> None:
    docs, _ = read_documents("# head\n---\nid: A\n---\n# note\nid: B\n", "f.yaml")
    assert [(d.data["id"], d.line) for d in docs] == [("A", 3), ("B", 6)]


def test_reader_refuses_huge_numbers() -> None:
    _, problems = read_documents("a: " + "9" * 40 + "\n", "f.yaml")
    assert "more than 28 digits" in problems[0].message


INVOICE = """\
# Invoice for the spring campaign; PO arrived late.
number: INV-1
customer: ACME   # billed to HQ
date: 2026-01-10

lines:
  - description: Design
    quantity: 2
    unit_price: 400.00
events:
  - date: 2026-02-20
    type: reminder
    level: 1
"""


def test_rewrite_appends_an_event_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "INV-1.yaml"
    path.write_text(INVOICE)
    event = {"date": dt.date(2026, 3, 1), "type": "reminder", "level": 2}
    rewrite(path, 2, lambda doc: doc["events"].append(event))
    assert path.read_text() == INVOICE + "  - date: 2026-03-01\n    type: reminder\n    level: 2\n"


def test_rewrite_changes_only_its_document_in_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "2026-01.yaml"
    text = "# January, compacted\n---\nid: A\namount: 1.50  # cash\n---\nid: B\namount: 2.00\n"
    path.write_text(text)
    rewrite(path, 6, lambda doc: doc.__setitem__("amount", Decimal("3.00")))
    assert path.read_text() == text.replace("2.00", "3.00")
    with pytest.raises(ArlError, match="no record starts at line 5"):
        rewrite(path, 5, lambda doc: None)


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("old\n")
    with pytest.raises(TypeError):
        atomic_write(path, None)  # type: ignore[arg-type]
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_ledger_lock_is_exclusive(tmp_path: Path) -> None:
    with (
        ledger_lock(tmp_path),
        (tmp_path / ".arl-cache" / "lock").open("a") as other,
        pytest.raises(BlockingIOError),
    ):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    with (tmp_path / ".arl-cache" / "lock").open("a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_find_root_like_git(tmp_path: Path) -> None:
    (tmp_path / "ledger.yaml").write_text("")
    deep = tmp_path / "invoices" / "2026"
    deep.mkdir(parents=True)
    assert find_root(None, None, deep) == tmp_path
    assert find_root(None, str(tmp_path), Path("/")) == tmp_path
    with pytest.raises(ArlError, match=r"no ledger\.yaml"):
        find_root(deep, None, tmp_path)
    with pytest.raises(ArlError, match=r"pass --ledger DIR"):
        find_root(None, None, Path("/"))


names = st.from_regex(r"[A-Z][A-Z0-9-]{0,8}", fullmatch=True)
money = st.integers(0, 10**9).map(lambda c: Decimal(c).scaleb(-2))
quantities = st.integers(0, 10**7).map(lambda c: Decimal(c).scaleb(-2))  # a line stays bounded
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
dates = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    date = draw(dates)
    lines = draw(
        st.lists(
            st.builds(Line, description=texts, quantity=quantities, unit_price=money),
            min_size=1,
            max_size=3,
        )
    )
    events = draw(
        st.lists(
            st.builds(
                Reminder, type=st.just("reminder"), date=st.just(date), level=st.integers(1, 4)
            ),
            max_size=2,
        )
    )
    return Invoice(
        number=draw(names),
        customer=draw(names),
        date=date,
        lines=lines,
        events=events,
        notes=draw(st.none() | texts),
    )


@settings(max_examples=120, deadline=None)
@given(invoices(), st.none() | texts.filter(lambda t: "\n" not in t and "\r" not in t))
def test_written_records_read_back_equal_and_round_trip_byte_for_byte(
    tmp_path_factory: pytest.TempPathFactory, invoice: Invoice, comment: str | None
) -> None:
    root = tmp_path_factory.mktemp("book")
    text = record_text(invoice, comment)
    path = record_path(root, invoice)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    parsed = read_file(root, path, Invoice, None)
    assert parsed.problems == []
    assert [r.model_dump() for r in parsed.records] == [invoice.model_dump()]
    header, docs = load_stream(text)
    assert dump_stream(header, docs, explicit=False) == text


def test_payment_text_is_canonical() -> None:
    payment = Payment(
        id="P-1",
        customer="ACME",
        date=dt.date(2026, 2, 1),
        amount=Decimal("100.00"),
        reference="4711",
        apply=[Allocation(invoice="INV-1", amount=Decimal("98.00"), discount=Decimal("2.00"))],
    )
    assert record_text(payment, "from the bank statement") == (
        "# from the bank statement\nid: P-1\ncustomer: ACME\ndate: 2026-02-01\namount: 100.00\n"
        "reference: '4711'\napply:\n  - invoice: INV-1\n    amount: 98.00\n    discount: 2.00\n"
    )
