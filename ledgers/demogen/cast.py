"""The customers of the demo book and the payment habit each one shows in the data.

Habits: `prompt` pays before the due date, `discount` pays within the early-payment window
and takes the discount, `normal` pays around the due date, `slow` one to four weeks late,
`chronic` one to three months late (reminders, fees, promises), `batch` pays everything due
in one payment run a month. Stories (disputes, a payment plan, a write-off, ...) are told
on top of the habits in `stories.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from demogen.dates import END, START


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    address: str
    emails: tuple[str, ...]
    habit: str
    monthly: int | None = None  # subscription fee a month, in the customer's currency
    every: int = 1  # months between subscription invoices
    adhoc: float = 0.3  # project invoices a month, on average
    currency: str | None = None  # None: the book's currency
    terms: str | None = None  # None: the book's default terms
    tax: str = "DE"  # DE: German VAT; EU: reverse charge; EXPORT: outside the EU
    start: dt.date = START
    stop: dt.date = END  # last day work is invoiced
    credit_limit: int | None = None
    hold: bool = False
    tags: tuple[str, ...] = ()
    notes: str | None = None
    comment: str | None = None  # a leading comment in the customer file
    inline: tuple[tuple[str, str], ...] = ()  # end-of-line comments: (key, text)
    fees: bool = False  # dunning fees and interest are charged
    promises: bool = False  # answers reminders with promises to pay
    partial: float = 0.0  # share of invoices paid in two parts
    stuck: float = 0.0  # share of invoices never paid within the book
    po: bool = False  # purchase order numbers on invoices
    method: str = "bank transfer"
    tax_id: str | None = None  # VAT number, for reverse-charge invoices within the EU
    einvoice: str = "none"  # facturx or ubl: the customer's system reads structured invoices

    def active(self, day: dt.date) -> bool:
        return self.start <= day <= self.stop


def _customer(id: str, name: str, address: str, *emails: str, **kw: Any) -> Profile:
    """A profile; customers abroad pay by international wire unless told otherwise."""
    if kw.get("currency"):
        kw.setdefault("method", "wire")
    return Profile(id, name, address, tuple(emails), **kw)


CAST: tuple[Profile, ...] = (
    _customer(
        "ALPENGLAS",
        "Alpenglas Manufaktur GmbH",
        "Kufsteiner Straße 48\n83022 Rosenheim",
        "buchhaltung@alpenglas.example",
        habit="discount",
        terms="2/10 net 30",
        monthly=490,
        adhoc=0.2,
        tags=("manufacturing",),
    ),
    _customer(
        "BERGMANN",
        "Bergmann & Söhne KG",
        "Königstraße 7\n70173 Stuttgart",
        "rechnungen@bergmann-soehne.example",
        habit="prompt",
        monthly=890,
        adhoc=0.25,
        tags=("wholesale",),
        method="SEPA direct debit",
    ),
    _customer(
        "CORVUS",
        "Corvus Logistik GmbH",
        "Am Sandtorkai 41\n20457 Hamburg",
        "ap@corvus-logistik.example",
        "jana.wolff@corvus-logistik.example",
        habit="batch",
        monthly=1250,
        adhoc=0.8,
        credit_limit=40000,
        tags=("logistics", "key-account"),
        notes="Pays everything due in one transfer at their payment run around the 25th.\n",
    ),
    _customer(
        "DELTAWERK",
        "Deltawerk AG",
        "Kaiserswerther Straße 115\n40474 Düsseldorf",
        "kreditoren@deltawerk.example",
        "einkauf@deltawerk.example",
        habit="slow",
        terms="30 days end of month",
        monthly=2400,
        adhoc=0.5,
        credit_limit=60000,
        tags=("industry", "key-account"),
        po=True,
        einvoice="facturx",
        comment="Their AP rejects any invoice without a PO number: ask einkauf@ for one first.",
    ),
    _customer(
        "EIFEL",
        "Eifel Brauerei eG",
        "Brauhausgasse 3\n54634 Bitburg",
        "verwaltung@eifel-brauerei.example",
        habit="prompt",
        terms="net14",
        monthly=290,
        adhoc=0.1,
        tags=("food-beverage",),
    ),
    _customer(
        "FUCHS",
        "Fuchs Elektrotechnik GmbH",
        "Gewerbepark Süd 12\n09126 Chemnitz",
        "info@fuchs-elektro.example",
        habit="chronic",
        monthly=390,
        adhoc=0.3,
        credit_limit=8000,
        tags=("trades", "watch"),
        fees=True,
        promises=True,
        notes=(
            "Always late, but pays in the end, fees included.\n"
            "A phone call works better than a letter: ask for Herr Fuchs senior.\n"
        ),
        comment="Reviewed 2026-03: keep the credit limit at 8,000 until they pay on time.",
    ),
    _customer(
        "GRUENWALD",
        "Grünwald Gartenbau GmbH",
        "Waldweg 22\n82031 Grünwald",
        "buero@gruenwald-gartenbau.example",
        "m.gruenwald@gruenwald-gartenbau.example",
        habit="normal",
        monthly=590,
        adhoc=0.5,
        tags=("landscaping",),
        notes=(
            "Checks every line against the quote and disputes what does not match.\n"
            "Send project invoices with the signed timesheets attached.\n"
        ),
    ),
    _customer(
        "HAFENKANTE",
        "Hafenkante Gastro GmbH & Co. KG",
        "Elbchaussee 8\n22763 Hamburg",
        "buchhaltung@hafenkante.example",
        habit="normal",
        monthly=690,
        adhoc=0.15,
        tags=("hospitality",),
        notes="Point-of-sale rollout (April 2026) is paid in eight monthly instalments.\n",
    ),
    _customer(
        "ISARTAL",
        "Isartal Medien GmbH",
        "Rosenheimer Straße 145\n81671 München",
        "finanzen@isartal-medien.example",
        habit="slow",
        monthly=990,
        adhoc=0.25,
        start=dt.date(2025, 4, 1),
        credit_limit=15000,
        tags=("media",),
        inline=(("credit_limit", "raised from 10,000 in May 2026 for the rollout project"),),
        notes="Over its credit limit since the rollout invoices; new work needs Jana's OK.\n",
    ),
    _customer(
        "KRANICH",
        "Kranich Druck GmbH",
        "Druckereistraße 4\n04317 Leipzig",
        "kontakt@kranich-druck.example",
        habit="chronic",
        monthly=490,
        adhoc=0.25,
        stop=dt.date(2026, 5, 31),
        hold=True,
        tags=("print", "watch"),
        fees=True,
        notes=(
            "On hold since June 2026: nothing paid since January.\n"
            "Insolvency application filed 2026-06-18 (Amtsgericht Leipzig);\n"
            "claims registered with the administrator. No new work.\n"
        ),
        comment="Do not invoice. Questions about the claim go to the administrator's office.",
    ),
    _customer(
        "LINDENHOF",
        "Lindenhof Seniorenresidenz gGmbH",
        "Lindenallee 1\n37073 Göttingen",
        "verwaltung@lindenhof-residenz.example",
        habit="discount",
        terms="2/10 net 30",
        monthly=390,
        adhoc=0.1,
        tags=("care", "non-profit"),
    ),
    _customer(
        "MOSELTAL",
        "Moseltal Weinkontor GmbH",
        "Moselweinstraße 19\n54470 Bernkastel-Kues",
        "kontor@moseltal-wein.example",
        habit="normal",
        monthly=290,
        adhoc=0.2,
        partial=0.35,
        tags=("food-beverage",),
        notes="Often pays half first and the rest a few weeks later (cash flow after harvest).\n",
    ),
    _customer(
        "NORDWIND",
        "Nordwind Energie GmbH",
        "Am Windpark 2\n25813 Husum",
        "rechnungseingang@nordwind-energie.example",
        habit="prompt",
        monthly=990,
        adhoc=0.3,
        tags=("energy",),
    ),
    _customer(
        "OBERLAND",
        "Oberland Bau GmbH",
        "Bahnhofstraße 30\n82362 Weilheim in Oberbayern",
        "buchhaltung@oberland-bau.example",
        habit="slow",
        adhoc=0.6,
        tags=("construction",),
    ),
    _customer(
        "PFALZ",
        "Pfälzer Landmaschinen GmbH",
        "Industriestraße 9\n67433 Neustadt an der Weinstraße",
        "rechnung@pfalz-landmaschinen.example",
        habit="normal",
        monthly=590,
        adhoc=0.25,
        tags=("machinery",),
    ),
    _customer(
        "RHEINBLICK",
        "Rheinblick Hotels GmbH",
        "Rheinuferstraße 60\n53173 Bonn",
        "kreditoren@rheinblick-hotels.example",
        "controlling@rheinblick-hotels.example",
        "s.becker@rheinblick-hotels.example",
        habit="batch",
        terms="30 days end of month",
        monthly=1490,
        adhoc=0.4,
        tags=("hospitality", "key-account"),
    ),
    _customer(
        "SPREEWALD",
        "Spreewald Feinkost GmbH",
        "Gurkenweg 5\n03222 Lübbenau",
        "buchhaltung@spreewald-feinkost.example",
        habit="chronic",
        monthly=490,
        adhoc=0.2,
        tags=("food-beverage", "watch"),
        fees=True,
        promises=True,
    ),
    _customer(
        "TAUNUS",
        "Taunus Klinik Verwaltungs-GmbH",
        "Am Kurpark 12\n61348 Bad Homburg vor der Höhe",
        "kreditorenbuchhaltung@taunus-klinik.example",
        habit="prompt",
        terms="net45",
        monthly=1890,
        every=3,
        adhoc=0.1,
        po=True,
        tags=("healthcare", "public-tender"),
        notes="Framework contract 2024-2027; invoiced quarterly in advance.\n",
    ),
    _customer(
        "WESER",
        "Weser Yachtservice GmbH",
        "Hafenstraße 27\n28217 Bremen",
        "office@weser-yachtservice.example",
        habit="normal",
        adhoc=0.5,
        tags=("marine",),
    ),
    _customer(
        "BODENSEE",
        "Segelclub Bodensee e.V.",
        "Seestraße 14\n88709 Meersburg",
        "kassenwart@segelclub-bodensee.example",
        habit="prompt",
        terms="net14",
        adhoc=0.2,
        tags=("non-profit", "small"),
        method="card",
    ),
    _customer(
        "SAALE",
        "Saale Software GmbH",
        "Saaleufer 3\n06108 Halle (Saale)",
        "office@saale-software.example",
        habit="normal",
        monthly=290,
        adhoc=0.1,
        stop=dt.date(2025, 9, 30),
        tags=("software", "closed"),
        notes="Company dissolved in January 2026; the last two invoices were written off.\n",
    ),
    _customer(
        "VANDAM",
        "Van Dam Transport B.V.",
        "Waalhaven Oostzijde 81\n3087 BM Rotterdam\nNetherlands",
        "crediteuren@vandam-transport.example",
        habit="slow",
        monthly=890,
        adhoc=0.1,
        tax="EU",
        tax_id="NL853210976B01",
        einvoice="ubl",
        start=dt.date(2025, 6, 1),
        tags=("logistics", "eu"),
        notes="VAT NL853210976B01 (reverse charge).\n",
    ),
    _customer(
        "LUMIERE",
        "Atelier Lumière SARL",
        "14 rue de la République\n69002 Lyon\nFrance",
        "compta@atelier-lumiere.example",
        habit="normal",
        monthly=590,
        adhoc=0.1,
        tax="EU",
        tax_id="FR40512345678",
        tags=("design", "eu"),
        notes="TVA FR40512345678 (reverse charge).\n",
    ),
    _customer(
        "TIROL",
        "Tiroler Bergbahnen GmbH",
        "Bergbahnstraße 1\n6020 Innsbruck\nAustria",
        "rechnungswesen@tiroler-bergbahnen.example",
        habit="discount",
        terms="2/10 net 30",
        monthly=490,
        adhoc=0.15,
        tax="EU",
        tax_id="ATU61234567",
        tags=("tourism", "eu"),
        notes="UID ATU61234567 (reverse charge).\n",
    ),
    _customer(
        "NORREBRO",
        "Nørrebro Design ApS",
        "Jægersborggade 12\n2200 København N\nDenmark",
        "regnskab@norrebro-design.example",
        habit="normal",
        adhoc=0.45,
        tax="EU",
        tax_id="DK31245896",
        start=dt.date(2025, 6, 1),
        tags=("design", "eu"),
    ),
    _customer(
        "HARBORVIEW",
        "Harborview Analytics Inc.",
        "One Harbor Plaza, Suite 1200\nBoston, MA 02110\nUnited States",
        "ap@harborview-analytics.example",
        "finance@harborview-analytics.example",
        habit="prompt",
        currency="USD",
        monthly=1900,
        adhoc=0.25,
        tax="EXPORT",
        tags=("us", "analytics"),
        notes="Pays by international wire; the intermediary bank sometimes keeps a fee.\n",
    ),
    _customer(
        "PINECREST",
        "Pinecrest Outdoor LLC",
        "1450 Wynkoop Street\nDenver, CO 80202\nUnited States",
        "payables@pinecrest-outdoor.example",
        habit="slow",
        currency="USD",
        monthly=790,
        adhoc=0.15,
        partial=0.4,
        tax="EXPORT",
        start=dt.date(2025, 5, 1),
        tags=("us", "retail"),
    ),
    _customer(
        "REDWOOD",
        "Redwood Labs Inc.",
        "500 Howard Street\nSan Francisco, CA 94105\nUnited States",
        "accounts.payable@redwood-labs.example",
        habit="normal",
        currency="USD",
        adhoc=0.35,
        tax="EXPORT",
        tags=("us", "software"),
    ),
    _customer(
        "SUMMIT",
        "Summit Health Partners LLC",
        "200 Park Avenue South\nNew York, NY 10003\nUnited States",
        "ap@summit-health.example",
        habit="chronic",
        currency="USD",
        monthly=1290,
        adhoc=0.15,
        tax="EXPORT",
        promises=True,
        stuck=0.08,
        tags=("us", "healthcare", "watch"),
        notes="Invoices need three approvals; chase the AP team, not the project lead.\n",
    ),
    _customer(
        "THAMES",
        "Thames Valley Robotics Ltd",
        "Unit 4, Green Park\nReading RG2 6GP\nUnited Kingdom",
        "accounts@thamesvalley-robotics.example",
        habit="normal",
        currency="GBP",
        monthly=750,
        adhoc=0.2,
        tax="EXPORT",
        tags=("uk", "robotics"),
    ),
    _customer(
        "GLENARROW",
        "Glen Arrow Distillery Ltd",
        "Distillery Road\nDufftown AB55 4DH\nScotland\nUnited Kingdom",
        "office@glenarrow.example",
        habit="prompt",
        currency="GBP",
        monthly=450,
        adhoc=0.1,
        tax="EXPORT",
        start=dt.date(2025, 9, 1),
        tags=("uk", "food-beverage"),
    ),
)

BY_ID = {profile.id: profile for profile in CAST}
