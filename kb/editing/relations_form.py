"""The editor's text form of a document's relations and validity override.

One relation per line: its type, the other text's number (or title), and after a colon the
articles it touches::

    amends 34/2017/TT-BYT
    repeals 34/2017/TT-BYT: khoản 2 Điều 2, khoản 3 Điều 2
    guides Luật Trẻ em
"""
from __future__ import annotations

import re

from search.legal_terms import VALIDITY_STATUSES
from ingest.relations import RELATION_TYPES

FIELDS = ("relations", "validity", "validity_reason")
_NUMBER = re.compile(r"^\d+(?:/\d{4})?/\S+$|^\d+-\S+/\S+$")


def relations_text(relations) -> str:
    """The form text of front-matter ``relations``."""
    lines = []
    for r in relations if isinstance(relations, list) else []:
        if isinstance(r, dict) and r.get("type"):
            articles = ", ".join(str(a) for a in r.get("articles") or [])
            lines.append(f"{r['type']} {r.get('number') or r.get('title') or ''}" + (f": {articles}" if articles else ""))
    return "\n".join(lines)


def parse_relations(text: str, stored=None) -> tuple[list[dict], list[str]]:
    """Front-matter ``relations`` from the form text, and the problems found (in Vietnamese).
    A relation left as it was keeps what the form does not show (the stating article)."""
    kept = {relations_text([r]): r for r in stored or [] if isinstance(r, dict)}
    relations, errors = [], []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line in kept:
            relations.append(kept[line])
            continue
        kind, _, rest = line.partition(" ")
        target, _, articles = rest.partition(":")
        target = target.strip()
        if kind not in RELATION_TYPES:
            errors.append(f"Quan hệ dòng {number}: «{kind}» không phải một loại quan hệ "
                          f"({', '.join(RELATION_TYPES)}).")
            continue
        if not target:
            errors.append(f"Quan hệ dòng {number}: thiếu số hiệu hoặc tên văn bản.")
            continue
        relation = {"type": kind, ("number" if _NUMBER.match(target) else "title"): target}
        listed = [a.strip() for a in articles.split(",") if a.strip()]
        if listed:
            relation["articles"] = listed
        relations.append(relation)
    return relations, errors


def validate_validity(values: dict) -> list[str]:
    """A problem with the validity override, if any."""
    if values.get("validity") and values["validity"] not in VALIDITY_STATUSES:
        return [f"Tình trạng hiệu lực phải là một trong: {', '.join(VALIDITY_STATUSES)}."]
    return []


def apply(meta: dict, values: dict, relations: list[dict]) -> None:
    """Put the form's relations and validity override into front matter ``meta``."""
    for key, value in (("relations", relations), ("validity", values.get("validity")),
                       ("validity_reason", values.get("validity_reason"))):
        if value:
            meta[key] = value
        else:
            meta.pop(key, None)
