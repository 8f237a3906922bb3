"""A reader for the YAML that arl writes, several times faster than composing a YAML tree.

arl writes records in a small, regular subset of YAML: block mappings and sequences
indented by two, plain or single-quoted scalars, `|` blocks for multi-line text, `[]`
and `{}` for empty lists and mappings, comments on lines of their own or after a value.
Cold loads of big ledgers spend most of their time reading such files, so this reads
them line by line. Anything outside the subset (flow collections, double quotes, anchors,
tags, tabs, odd characters, duplicate keys, a syntax error...) makes `read` return None,
and the caller falls back on the full YAML reader: the result is always the same data,
the same types and the same lines as that reader gives (a property test holds it to it).
"""

from __future__ import annotations

import re
from typing import Any

from ar.store.yamlread import MAX_DEPTH, Document, YamlError, plain_scalar

_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ ./+()-]*")
_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")
"""Characters YAML treats specially (other line breaks, a byte order mark) or refuses."""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_BLOCK = {"|": "clip", "|-": "strip"}
_MEMO_SIZE = 50_000
_MISSING: Any = object()
_KEYS: dict[str, Any] = {}
_PLAIN: dict[str, Any] = {}


class _Unsupported(Exception):
    """Outside the subset: the full YAML reader must read this file."""


class _Lines:
    """The file's lines, and a cursor over those that carry structure."""

    def __init__(self, text: str) -> None:
        raw = self.raw = text.split("\n")
        self.at = 0
        self._content: list[tuple[int, int, str] | None] = [None] * (len(raw) + 1)
        self._next = [len(raw)] * (len(raw) + 1)  # the next line with content, from each on
        following = len(raw)
        for index in range(len(raw) - 1, -1, -1):
            line = raw[index]
            content = line.lstrip(" ")
            if content and content[0] != "#":
                self._content[index] = (index, len(line) - len(content), content.rstrip(" "))
                following = index
            self._next[index] = following

    def next_content(self) -> tuple[int, int, str] | None:
        """(index, indent, content) of the next line that is not blank or a comment."""
        self.at = self._next[min(self.at, len(self.raw))]
        return self._content[self.at]


def read(text: str) -> list[Document] | None:
    """The documents of `text`, or None when the full YAML reader must read it."""
    if _ODD.search(text) or "\t" in text:
        return None
    try:
        return _documents(_Lines(text))
    except (_Unsupported, YamlError, RecursionError):
        return None


def _documents(lines: _Lines) -> list[Document]:
    docs = []
    while (found := lines.next_content()) is not None:
        index, indent, content = found
        if content == "---":
            lines.at += 1
            following = lines.next_content()
            if indent or following is None or following[2] == "---":
                raise _Unsupported  # an empty document is a null one: the full reader says so
            continue
        if indent or content.startswith(("...", "%")):
            raise _Unsupported
        value = _block(lines, 0, 0)
        if not isinstance(value, dict | list):
            raise _Unsupported
        docs.append(Document(value, index + 1, None))
        after = lines.next_content()
        if after is not None and after[2] != "---":
            raise _Unsupported
    return docs


def _block(lines: _Lines, indent: int, depth: int) -> Any:
    """The mapping or sequence whose lines start at `indent`, from the cursor on."""
    if depth > MAX_DEPTH:
        raise _Unsupported
    found = lines.next_content()
    assert found is not None
    if found[2] == "-" or found[2].startswith("- "):
        return _sequence(lines, indent, depth)
    return _mapping(lines, indent, depth, None)


def _mapping(lines: _Lines, indent: int, depth: int, first: str | None) -> dict[str, Any]:
    """A mapping at `indent`; `first` is its first line's text when it follows a `- `."""
    result: dict[str, Any] = {}
    while True:
        if first is None:
            found = lines.next_content()
            if found is None or found[1] < indent or found[2] == "---":
                return result
            index, at, content = found
            if at > indent or content == "-" or content.startswith("- "):
                raise _Unsupported
        else:
            index, content, first = lines.at, first, None
        key, rest = _split(content)
        if key in result:
            raise _Unsupported
        lines.at = index + 1
        result[key] = _value(lines, indent, depth, rest, index + 1)


