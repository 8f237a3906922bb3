"""A ledger's templates cannot reach past the ledger: no file through a link, no fetch, no
work without end. Each reproducer once printed, embedded or requested something outside,
or ran for minutes; each now ends in one line naming the template."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import random
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import ar.sandbox
from tests.harden_faults import DAY, MAILED, prepared_book
from tests.harden_figures import record
from tests.harden_fuzz import FUZZ_LONG, guarded

SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUt"
_TEMPLATES_AND_CACHE = shutil.ignore_patterns("templates", ".arl-cache")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = prepared_book(tmp_path_factory.mktemp("reach") / "book")
    (root / "templates").mkdir()
    return root


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the ledger holding a secret."""
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "secret.txt").write_text(SECRET + "\n")
    return folder


@pytest.fixture
def web_server() -> Iterator[tuple[int, list[str]]]:
    """A loopback HTTP server and the paths it was asked for."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _placed(book: Path, files: dict[str, str], links: dict[str, Path]) -> Iterator[Path]:
    """The book's templates folder holding these files and links while the block runs."""
    made = []
    for name, text in files.items():
        (book / "templates" / name).write_text(text)
        made.append(book / "templates" / name)
    for name, target in links.items():
        (book / "templates" / name).symlink_to(target)
        made.append(book / "templates" / name)
    try:
        yield book
    finally:
        for path in made:
            path.unlink()
    assert not list(book.glob("outbox/*.eml"))


def _last_line(result_err: str) -> str:
    return result_err.strip().splitlines()[-1]


def _letter(book: Path) -> tuple[int, str, str]:
    result = guarded("-L", book, "remind", "--as-of", DAY)
    return result.code, result.out + result.err, _last_line(result.err)


def test_an_include_through_a_link_out_of_the_ledger_is_refused_at_its_line(
    book: Path, elsewhere: Path
) -> None:
    files = {"pre_due.txt": "Dear customer,\n{% include 'sub/secret.txt' %}\n"}
    with _placed(book, files, {"sub": elsewhere}):
        code, shown, last = _letter(book)
    assert code == 2 and SECRET not in shown
    assert last.startswith("arl: templates/pre_due.txt:2: template error: ")
    assert "template 'sub/secret.txt' leads out of its templates folder" in last
    record("template files", inputs=1, read_outside=0, printed=0)


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_template_that_is_a_link_out_is_refused(
    book: Path, elsewhere: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "file":
        with _placed(book, {}, {"pre_due.txt": elsewhere / "secret.txt"}):
            code, shown, last = _letter(book)
    else:  # the whole templates folder is a link
        (elsewhere / "pre_due.txt").write_text("{% include 'secret.txt' %}\n")
        linked = Path(shutil.copytree(book, tmp_path / "book", ignore=_TEMPLATES_AND_CACHE))
        (linked / "templates").symlink_to(elsewhere)
        try:
            code, shown, last = _letter(linked)
        finally:
            (elsewhere / "pre_due.txt").unlink()
    assert code == 2 and SECRET not in shown
    assert "leads out of its templates folder" in last and last.startswith("arl: ")
    record("template files", inputs=1, read_outside=0, printed=0)


def test_a_template_that_is_a_fifo_is_refused_without_waiting(book: Path) -> None:
    os.mkfifo(book / "templates" / "pre_due.txt")
    try:
        code, _, last = _letter(book)
    finally:
        (book / "templates" / "pre_due.txt").unlink()
    assert code == 2 and "template 'pre_due.txt' is not a regular file" in last
    record("template files", inputs=1, read_outside=0, printed=0)


def test_an_include_through_a_link_inside_the_templates_folder_still_works(book: Path) -> None:
    (book / "templates/parts").mkdir()
    (book / "templates/parts/greeting.txt").write_text("Hello from inside\n")
    try:
        files = {"pre_due.txt": "{% include 'alias/greeting.txt' %}"}
        with _placed(book, files, {"alias": book / "templates/parts"}):
            result = guarded("-L", book, "remind", "--dry-run", "--as-of", DAY)
        assert result.code == 0
    finally:
        (book / "templates/parts/greeting.txt").unlink()
        (book / "templates/parts").rmdir()


def test_an_invoice_template_include_through_a_link_is_refused(
    book: Path, elsewhere: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.html"
    files = {"invoice.html": "<p>\n{% include 'sub/secret.txt' %}</p>\n"}
    with _placed(book, files, {"sub": elsewhere}):
        result = guarded("-L", book, "invoice", "render", MAILED, "-f", "html", "-o", out)
    assert result.code == 2 and not out.exists() and SECRET not in result.out + result.err
    assert _last_line(result.err).startswith(
        "arl: template invoice.html: templates/invoice.html:2: template 'sub/secret.txt' leads"
    )
    record("template files", inputs=1, read_outside=0, printed=0)


def _invoice_html(head: str) -> str:
    return f"<html><head>{head}</head><body><p>{{{{ doc.number }}}}</p></body></html>\n"


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="attachment" href="file://{secret}">',
        '<link rel="stylesheet" href="file://{secret}">',
        '<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">',
        '<style>@import url("http://127.0.0.1:{port}/import.css");</style>',
        '<img src="http://127.0.0.1:{port}/logo.png">',
        '<link rel="attachment" href="ftp://127.0.0.1:{port}/x">',
    ],
)
def test_an_invoice_document_fetches_nothing_from_outside(
    book: Path,
    elsewhere: Path,
    tmp_path: Path,
    web_server: tuple[int, list[str]],
    head: str,
) -> None:
    """The PDF renderer read `file:` URLs into the PDF (which `invoice send` mails) and
    requested `http:` ones; now the document is refused in one line and nothing is asked."""
    port, hits = web_server
    html = _invoice_html(head.format(secret=elsewhere / "secret.txt", port=port))
    out = tmp_path / "out.pdf"
    with _placed(book, {"invoice.html": html}, {}):
        result = guarded("-L", book, "invoice", "render", MAILED, "-f", "pdf", "-o", out)
        sent = guarded("-L", book, "invoice", "send", MAILED, "--as-of", DAY)
    assert hits == []
    assert result.code == 2 and not out.exists()
    assert _last_line(result.err).startswith("arl: the document asks for ")
    assert "may only use data: URLs" in _last_line(result.err)
    assert sent.code == 2 and "may only use data: URLs" in sent.err
    record("document fetches", inputs=1, fetched=0, embedded=0)


