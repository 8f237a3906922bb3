"""Templates that would exhaust memory or never end stop in one line naming the template.

Letters and statements (ar/templating.py) and invoices and their e-mails
(ar/documents/templates.py) both render through ar/sandbox.py. Each attack here once ran
until memory or patience ran out; the process is capped at 2 GB more than it uses, so a
regression fails the test rather than the machine. ARL_FUZZ=1 adds the attacks that take
seconds to reach the real limits of work (they run with smaller limits in `make test`).
"""

from __future__ import annotations

import contextlib
import resource
from collections.abc import Iterator
from pathlib import Path

import pytest

import ar.sandbox
from tests.harden_faults import DAY, MAILED, prepared_book
from tests.harden_figures import record
from tests.harden_fuzz import FUZZ_LONG, guarded

HUGE = [
    "{{ 'a' * 10**9 }}",
    "{{ 'x' * 10**6 * 10**6 }}",
    "{{ [1] * 10**9 }}",
    "{{ '%*d' % (10**9, 1) }}",
    "{{ '%1000000000d' % 1 }}",
    "{{ '%*d'|format(10**9, 1) }}",
    "{{ '{:>1000000000}'.format(1) }}",
    "{{ '{:{}}'.format(1, 10**9) }}",
    '{{ ("{0}" * 100000).format("a" * 1000000) }}',
    "{{ 10 ** (10 ** 9) }}",
    "{% set ns = namespace(n=2) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ 'a'|center(10**9) }}",
    "{{ 'a'.ljust(10**9) }}",
    "{{ [1, 2]|map('center', 10**9)|list }}",
    "{{ [1]|batch(10**9, 0)|list }}",
    "{{ ('a' * 1000000)|indent(1000000) }}",
    "{{ ('\t' * 1000000).expandtabs(1000) }}",
    "{{ ('a' * 1000000).replace('a', 'a' * 100) }}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}",
    "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set _ = ns.l.extend(ns.l) %}"
    "{% endfor %}",
    "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
    "{% set ns.l = ns.l + [('a' * 1000000) ~ i] %}{% endfor %}",
    "{{ [('a' * 1000000)] * 1000000 }}",
    "{{ ([('a' * 1000000)] * 1000)|join }}",
    "{{ ([('a' * 1000000)] * 1000)|tojson }}",
    "{{ ([[1] * 1000000] * 1000000)|sum(start=[]) }}",
    "{% for i in range(100000) %}{{ 'a' * 1000000 }}{% endfor %}",
    "{% set x %}{% for i in range(100000) %}{{ 'a' * 1000000 }}{% endfor %}{% endset %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ lipsum(10**9) }}",
]
IN_INVOICES = [  # the same checks guard invoices: a few to prove it
    "{{ 'a' * 10**9 }}",
    "{{ [1] * 10**9 }}",
    "{{ '%*d' % (10**9, 1) }}",
    "{{ ([('a' * 1000000)] * 1000)|join }}",
    "{% for i in range(100000) %}{{ 'a' * 1000000 }}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
]
# Work without end that is not a loop: calls, includes, a search repeated; with the real
# limits each takes seconds, so `make test` runs them with smaller ones.
ENDLESS = [
    "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(60) }}",
    "{% set n = (n|default(40)) - 1 %}{% if n > 0 %}{% include 'pre_due.txt' %}"
    "{% include 'pre_due.txt' %}{% endif %}",
    "{% set big = 'a' * 1000000 %}{% for i in range(100000) %}{% if 'zz' in big %}{% endif %}"
    "{% endfor %}",
]


@pytest.fixture(autouse=True)
def memory_cap() -> Iterator[None]:
    """A defect here would take all memory: cap this process at 2 GB more than it uses."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    cap = used + (2 << 30)
    resource.setrlimit(
        resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
    )
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One book for every attack: each stops before anything is written."""
    root = prepared_book(tmp_path_factory.mktemp("templates") / "book")
    (root / "templates").mkdir()
    return root


@contextlib.contextmanager
def _template(book: Path, name: str, text: str) -> Iterator[Path]:
    """The book with its own template `name` for as long as the block runs."""
    path = book / "templates" / name
    path.write_text(text + "\n")
    try:
        yield book
    finally:
        path.unlink()
    assert not list(book.glob("outbox/*.eml"))


def _stopped_by_letter(book: Path, payload: str) -> str:
    """`remind` with the payload as the pre-due letter: the one line it ends with."""
    with _template(book, "pre_due.txt", payload):
        result = guarded("-L", book, "remind", "--as-of", DAY)
    assert result.code == 2, result.out
    last = result.err.strip().splitlines()[-1]
    assert last.startswith("arl: templates/pre_due.txt:"), last
    _stopped()
    return last


def _stopped() -> None:
    record("hostile templates", attacks=1, stopped_in_one_line=1, memory_exhausted=0, hangs=0)


@pytest.mark.parametrize("payload", HUGE)
def test_a_letter_template_cannot_exhaust_memory(book: Path, payload: str) -> None:
    last = _stopped_by_letter(book, payload)
    assert "template error:" in last


@pytest.mark.parametrize("payload", IN_INVOICES)
def test_an_invoice_template_cannot_exhaust_memory(
    book: Path, tmp_path: Path, payload: str
) -> None:
    out = tmp_path / "out.html"
    with _template(book, "invoice.html", payload):
        result = guarded("-L", book, "invoice", "render", MAILED, "-f", "html", "-o", out)
    assert result.code == 2 and not out.exists()
    assert result.err.strip().splitlines()[-1].startswith("arl: template invoice.html: ")
    _stopped()


def test_an_invoice_email_template_cannot_exhaust_memory(book: Path) -> None:
    with _template(book, "invoice-email.txt", "Subject: x\n\n{{ [1] * 10**9 }}"):
        result = guarded("-L", book, "invoice", "send", MAILED, "--as-of", DAY)
    assert result.code == 2
    assert result.err.strip().splitlines()[-1] == (
        "arl: template invoice-email.txt: a repetition over 1,000,000 characters or items"
        " (a template may not build that much)"
    )
    _stopped()


def test_an_error_in_an_invoice_template_is_one_line(book: Path) -> None:
    """A runtime error in invoice.html (1/0, a range too big) ended as an internal error."""
    for payload in ["{{ 1 / 0 }}", "{% for i in range(10**9) %}{% endfor %}"]:
        with _template(book, "invoice.html", payload):
            result = guarded("-L", book, "invoice", "render", MAILED, "-f", "html", "-o", "-")
        assert result.code == 2
        assert result.err.strip().splitlines()[-1].startswith("arl: template invoice.html: ")
        _stopped()


@pytest.mark.parametrize("payload", ENDLESS)
def test_work_without_end_stops(book: Path, payload: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not FUZZ_LONG:
        monkeypatch.setattr(ar.sandbox, "MAX_STEPS", 20_000)
        monkeypatch.setattr(ar.sandbox, "MAX_SECONDS", 0.5)
    last = _stopped_by_letter(book, payload)
    assert "loop iterations, calls and includes" in last or "seconds of work" in last
