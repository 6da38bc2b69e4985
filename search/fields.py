"""The index's field names and their roles, in one place (as Moin 2 keeps its field constants).

One whoosh document per passage (:mod:`search.schema` declares each field's type, analyser and
boost); every module that names a field takes its name from here. :data:`INDEX_FORMAT` is written
beside each index generation: an index of another format is stale and ``kb index`` rebuilds it.
"""
from __future__ import annotations

# Bump by hand whenever the analysis, a field (name, type, analyser) or a boost changes: the stored
# weights and terms of an existing index no longer match what this version would write.
INDEX_FORMAT = 2  # 2: text fields keep frequencies, not positions

# -- identity -------------------------------------------------------------------------------------
UID = "uid"  # "<doc_id>#<anchor>": the key of one passage
DOC_ID = "doc_id"  # the document a passage belongs to: results collapse on it, updates delete by it
DOC_VERSION = "doc_version"  # "<doc_id>:<content hash>": an incremental update skips unchanged documents
ANCHOR = "anchor"  # where the passage starts in the document page ("" = the top)
ARTICLE = "article"  # the law article the passage is ("dieu-4"): "Điều 4 Luật Trẻ em" lands on it
POSITION = "position"  # the passage's order in its document

# -- text -----------------------------------------------------------------------------------------
PLAIN_SUFFIX = "_plain"  # the diacritic-free twin of a text field is named <field>_plain
TITLE = "title"  # the document's title, repeated on each passage
TITLE_PLAIN = TITLE + PLAIN_SUFFIX
HEADING = "heading"  # the passage's own heading ("Điều 4. Giải thích từ ngữ")
HEADING_PLAIN = HEADING + PLAIN_SUFFIX  # the passage's heading with the headings above it
CONTEXT = "context"  # the headings above the passage, stored to show where it sits
BODY = "body"  # the passage text, stored for highlighting
BODY_PLAIN = BODY + PLAIN_SUFFIX
PAIRS = "pairs"  # "body:trẻ em": two syllables side by side in a text field (search.postings)
NUMBER = "number"  # document numbers (số hiệu), as typed and accent-free: "56/2017/nđ-cp 56/2017/nd-cp"

# -- metadata: filters, facets, result lists --------------------------------------------------------
STATUS = "status"  # editorial status: "published" (the default), "draft" or "review"
KIND = "kind"  # law, admin, guidance, workshop, news
VALIDITY = "validity"  # legal validity slug (search.grouping.validity_slug); "" for other documents
DATE = "date"  # ISO 8601, possibly partial ("2018-07") or ""
YEAR = "year"
TAGS = "tags"  # comma-separated topic slugs
PLACES = "places"
ORGANIZATIONS = "organizations"
PUBLISHER = "publisher"  # shown in results without opening the document

# -- roles ----------------------------------------------------------------------------------------
ACCENTED_FIELDS = (TITLE, HEADING, BODY)  # searched for a query typed with diacritics
PLAIN_FIELDS = (TITLE_PLAIN, HEADING_PLAIN, BODY_PLAIN)  # searched for an accent-free query
PAIRED_FIELDS = (TITLE, TITLE_PLAIN, HEADING, HEADING_PLAIN, BODY, BODY_PLAIN)  # whose pairs PAIRS holds
# The stored fields whose texts, in this order, each text field indexes (search.indexing): a phrase
# of three words or more is confirmed on them, the index keeping no positions.
SOURCE_FIELDS = {TITLE: (TITLE,), TITLE_PLAIN: (TITLE,), HEADING: (HEADING,), HEADING_PLAIN: (CONTEXT, HEADING),
                 BODY: (BODY,), BODY_PLAIN: (BODY,)}
FACET_FIELDS = (KIND, TAGS, YEAR, PLACES, ORGANIZATIONS, VALIDITY)
MULTI_VALUED = frozenset({TAGS, PLACES, ORGANIZATIONS})  # comma-separated values
# Filter keys, as typed in a query ("loai:law", "hieuluc:...") and as URL parameters (kb.web.pages),
# to the field they filter on: the one translation of filter names.
FILTER_KEYS = {"kind": KIND, "loai": KIND, "tag": TAGS, "tags": TAGS, "year": YEAR, "nam": YEAR,
               "place": PLACES, "org": ORGANIZATIONS, "status": VALIDITY, "hieuluc": VALIDITY}
