"""Attacks through the ledger's own inputs: templates, customer fields, ids, spreadsheets,
XML statements and secrets. Each one is refused in one line or made harmless."""

from __future__ import annotations

import csv
import email
import http.server
import io
import shutil
import threading
from collections.abc import Iterator
from email.policy import default
from pathlib import Path

import pytest

from tests.harden_faults import DAY, prepared_book
from tests.harden_figures import record
from tests.harden_fuzz import guarded
from tests.harden_smtp import DroppingServer, dropping_smtp

__all__ = ["dropping_smtp"]

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ customer.__class__ }}",
    "{{ range(10**9)|list|length }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../../../etc/passwd' %}",
]
TRAVERSALS = [
    ["customer", "add", "../../evil", "--name", "x"],
    ["customer", "add", "/tmp/evil", "--name", "x"],
    ["customer", "add", "a/b", "--name", "x"],
    ["customer", "add", ".hidden", "--name", "x"],
    ["invoice", "new", "GRUENWALD", "--number", "../../../evil", "--line", "a;1;1"],
    ["credit-note", "GRUENWALD", "1", "--number", "../x"],
    ["pay", "GRUENWALD", "1", "--id", "../../x"],
    ["customer", "edit", "../ledger", "--notes", "x"],
    ["invoice", "render", "../../x"],
]
FORMULA = '=HYPERLINK("http://evil.example","x")'
TABLES = [
    ["aging", "-f", "csv", "--as-of", DAY],
    ["worklist", "-f", "csv", "--as-of", DAY],
    ["customer", "list", "-f", "csv"],
    ["invoice", "list", "-f", "csv", "--as-of", DAY],
    ["remind", "--dry-run", "-f", "csv", "--as-of", DAY],
    *(
        ["export", "csv", "--kind", kind, "--as-of", DAY]
        for kind in ("customers", "invoices", "lines", "payments", "events")
    ),
]
SECRET = "hunter2-Very-Secret"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepared_book(tmp_path_factory.mktemp("security") / "prepared")


def _copy(prepared: Path, target: Path) -> Path:
    return Path(shutil.copytree(prepared, target, ignore=shutil.ignore_patterns(".arl-cache")))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.mark.parametrize("payload", ESCAPES)
def test_a_template_cannot_reach_python(prepared: Path, tmp_path: Path, payload: str) -> None:
    root = _copy(prepared, tmp_path / "book")
    (root / "templates").mkdir()
    (root / "templates/pre_due.txt").write_text(payload + "\n")
    result = guarded("-L", root, "remind", "--as-of", DAY)
    assert result.code == 2
    assert result.err.strip().splitlines()[-1].startswith("arl: ")
    assert not list(root.glob("outbox/*.eml"))
    assert "uid=" not in result.out + result.err and "root:" not in result.out + result.err


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("name: Grünwald Gartenbau GmbH", 'name: "Evil\\r\\nBcc: victim@evil.example"'),
        ("  - buero@", '  - "a@b.example\\r\\nBcc: victim@evil.example"\n  - buero@'),
        ("  - buero@", '  - "Evil <a@b.example>\\nSubject: hi"\n  - buero@'),
    ],
)
def test_line_breaks_in_customer_fields_cannot_add_mail_headers(
    prepared: Path, tmp_path: Path, old: str, new: str
) -> None:
    root = _copy(prepared, tmp_path / "book")
    _edit(root / "customers/GRUENWALD.yaml", old, new)
    check = guarded("-L", root, "check")
    assert check.code == 1 and "must be one line without control characters" in check.out
    assert guarded("-L", root, "remind", "--as-of", DAY).code == 2
    assert not list(root.glob("outbox/*.eml"))


@pytest.mark.parametrize("field", ["--name", "--email"])
def test_customer_commands_refuse_line_breaks(prepared: Path, tmp_path: Path, field: str) -> None:
    root = _copy(prepared, tmp_path / "book")
    value = "a@b.example\r\nBcc: victim@evil.example"
    result = guarded("-L", root, "customer", "edit", "GRUENWALD", field, value)
    assert result.code == 2 and "one line" in result.err
    assert "victim" not in (root / "customers/GRUENWALD.yaml").read_text()


def test_letters_carry_only_their_own_headers(prepared: Path, tmp_path: Path) -> None:
    root = _copy(prepared, tmp_path / "book")
    assert guarded("-L", root, "remind", "--as-of", DAY).code == 0
    for path in root.glob("outbox/*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        assert set(message.keys()) <= {"Subject", "From", "To", "Reply-To", "Date", "Message-ID",
                                       "X-Arl-Letter", "MIME-Version", "Content-Type"}  # fmt: skip


@pytest.mark.parametrize("args", TRAVERSALS, ids=lambda args: " ".join(args[:3]))
def test_ids_cannot_leave_the_ledger(prepared: Path, tmp_path: Path, args: list[str]) -> None:
    root = _copy(prepared, tmp_path / "deep/er/book")
    before = set(tmp_path.rglob("*"))
    result = guarded("-L", root, *args)
    assert result.code == 2
    cache = root / ".arl-cache"  # derived data (lock, parse cache) is the only thing written
    assert all(p == cache or cache in p.parents for p in set(tmp_path.rglob("*")) - before)


