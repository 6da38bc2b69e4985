"""Turn raw bytes into Unicode Vietnamese text, whatever encoding they were saved in.

Vietnamese text reaches us in UTF-8 (with or without BOM), UTF-16 with BOM, UTF-8 mangled by a
second decoding ("Tráº» em"), Windows-1258 (base letters + combining tone marks), TCVN3/ABC, VNI
(VNI-Windows fonts: base letter followed by Latin-1 "mark" bytes) and VIQR (pure ASCII, RFC 1456:
``tie^'ng Vie^.t``). The file extension says nothing, so every plausible reading is produced and
the one that looks most like Vietnamese wins: each word is checked against the phonotactics of a
Vietnamese syllable (onset, rhyme, one tone, stop codas only with sắc/nặng).

Rules of acceptance:
- bytes that are valid UTF-8 are always accepted (as is or repaired), since strict UTF-8 does not
  happen by chance; a repair (mojibake, VNI or VIQR typed into a UTF-8 file) must score better;
- any other bytes must read as Vietnamese (mostly valid marked syllables) or raise EncodingError;
- NUL bytes or many control bytes mean binary data: UnsupportedInput.

Limits: TCVN3 upper-case letters stored in the C0 range (TCVN 5712 VN1) are decoded, but they also
count towards the control-byte share; VNI-DOS and VISCII are not tried.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ingest.errors import EmptyInput, EncodingError, UnsupportedInput

log = logging.getLogger(__name__)

# --- legacy tables ------------------------------------------------------------------------------

# TCVN 5712:1993 (VN1, a superset of TCVN3/ABC), bytes 0x80..0xFF; 0xB0..0xB4 are combining marks.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
    "\xa0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
_TCVN3_LOW = dict(zip(b"\x01\x02\x04\x05\x06\x11\x12\x13\x14\x15\x16\x17", "ÚỤỪỬỮỨỰỲỶỸÝỴ"))
_TCVN3 = {**{i: chr(i) for i in range(0x80)}, **_TCVN3_LOW,
          **{0x80 + i: ch for i, ch in enumerate(_TCVN3_HIGH)}}

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES = {_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT}

# VNI-Windows: a mark byte after a vowel adds these combining marks (upper and lower case forms).
_VNI_MARKS = {}
for _low, _marks in zip(
    "ùøûõïâáàåãäêéèúüë",
    [_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT, _CIRC, _CIRC + _ACUTE, _CIRC + _GRAVE, _CIRC + _HOOK,
     _CIRC + _TILDE, _CIRC + _DOT, _BREVE, _BREVE + _ACUTE, _BREVE + _GRAVE, _BREVE + _HOOK,
     _BREVE + _TILDE, _BREVE + _DOT],
):
    _VNI_MARKS[_low] = _VNI_MARKS[_low.upper()] = _marks
# VNI letters that stand alone: ơ ư đ and the toned i / ỵ forms.
_VNI_LETTERS = str.maketrans("ôöñæóòîÔÖÑÆÓÒÎ", "ơưđỉĩịỵƠƯĐỈĨỊỴ")
_VNI_PAIR = re.compile("([aeouyôöAEOUYÔÖ])([" + "".join(_VNI_MARKS) + "])")

# VIQR (RFC 1456): ( breve, ^ circumflex, + horn; ' ` ? ~ . tones; dd for đ; backslash escapes.
_VIQR_SHAPES = {"(": _BREVE, "^": _CIRC, "+": _HORN}
_VIQR_TONES = {"'": _ACUTE, "`": _GRAVE, "?": _HOOK, "~": _TILDE, ".": _DOT}
_VIQR_UNIT = re.compile(r"\\([(^+'`?~.])|([aeiouyAEIOUY])([(^+]?)([(^+]?)(['`?~.]?)|\b([dD])([dD])")
_VIQR_SHAPE_OK = {"(": "aA", "^": "aeoAEO", "+": "ouOU"}
_VIQR_MARKED = re.compile(r"[aeiouyAEIOUY](?:[(^+]|['`?~](?=\w)|\.(?=[a-z]))|\b[dD][dD][aeiouy]")

# --- Vietnamese syllables ---------------------------------------------------------------------------

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
_OPEN_RHYMES = ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua uôi ươi ươu iêu yêu oai oay "
                "oeo uây uya uyu ya uơ").split()
_CODA_NUCLEI = "a ă â e ê i o ô ơ u ư y oa oă oe uâ uê uy uô ươ iê yê uyê oo".split()
_NEEDS_CODA = {"ă", "â", "oă", "uâ", "uô", "ươ", "iê", "yê", "uyê", "oo"}
_SYLLABLE = re.compile(
    "^" + _ONSET + "(?:(?P<open>" + "|".join(sorted(_OPEN_RHYMES, key=len, reverse=True)) + ")|"
    "(?P<nuc>" + "|".join(sorted(_CODA_NUCLEI, key=len, reverse=True)) + ")"
    "(?P<coda>ng|nh|ch|[cmnpt])?)$"
)
_WORD = re.compile(r"[^\W\d_]+")
# Characters that real text rarely holds but mis-decoded text is full of.
_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\u00a1-\u00bf\u00d7\u00f7\ue000-\uf8ff]")
_FINE_SYMBOLS = set("«»°§©")


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """Tell whether ``word`` is a well-formed Vietnamese syllable (any case, NFC or NFD).

    >>> is_vietnamese_syllable("Nguyễn"), is_vietnamese_syllable("nghiêng"), is_vietnamese_syllable("vùc")
    (True, True, False)
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    match = _SYLLABLE.match(base)
    if match is None:
        return False
    nucleus, coda = match.group("nuc"), match.group("coda")
    if nucleus in _NEEDS_CODA and not coda:
        return False
    return not (coda in ("c", "ch", "p", "t") and tones and tones[0] not in (_ACUTE, _DOT))


