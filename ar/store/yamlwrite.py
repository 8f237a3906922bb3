"""Round-trip YAML for the few files a command rewrites: comments and layout survive.

Numbers load as Decimal from their text and are written back from it, so `12.50` stays
`12.50`; new values are written canonically (two-space indent, ISO dates, plain decimals).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

_HEADER = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*(?=---)")


def _represent_decimal(representer: RoundTripRepresenter, value: Decimal) -> ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    node: ScalarNode = representer.represent_scalar(tag, text)
    return node


def _construct_decimal(constructor: RoundTripConstructor, node: ScalarNode) -> Any:
    try:
        return Decimal(node.value)
    except InvalidOperation:
        return constructor.construct_yaml_float(node)


def _represent_str(representer: RoundTripRepresenter, value: str) -> ScalarNode:
    if "\n" in value:
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return representer.represent_str(value)  # type: ignore[no-any-return]


def _ignore_aliases(data: Any) -> bool:
    """No anchors for values that merely repeat (one date on two events); a person's stay."""
    anchor = getattr(data, "anchor", None)
    return getattr(anchor, "value", None) is None


def round_trip() -> YAML:
    """A ruamel YAML configured for arl's canonical layout."""
    yaml = YAML(typ="rt")
    yaml.representer.ignore_aliases = _ignore_aliases
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.add_representer(Decimal, _represent_decimal)
    yaml.representer.add_representer(str, _represent_str)
    yaml.constructor.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
    return yaml


def load_stream(text: str) -> tuple[str, list[Any]]:
    """The comment header before a leading `---` (kept verbatim) and the documents."""
    match = _HEADER.match(text)
    header = match.group(0) if match else ""
    return header, list(round_trip().load_all(text[len(header) :]))


def dump_stream(header: str, docs: list[Any], explicit: bool) -> str:
    """Documents back to text; `explicit` starts every document with `---`."""
    yaml = round_trip()
    yaml.explicit_start = explicit or len(docs) > 1
    out = io.StringIO()
    yaml.dump_all(docs, out)
    return header + out.getvalue()


def dump_one(data: Any) -> str:
    out = io.StringIO()
    round_trip().dump(data, out)
    return out.getvalue()
