"""Relations between legal texts, read from a document's own title and text.

A decree says what it does to other texts in a few set phrases, and :func:`extract_relations`
turns them into the ``relations:`` front matter (content/README.md):

* ``based_on`` — the "Căn cứ ..." lines of the preamble;
* ``guides`` — "quy định chi tiết / hướng dẫn (thi hành) ... Luật X" in the title or in a sentence
  whose subject is the document itself ("Nghị định này quy định chi tiết ...");
* ``amends`` — "sửa đổi, bổ sung (Điều 109 của) ... Thông tư số N", in the title or the text;
* ``replaces`` — "... này thay thế Thông tư số N", "Nghị định số N hết hiệu lực kể từ ngày Nghị
  định này có hiệu lực";
* ``repeals`` — "Bãi bỏ (khoản 2, khoản 3 Điều 2) Thông tư số N".

Each relation names the other text by its number or, when the text gives none ("Luật trẻ em"), by
its title, and lists the articles it touches when the text names them ("khoản 2 Điều 2"). Only the
forward direction is stored; "guided by", "amended by"... are derived by the knowledge base from
every document it holds. Compendium notes in parentheses ("(Điều 3 ... được sửa đổi bởi ...)")
describe other texts and are skipped, as are conditional sentences ("Trường hợp các văn bản dẫn
chiếu ... được thay thế ...") and instructions to replace something later ("... để thay thế ...").
"""
from __future__ import annotations

import re
import unicodedata

from ingest.legal import Reference, find_references

RELATION_TYPES = ("based_on", "guides", "amends", "replaces", "repeals")
MAX_RELATIONS = 60
_MAX_RANGE = 200  # "từ Điều 25 đến Điều 28" expands to each article; a typo must not make thousands

_SELF = r"(?:Luật|Pháp lệnh|Nghị định|Thông tư(?: liên tịch)?|Quyết định|Nghị quyết|Chỉ thị)\s+này"
_GUIDES = re.compile(r"(?:quy định chi tiết|hướng dẫn)", re.IGNORECASE)
_AMENDS = re.compile(r"sửa đổi(?:,?\s*bổ sung)?|bổ sung", re.IGNORECASE)
_REPEALS = re.compile(r"(?:^|[\s;:.])bãi bỏ\b", re.IGNORECASE)
_DOC_WORD = r"(?:Luật|Pháp lệnh|Nghị định|Thông tư|Quyết định|Nghị quyết|Chỉ thị|Điều|khoản|Chương|các)"
_REPLACES = re.compile(_SELF + r"[^.;]*?\bthay thế\s+(?:cho\s+)?" + _DOC_WORD, re.IGNORECASE)
_EXPIRES = re.compile(r"hết hiệu lực(?: thi hành)?(?: kể)? từ (?:ngày|khi) " + _SELF, re.IGNORECASE)
_SELF_GUIDES = re.compile(_SELF + r"\s+(?:quy định chi tiết|hướng dẫn)", re.IGNORECASE)
_CONDITIONAL = re.compile(r"^\W*(?:trường hợp|trong trường hợp|khi|nếu)\b|để thay thế|đề nghị", re.IGNORECASE)
_BASIS = re.compile(r"^\W*căn cứ\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=\.)\s+(?=[^\W\d_])")
_STARTS_REPEALS = re.compile(r"^\W*(?:\d+\.\s*)?Bãi bỏ\b", re.IGNORECASE)
_STARTS_AMENDS = re.compile(r"^\W*(?:\d+\.\s*)?(?:Sửa đổi|Bổ sung)\b", re.IGNORECASE)
_LIST_GAP = re.compile(r"(?:\bvà|,)\s*$")
_ARTICLE_LINE = re.compile(r"^(?:#+\s*)?(?:\*\*)?Điều\s+(?P<number>\d+[a-zđ]?)(?:\.[\w.]+)?\.", re.IGNORECASE)
_FOREIGN_NOTE = re.compile(r"^\((?:Điều|Khoản|Chương|Mục)\s+\d+\w*\s+(?:của\s+)?[^,()]*?số\s+(?P<number>[^\s,()]+)")
_CLAUSES = re.compile(r"(?:các\s+)?khoản\s+(?P<clauses>\d+(?:\s*(?:,|và)\s*(?:khoản\s+)?\d+)*)\s+(?:của\s+)?"
                      r"Điều\s+(?P<article>\d+[a-zđ]?)\b", re.IGNORECASE)
