"""A small, safe XML tree that remembers the line of every element.

Bank statements come from outside: the parser refuses DTDs, entity definitions and
external references (defusedxml), so an entity-expansion bomb or a file-stealing
external entity cannot reach arl. Namespaces are dropped from tag names, since every
version of a format (camt.053.001.02 ... .13) uses its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl, Locator

import defusedxml
import defusedxml.sax

from ar.errors import ArlError


@dataclass
class Node:
    tag: str
    prefix: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def all(self, path: str) -> Iterator[Node]:
        """Every element at a slash-separated path of local names below this one."""
        step, _, rest = path.partition("/")
        for child in self.children:
            if child.tag == step:
                if rest:
                    yield from child.all(rest)
                else:
                    yield child

    def first(self, *paths: str) -> Node | None:
        """The first element found at any of the paths, tried in order."""
        for path in paths:
            for node in self.all(path):
                return node
        return None

    def namespace(self) -> str:
        """The namespace URI this element's prefix stands for, if declared on it."""
        return self.attrs.get(f"xmlns:{self.prefix}" if self.prefix else "xmlns", "")

    def text_of(self, *paths: str) -> str:
        node = self.first(*paths)
        return node.text.strip() if node else ""


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        prefix, _, local = name.rpartition(":")
        line = (self.locator.getLineNumber() or 0) if self.locator else 0
        node = Node(local, prefix, line, {k: attrs[k] for k in attrs.getNames()})
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text += content


def parse_xml(data: bytes, name: str) -> Node:
    """The document's root element; malformed or unsafe XML is an error naming the line."""
    builder = _Builder()
    try:
        defusedxml.sax.parseString(data, builder, forbid_dtd=True)
    except SAXParseException as exc:
        raise ArlError(
            f"{name}:{exc.getLineNumber()}: not well-formed XML ({exc.getMessage()})",
            "is the file complete? ask the bank for the statement again",
        ) from None
    except defusedxml.DefusedXmlException as exc:
        raise ArlError(
            f"{name}: refused: {type(exc).__name__}", "a bank statement has no DTD or entities"
        ) from None
    if builder.root is None:
        raise ArlError(f"{name}: empty XML document")
    return builder.root
