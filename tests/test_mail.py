"""`arl remind --send` and `arl send` against a real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result
from tests.smtp_server import Mailbox, free_port, tls_for_loopback

Arl = Callable[..., Result]
FILES = {
    "invoices/2026/INV-1.yaml": "# keep me\n" + invoice_yaml("INV-1", "2026-01-10", "1234.56"),
    "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-11", "100"),
}


def book(tmp_path: Path, port: int) -> Path:
    return collections_ledger(tmp_path / "book", FILES, port)


def outbox(root: Path) -> list[str]:
    return sorted(p.relative_to(root / "outbox").as_posix() for p in (root / "outbox").rglob("*.*"))


def test_remind_send_delivers_one_letter_with_both_parts(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = book(tmp_path, smtp_server.port)
    result = arl("-L", root, "remind", "--send", "--as-of", "2026-02-20")
    assert result.code == 0, result.err
    [got] = smtp_server.received
    assert got.sender == "billing@muster.example"
    assert got.recipients == ["ap@acme.example", "archive@muster.example"]
    message = got.message
    assert message["Subject"] == "Reminder: €1,334.56 overdue to Muster GmbH"
    assert message["To"] == "ap@acme.example"
    assert message["Bcc"] is None
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    for body in (text.get_content(), html.get_content()):
        assert "INV-1" in body and "INV-2" in body
        assert "€1,234.56" in body and "€100.00" in body and "€1,334.56" in body
    assert outbox(root) == [f"sent/{message['X-Arl-Letter']}.eml"]
    recorded = (root / "invoices/2026/INV-1.yaml").read_text()
    assert recorded.startswith("# keep me\n")
    assert f"letter: {message['X-Arl-Letter']}" in recorded


def test_running_again_the_same_day_sends_nothing(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = book(tmp_path, smtp_server.port)
    assert arl("-L", root, "remind", "--send", "--as-of", "2026-02-20").code == 0
    again = arl("-L", root, "remind", "--send", "--as-of", "2026-02-20")
    assert again.code == 0
    assert "wrote 0 letter(s)" in again.err
    assert len(smtp_server.received) == 1


def test_dry_run_writes_nothing(tmp_path: Path, arl: Arl, smtp_server: Mailbox) -> None:
    root = book(tmp_path, smtp_server.port)
    before = {p: p.read_text() for p in root.rglob("*.yaml")}
    result = arl("-L", root, "remind", "--dry-run", "--as-of", "2026-02-20", "--format", "json")
    assert result.code == 0
    assert '"invoices": [\n        "INV-1",\n        "INV-2"\n      ]' in result.out
    assert not (root / "outbox").exists()
    assert {p: p.read_text() for p in root.rglob("*.yaml")} == before
    assert smtp_server.received == []


def test_a_closed_port_loses_nothing_and_the_retry_delivers_once(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    closed = free_port()
    root = book(tmp_path, closed)
    failed = arl("-L", root, "remind", "--send", "--as-of", "2026-02-20")
    assert failed.code == 1
    assert "1 sent" not in failed.err and "0 sent, 1 failed" in failed.err
    [letter] = [name for name in outbox(root) if name.endswith(".eml")]
    key = letter.removesuffix(".eml")
    assert "ConnectionRefusedError" in (root / "outbox" / f"{key}.failed").read_text()
    assert f"letter: {key}" in (root / "invoices/2026/INV-2.yaml").read_text()
    ledger = root / "ledger.yaml"
    ledger.write_text(ledger.read_text().replace(f"port: {closed}", f"port: {smtp_server.port}"))
    assert arl("-L", root, "remind", "--as-of", "2026-02-21").code == 0  # nothing new to write
    retry = arl("-L", root, "send", "--retry")
    assert retry.code == 0, retry.err
    assert arl("-L", root, "send").code == 0
    assert [r.message["X-Arl-Letter"] for r in smtp_server.received] == [key]
    assert outbox(root) == [f"sent/{key}.eml"]


def test_a_permanent_refusal_waits_for_retry(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = book(tmp_path, smtp_server.port)
    smtp_server.refuse = "554 5.7.1 Message rejected as spam"
    assert arl("-L", root, "remind", "--send", "--as-of", "2026-02-20").code == 1
    smtp_server.refuse = None
    held = arl("-L", root, "send")
    assert held.code == 1
    assert "refused earlier: 554 5.7.1 Message rejected as spam" in held.err
    assert smtp_server.received == []
    assert arl("-L", root, "send", "--retry").code == 0
    assert len(smtp_server.received) == 1


def test_a_letter_in_doubt_after_a_crash_is_not_sent_again_without_retry(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = book(tmp_path, smtp_server.port)
    assert arl("-L", root, "remind", "--as-of", "2026-02-20").code == 0
    [letter] = [name for name in outbox(root) if name.endswith(".eml")]
    (root / "outbox" / letter.replace(".eml", ".sending")).write_text("handed over\n")
    held = arl("-L", root, "send")
    assert held.code == 1
    assert "in doubt" in held.err
    assert smtp_server.received == []
    assert arl("-L", root, "send", "--retry").code == 0
    assert len(smtp_server.received) == 1


def test_a_crash_before_the_events_are_recorded_is_completed_by_the_next_run(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ar.mail.queue as run

    root = book(tmp_path, smtp_server.port)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(run, "append_events", crash)
        assert arl("-L", root, "remind", "--as-of", "2026-02-20").code == 130
    assert any(name.endswith(".pending.json") for name in outbox(root))
    assert "letter:" not in (root / "invoices/2026/INV-1.yaml").read_text()
    later = arl("-L", root, "remind", "--send", "--as-of", "2026-02-23")
    assert later.code == 0, later.err
    assert "completed the letters an interrupted run left" in later.err
    [got] = smtp_server.received
    key = got.message["X-Arl-Letter"]
    assert key.startswith("20260220-")
    for number in ("INV-1", "INV-2"):
        assert (root / f"invoices/2026/{number}.yaml").read_text().count("letter:") == 1
    assert outbox(root) == [f"sent/{key}.eml"]


def test_a_crash_before_the_letter_was_written_plans_it_afresh(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ar.mail.outbox import Outbox

    root = book(tmp_path, smtp_server.port)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(Outbox, "write_letter", crash)
        assert arl("-L", root, "remind", "--as-of", "2026-02-20").code == 130
    assert [n for n in outbox(root) if not n.endswith(".pending.json")] == []
    assert arl("-L", root, "remind", "--send", "--as-of", "2026-02-20").code == 0
    assert len(smtp_server.received) == 1
    assert [n for n in outbox(root) if not n.startswith("sent/")] == []


def test_a_broken_template_stops_the_run_before_anything_is_written(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = book(tmp_path, smtp_server.port)
    (root / "templates").mkdir()
    (root / "templates/friendly.html").write_text("<p>{{ customer.nam }}</p>\n")
    result = arl("-L", root, "remind", "--send", "--as-of", "2026-02-20")
    assert result.code == 2
    assert "templates/friendly.html:1: template error" in result.err
    assert not (root / "outbox").exists()
    assert "events" not in (root / "invoices/2026/INV-1.yaml").read_text()


def test_login_uses_the_password_from_the_environment(
    tmp_path: Path, arl: Arl, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over STARTTLS, the server's certificate checked against the system's trust store."""
    from aiosmtpd.smtp import AuthResult

    mailbox = Mailbox(free_port())
    seen: list[tuple[bytes, bytes]] = []

    def authenticate(
        server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        seen.append((data.login, data.password))  # type: ignore[attr-defined]
        return AuthResult(success=data.password == b"s3cret", handled=False)  # type: ignore[attr-defined]

    certificate, server_tls = tls_for_loopback(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # trusted as if a CA had signed it
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=mailbox.port,
        authenticator=authenticate,
        tls_context=server_tls,
        require_starttls=True,
    )
    controller.start()
    try:
        root = book(tmp_path, mailbox.port)
        ledger = root / "ledger.yaml"
        ledger.write_text(
            ledger.read_text().replace(
                "security: none", "security: starttls\n    username: billing"
            )
        )
        monkeypatch.setenv("ARL_SMTP_PASSWORD", "wrong")
        denied = arl("-L", root, "remind", "--send", "--as-of", "2026-02-20")
        assert denied.code == 1 and "535" in denied.err
        monkeypatch.setenv("ARL_SMTP_PASSWORD", "s3cret")
        assert arl("-L", root, "send").code == 0
    finally:
        controller.stop()
    assert seen[-1] == (b"billing", b"s3cret")
    assert {password for _, password in seen[:-1]} == {b"wrong"}
    assert len(mailbox.received) == 1


@pytest.mark.parametrize("command", [["remind", "--send", "--as-of", "2026-02-20"], ["send"]])
def test_no_login_without_tls(
    tmp_path: Path, arl: Arl, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """`security: none` with a username sent AUTH PLAIN, the password readable on the way."""
    from aiosmtpd.smtp import AuthResult

    mailbox = Mailbox(free_port())
    seen: list[object] = []

    def authenticate(*args: object) -> AuthResult:
        seen.append(args)
        return AuthResult(success=True)

    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=mailbox.port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        root = book(tmp_path, mailbox.port)
        ledger = root / "ledger.yaml"
        ledger.write_text(
            ledger.read_text().replace("security: none", "security: none\n    username: billing")
        )
        monkeypatch.setenv("ARL_SMTP_PASSWORD", "s3cret")
        result = arl("-L", root, *command)
    finally:
        controller.stop()
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "arl: ledger.yaml: mail.smtp logs in as 'billing' without TLS (set mail.smtp.security"
        " to starttls or ssl; a password never goes in clear text)"
    ]
    assert seen == [] and mailbox.received == []
    assert not list(root.glob("outbox/*.eml"))


def test_remind_for_one_customer_and_send_without_smtp_settings(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    files = {
        **FILES,
        "customers/BETA.yaml": "id: BETA\nname: Beta\nemail: b@beta.example\n",
        "invoices/2026/INV-3.yaml": invoice_yaml("INV-3", "2026-01-10", "10", customer="BETA"),
    }
    root = collections_ledger(tmp_path / "book", files, smtp_server.port)
    unknown = arl("-L", root, "remind", "--customer", "NOPE", "--as-of", "2026-02-20")
    assert unknown.code == 2 and "no customer 'NOPE'" in unknown.err
    assert (
        arl("-L", root, "remind", "--send", "--customer", "BETA", "--as-of", "2026-02-20").code == 0
    )
    assert [got.recipients[0] for got in smtp_server.received] == ["b@beta.example"]
    ledger = root / "ledger.yaml"
    text = ledger.read_text()
    ledger.write_text(text[: text.index("  smtp:")] + text[text.index("terms:") :])
    refused = arl("-L", root, "remind", "--send", "--as-of", "2026-02-20")
    assert refused.code == 2 and "no 'mail.smtp' section" in refused.err
    assert outbox(root) == [n for n in outbox(root) if n.startswith("sent/")]  # nothing new


def test_a_customer_without_email_is_reported_and_exits_1(tmp_path: Path, arl: Arl) -> None:
    root = collections_ledger(
        tmp_path / "book",
        {**FILES, "customers/ACME.yaml": "id: ACME\nname: Acme Ltd\n"},
    )
    result = arl("-L", root, "remind", "--as-of", "2026-02-20")
    assert result.code == 1
    assert "the customer has no e-mail address" in result.err
    assert "events" not in (root / "invoices/2026/INV-1.yaml").read_text()