_RANGE = re.compile(r"từ\s+Điều\s+(?P<first>\d+)\s+đến\s+Điều\s+(?P<last>\d+)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"Điều\s+(?P<article>\d+[a-zđ]?)\b", re.IGNORECASE)
_PART = re.compile(r"\b(?P<unit>Chương|Mục|Phần|Mẫu số)\s+(?P<number>[IVXLC]+\b|\d+\w*)", re.IGNORECASE)


def _articles(text: str) -> list[str]:
    """The articles and clauses ``text`` names, as citations: "khoản 2, khoản 3 Điều 2" gives
    ``["khoản 2 Điều 2", "khoản 3 Điều 2"]``; "từ Điều 25 đến Điều 28" each of the four.

    >>> _articles("các khoản 8, 9 của Điều 2 và Điều 105")
    ['khoản 8 Điều 2', 'khoản 9 Điều 2', 'Điều 105']
    """
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _CLAUSES.finditer(text):
        for clause in re.findall(r"\d+", match["clauses"]):
            found.append((match.start(), f"khoản {clause} Điều {match['article']}"))
        taken.append(match.span())
    for match in _RANGE.finditer(text):
        first, last = int(match["first"]), int(match["last"])
        if first <= last <= first + _MAX_RANGE:
            found += [(match.start(), f"Điều {n}") for n in range(first, last + 1)]
            taken.append(match.span())
    for match in _ARTICLE.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            found.append((match.start(), f"Điều {match['article']}"))
    found += [(match.start(), f"{match['unit'].capitalize()} {match['number']}") for match in _PART.finditer(text)]
    return list(dict.fromkeys(article for _, article in sorted(found, key=lambda f: f[0])))


def _target(ref: Reference) -> dict:
    """How a relation names the other text: its number, else its title ("Luật Trẻ em")."""
    if ref.number:
        return {"number": ref.number}
    title = ref.title[0].upper() + ref.title[1:]
    return {"title": title, **({"year": ref.year} if ref.year else {})}


def _listed(text: str) -> list[tuple[Reference, str]]:
    """The documents a sentence lists, each with the text before it (where the articles it
    touches are named). A document cited inside another's description ("Nghị định số 07/2007
    ... hướng dẫn thi hành một số điều của Luật Trợ giúp pháp lý") is not listed: after the
    first document of a ``;``-separated part, only one that follows "và" or a comma is."""
    listed = []
    for part in text.split(";"):
        previous_end, first = 0, True
        for ref in find_references(part):
            if ref.this_document or not (ref.number or ref.title) or not ref.doc_type:
                continue
            before = part[previous_end:ref.start]
            if first or _LIST_GAP.search(before):
                listed.append((ref, before))
            first, previous_end = False, ref.end
    return listed


def _relation(kind: str, ref: Reference, before: str) -> dict:
    relation = {"type": kind, **_target(ref)}
    articles = _articles(before + " " + ref.text) if kind != "based_on" else []
    if articles:
        relation["articles"] = articles
    return relation


def _from_title(title: str, own_number: str) -> list[dict]:
    """The relation a title states with its main verb: "Sửa đổi, bổ sung một số điều của Thông
    tư số N ...", "Quy định chi tiết ... Luật X", "Hướng dẫn khoản 1 ... Nghị định số N"."""
    verbs = sorted([(m.start(), "amends") for m in _AMENDS.finditer(title)]
                   + [(m.start(), "guides") for m in _GUIDES.finditer(title)]
                   + [(m.start(), "repeals") for m in _REPEALS.finditer(title)])
    if own_number:
        title = title.replace(own_number, " " * len(own_number))
    refs = _listed(title)  # the texts a title lists are its objects; the others describe them
    if not verbs or not refs or verbs[0][0] > refs[0][0].start:
        return []
    start, kind = verbs[0]
    return [_relation(kind, ref, before if ref is not refs[0][0] else title[start:ref.start])
            for ref, before in refs]


def _sentences(body: str, own_number: str):
    """(sentence, the article it stands in, "" in the preamble) of the body, without headings, HTML comments, compendium
    notes, and the articles of other texts that a compendium page embeds (after a note
    "(Điều 17 Thông tư liên tịch số 25/2013/TTLT-BYT-BTC, ...)", up to the next article)."""
    article, foreign = "", False
    for line in body.split("\n"):
        stripped = line.strip()
        if heading := _ARTICLE_LINE.match(stripped):
            article, foreign = f"Điều {heading['number']}", False
        if not stripped or stripped.startswith(("<!--", "#", "|")) or _ARTICLE_LINE.match(stripped):
            continue
        if stripped.startswith("("):
            note = _FOREIGN_NOTE.match(stripped)
            foreign = foreign or bool(note and note["number"] != own_number)
            continue
        if not foreign:
            yield from ((s, article) for s in _SENTENCE.split(stripped) if s.strip())


def _sentence_relations(sentence: str, article: str) -> list[dict]:
    """Relations one sentence of the body states; ``provision``: the article that states them."""
    if _BASIS.match(sentence):
        return [_relation("based_on", ref, "") for ref, _ in _listed(sentence)] if not article else []
    if _CONDITIONAL.search(sentence):
        return []
    if _SELF_GUIDES.search(sentence):
        kind = "guides"
        listed = _listed(sentence[_SELF_GUIDES.search(sentence).end():])[:1]
    elif _REPLACES.search(sentence) or _EXPIRES.search(sentence):
        kind, listed = "replaces", _listed(sentence)
    elif _STARTS_REPEALS.match(sentence):
        kind, listed = "repeals", _listed(sentence)
    elif _STARTS_AMENDS.match(sentence):
        kind, listed = "amends", _listed(sentence)[:1]
    else:
        return []
    return [{**_relation(kind, ref, before), "provision": article} if article else _relation(kind, ref, before)
            for ref, before in listed]


def extract_relations(title: str, body: str, own_number: str = "") -> list[dict]:
    """The relations a legal text states to other texts, once each (see the module docstring).

    >>> extract_relations("Thông tư 30/2019/TT-BYT sửa đổi, bổ sung một số điều của Thông tư số 34/2017/TT-BYT",
    ...                   "2. Bãi bỏ khoản 2, khoản 3 Điều 2 Thông tư số 34/2017/TT-BYT kể từ ngày Thông tư này có hiệu lực.",
    ...                   "30/2019/TT-BYT")
    [{'type': 'amends', 'number': '34/2017/TT-BYT'}, {'type': 'repeals', 'number': '34/2017/TT-BYT', 'articles': ['khoản 2 Điều 2', 'khoản 3 Điều 2']}]
    """
    title = unicodedata.normalize("NFC", title)
    body = unicodedata.normalize("NFC", body)
    found: dict[tuple, dict] = {}
    candidates = _from_title(title, own_number)
    for sentence, article in _sentences(body, own_number):
        candidates += _sentence_relations(sentence, article)
    for relation in candidates:
        if own_number and relation.get("number") == own_number:
            continue
        key = (relation["type"], relation.get("number") or relation.get("title", "").lower())
        if key in found:
            merged = found[key].get("articles", []) + relation.get("articles", [])
            if merged:
                found[key]["articles"] = list(dict.fromkeys(merged))
        else:
            found[key] = relation
    return list(found.values())[:MAX_RELATIONS]
