"""Bringing a round-trip YAML document in line with a changed record, touching only what changed.

A command decides a new version of a record; the file is edited by comparing the old and
new record (as plain mappings) and changing just those keys and list items in the
document a person may have written by hand. Everything else, comments, blank lines, key
order and number spelling included, stays as it was.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq


def sync_document(node: CommentedMap, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Change `node` (which holds `old`) so that it holds `new`."""
    for key in [k for k in old if k not in new]:
        if key in node:
            del node[key]
    for key, value in new.items():
        if key in old and old[key] == value and key in node:
            continue
        current = node.get(key)
        if isinstance(value, dict) and isinstance(current, CommentedMap):
            sync_document(current, old.get(key) or {}, value)
        elif isinstance(value, list) and isinstance(current, CommentedSeq):
            sync_sequence(current, old.get(key) or [], value)
        elif key in node:
            node[key] = to_node(value)
        else:
            node.insert(_position(node, key, list(new)), key, to_node(value))


def sync_sequence(node: CommentedSeq, old: list[Any], new: list[Any]) -> None:
    """Insert, delete or edit list items where `new` differs from `old`; others untouched."""
    if len(node) != len(old):
        node[:] = [to_node(item) for item in new]
        return
    matcher = difflib.SequenceMatcher(a=[_key(i) for i in old], b=[_key(i) for i in new])
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                _replace_item(node, i1 + offset, old[i1 + offset], new[j1 + offset])
            continue
        for index in reversed(range(i1, i2)):
            del node[index]
        for offset, item in enumerate(new[j1:j2]):
            node.insert(i1 + offset, to_node(item))


def _replace_item(node: CommentedSeq, index: int, old: Any, new: Any) -> None:
    if isinstance(old, dict) and isinstance(new, dict) and isinstance(node[index], CommentedMap):
        sync_document(node[index], old, new)
    else:
        node[index] = to_node(new)


def to_node(value: Any) -> Any:
    """A plain value as ruamel writes it in block style."""
    if isinstance(value, dict):
        return CommentedMap((k, to_node(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(to_node(v) for v in value)
    return value


def _position(node: CommentedMap, key: str, order: list[str]) -> int:
    """Where a new key goes: after the last existing key that comes before it in `order`."""
    before = order[: order.index(key)]
    existing = list(node)
    places = [existing.index(k) + 1 for k in before if k in node]
    return max(places, default=0)


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, default=str)
