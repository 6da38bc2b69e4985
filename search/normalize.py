"""Text normalisation shared by indexing and querying.

Two levels:

* :func:`clean_text` works on whole documents and queries: it repairs Unicode (decorative letters,
  invisible characters, exotic spaces) without changing case, words or line structure.
* :func:`canonical_tones`, :func:`fold_variants`, :func:`strip_diacritics` and
  :func:`normalize_token` work on single tokens (or any text, syllable by syllable). They return NFC
  text and keep the length of every NFC syllable made of Vietnamese letters, so character offsets
  computed on ``clean_text`` output stay valid for highlighting.

Conventions (index forms only; the stored text is never rewritten):

* Tone placement: the traditional placement that dominates Vietnamese legal and administrative
  writing ("Ủy ban", "hòa", "thủy", "khỏe"). In an open syllable with two plain vowels (oa, oe, uy,
  ai, ao, ia, ua, ...) the tone sits on the first vowel; with a final consonant it sits on the
  second ("hoàn", "huỳnh"); a vowel carrying a hat, breve or horn wins ("thuở", "người", "quyết");
  three plain vowels take it on the middle one ("ngoài", "khuỷu").
* i/y: an open syllable whose whole rhyme is "y" after a consonant onset is written with "i"
  ("lý" -> "lí", "kỹ" -> "kĩ", "quy"/"quý" -> "qui"/"quí"); "i" is the side that is never part of
  another rhyme. "y" inside a rhyme ("tuy", "ngày", "yêu", "tuyên") and a bare "y" ("ý", "y tế")
  stay as they are.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

log = logging.getLogger(__name__)

# --- character tables -------------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_BASE_VOWELS = "aăâeêioôơuưy"
_VOWEL_BASES = _BASE_VOWELS + _BASE_VOWELS.upper()
_SHAPED = "ăâêôơư"  # vowels carrying a shape mark

# precomposed vowel -> (toneless vowel, tone mark or ""), and the inverse
_SPLIT: dict[str, tuple[str, str]] = {}
_JOIN: dict[tuple[str, str], str] = {}
for _base in _VOWEL_BASES:
    for _tone in ("",) + tuple(_TONE_MARKS):
        _char = unicodedata.normalize("NFC", _base + _tone)
        _SPLIT[_char] = (_base, _tone)
        _JOIN[(_base, _tone)] = _char

# vowel clusters Vietnamese spells after the onset ("qu", "gi" included in the onset); a syllable
# with any other cluster ("ngưòi", "Trẻem") is left untouched
_NUCLEI = frozenset(
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "iêu yêu oai oay oeo uây uôi uya uyê uyu ươi ươu".split()
)
_Y_FORMS = frozenset(c for c, (b, _t) in _SPLIT.items() if b in "yY")
_CONSONANTS = frozenset("bcdđfghjklmnpqrstvwxzBCDĐFGHJKLMNPQRSTVWXZ")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_MISORDERED_MARKS = re.compile(r"([\u0300\u0301\u0303\u0309])([\u0302\u0306])")

# every Vietnamese vowel -> its plain Latin letter ("ự" -> "u", "Ẫ" -> "A")
_STRIP_TABLE = {ord(c): unicodedata.normalize("NFD", b)[0] for c, (b, _t) in _SPLIT.items()}
_STRIP_TABLE.update({ord("đ"): "d", ord("Đ"): "D"})

# invisible characters removed by clean_text: zero-width space/non-joiner/joiner, LRM/RLM,
# word joiner, byte-order mark, soft hyphen
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_LINE_SEPARATORS = {ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\u0085"): "\n"}
# every Unicode space separator (category Zs: all below U+3001) as a plain space, and line separators
_PLAIN_SPACES = {**{c: " " for c in range(0x3001) if unicodedata.category(chr(c)) == "Zs"}, **_LINE_SEPARATORS}


# --- Unicode repair ---------------------------------------------------------------------------

def _nfc(text: str) -> str:
    """NFC that also repairs a tone mark typed before a hat or breve ("e\u0301\u0302" -> "ế")."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    if "\u0302" in text or "\u0306" in text:
        text = _MISORDERED_MARKS.sub(r"\2\1", unicodedata.normalize("NFD", text))
        text = unicodedata.normalize("NFC", text)
    return text


def _spaces_to_plain(text: str) -> str:
    """Map every Unicode space separator (category Zs) to " " and line separators to "\\n"."""
    if text.isascii():
        return text
    return text.translate(_PLAIN_SPACES)


def clean_text(text: str) -> str:
    """Repair the Unicode of a whole document or query without changing case or line breaks.

    Removes zero-width characters and soft hyphens, folds compatibility characters with NFKC
    (decorative mathematical letters, full-width forms, "…" -> "..."), composes to NFC and turns
    every exotic space into a plain space.

    >>> clean_text("𝘽𝙖̉𝙤 𝙫𝙚̣̂\u00a0tr\u00adẻ\u200b em\\nmới")
    'Bảo vệ trẻ em\\nmới'
    """
    if text.isascii():
        return text
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    return _spaces_to_plain(_nfc(text))


