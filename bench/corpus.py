"""A deterministic scale corpus: real Vietnamese sentences and paragraphs, recombined.

Paragraphs, article headings and titles are drawn from ``content/*.md`` and, when present,
``../shared/corpus/laws/**/*.md``; a seeded generator recombines them into law, guidance, workshop
and news documents with realistic lengths, dates, tags and places, until the requested number of
passages (as :func:`search.passages.split_passages` cuts them) is reached.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from kb.documents.content import Document
from search.passages import split_passages

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"

_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_ARTICLE = re.compile(r"^#{1,6}\s+Điều\s+\d+[a-zđ]?\.\s*(.*)$")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ])")
_META_LINE = re.compile(r"^- (Số hiệu|Ngày ban hành|Cơ quan ban hành|Nguồn|Ghi chú):")
KIND_WEIGHTS = {"law": 0.25, "guidance": 0.2, "workshop": 0.2, "news": 0.35}


@dataclass
class Material:
    paragraphs: list[str] = field(default_factory=list)  # prose paragraphs (news, workshops, guides)
    clauses: list[str] = field(default_factory=list)  # paragraphs from legal articles
    sentences: list[str] = field(default_factory=list)
    article_titles: list[str] = field(default_factory=list)  # "Quyền của trẻ em"
    headings: list[str] = field(default_factory=list)  # other section headings
    titles: list[str] = field(default_factory=list)
    law_titles: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _blocks(body: str):
    """(heading or None, paragraph) pairs of a Markdown body, comments and meta lines dropped."""
    heading = None
    for block in re.split(r"\n\s*\n", re.sub(r"<!--.*?-->", "", body, flags=re.S)):
        block = block.strip()
        if not block:
            continue
        first = block.splitlines()[0]
        if _HEADING.match(first):
            heading = first
            rest = "\n".join(block.splitlines()[1:]).strip()
            if rest:
                yield heading, rest
            continue
        if _META_LINE.match(first) or block.startswith("# "):
            continue
        yield heading, block


def load_material(content_dir: Path = PROJECT / "content", shared: Path = SHARED) -> Material:
    m = Material()
    files = [(p, "content") for p in sorted(content_dir.glob("*.md")) if p.name != "README.md"]
    laws = shared / "corpus" / "laws"
    if laws.is_dir():
        files += [(p, "shared") for p in sorted(laws.rglob("*.md"))]
    for path, origin in files:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        title = str(post.metadata.get("title") or "")
        if origin == "shared":
            first = post.content.lstrip().splitlines()[0] if post.content.strip() else ""
            title = first.split("—", 1)[-1].strip() if first.startswith("# ") else ""
        legal = origin == "shared" or post.metadata.get("kind") == "law"
        if title:
            (m.law_titles if legal else m.titles).append(title)
        m.tags += [str(t) for t in post.metadata.get("tags") or []]
        m.places += [str(t) for t in post.metadata.get("places") or []]
        m.organizations += [str(t) for t in post.metadata.get("organizations") or []]
        for heading, para in _blocks(post.content):
            if heading:
                art = _ARTICLE.match(heading)
                if art and art[1]:
                    m.article_titles.append(art[1].strip())
                elif not art:
                    m.headings.append(_HEADING.match(heading)[1].strip())
            (m.clauses if legal and heading and _ARTICLE.match(heading) else m.paragraphs).append(para)
            if len(para) > 40:
                m.sentences += [s for s in _SENTENCE.split(para.replace("\n", " ")) if len(s) > 25]
    taxonomy = content_dir / "taxonomy.yml"
    if taxonomy.exists():
        data = yaml.safe_load(taxonomy.read_text(encoding="utf-8")) or {}
        m.tags += [t["slug"] for t in data.get("topics", []) if isinstance(t, dict) and t.get("slug")]
    for attr in ("paragraphs", "clauses", "sentences", "article_titles", "headings", "titles",
                 "law_titles", "tags", "places", "organizations"):
        setattr(m, attr, list(dict.fromkeys(getattr(m, attr))))  # deterministic de-duplication
    # Few prose headings exist in the bundled content: short article titles serve as section names.
    m.headings = [h for h in m.headings + m.article_titles if len(h) < 70] or ["Nội dung"]
    m.places = m.places or ["Hà Nội"]
    m.organizations = m.organizations or ["Cục Trẻ em"]
    m.tags = m.tags or ["quyen-tre-em"]
    m.titles = m.titles or m.law_titles
    m.clauses = m.clauses or m.paragraphs
    m.sources = ["content/" if not laws.is_dir() else "content/ + shared/corpus/laws/"]
    return m


_LAW_TYPES = [("Luật", "QH", 0.15), ("Nghị định", "NĐ-CP", 0.3), ("Thông tư", "TT-BLĐTBXH", 0.35),
              ("Quyết định", "QĐ-TTg", 0.2)]


class CorpusBuilder:
    def __init__(self, material: Material, seed: int = 20161):
        self.m = material
        self.rng = random.Random(seed)

    def _para(self, pool: list[str]) -> str:
        rng = self.rng
        if rng.random() < 0.7 or len(self.m.sentences) < 10:
            return rng.choice(pool)
        return " ".join(rng.choice(self.m.sentences) for _ in range(rng.randint(2, 6)))

    def _date(self) -> str:
        rng = self.rng
        year = rng.randint(2004, 2025)
        r = rng.random()
        if r < 0.8:
            return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return f"{year}-{rng.randint(1, 12):02d}" if r < 0.9 else (str(year) if r < 0.97 else "")

    def document(self, n: int) -> Document:
        rng, m = self.rng, self.m
        kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        date = self._date()
        tags = rng.sample(m.tags, k=min(len(m.tags), rng.choice([0, 1, 1, 2, 2, 3])))
        places = rng.sample(m.places, k=min(len(m.places), rng.choice([0, 0, 1, 1, 2, 4])))
        orgs = rng.sample(m.organizations, k=min(len(m.organizations), rng.choice([0, 1, 2])))
        extra: dict = {}
        if kind == "law":
            name, code, _ = rng.choices(_LAW_TYPES, weights=[t[2] for t in _LAW_TYPES])[0]
            year = date[:4] or str(rng.randint(2004, 2025))
            number = f"{rng.randint(1, 199)}/{year}/{code}"
            subject = rng.choice(m.law_titles) if m.law_titles else rng.choice(m.titles)
            title = f"{name} {subject}" if not subject.startswith(name) else subject
            parts, article = [], 0
            for chapter in range(1, rng.choice([1, 2, 3, 4, 6]) + 1):
                parts.append(f"## Chương {chapter}. {rng.choice(m.headings).upper()}")
                for _ in range(max(1, int(rng.lognormvariate(1.6, 0.7)))):
                    article += 1
                    parts.append(f"#### Điều {article}. {rng.choice(m.article_titles or m.headings)}")
                    parts += [self._para(m.clauses) for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 6]))]
            body = "\n\n".join(parts)
            extra = {"number": number, "issuer": rng.choice(["Quốc hội", "Chính phủ", "Bộ Lao động - Thương binh và Xã hội", "Thủ tướng Chính phủ"]),
                     "issued": date}
        else:
            title = rng.choice(m.titles)
            if rng.random() < 0.6:
                title = f"{title} ({rng.choice(m.places)})" if rng.random() < 0.5 else f"{title} {date[:4]}".strip()
            parts = [self._para(m.paragraphs) for _ in range(rng.randint(1, 3))]
            sections = {"guidance": (2, 9), "workshop": (0, 3), "news": (0, 1)}[kind]
            for _ in range(rng.randint(*sections)):
                parts.append(f"## {rng.choice(m.headings)}")
                parts += [self._para(m.paragraphs) for _ in range(rng.randint(1, 4))]
            body = "\n\n".join(parts)
        return Document(id=f"bench-{n:06d}", title=title[:200], kind=kind, date=date, tags=tags,
                        places=places, organizations=orgs, language="vi",
                        source={"publisher": rng.choice(m.organizations)}, body=body, **extra)

    def build(self, passages: int):
        """Yield documents until they hold at least ``passages`` passages in all."""
        total = n = 0
        while total < passages:
            doc = self.document(n)
            n += 1
            total += len(split_passages(doc.body)) or 1
            yield doc


def write_corpus(directory: Path, passages: int, seed: int = 20161,
                 material: Material | None = None) -> dict:
    """Write the corpus as content documents into ``directory``; returns counts."""
    material = material or load_material()
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("dictionary.yml",):
        src = PROJECT / "content" / name
        if src.exists():
            (directory / name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    docs = total = 0
    kinds: dict[str, int] = {}
    for doc in CorpusBuilder(material, seed).build(passages):
        (directory / f"{doc.id}.md").write_text(doc.to_markdown(), encoding="utf-8")
        docs += 1
        total += len(split_passages(doc.body)) or 1
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    return {"documents": docs, "passages": total, "kinds": kinds, "sources": material.sources[0]}
