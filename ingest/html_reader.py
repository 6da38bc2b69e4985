"""Read a saved web page: keep the article, drop the site around it, write Markdown.

The main article is the block holding the most paragraph text (the readability heuristic), widened
to the ``<article>``, ``<main>`` or ``itemprop="articleBody"`` element around it, so that cards of
related news marked up as ``<article>`` do not win; without paragraphs, the longest ``<article>``,
else ``<main>``. Navigation, menus, header and footer, asides, forms, scripts, styles and
embedded objects are dropped everywhere; inside the article, blocks whose class or id names a
share bar, comments, related news, tags or an advert are dropped too. Headings, paragraphs, lists,
block quotes and tables become Markdown; links keep their text only and images are dropped, so
nothing executable or remote survives (the web layer sanitises again when rendering).
"""
from __future__ import annotations

import logging
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from ingest.cleaning import is_article_end, is_boilerplate
from ingest.markdown import markdown_table

log = logging.getLogger(__name__)

DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "form",
                "button", "input", "select", "textarea", "svg", "canvas", "video", "audio", "img", "picture",
                "nav", "header", "footer", "aside", "menu", "dialog", "link", "meta")
_SITE_PARTS = re.compile(r"share|social|comment|binh-?luan|related|lien-?quan|tin-?khac|breadcrumb|\bmenu|"
                         r"\bnav|sidebar|widget|banner|advert|\bads?\b|quang-?cao|\btags?\b|popup|cookie|"
                         r"newsletter|subscribe|author-box|rating", re.IGNORECASE)
_BLOCKS = {"p", "div", "section", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
           "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "tr", "td", "th", "br", "hr", "article", "main"}
_SPACES = re.compile(r"\s+")
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")


def _meta(soup: BeautifulSoup, *names: str) -> str:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and str(tag.get("content") or "").strip():
            return _SPACES.sub(" ", str(tag["content"])).strip()
    return ""


def _page_metadata(soup: BeautifulSoup) -> dict:
    """Title, source, authors and publication date that the page's head declares."""
    heading = soup.find("h1")
    title = (heading.get_text(" ", strip=True) if heading else "") or _meta(soup, "og:title")
    if not title and soup.title:  # "Hội thảo ... | GNI Việt Nam": the site's name goes
        title = _SITE_SUFFIX.sub("", soup.title.get_text(" ", strip=True))
    metadata: dict = {"title": _SPACES.sub(" ", title).strip()} if title.strip() else {}
    canonical = soup.find("link", rel="canonical")
    url = _meta(soup, "og:url") or (str(canonical.get("href") or "") if canonical else "")
    source = {k: v for k, v in {"url": url if url.startswith(("http://", "https://")) else "",
                                "publisher": _meta(soup, "og:site_name")}.items() if v}
    if source:
        metadata["source"] = source
    if author := _meta(soup, "author", "article:author"):
        metadata["authors"] = [author]
    if published := _meta(soup, "article:published_time", "pubdate", "date"):
        metadata["published"] = published[:10]
    return metadata


def _paragraph_score(candidate: Tag) -> int:
    return sum(len(p.get_text(" ", strip=True)) for p in candidate.find_all("p", recursive=False))


def main_content(soup: BeautifulSoup) -> Tag:
    """The element holding the article (see the module docstring).

    >>> html = "<body><div><p>Menu</p></div><div id='x'><p>" + "Trẻ em " * 30 + "</p><p>Hai</p></div></body>"
    >>> main_content(BeautifulSoup(html, "html.parser"))["id"]
    'x'
    """
    blocks = soup.find_all(["div", "section", "td", "article", "main", "body"])
    best = max(blocks, key=_paragraph_score, default=None)
    if best is not None and _paragraph_score(best) > 0:
        if best.name in ("article", "main"):
            return best
        # the block's <article> or <main> keeps its headings; cards of related news do not hold it
        return best.find_parent(["article", "main"]) or best.find_parent(attrs={"itemprop": "articleBody"}) or best
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda article: len(article.get_text(" ", strip=True)))
    return soup.find("main") or soup.body or soup


def _inline(node: Tag | NavigableString) -> str:
    """The text of an inline fragment, with bold and italics as Markdown."""
    if isinstance(node, PreformattedString):  # comments, CDATA, processing instructions
        return ""
    if isinstance(node, NavigableString):
        return str(node)
    text = "".join(_inline(child) for child in node.children)
    if node.name == "br":
        return "\n"
    mark = {"strong": "**", "b": "**", "em": "*", "i": "*"}.get(node.name)
    if mark and text.strip():  # spaces inside the tag go outside the Markdown marks
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        return f"{lead}{mark}{text.strip()}{mark}{trail}"
    return text


def _text(node: Tag) -> str:
    return _SPACES.sub(" ", _inline(node).replace("\n", " ")).strip()


def _table(table: Tag) -> str:
    return markdown_table([[_text(cell) for cell in row.find_all(["td", "th"])] for row in table.find_all("tr")])


def _blocks(node: Tag, out: list[str]) -> None:
    """Append the Markdown blocks of ``node`` to ``out``."""
    inline: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(inline)).strip()
        if text:
            out.append(text)
        inline.clear()

    for child in node.children:
        if isinstance(child, PreformattedString):  # comments, CDATA, processing instructions
            continue
        if isinstance(child, NavigableString):
            inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name not in _BLOCKS:
            inline.append(_inline(child))
            continue
        flush()
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _text(child).strip("* ")
            if text:
                out.append("#" * min(int(name[1]) + 1, 6) + " " + text)
        elif name in ("ul", "ol"):
            for number, item in enumerate(child.find_all("li", recursive=False), 1):
                text = _text(item)
                if text:
                    out.append(f"{number}. {text}" if name == "ol" else f"- {text}")
        elif name == "table":
            table = _table(child)
            if table:
                out.append(table)
        elif name == "blockquote":
            text = _text(child)
            if text:
                out.append(f"> {text}")
        elif name not in ("br", "hr"):
            _blocks(child, out)
    flush()


def html_to_markdown(html: str) -> tuple[str, dict]:
    """``(body, metadata)`` of a web page: its article as Markdown, and what its head declares.

    >>> body, meta = html_to_markdown("<html><head><title>Trang</title></head><body><nav>Trang chủ</nav>"
    ...     "<article><h1>Tập huấn thăm hộ</h1><p>Ngày 20/5/2020, <b>30 cán bộ</b> dự.</p>"
    ...     "<script>alert(1)</script><div class='share'>Chia sẻ</div></article></body></html>")
    >>> body, meta["title"]
    ('Ngày 20/5/2020, **30 cán bộ** dự.', 'Tập huấn thăm hộ')
    """
    soup = BeautifulSoup(html, "html.parser")
    metadata = _page_metadata(soup)
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    article = main_content(soup)
    for tag in article.find_all(True):
        if tag.decomposed:
            continue
        names = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
        if names.strip() and _SITE_PARTS.search(names):
            tag.decompose()
    blocks: list[str] = []
    _blocks(article, blocks)
    kept: list[str] = []
    title_key = str(metadata.get("title", "")).casefold()
    for block in blocks:
        plain = block.lstrip("#>-* ").strip()
        if is_article_end(plain):
            break
        if is_boilerplate(plain) or plain.casefold() == title_key:
            continue
        kept.append(block)
    log.debug("html: %d blocks kept of %d", len(kept), len(blocks))
    return "\n\n".join(kept), metadata
