"""A ledger review (`ar.review.diff.Review`) as text, as Markdown for a pull request, as JSON.

Nothing is computed here: amounts are spelt with their currency's minor units, the rest
is layout. Markdown escapes the text people wrote (reasons, notes) so that it cannot
change the comment's layout, and keeps long sections folded and bounded.
"""

from __future__ import annotations

import json
from typing import Any

from ar.review.change import SECTIONS, Change, money
from ar.review.diff import Review, counts
from ar.review.effect import TOTAL, UNAPPLIED, Effect
from ar.review.flags import Flag

MAX_ROWS = 100  # per Markdown section; a pull-request comment has a size limit
FOLD_ROWS = 10  # longer Markdown sections are folded


def summary(review: Review) -> str:
    parts = [
        f"{SECTIONS[section].lower()}: "
        + ", ".join(f"{count} {action}" for action, count in actions.items())
        for section, actions in counts(review.changes).items()
    ]
    return "; ".join(parts) if parts else "no records changed"


def amount_text(change: Change) -> str:
    if change.amount is None:
        return ""
    now = money(change.amount, change.currency)
    was = f"{money(change.before, change.currency)} → " if change.before is not None else ""
    return f"{was}{now} {change.currency}"


def _title(review: Review) -> str:
    return f"Ledger changes from {review.base_label} to {review.head_label}"


def _effect_rows(effect: Effect) -> list[tuple[str, str, str, str]]:
    keys = [*effect.buckets, TOTAL, UNAPPLIED]
    names = {TOTAL: "open", UNAPPLIED: "unapplied"}
    return [
        (
            names.get(key, key),
            money(effect.before[key], effect.currency),
            money(effect.after[key], effect.currency),
            _signed(money(effect.change(key), effect.currency)),
        )
        for key in keys
    ]


def _signed(text: str) -> str:
    return text if text.startswith("-") or set(text) <= set("0.") else f"+{text}"


def _effect_heading(review: Review) -> str:
    if review.as_of is None:
        return "Effect on what customers owe"
    return f"Effect on what customers owe, aged as of {review.as_of}"


# --- text ---------------------------------------------------------------------------------


def as_text(review: Review) -> str:
    lines = [_title(review), f"Summary: {summary(review)}"]
    if review.flags:
        lines += ["", f"Warnings ({len(review.flags)})"]
        lines += [f"  ! {flag.message}{_where(flag)}" for flag in review.flags]
    lines += ["", _effect_heading(review)]
    lines += _text_effects(review.effects) or ["  no change"]
    for section, changes in _sections(review.changes):
        lines += ["", SECTIONS[section]]
        lines += _columns([_text_row(change) for change in changes])
    return "\n".join(lines) + "\n"


def _where(flag: Flag) -> str:
    return f"  [{flag.source}]" if flag.source else ""


def _text_effects(effects: list[Effect]) -> list[str]:
    lines = []
    for effect in effects:
        rows = [["  " + effect.currency, "before", "after", "change"]]
        rows += [
            ["  " + name, before, after, change]
            for name, before, after, change in _effect_rows(effect)
        ]
        lines += _columns(rows, right_from=1)
    return lines


def _text_row(change: Change) -> list[str]:
    date = str(change.date) if change.date else ""
    return [
        "  " + change.action,
        change.key,
        change.customer or "",
        date,
        amount_text(change),
        change.detail,
    ]


def _columns(rows: list[list[str]], right_from: int | None = None) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.rjust(width) if right_from is not None and i >= right_from else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return out


def _sections(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.section, []).append(change)
    return list(grouped.items())


# --- Markdown -----------------------------------------------------------------------------

_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})


def md(text: str) -> str:
    """Text a person wrote, safe inside a Markdown table cell."""
    return " ".join(text.split()).translate(_ESCAPE)


