"""Shared pieces of every record: strictness, the source location, and constrained scalars."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from ar.errors import Source
from ar.model.currencies import ISO_4217
from ar.money import (
    LARGEST_AMOUNT,
    LARGEST_PRICE,
    LARGEST_QUANTITY,
    MOST_DECIMALS,
    plain_decimal,
    rate_error,
)

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
    if not _CURRENCY.fullmatch(value) or value not in ISO_4217:
        raise ValueError(f"'{value}' is not an ISO 4217 currency code such as EUR or USD")
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


# One address as a mail header holds it: `name@example.com` or `Name <name@example.com>`;
# a domain with a dot, no spaces, no second '@' (what mail servers refuse at once).
_ADDRESS = re.compile(r"[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]+", re.ASCII)
_NAMED = re.compile(r"[^<>@]*<([^<>]+)>")


def _check_email(value: str) -> str:
    """An address a message can be sent to, checked when typed rather than when it bounces."""
    named = _NAMED.fullmatch(value.strip())
    address = named.group(1) if named else value.strip()
    if not _ADDRESS.fullmatch(address) or ".." in address:
        raise ValueError(f"'{value}' is not an e-mail address like name@example.com")
    return value


Ident = Annotated[str, AfterValidator(_check_ident)]
OneLine = Annotated[str, AfterValidator(_check_one_line)]
EmailAddress = Annotated[str, AfterValidator(_check_one_line), AfterValidator(_check_email)]
Currency = Annotated[str, AfterValidator(_check_currency)]
Country = Annotated[str, AfterValidator(_check_country)]
Locale = Annotated[str, AfterValidator(_check_locale)]
Iban = Annotated[str, AfterValidator(_check_iban)]


def _plain(value: object) -> object:
    """Text given for a number must be a plain decimal: Decimal would take `1e3`, `1_000`
    and other scripts' digits, none of which a person means as an amount in a ledger."""
    if not isinstance(value, str):
        return value
    try:
        return plain_decimal(value)
    except ValueError:
        raise ValueError("must be a plain number like 1250.00 (digits, one '.')") from None


def _check_rate(value: Decimal) -> Decimal:
    error = rate_error(value)
    if error:
        raise ValueError(error)
    return value


def _check_signed_rate(value: Decimal) -> Decimal:
    error = rate_error(value, signed=True)
    if error:
        raise ValueError(error)
    return value


_NUMBER = BeforeValidator(_plain)
_AMOUNT, _PRICE, _QUANTITY = int(LARGEST_AMOUNT), int(LARGEST_PRICE), int(LARGEST_QUANTITY)
_BOUNDED = Field(allow_inf_nan=False, gt=-_AMOUNT, lt=_AMOUNT)
# Bounds keep every sum and product of a book inside Decimal's 28 digits (`ar.money`);
# the CLI refuses the same amounts.
Money = Annotated[Decimal, _NUMBER, _BOUNDED]
PositiveMoney = Annotated[Decimal, _NUMBER, _BOUNDED, Field(gt=0)]
NonNegativeMoney = Annotated[Decimal, _NUMBER, _BOUNDED, Field(ge=0)]
Quantity = Annotated[
    Decimal,
    _NUMBER,
    Field(allow_inf_nan=False, ge=0, lt=_QUANTITY, decimal_places=MOST_DECIMALS),
]
Price = Annotated[
    Decimal,
    _NUMBER,
    Field(allow_inf_nan=False, gt=-_PRICE, lt=_PRICE, decimal_places=MOST_DECIMALS),
]
Rate = Annotated[
    Decimal,
    _NUMBER,
    AfterValidator(_check_rate),
    Field(json_schema_extra={"minimum": 0, "maximum": 1}),  # checked above, with a hint
]
"""A fraction from 0 to 1: 0.19 for 19 % (tax, discount, interest, margin)."""
SignedRate = Annotated[
    Decimal,
    _NUMBER,
    AfterValidator(_check_signed_rate),
    Field(json_schema_extra={"minimum": -1, "maximum": 1}),
]
"""A fraction from -1 to 1: a central bank's reference rate may be below zero."""

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
