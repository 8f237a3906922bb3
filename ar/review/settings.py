"""ledger.yaml's settings, compared field by field, and which of them a reviewer must see.

"settings: mail edited" hid a pull request that sent every letter, and the SMTP password,
to another server. Each changed setting is named by its path as written in ledger.yaml
(`mail.smtp.host`), with its value before and after; the settings that decide where money
and mail go, or what customers are offered, are flagged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ar.model import Ledger
from ar.model.base import Strict
from ar.review.change import shown

# The first part of a setting's path -> the flag it raises when it changes.
SENSITIVE = {
    "mail": "mail_settings",
    "payment": "payment_details",
    "payment_link": "payment_details",
    "terms": "terms",
    "default_terms": "terms",
}
_WIDE = 60  # characters of a value shown before it is cut


def setting_changes(base: Ledger, head: Ledger) -> list[tuple[str, Any, Any]]:
    """Each setting whose value differs, as (path, before, after), in the file's order."""
    return list(_leaves(base, head, ""))


def described(path: str, before: Any, after: Any) -> str:
    return f"{path}: {_short(before)} → {_short(after)}"


def _leaves(before: Any, after: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    old, new = _members(before), _members(after)
    if old is None and new is None:
        if before != after:
            yield path, before, after
        return
    old, new = old or {}, new or {}
    for key in [*old, *(key for key in new if key not in old)]:
        yield from _leaves(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))


def _members(value: Any) -> Mapping[Any, Any] | None:
    """A setting's parts by the names ledger.yaml gives them; None for a plain value."""
    if isinstance(value, Strict):
        fields = type(value).model_fields
        return {info.alias or name: getattr(value, name) for name, info in fields.items()}
    if isinstance(value, Mapping):
        return value
    return None


def _short(value: Any) -> str:
    text = shown(value)
    return text if len(text) <= _WIDE else text[: _WIDE - 1] + "…"