def as_markdown(review: Review) -> str:
    lines = [f"### {md(_title(review))}", "", f"**Summary:** {md(summary(review))}"]
    if review.flags:
        count = f"{len(review.flags)} warning" + ("s" if len(review.flags) > 1 else "")
        lines += ["", f"#### ⚠️ {count} for a reviewer to sign off", ""]
        shown = review.flags[:MAX_ROWS]
        lines += [f"- {md(flag.message)}{_md_where(flag)}" for flag in shown]
        lines += _more(len(review.flags) - len(shown))
    else:
        lines += ["", "No warnings: nothing recorded earlier was rewritten."]
    lines += ["", f"#### {_effect_heading(review)}", ""]
    lines += _md_effects(review.effects) or ["No change."]
    for section, changes in _sections(review.changes):
        lines += ["", *_md_section(SECTIONS[section], changes)]
    return "\n".join(lines) + "\n"


def _md_where(flag: Flag) -> str:
    return f" (`{flag.source}`)" if flag.source else ""


def _more(hidden: int) -> list[str]:
    return [f"- … and {hidden} more: run `arl diff` to see them all"] if hidden > 0 else []


def _md_effects(effects: list[Effect]) -> list[str]:
    lines: list[str] = []
    for effect in effects:
        lines += [""] if lines else []
        lines += [f"| {effect.currency} | before | after | change |", "|---|--:|--:|--:|"]
        for name, *figures in _effect_rows(effect):
            bold = name == "open"
            cells = [f"**{cell}**" if bold else cell for cell in (name, *figures)]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def _md_section(title: str, changes: list[Change]) -> list[str]:
    shown = changes[:MAX_ROWS]
    table = ["| | Record | Customer | Date | Amount | Details |", "|---|---|---|---|--:|---|"]
    table += [
        f"| {c.action} | {md(c.key)} | {md(c.customer or '')} | {c.date or ''} "
        f"| {amount_text(c)} | {md(c.detail)} |"
        for c in shown
    ]
    table += (
        [f"| … | {len(changes) - len(shown)} more | | | | |"] if len(shown) < len(changes) else []
    )
    if len(changes) <= FOLD_ROWS:
        return [f"#### {title}", "", *table]
    summary_line = f"<summary><b>{title}</b> ({len(changes)})</summary>"
    return ["<details>", summary_line, "", *table, "", "</details>"]


# --- JSON ---------------------------------------------------------------------------------


def as_json(review: Review) -> str:
    body = {
        "base": {"label": review.base_label, "commit": review.base_commit},
        "head": {"label": review.head_label, "commit": review.head_commit},
        "as_of": _iso(review.as_of),
        "locked_until": _iso(review.locked_until),
        "summary": counts(review.changes),
        "warnings": [_json_flag(flag) for flag in review.flags],
        "effect": [_json_effect(effect) for effect in review.effects],
        "changes": [_json_change(change) for change in review.changes],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _json_flag(flag: Flag) -> dict[str, Any]:
    return {
        "kind": flag.kind,
        "record": flag.key,
        "message": flag.message,
        "file": flag.source.file if flag.source else None,
        "line": flag.source.line if flag.source else None,
    }


def _json_effect(effect: Effect) -> dict[str, Any]:
    def figures(key: str) -> dict[str, str]:
        return {
            "before": money(effect.before[key], effect.currency),
            "after": money(effect.after[key], effect.currency),
            "change": money(effect.change(key), effect.currency),
        }

    return {
        "currency": effect.currency,
        "buckets": {bucket: figures(bucket) for bucket in effect.buckets},
        "open": figures(TOTAL),
        "unapplied": figures(UNAPPLIED),
    }


def _json_change(change: Change) -> dict[str, Any]:
    def amount(value: Any) -> str | None:
        return money(value, change.currency) if value is not None else None

    return {
        "section": change.section,
        "action": change.action,
        "record": change.key,
        "customer": change.customer,
        "currency": change.currency,
        "date": _iso(change.date),
        "amount": amount(change.amount),
        "before": amount(change.before),
        "detail": change.detail,
        "file": change.source.file,
        "line": change.source.line,
    }
