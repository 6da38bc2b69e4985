"""A law read from Word, with Word's own automatic numbering, has the structure and anchors of the
same law read from Markdown (../shared/corpus/laws)."""
from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ingest.pipeline import ingest_bytes
from tests.conftest import CORPUS
from tests.ingest.site_structure import site_anchors, site_units

LAW = CORPUS / "laws" / "nuoi-con-nuoi" / "52-2010-QH12.md"
LATIN = "abcdefghijklmnopqrstuvwxyz"
_CLAUSE = re.compile(r"^(\d+)\.\s+(.*)$")
_POINT = re.compile(r"^([a-zđ])\)\s+(.*)$")


def _numbering(document) -> tuple:
    """Add Word's definition of a law's lists: level 0 "1.", level 1 "a)"; returns a factory of
    new lists (w:num) that restart at 1, one per article, as Word does with "Restart numbering"."""
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        '</w:abstractNum>'))
    counter = iter(range(100, 10000))

    def new_list() -> str:
        num_id = str(next(counter))
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return num_id
    return new_list


def _numbered(paragraph, num_id: str, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def law_as_docx(markdown: str) -> bytes:
    """The law as a drafter's Word file: title, Chương / Điều lines in bold, clauses and points in
    Word lists (points after "d)" typed by hand, since Word's letters skip "đ")."""
    document = docx.Document()
    new_list = _numbering(document)
    num_id, points = "", 0
    for line in markdown.split("\n"):
        line = line.strip()
        if not line or line.startswith("<!--") or line.startswith("- "):
            continue
        if line.startswith("# "):
            document.add_paragraph(line[2:].split(" — ", 1)[-1], style="Title")
        elif line.startswith("#"):
            document.add_paragraph().add_run(line.lstrip("# ")).bold = True
            num_id = new_list()
        elif clause := _CLAUSE.match(line):
            _numbered(document.add_paragraph(clause[2]), num_id, 0)
            points = 0
        elif (point := _POINT.match(line)) and point[1] == LATIN[points:points + 1]:
            _numbered(document.add_paragraph(point[2]), num_id, 1)
            points += 1
        else:
            document.add_paragraph(line)
            points = 99 if _POINT.match(line) else points
            if line.lstrip('"“').startswith("Điều "):  # a quoted article: its clauses restart
                num_id = new_list()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def drafts():
    markdown = LAW.read_text(encoding="utf-8")
    return ingest_bytes(markdown.encode(), LAW.name), ingest_bytes(law_as_docx(markdown), "luat-nuoi-con-nuoi.docx")


def test_the_docx_uses_word_numbering_for_clauses_and_points():
    data = law_as_docx(LAW.read_text(encoding="utf-8"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "\n1. " not in text and "\na) " not in text  # the labels are Word's, not typed


def _before_quoted_amendments(anchors_or_units: list) -> list:
    """The units before the first article quoted inside an amendment (Điều 43 quotes Điều 15.5.TT.2
    of another text): up to there a docx and its Markdown agree unit by unit."""
    anchors = [u[0] if isinstance(u, tuple) else u for u in anchors_or_units]
    return anchors_or_units[:anchors.index("dieu-43-khoan-4") + 1]


def test_law_from_docx_has_the_anchors_of_the_law_from_markdown(drafts):
    from_markdown, from_docx = (site_anchors(d.body) for d in drafts)
    assert len(from_markdown) > 200
    assert "dieu-5-khoan-1-diem-dd" in from_markdown
    assert len(_before_quoted_amendments(from_markdown)) > 200
    assert _before_quoted_amendments(from_docx) == _before_quoted_amendments(from_markdown)


def test_law_from_docx_has_the_headings_and_clauses_of_the_law_from_markdown(drafts):
    def units(draft):  # anchors with the headings, and the first words of each clause and point
        return [(anchor, text[:60]) for anchor, text in site_units(draft.body)]
    from_markdown, from_docx = map(units, drafts)
    assert _before_quoted_amendments(from_docx) == _before_quoted_amendments(from_markdown)


@pytest.mark.xfail(strict=True, reason="articles quoted inside an amendment (\"Điều 15.5.TT.2. 10a.\", "
                   "\"Điều 109.\") are headings in the docx, Word's heading style, and text in the Markdown")
def test_law_from_docx_has_all_the_anchors_of_the_law_from_markdown(drafts):
    from_markdown, from_docx = (site_anchors(d.body) for d in drafts)
    assert from_docx == from_markdown