def test_csv_output_is_safe_to_open_in_a_spreadsheet(prepared: Path, tmp_path: Path) -> None:
    root = _copy(prepared, tmp_path / "book")
    customer = root / "customers/GRUENWALD.yaml"
    _edit(customer, "name: Grünwald Gartenbau GmbH", f"name: '{FORMULA}'")
    _edit(customer, "  - landscaping", "  - '@SUM(A1)'\n  - '+1'")
    cells = 0
    for args in TABLES:
        result = guarded("-L", root, *args)
        assert result.code == 0, result.err
        rows = list(csv.reader(io.StringIO(result.out)))
        assert not [c for row in rows for c in row if c[:1] in ("=", "+", "@", "\t", "\r") and c]
        cells += sum(len(row) for row in rows)
    shown = guarded("-L", root, "customer", "list", "-f", "csv").out
    assert "'" + FORMULA.replace('"', '""') in shown
    record("spreadsheet-safe CSV", tables=len(TABLES), cells=cells, formulas=0)


@pytest.fixture
def web_server() -> Iterator[list[str]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<x>fetched</x>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hits.append(str(server.server_address[1]))
    try:
        yield hits
    finally:
        server.shutdown()
        server.server_close()


def test_xml_statements_cannot_fetch_or_expand_entities(
    prepared: Path, web_server: list[str], tmp_path: Path
) -> None:
    port = web_server.pop()
    body = (Path(__file__).parent / "data/camt053-march.xml").read_text().split("?>", 1)[1]
    laughs = "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    doctypes = [
        '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        f'<!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/e">]>',
        f'<!DOCTYPE d SYSTEM "http://127.0.0.1:{port}/d.dtd">',
        f'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">{laughs}<!ENTITY x "&i;">]>',
    ]
    for n, doctype in enumerate(doctypes):
        path = tmp_path / f"{n}.xml"
        path.write_text(
            '<?xml version="1.0"?>\n' + doctype + body.replace("</Ustrd>", "&x;</Ustrd>", 1)
        )
        result = guarded("-L", prepared, "reconcile", path, "--as-of", DAY)
        assert result.code == 2 and "refused" in result.err and "root:" not in result.out
    include = tmp_path / "include.xml"
    xinclude = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>'
    include.write_text(body.replace("<Ustrd>", "<Ustrd>" + xinclude, 1))
    assert "root:" not in guarded("-L", prepared, "reconcile", include, "--as-of", DAY).out
    assert web_server == []
    record("hostile XML", inputs=len(doctypes) + 1, fetched=0, expanded=0)


def test_the_smtp_password_never_shows(
    prepared: Path, tmp_path: Path, dropping_smtp: DroppingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy(prepared, tmp_path / "book")
    _edit(root / "ledger.yaml", "    port: 25", f"    port: {dropping_smtp.port}\n    username: ar")
    dropping_smtp.refuse_login = True
    monkeypatch.setenv("ARL_SMTP_PASSWORD", SECRET)
    outputs = [guarded("-L", root, "remind", "--as-of", DAY, "--send"), guarded("-L", root, "send")]
    assert [o.code for o in outputs] == [2, 2]  # no login over plain TCP (security: none)
    assert "without TLS" in outputs[0].err and "starttls or ssl" in outputs[1].err
    assert not any(line.startswith(b"AUTH") for line in dropping_smtp.lines)
    shown = "".join(o.out + o.err for o in outputs)
    files = b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())
    assert SECRET not in shown and SECRET.encode() not in files
    _edit(root / "ledger.yaml", "    username: ar", f"    username: ar\n    password: {SECRET}")
    check = guarded("-L", root, "check")
    assert check.code == 1 and "unknown key" in check.out and SECRET not in check.out + check.err


@pytest.mark.parametrize(
    ("template", "command"),
    [
        ("invoice.html", ["invoice", "render", "INV-2026-0343", "-f", "html", "-o", "out.html"]),
        ("invoice-email.txt", ["invoice", "send", "INV-2026-0343", "--as-of", DAY]),
    ],
)
def test_a_document_template_cannot_run_commands(
    prepared: Path, tmp_path: Path, template: str, command: list[str]
) -> None:
    """Invoice templates were rendered without the sandbox: this one ran a shell command."""
    root = _copy(prepared, tmp_path / "book")
    marker = tmp_path / "pwned"
    (root / "templates").mkdir()
    (root / "templates" / template).write_text(
        "Subject: x\n\n{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "') }}\n"
    )
    args = [str(tmp_path / arg) if arg == "out.html" else arg for arg in command]
    result = guarded("-L", root, *args)
    assert result.code == 2 and "unsafe" in result.err
    assert not marker.exists()