# --- syllable surgery -------------------------------------------------------------------------

def _rhyme_bounds(syllable: str) -> tuple[int, int, int] | None:
    """Return (vowels, nucleus, end) offsets of a Vietnamese-looking syllable, else None.

    ``syllable[vowels:end]`` is the run of vowels; the nucleus starts after the "u" of "qu" or the
    "i" of "gi" when another vowel follows. After the vowels only consonants may follow, and a
    nucleus of several vowels must be one of ``_NUCLEI``.
    """
    n = len(syllable)
    vowels = 0
    while vowels < n and syllable[vowels] in _CONSONANTS:
        vowels += 1
    end = vowels
    while end < n and syllable[end] in _SPLIT:
        end += 1
    if end == vowels or any(c not in _CONSONANTS for c in syllable[end:]):
        return None
    nucleus = vowels
    if end - vowels > 1:
        onset = syllable[:vowels].lower()
        glide = _SPLIT[syllable[vowels]][0].lower()
        if (onset == "q" and glide == "u") or (onset == "g" and glide == "i"):
            nucleus += 1
    if end - nucleus > 1:
        cluster = "".join(_SPLIT[c][0] for c in syllable[nucleus:end]).lower()
        if cluster not in _NUCLEI:
            return None
    return vowels, nucleus, end


def _tone_position(bases: str, closed: bool) -> int:
    """Index, within the toneless nucleus ``bases``, of the vowel that carries the tone."""
    shaped = [i for i, b in enumerate(bases.lower()) if b in _SHAPED]
    if shaped:
        return shaped[-1]
    if len(bases) == 3 or (len(bases) == 2 and closed):
        return 1
    return 0


def _retone_syllable(syllable: str) -> str:
    bounds = _rhyme_bounds(syllable)
    if bounds is None:
        return syllable
    vowels, nucleus, end = bounds
    parts = [_SPLIT[c] for c in syllable[vowels:end]]
    tones = [t for _b, t in parts if t]
    if len(tones) != 1:
        return syllable
    bases = [b for b, _t in parts]
    pos = nucleus - vowels + _tone_position("".join(bases[nucleus - vowels:]),
                                            closed=end < len(syllable))
    rhyme = "".join(_JOIN[(b, tones[0] if i == pos else "")] for i, b in enumerate(bases))
    return syllable[:vowels] + rhyme + syllable[end:]


def _fold_syllable(syllable: str) -> str:
    bounds = _rhyme_bounds(syllable)
    if bounds is None:
        return syllable
    _vowels, nucleus, end = bounds
    if nucleus == 0 or end != len(syllable) or end - nucleus != 1:
        return syllable
    base, tone = _SPLIT[syllable[nucleus]]
    if base not in "yY":
        return syllable
    return syllable[:nucleus] + _JOIN[("i" if base == "y" else "I", tone)]


def _by_syllable(text: str, fix: Callable[[str], str]) -> str:
    return _LETTER_RUN.sub(lambda m: fix(m.group()), text)


# --- public token functions -------------------------------------------------------------------

def canonical_tones(word: str) -> str:
    """Put the tone mark of every syllable on its canonical vowel (traditional placement).

    Old-style and new-style spellings map to one form; case and NFC length are preserved.

    >>> canonical_tones("Uỷ ban hoà giải thuỷ lợi khoẻ")
    'Ủy ban hòa giải thủy lợi khỏe'
    """
    word = _nfc(word)
    if word.isascii():
        return word
    return _by_syllable(word, _retone_syllable)


def fold_variants(word: str) -> str:
    """Write the i/y spelling variants of an open "y" rhyme after a consonant as "i".

    >>> fold_variants("quản lý kỹ năng quý Mỹ tuyên ngày yêu")
    'quản lí kĩ năng quí Mĩ tuyên ngày yêu'
    """
    word = _nfc(word)
    if _Y_FORMS.isdisjoint(word):
        return word
    return _by_syllable(word, _fold_syllable)


def strip_diacritics(word: str) -> str:
    """Remove tone marks and vowel diacritics, and write đ/Đ as d/D.

    >>> strip_diacritics("Trẻ em bị xâm hại ở Đà Nẵng")
    'Tre em bi xam hai o Da Nang'
    """
    word = _nfc(word)
    if word.isascii():
        return word
    word = word.translate(_STRIP_TABLE)
    if word.isascii():
        return word
    # letters outside Vietnamese: drop their combining marks
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                 if not unicodedata.combining(c)))


@lru_cache(maxsize=262144)
def normalize_token(word: str) -> str:
    """Index/query form of a token: lowercase, canonical tone placement, i/y variants folded.

    >>> normalize_token("Thuỷ"), normalize_token("LÝ"), normalize_token("ĐOÀN")
    ('thủy', 'lí', 'đoàn')
    """
    return fold_variants(canonical_tones(_nfc(word).lower()))
