"""OPML import and export of the followed feeds. Reading goes through defusedxml: a document
that declares entities (the "billion laughs" bomb) or points at external ones is refused, never
expanded or fetched."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException


class OpmlUnreadable(ValueError):
    """The file is not OPML crosswire reads; the message says why."""


@dataclass(frozen=True)
class Outline:
    url: str
    title: str | None = None


def read_opml(data: bytes, source: str) -> list[Outline]:
    """Every outline with an ``xmlUrl`` (at any depth: folders are flattened), in order."""
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=False)
    except DefusedXmlException as error:
        raise OpmlUnreadable(
            f"{source} declares XML entities ({type(error).__name__}); refused, not expanded"
        ) from None
    except ElementTree.ParseError as error:
        raise OpmlUnreadable(f"{source} is not well-formed XML ({error})") from None
    if root.tag != "opml":
        raise OpmlUnreadable(f"{source} is XML but not OPML (its root is <{root.tag}>)")
    found: dict[str, Outline] = {}
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or "").strip()
        if url:
            title = node.get("title") or node.get("text")
            found.setdefault(url, Outline(url, title.strip() if title else None))
    return list(found.values())


def write_opml(outlines: list[Outline], title: str = "crosswire feeds") -> bytes:
    """An OPML 2.0 document listing ``outlines`` (escaped by ElementTree)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(root, "body")
    for outline in outlines:
        name = outline.title or outline.url
        ElementTree.SubElement(
            body, "outline", type="rss", text=name, title=name, xmlUrl=outline.url
        )
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
