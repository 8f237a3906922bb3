"""Bank statements read into lines: camt.053 (to the published schema), MT940 and CSV."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from ar.errors import ArlError, Source
from ar.formats.camt053 import read_camt053
from ar.formats.mt940 import read_mt940
from ar.formats.statement import detect_format

DATA = Path(__file__).resolve().parent / "data"
MARCH = (DATA / "camt053-march.xml").read_bytes()


def camt(entries: str, version: str = "02") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">\n'
        "<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-31T20:00:00</CreDtTm>"
        "</GrpHdr>\n<Stmt><Id>S</Id><CreDtTm>2026-03-31T20:00:00</CreDtTm>\n"
        "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        f"{entries}</Stmt></BkToCstmrStmt></Document>\n"
    ).encode()


def test_booked_lines_of_a_camt053_statement() -> None:
    lines, problems = read_camt053(MARCH, "march.xml")
    assert problems == []
    assert [(ln.source.line, ln.date, ln.amount) for ln in lines] == [
        (30, dt.date(2026, 3, 8), Decimal("980.00")),
        (66, dt.date(2026, 3, 12), Decimal("500.00")),  # a batch: one line per transaction
        (71, dt.date(2026, 3, 12), Decimal("153.00")),
        (83, dt.date(2026, 3, 14), Decimal("-12.50")),  # a debit
        (104, dt.date(2026, 3, 15), Decimal("999.00")),
        (121, dt.date(2026, 3, 20), Decimal("-95.00")),  # a reversed credit
    ]  # the pending entry is not booked and not read
    first = lines[0]
    assert first.source == Source("march.xml", 30)
    assert first.text == "Rechnung INV 2026 0001 Kundennr ACME"
    assert (first.name, first.reference, first.account) == (
        "ACME GMBH",
        "2026030800001",
        "DE02120300000000202051",
    )
    assert lines[1].text == "PO-4711" and lines[2].text == "RF18539007547034"
    assert lines[2].reference == "2026031200007-2"


def test_later_versions_read_the_same() -> None:
    entry = (
        '<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
        "<BookgDt><DtTm>2026-03-02T10:00:00+01:00</DtTm></BookgDt><BkTxCd/>\n"
        "<NtryDtls><TxDtls><Amt Ccy='EUR'>10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
        "<RltdPties><Dbtr><Pty><Nm>Beta AG</Nm></Pty></Dbtr></RltdPties>"
        "<RmtInf><Strd><RfrdDocInf><Nb>INV-7</Nb></RfrdDocInf></Strd></RmtInf>"
        "</TxDtls></NtryDtls></Ntry>\n"
    )
    lines, problems = read_camt053(camt(entry, "08"), "v8.xml")
    assert problems == []
    assert [(ln.date, ln.amount, ln.name, ln.text) for ln in lines] == [
        (dt.date(2026, 3, 2), Decimal("10.00"), "Beta AG", "INV-7")
    ]
    assert lines[0].reference.startswith("BANK-")  # no bank reference: a stable digest


def test_a_truncated_statement_names_its_line() -> None:
    cut = MARCH[: MARCH.index(b"<Ntry>", 2000)]
    with pytest.raises(ArlError, match=r"^cut\.xml:\d+: not well-formed XML"):
        read_camt053(cut, "cut.xml")


def test_bad_entries_are_problems_at_their_lines() -> None:
    entries = (
        "<Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
        "<BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry>\n"
        '<Ntry><Amt Ccy="EUR">1,50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        "<BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry>\n"
        '<Ntry><Amt Ccy="EUR">1.50</Amt><CdtDbtInd>CREDIT</CdtDbtInd><Sts>BOOK</Sts>'
        "<BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry>\n"
        '<Ntry><Amt Ccy="EUR">1.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        "<BookgDt><Dt>02.03.2026</Dt></BookgDt></Ntry>\n"
    )
    lines, problems = read_camt053(camt(entries), "bad.xml")
    assert lines == []
    assert [str(p) for p in problems] == [
        "bad.xml:6: entry has no amount (Amt)",
        "bad.xml:7: amount '1,50' is not a number",
        "bad.xml:8: CdtDbtInd is 'CREDIT', expected CRDT or DBIT",
        "bad.xml:9: date '02.03.2026' is not an ISO date",
    ]


def test_other_documents_are_refused() -> None:
    notification = MARCH.replace(b"camt.053.001.02", b"camt.054.001.02")
    with pytest.raises(ArlError, match=r"not a camt\.053 statement \(found camt\.054\.001\.02\)"):
        read_camt053(notification, "n.xml")
    with pytest.raises(ArlError, match="no statement"):
        read_camt053(camt("").replace(b"<Stmt>", b"<Rpt>").replace(b"</Stmt>", b"</Rpt>"), "r.xml")


def test_entities_are_never_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<Document>&b;</Document>\n'
    )
    with pytest.raises(ArlError, match="refused"):
        read_camt053(bomb, "bomb.xml")


MT940 = """\
:20:STARTUMS
:25:37040044/0532013000
:28C:00063/001
:60F:C260301EUR10000,00
:61:2603080308C980,00NTRFNONREF//2026030800001
:86:166?00SEPA-GUTSCHRIFT?20EREF+NOTPROVIDED?21SVWZ+Rechnung INV?222026-0001?32ACME GMBH
:61:2603140314D12,50NCHGNONREF
:86:805?00ENTGELT?20Kontofuehrung
:61:2603150315C153,00NTRFNONREF
:86:/ORDP//Gamma Limited/REMI/March invoices
:62F:C260315EUR11120,50
"""


def test_mt940_lines_with_payers_and_purposes() -> None:
    lines, problems = read_mt940(MT940, "march.sta")
    assert problems == []
    assert [(ln.source.line, ln.amount, ln.name) for ln in lines] == [
        (5, Decimal("980.00"), "ACME GMBH"),
        (7, Decimal("-12.50"), ""),
        (9, Decimal("153.00"), "Gamma Limited"),
    ]
    assert "Rechnung INV2026-0001" in lines[0].text
    assert lines[0].reference == "2026030800001"
    assert lines[2].reference.startswith("BANK-")


def test_mt940_without_transactions_is_refused() -> None:
    with pytest.raises(ArlError, match=r"no MT940 statement lines \(:61:\)"):
        read_mt940(":20:X\n:25:Y\n", "empty.sta")


def test_formats_are_detected_from_content() -> None:
    assert detect_format(MARCH) == "camt053"
    assert detect_format(b"\xef\xbb\xbf<?xml version='1.0'?><Document/>") == "camt053"
    assert detect_format(MT940.encode()) == "mt940"
    assert detect_format(b"date;amount;text\n01.03.2026;5,00;x\n") == "csv"