@dataclass(frozen=True)
class _Reading:
    """One candidate decoding and how Vietnamese it looks."""

    how: str
    text: str
    marked: int  # valid syllables carrying Vietnamese letters or tones
    bad: int  # words with non-ASCII letters that are no Vietnamese syllable
    odd: int  # control characters and stray Latin-1 symbols

    @property
    def score(self) -> float:
        return (self.marked - 2 * self.bad - self.odd) / max(1, self.marked + self.bad + self.odd)

    @property
    def vietnamese(self) -> bool:
        return self.marked > 0 and self.bad <= 0.15 * self.marked and self.odd <= 0.1 * self.marked


def _read(how: str, text: str) -> _Reading:
    text = unicodedata.normalize("NFC", text)
    marked = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if is_vietnamese_syllable(word):
            marked += 1
        else:
            bad += 1
    odd = sum(1 for c in _ODD.findall(text) if c not in _FINE_SYMBOLS)
    return _Reading(how, text, marked, bad, odd)


# --- candidate decoders ---------------------------------------------------------------------------

def _decode_tcvn3(data: bytes) -> str:
    return "".join(_TCVN3[b] for b in data)


def _vni_to_unicode(text: str) -> str:
    joined = _VNI_PAIR.sub(lambda m: m.group(1).translate(_VNI_LETTERS) + _VNI_MARKS[m.group(2)], text)
    return unicodedata.normalize("NFC", joined.translate(_VNI_LETTERS))


def _viqr_unit(match: re.Match) -> str:
    escaped, vowel, shape1, shape2, tone, d1, d2 = match.groups()
    if escaped:
        return escaped
    if d1:
        return ("Đ" if d1 == "D" else "đ") if d1 + d2 != "dD" else match.group(0)
    marks = ""
    for shape in (shape1, shape2):
        if shape and vowel in _VIQR_SHAPE_OK[shape]:
            marks += _VIQR_SHAPES[shape]
        elif shape:
            return match.group(0)
    if tone and tone in ".?" and not marks:  # ". " or "? " closing a sentence is punctuation, not a tone
        after = match.string[match.end():match.end() + 2]
        if not after or after[0] in "\n\r" or (after[0] == " " and after[1:].isupper()):
            return vowel + tone
    return vowel + marks + _VIQR_TONES.get(tone, "")


def _viqr_to_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", _VIQR_UNIT.sub(_viqr_unit, text))