def test_only_inline_attachments_reach_the_pdf(book: Path, tmp_path: Path) -> None:
    """What the PDF carries, read back: the data: attachment, nothing else."""
    from pypdf import PdfReader

    html = _invoice_html('<link rel="attachment" title="terms.txt" href="data:,Net%2030">')
    out = tmp_path / "out.pdf"
    with _placed(book, {"invoice.html": html}, {}):
        result = guarded("-L", book, "invoice", "render", MAILED, "-f", "pdf", "-o", out)
    assert result.code == 0, result.err
    attachments = PdfReader(io.BytesIO(out.read_bytes())).attachments
    assert [content for contents in attachments.values() for content in contents] == [b"Net 30"]
    assert SECRET.encode() not in out.read_bytes()


WRAPS = "{% for i in range(40) %}{{ (('a' * 300000)|wordwrap(1))|length }}{% endfor %}"
SLOW_CALL = "{{ (('a' * 100000)|wordwrap(1))|length }}"
SLOW_CALLS = "{% for i in range(40) %}{{ (('a' * 100000)|wordwrap(1))|length }}{% endfor %}"


def test_the_wordwrap_reproducer_ends_in_one_line(book: Path) -> None:
    """40 wraps of a 300,000-letter word ran 92 s: the clock was read every 1,024 steps."""
    with _placed(book, {"pre_due.txt": WRAPS}, {}):
        code, _, last = _letter(book)
    assert code == 2
    assert last == (
        "arl: templates/pre_due.txt:1: template error: a text for |wordwrap over 100,000"
        " characters or items (fix the template or the variable it names)"
    )
    record("template work", inputs=1, stopped_in_one_line=1, over_time=0)


def test_one_slow_call_is_stopped_while_it_runs(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A single filter call longer than the whole limit: only the processor-time signal can
    stop it (the clock read before the call says there is time left)."""
    monkeypatch.setattr(ar.sandbox, "MAX_SECONDS", 0.05)
    with _placed(book, {"pre_due.txt": SLOW_CALL}, {}):
        code, _, last = _letter(book)
    assert code == 2
    assert last.startswith("arl: templates/pre_due.txt") and "more than 0.05 seconds" in last
    record("template work", inputs=1, stopped_in_one_line=1, over_time=0)


def test_many_slow_calls_stop_at_the_limit(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not FUZZ_LONG:  # the real limit (5 s of processor time) in `make fuzz`
        monkeypatch.setattr(ar.sandbox, "MAX_SECONDS", 0.5)
    with _placed(book, {"pre_due.txt": SLOW_CALLS}, {}):
        code, _, last = _letter(book)
    assert code == 2
    assert last.startswith("arl: templates/pre_due.txt") and "seconds of work" in last
    record("template work", inputs=1, stopped_in_one_line=1, over_time=0)


WORK = [  # calls whose cost grows faster than their size: each passes the size limits
    "('a' * 100000)|wordwrap(1)",
    "('a b ' * 25000)|wordwrap(2)",
    "('a' * 100000)|center(999999)",
    "('ab' * 50000)|replace('a', 'aaaaaaaaaa')",
    "('a ' * 100000)|title",
    "(('a ' * 100000)|wordcount)|string",
    "('a\n' * 100000)|indent(9)",
    "(range(100000)|list|sum)|string",
    "('%s' * 1000)|format(*range(1000))",
    "('a' * 100000)|urlize",
    "('<b>' * 100000)|striptags",
    "(('a' * 100000).split('a'))|join('-')",
]


def test_random_template_work_stops_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The template-work family of the hostile-input generator: loops over calls that are
    each slow but within the size limits end, or stop with TemplateLimit, never run on."""
    import jinja2

    from ar.sandbox import BoundedSandbox, render_within_limits
    from ar.template_limits import TemplateLimit

    if not FUZZ_LONG:
        monkeypatch.setattr(ar.sandbox, "MAX_SECONDS", 0.2)
    rng = random.Random(15)
    tries = 40 if FUZZ_LONG else 20
    stopped = 0
    for _ in range(tries):
        work = rng.choice(WORK)
        text = f"{{% for i in range({rng.randrange(1, 300)}) %}}{{{{ ({work})|length }}}}"
        template = BoundedSandbox(undefined=jinja2.StrictUndefined).from_string(
            text + "{% endfor %}"
        )
        try:
            render_within_limits(template, {})
        except TemplateLimit:
            stopped += 1
    record("template work", inputs=tries, stopped_in_one_line=stopped, over_time=0)
