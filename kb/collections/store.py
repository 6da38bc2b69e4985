"""Collections and their ordered items in the instance database (tables ``collections`` and
``collection_items`` of :mod:`kb.db`).

A collection is private to its owner unless it is public or read through its share link (a random
token the owner can revoke or replace). Everything here is plain data access: the views decide who
may call what (:func:`readable` and :func:`owned` answer 404 rather than 403, so a private
collection's existence is not revealed).
"""
from __future__ import annotations

import hmac
import logging
import re
import secrets
import unicodedata

from kb.collections.passages import Cited
from kb.db import get_db
from kb.errors import DocumentNotFound, KBError

log = logging.getLogger(__name__)

MAX_NAME = 200
MAX_DESCRIPTION = 2000
MAX_NOTE = 4000
MAX_ITEMS = 300
MAX_COLLECTIONS = 200
# Control characters (tabs and line breaks aside): invisible, and invalid in DOCX's XML.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


class CollectionError(KBError):
    """A collection cannot be created or changed as asked (empty name, too many items); for the user."""


class CollectionNotFound(DocumentNotFound):
    """No such collection or item for this visitor (HTTP 404, like a missing document)."""


def clean_text(text: str, limit: int, one_line: bool = False) -> str:
    """User input as stored: NFC, no control characters, ``\\n`` line breaks, at most ``limit`` chars.

    >>> clean_text("  Tre\\u0309 em\\r\\nbị\\x00 xâm hại  ", 100), clean_text("a\\n b", 100, one_line=True)
    ('Trẻ em\\nbị xâm hại', 'a b')
    """
    text = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    if one_line:
        text = " ".join(text.split())
    return text.strip()[:limit].strip()


def _name(name: str) -> str:
    name = clean_text(name, MAX_NAME, one_line=True)
    if not name:
        raise CollectionError("Hãy đặt tên cho bộ tài liệu.")
    return name


# -- collections -----------------------------------------------------------------------------------

def create(owner_id: int, name: str, description: str = "") -> int:
    """A new private collection of ``owner_id``; returns its id."""
    db = get_db()
    count = db.execute("SELECT COUNT(*) FROM collections WHERE owner_id = ?", (owner_id,)).fetchone()[0]
    if count >= MAX_COLLECTIONS:
        raise CollectionError(f"Mỗi tài khoản có tối đa {MAX_COLLECTIONS} bộ tài liệu.")
    cursor = db.execute("INSERT INTO collections (owner_id, name, description) VALUES (?, ?, ?)",
                        (owner_id, _name(name), clean_text(description, MAX_DESCRIPTION)))
    db.commit()
    log.info("collection %d created by user %d", cursor.lastrowid, owner_id)
    return cursor.lastrowid


def of_owner(owner_id: int) -> list:
    """The collections of ``owner_id`` with their number of items, most recently changed first."""
    return get_db().execute(
        "SELECT c.*, (SELECT COUNT(*) FROM collection_items i WHERE i.collection_id = c.id) AS items "
        "FROM collections c WHERE owner_id = ? ORDER BY updated DESC, id DESC", (owner_id,)).fetchall()


def _row(collection_id: int):
    row = get_db().execute("SELECT c.*, u.username AS owner FROM collections c "
                           "LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = ?", (collection_id,)).fetchone()
    if row is None:
        raise CollectionNotFound(f"no collection {collection_id}")
    return row


def owned(collection_id: int, user) -> object:
    """The collection if ``user`` (a row or None) owns it; :class:`CollectionNotFound` otherwise."""
    row = _row(collection_id)
    if user is None or row["owner_id"] != user["id"]:
        raise CollectionNotFound(f"no collection {collection_id} of this user")
    return row


def readable(collection_id: int, user, share: str = "") -> object:
    """The collection if ``user`` owns it, it is public, or ``share`` is its current share token."""
    row = _row(collection_id)
    if user is not None and row["owner_id"] == user["id"] or row["public"]:
        return row
    if share and row["share_token"] and hmac.compare_digest(share.encode(), row["share_token"].encode()):
        return row
    raise CollectionNotFound(f"no collection {collection_id} for this visitor")


def _touch(collection_id: int) -> None:
    get_db().execute(f"UPDATE collections SET updated = {_NOW} WHERE id = ?", (collection_id,))


def update(collection_id: int, name: str | None = None, description: str | None = None,
           public: bool | None = None) -> None:
    """Rename, describe, or make public or private (None leaves a field as it is)."""
    db = get_db()
    if name is not None:
        db.execute("UPDATE collections SET name = ? WHERE id = ?", (_name(name), collection_id))
    if description is not None:
        db.execute("UPDATE collections SET description = ? WHERE id = ?",
                   (clean_text(description, MAX_DESCRIPTION), collection_id))
    if public is not None:
        db.execute("UPDATE collections SET public = ? WHERE id = ?", (int(public), collection_id))
    _touch(collection_id)
    db.commit()