def _sequence(lines: _Lines, indent: int, depth: int) -> list[Any]:
    result: list[Any] = []
    while (found := lines.next_content()) is not None:
        index, at, content = found
        if at > indent:
            raise _Unsupported
        if at < indent or not (content == "-" or content.startswith("- ")):
            break
        item = content[2:].lstrip(" ")
        if not item:
            lines.at = index + 1
            result.append(_child(lines, indent, depth, allow_same=False))
        elif _looks_like_key(item):
            column = indent + len(content) - len(item)
            result.append(_mapping(lines, column, depth + 1, item))
        else:
            lines.at = index + 1
            result.append(_scalar(item, index + 1))
    return result


def _looks_like_key(text: str) -> bool:
    return ": " in text or text.endswith(":")


def _split(content: str) -> tuple[str, str]:
    """`key: rest` into its key and the rest (perhaps empty)."""
    if content.endswith(":"):
        key, rest = content[:-1], ""
    else:
        key, sep, rest = content.partition(": ")
        if not sep:
            raise _Unsupported
    if key not in _KEYS:
        if not _KEY.fullmatch(key) or key != key.strip():
            raise _Unsupported
        _remember(_KEYS, key, key)
    return key, rest.lstrip(" ")


def _value(lines: _Lines, indent: int, depth: int, rest: str, line: int) -> Any:
    if rest in _BLOCK:
        return _literal(lines, indent, _BLOCK[rest])
    if not rest or rest.startswith("#"):
        return _child(lines, indent, depth, allow_same=True)
    return _scalar(rest, line)


def _child(lines: _Lines, indent: int, depth: int, allow_same: bool) -> Any:
    """What an empty `key:` (or `-`) holds: a deeper block, a sequence at the same indent
    (`key:` then `- item`, when `allow_same`), or nothing (null)."""
    found = lines.next_content()
    if found is None or found[1] < indent:
        return None
    _, at, content = found
    if at > indent:
        return _block(lines, at, depth + 1)
    if allow_same and (content == "-" or content.startswith("- ")):
        return _sequence(lines, at, depth + 1)
    return None


def _scalar(text: str, line: int) -> Any:
    """A scalar on one line: single-quoted, `[]`, `{}`, or plain (typed like the full reader)."""
    if text.startswith("'"):
        return _quoted(text)
    if text in ("[]", "{}"):
        return [] if text == "[]" else {}
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment].rstrip(" ")
    if (
        (text[0] in _INDICATORS and not (text[0] in "-?:" and len(text) > 1 and text[1] != " "))
        or ": " in text
        or text.endswith(":")
    ):
        raise _Unsupported
    value = _PLAIN.get(text, _MISSING)
    if value is _MISSING:
        value = plain_scalar(text, line)
        _remember(_PLAIN, text, value)
    return value


def _remember(memo: dict[str, Any], key: str, value: Any) -> None:
    """Keep what was worked out for text that recurs (keys, dates, ids); values are
    immutable, so records may share them."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value


def _quoted(text: str) -> str:
    end = 1
    while True:
        end = text.find("'", end)
        if end < 0:
            raise _Unsupported
        if text[end + 1 : end + 2] == "'":
            end += 2
            continue
        break
    after = text[end + 1 :].lstrip(" ")
    if after and not after.startswith("#"):
        raise _Unsupported
    return text[1:end].replace("''", "'")


def _literal(lines: _Lines, indent: int, chomping: str) -> str:
    """The text of a `|` block: lines indented deeper than its key, blank lines kept."""
    body: list[str] = []
    block = -1
    raw = lines.raw
    while lines.at < len(raw):
        line = raw[lines.at]
        content = line.lstrip(" ")
        width = len(line) - len(content)
        if not content:
            if width:
                raise _Unsupported  # a line of spaces: content or not, depending on width
            body.append("")
        elif width <= indent or (block >= 0 and width < block):
            break
        else:
            block = width if block < 0 else block
            body.append(line[block:])
        lines.at += 1
    while body and not body[-1]:
        body.pop()
    if block < 0:
        raise _Unsupported
    text = "\n".join(body)
    return text + "\n" if chomping == "clip" else text