def _single_bytes(text: str) -> bytes | None:
    """The bytes a cp1252 (or, where cp1252 has a hole, Latin-1) decoder turned into ``text``."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


_MOJIBAKE_RUN = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                           "\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
                           "\u2039\u203a\u20ac\u2122]{2,}")


def _repair_run(match: re.Match) -> str:
    run = match.group(0)
    raw = _single_bytes(run)
    if raw is None:
        return run
    back = dict(zip(raw, run))  # one byte per character, so this inverts the encoding
    mixed = raw.decode("utf-8", errors="surrogateescape")
    return "".join(back[ord(c) - 0xDC00] if "\udc80" <= c <= "\udcff" else c for c in mixed)


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252/Latin-1 and saved again, run by run."""
    for _ in range(2):
        repaired = _MOJIBAKE_RUN.sub(_repair_run, text)
        if repaired == text:
            break
        text = repaired
    return text


def _eight_bit_readings(data: bytes) -> list[_Reading]:
    readings = [_read("TCVN3", _decode_tcvn3(data)), _read("VNI", _vni_to_unicode(data.decode("latin-1")))]
    try:
        readings.append(_read("Windows-1258", data.decode("cp1258")))
    except UnicodeDecodeError:
        log.debug("not Windows-1258: undefined bytes")
    return readings


def _unicode_readings(text: str, how: str) -> list[_Reading]:
    readings = [_read(how, text), _read(how + " (mojibake repaired)", _repair_mojibake(text)),
                _read(how + " (VNI)", _vni_to_unicode(text))]
    if text.isascii():
        words = max(1, len(_WORD.findall(text)))
        if len(_VIQR_MARKED.findall(text)) >= 0.2 * words:
            readings.append(_read(how + " (VIQR)", _viqr_to_unicode(text)))
    else:
        raw = _single_bytes(text)
        if raw is not None:
            readings.extend(_Reading(how + " as " + r.how, r.text, r.marked, r.bad, r.odd)
                            for r in _eight_bit_readings(raw))
    return readings


def _best(readings: list[_Reading]) -> _Reading:
    """The first reading unless another is clearly more Vietnamese."""
    best = readings[0]
    for reading in readings[1:]:
        if reading.score > best.score + 0.05 or (reading.score == best.score and reading.marked > best.marked):
            best = reading
    return best


# The first bytes of binary formats, and what they are (ingest.readers.sniff gives it as the type).
BINARY_SIGNATURES = {
    b"%PDF": "pdf", b"PK\x03\x04": "zip", b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image", b"\x1f\x8b": "gzip archive", b"Rar!": "RAR archive", b"\x7fELF": "program",
    b"\xd0\xcf\x11\xe0": "old Office (.doc/.xls)",
}
_CONTROL_BYTES = frozenset(set(range(0x20)) - set(b"\t\n\r\f\x1a") | {0x7F})


def _refuse_binary(data: bytes, label: str) -> None:
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnsupportedInput(f"{label}: binary data ({kind}), not text")
    if b"\x00" in data:
        raise UnsupportedInput(f"{label}: binary data (NUL bytes), not text")
    controls = sum(1 for b in data if b in _CONTROL_BYTES)
    if controls > 0.1 * len(data):
        raise UnsupportedInput(f"{label}: binary data ({controls} control bytes in {len(data)}), not text")


def decode_bytes(data: bytes, name: str = "") -> str:
    """Decode ``data`` into NFC Unicode text, detecting its encoding by how Vietnamese it reads.

    ``name`` only labels error messages. Raises EmptyInput for no bytes, UnsupportedInput for
    binary data and EncodingError when no reading gives plausible text.

    >>> decode_bytes("Trẻ em".encode("utf-8"))
    'Trẻ em'
    >>> decode_bytes(bytes.fromhex("5472ce20656d"))  # TCVN3
    'Trẻ em'
    >>> decode_bytes(b"Tre\\xfb em")  # VNI
    'Trẻ em'
    """
    label = name or "<bytes>"
    if not data:
        raise EmptyInput(f"{label}: empty file")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"{label}: starts with a {codec} byte-order mark but is not {codec}") from exc
            return _best(_unicode_readings(text, codec)).text
    _refuse_binary(data, label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = _best(_eight_bit_readings(data))
        if not best.vietnamese:
            raise EncodingError(
                f"{label}: not UTF-8, and no Vietnamese legacy encoding (TCVN3, VNI, Windows-1258) gives "
                f"readable text (best: {best.how}, {best.marked} Vietnamese words, {best.bad} garbled)"
            ) from None
        log.info("%s: decoded as %s", label, best.how)
        return best.text
    best = _best(_unicode_readings(text, "UTF-8"))
    if best.how != "UTF-8":
        log.info("%s: decoded as %s", label, best.how)
    return best.text