def delete(collection_id: int) -> None:
    """Delete the collection and its items."""
    db = get_db()
    db.execute("DELETE FROM collection_items WHERE collection_id = ?", (collection_id,))
    db.execute("DELETE FROM collections WHERE id = ?", (collection_id,))
    db.commit()
    log.info("collection %d deleted", collection_id)


def share(collection_id: int) -> str:
    """Make a new share link token (the previous link stops working) and return it."""
    token = secrets.token_urlsafe(24)
    db = get_db()
    db.execute("UPDATE collections SET share_token = ? WHERE id = ?", (token, collection_id))
    _touch(collection_id)
    db.commit()
    log.info("collection %d: new share link", collection_id)
    return token


def unshare(collection_id: int) -> None:
    """Revoke the share link."""
    db = get_db()
    db.execute("UPDATE collections SET share_token = NULL WHERE id = ?", (collection_id,))
    _touch(collection_id)
    db.commit()
    log.info("collection %d: share link revoked", collection_id)


# -- items -----------------------------------------------------------------------------------------

def items(collection_id: int) -> list:
    """The collection's items in their order."""
    return get_db().execute("SELECT * FROM collection_items WHERE collection_id = ? ORDER BY position, id",
                            (collection_id,)).fetchall()


def item(collection_id: int, item_id: int):
    """One item of the collection; :class:`CollectionNotFound` if it is not there."""
    row = get_db().execute("SELECT * FROM collection_items WHERE id = ? AND collection_id = ?",
                           (item_id, collection_id)).fetchone()
    if row is None:
        raise CollectionNotFound(f"no item {item_id} in collection {collection_id}")
    return row


def add_item(collection_id: int, cited: Cited, note: str = "") -> int:
    """Append the passage ``cited`` with the trainer's ``note``; returns the item's id."""
    db = get_db()
    count, last = db.execute("SELECT COUNT(*), COALESCE(MAX(position), -1) FROM collection_items "
                             "WHERE collection_id = ?", (collection_id,)).fetchone()
    if count >= MAX_ITEMS:
        raise CollectionError(f"Một bộ tài liệu có tối đa {MAX_ITEMS} mục.")
    cursor = db.execute(
        "INSERT INTO collection_items (collection_id, position, doc_id, anchor, note, section, cited_text, "
        "revision_id, validity, doc_meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (collection_id, last + 1, cited.doc_id, cited.anchor, clean_text(note, MAX_NOTE), cited.section,
         cited.text, cited.revision_id, cited.validity, cited.meta))
    _touch(collection_id)
    db.commit()
    return cursor.lastrowid


def set_note(collection_id: int, item_id: int, note: str) -> None:
    """Replace the trainer's note of an item."""
    item(collection_id, item_id)
    db = get_db()
    db.execute("UPDATE collection_items SET note = ? WHERE id = ?", (clean_text(note, MAX_NOTE), item_id))
    _touch(collection_id)
    db.commit()


def move_item(collection_id: int, item_id: int, position: int) -> None:
    """Put an item at ``position`` (0 first; clamped to the list), the others keeping their order."""
    item(collection_id, item_id)
    order = [row["id"] for row in items(collection_id) if row["id"] != item_id]
    order.insert(min(max(position, 0), len(order)), item_id)
    db = get_db()
    db.executemany("UPDATE collection_items SET position = ? WHERE id = ?",
                   [(number, row_id) for number, row_id in enumerate(order)])
    _touch(collection_id)
    db.commit()


def remove_item(collection_id: int, item_id: int) -> None:
    """Take an item out of the collection."""
    item(collection_id, item_id)
    db = get_db()
    db.execute("DELETE FROM collection_items WHERE id = ?", (item_id,))
    _touch(collection_id)
    db.commit()


def refresh_item(collection_id: int, item_id: int, cited: Cited) -> None:
    """Bring an item up to date: cite the passage as it reads now (``cited``), dated today."""
    item(collection_id, item_id)
    db = get_db()
    db.execute(f"UPDATE collection_items SET anchor = ?, section = ?, cited_text = ?, revision_id = ?, "
               f"validity = ?, doc_meta = ?, cited_on = {_NOW}, kept_digest = NULL WHERE id = ?",
               (cited.anchor, cited.section, cited.text, cited.revision_id, cited.validity, cited.meta, item_id))
    _touch(collection_id)
    db.commit()


def keep_item(collection_id: int, item_id: int, current: Cited) -> None:
    """Keep citing the earlier version: the change to ``current`` is no longer flagged."""
    item(collection_id, item_id)
    db = get_db()
    db.execute("UPDATE collection_items SET kept_digest = ? WHERE id = ?", (current.digest(), item_id))
    db.commit()
