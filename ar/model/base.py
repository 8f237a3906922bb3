"""Shared pieces of every record: strictness, the source location, and constrained scalars."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr

from ar.errors import Source

_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?", re.IGNORECASE)
"""Names Windows keeps for devices, with any extension: such a file cannot be checked out."""


def _check_ident(value: str) -> str:
    if not _IDENT.fullmatch(value) or ".." in value or value.endswith("."):
        raise ValueError(
            "must start with a letter or digit, hold only letters, digits, '.', '_' and '-'"
            " and not end in '.' (it names a file inside the ledger)"
        )
    if _RESERVED.fullmatch(value):
        raise ValueError("is a name Windows keeps for a device (CON, NUL, COM1...): choose another")
    return value


def _check_currency(value: str) -> str:
    if not _CURRENCY.fullmatch(value):
        raise ValueError("must be a three-letter ISO 4217 code such as EUR or USD")
    return value


def _check_country(value: str) -> str:
    if not _COUNTRY.fullmatch(value):
        raise ValueError("must be a two-letter ISO 3166 country code such as DE or FR")
    return value


def _check_locale(value: str) -> str:
    if not _LOCALE.fullmatch(value):
        raise ValueError("must be a language code, optionally with a country: de, de_DE, fr_FR")
    return value


def _check_iban(value: str) -> str:
    """An IBAN that schwifty accepts (checksum, country length, bank code), kept compact."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return str(IBAN(value).compact)
    except SchwiftyException as exc:
        raise ValueError(f"is not a valid IBAN: {exc}") from None


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]")  # a tab is allowed


def _check_one_line(value: str) -> str:
    """Names go into mail headers and subjects, where a line break would start a new header."""
    if _CONTROL.search(value):
        raise ValueError("must be one line without control characters")
    return value


Ident = Annotated[str, AfterValidator(_check_ident)]
OneLine = Annotated[str, AfterValidator(_check_one_line)]
EmailAddress = OneLine  # an address goes into To:, From: or Bcc: as it is
Currency = Annotated[str, AfterValidator(_check_currency)]
Country = Annotated[str, AfterValidator(_check_country)]
Locale = Annotated[str, AfterValidator(_check_locale)]
Iban = Annotated[str, AfterValidator(_check_iban)]
# Bounds keep every sum and product of a book inside Decimal's 28 digits, where an amount
# of 1e28 in a file would otherwise stop the arithmetic; the CLI refuses the same amounts.
LARGEST = Decimal(10) ** 12
LARGEST_RATE = Decimal(100)
Money = Annotated[Decimal, Field(allow_inf_nan=False, gt=-LARGEST, lt=LARGEST)]
PositiveMoney = Annotated[Decimal, Field(allow_inf_nan=False, gt=0, lt=LARGEST)]
NonNegativeMoney = Annotated[Decimal, Field(allow_inf_nan=False, ge=0, lt=LARGEST)]
Rate = Annotated[Decimal, Field(allow_inf_nan=False, ge=0, le=LARGEST_RATE)]
# A central bank's reference rate, a fraction that may be negative (-0.0088 in Germany 2016).
ReferenceRate = Annotated[Decimal, Field(allow_inf_nan=False, gt=-1, lt=1)]

NOWHERE = Source("<memory>", 0)
"""Where a record made in memory comes from (frozen: every such record shares it)."""


def empty_list() -> Any:
    """The default of a list field: a new empty list per record, made without the deep
    copy pydantic makes of a `= []` default (which shows when a big book is parsed)."""
    return Field(default_factory=list, json_schema_extra={"default": []})


class Strict(BaseModel):
    """Frozen, and any key the contract does not name is an error."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", coerce_numbers_to_str=True, defer_build=True
    )


class Record(Strict):
    """A top-level record: one YAML document in one file."""

    _source: Source = PrivateAttr(default_factory=lambda: NOWHERE)  # not deep-copied

    @property
    def source(self) -> Source:
        return self._source

    def located(self, source: Source) -> Record:
        """Attach where the record was read from (kept out of the record's fields)."""
        self._source = source
        return self
