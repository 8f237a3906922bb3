"""The fast reader of arl's own layout agrees with the full YAML reader on every file shape:
the same data, the same types (Decimal digits included) and the same lines, or it stands
aside (None) and lets the full reader read the file."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.model import Customer, Invoice
from ar.store import fastyaml
from ar.store.write import record_text
from ar.store.yamlread import read_documents
from tests.test_resettle import records


def typed(value: Any) -> Any:
    """A value with its type spelled out, so that 1.50 and 1.5, or 1 and True, differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, str(value))


def agree(text: str) -> bool:
    """True when the fast reader read `text`; fails when it read it differently."""
    fast = fastyaml.read(text)
    if fast is None:
        return False
    full, problems = read_documents(text, "file.yaml")
    assert problems == [], f"the fast reader accepted a file the full reader refuses:\n{text}"
    assert [(typed(d.data), d.line) for d in fast] == [(typed(d.data), d.line) for d in full]
    return True


tricky_text = st.text(
    st.sampled_from([*"aZ09 :#'\"-_./|>&*!%@`[]{}?,\\\n\tü€", "\u2028", "\x85", "\r"]),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(records())
def test_every_record_arl_writes_is_read_alike(chosen: dict[str, Any]) -> None:
    texts = [record_text(record) for record in chosen.values()]
    for text in texts:
        assert agree(text)
    if texts:
        assert agree("".join(f"---\n{text}" for text in texts))


@settings(max_examples=500, deadline=None)
@given(tricky_text, tricky_text, st.sampled_from(["", "# note\n", "---\n", "\n\n"]))
def test_any_text_in_any_field(name: str, notes: str, head: str) -> None:
    one_line = re.sub(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]", " ", name)  # names are one line
    customer = Customer.model_validate(
        {"id": "C1", "name": one_line or "x", "notes": notes or None, "tags": [name, notes]}
    )
    agree(head + record_text(customer, comment=notes or None))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            LINES := [
                "key: value",
                "key: 'a: b'",
                "key:",
                "  - a",
                "- b",
                "  sub: 1",
                "    deeper: 2.50",
                "key: |",
                "  text",
                "",
                "# c",
                "key: [] # x",
                "key: 0042",
                "other: -3",
                "k2: 2026-02-30",
                "  - x: 1",
                "    y: 2",
                "---",
                "k3: 'it''s'",
                "k4: a #b",
                "k5: a#b",
                "k6: ~",
                "k7: yes",
                "k8: O'Brien & Sons (UK)",
                "k9: +1",
                "k10: .5",
                "    - deep",
                "  - k: v",
                "  sub:",
            ]
        ),
        max_size=12,
    )
)
def test_random_layouts_are_read_alike_or_left_alone(lines: list[str]) -> None:
    agree("\n".join(lines) + "\n")


def test_the_usual_files_take_the_fast_road() -> None:
    invoice = Invoice.model_validate(
        {
            "number": "INV-1",
            "customer": "ACME",
            "date": dt.date(2026, 1, 10),
            "lines": [{"description": "Work: phase 1", "quantity": 3, "unit_price": "12.50"}],
            "notes": "first line\nsecond line\n",
            "events": [{"date": dt.date(2026, 2, 1), "type": "reminder", "level": 1}],
        }
    )
    assert agree(record_text(invoice, comment="written by hand"))
    assert agree(
        textwrap.dedent(
            """\
            company:
              name: Co
              address: |
                1 Street

                Town
            currency: EUR
            terms:
              2/10 net 30:
                days: 30
                discount:
                  percent: 0.02
                  days: 10
            buckets:
            - 30
            - 60
            """
        )
    )
    assert Decimal("12.50") == Decimal("12.5")  # which is why `typed` compares text


def test_what_it_leaves_to_the_full_reader() -> None:
    for text in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        'a: "double"\n',
        "a: {b: 1}\n",
        "a: b\na: c\n",
        "\tkey: 1\n",
        "key: >\n  folded\n",
        "key: 1\r\n",
        "  indented: 1\n",
        "just text\n",
        "key: 2026-02-30\n",
    ]:
        assert fastyaml.read(text) is None, text


def test_records_as_arl_writes_them_take_the_canonical_road() -> None:
    """One regular expression splits these; the general road is not needed."""
    for text in [
        "number: INV-1\ncustomer: C1\ndate: 2026-01-02\nlines:\n"
        "  - description: Consulting work\n    quantity: 2\n    unit_price: 150.00\n",
        "id: PAY-1\ncustomer: C1\ndate: 2026-01-03\namount: -300.00\nmethod: bank\n"
        "apply:\n  - invoice: INV-1\n    amount: 300.00\n",
        "id: C1\nname: Acme (UK) Ltd\nemail:\n- ap@acme.example\nnotes:\n",
    ]:
        assert fastyaml._canonical(text) is not None, text
        assert agree(text)
    for text in ["a: 'q'\n", "a: b # c\n", "a:  b\n", "a: b \n", "a: b", "- a\n", "a: [1]\n"]:
        assert fastyaml._canonical(text) is None, text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=8))
def test_the_canonical_road_reads_as_the_general_one(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    try:
        canonical = fastyaml._canonical(text)
    except (fastyaml._Unsupported, fastyaml.YamlError):
        return
    if canonical is not None:
        general = fastyaml._documents(fastyaml._Lines(text))
        assert [typed(canonical)] == [typed(d.data) for d in general]
