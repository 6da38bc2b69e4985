"""The legal structure the site gives a document, for the legal-structure tests.

The site's parser is the ingester's (``ingest.legal_text.legal_markdown``: Chương / Mục / Điều
lines become Markdown headings, whose anchors come from ``search.passages``) followed by the
renderer (``kb.documents.render``: the clauses and points under an article). The tests check its
output, the ids of the page a reader opens, against the ground truth.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from kb.documents.render import render_markdown

_PARAGRAPH = re.compile(r"(?:^|-)p-\d+$")


def site_units(body: str) -> list[tuple[str, str]]:
    """``(anchor, text)`` of every heading, clause and point of a document body as the site renders
    it, in page order (paragraph anchors left out); the text without its ``#`` permalink."""
    soup = BeautifulSoup(render_markdown(body).html, "html.parser")
    units = []
    for element in soup.find_all(id=True):
        if _PARAGRAPH.search(element["id"]):
            continue
        for permalink in element.find_all("a", class_="pl"):
            permalink.decompose()
        units.append((element["id"], " ".join(element.get_text(" ").split())))
    return units


def site_anchors(body: str) -> list[str]:
    """The anchors of :func:`site_units`."""
    return [anchor for anchor, _ in site_units(body)]
