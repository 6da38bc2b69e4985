"""decode_bytes on real Vietnamese sentences pushed through real encoders (iconv, Python codecs)."""

import csv
import subprocess
import unicodedata

import pytest

from ingest.encoding import decode_bytes, is_vietnamese_syllable
from ingest.errors import EmptyInput, EncodingError, UnsupportedInput
from tests.conftest import SHARED


# Sentences from the seed pages and the Law on Children (no curly quotes: TCVN3 cannot hold them).
SENTENCES = [
    "Hội thảo Quản lý Trường hợp trẻ em 2018",
    "Trong hai ngày 12-13/7/2018, bộ phận Bảo trợ trẻ em của Tổ chức Good Neighbors International "
    "tại Việt Nam (GNI) đã tổ chức Hội thảo Quản lý Trường hợp trẻ em.",
    "Quỹ Hòa Bình Việt Nam đã tổ chức Hội thảo quốc tế tại Hà Nội.",
    "Sáng 8/12, huyện Hương Sơn tổ chức tập huấn nghiệp vụ công tác trẻ em cho 300 người.",
    "Ủy ban nhân dân cấp xã có trách nhiệm bảo vệ trẻ em; Ứng phó với đuối nước, tai nạn thương tích.",
    "Xâm hại trẻ em là hành vi gây tổn hại về thể chất, tình cảm, tâm lý, danh dự, nhân phẩm của trẻ em.",
    "Đấu tranh chống mua bán người và nô lệ thời hiện đại tỉnh Quảng Ninh.",
    "Ý kiến, nguyện vọng của trẻ em được tôn trọng.",
]


def iconv(text: str, encoding: str) -> bytes:
    """Encode with the system's iconv, the reference encoder for the legacy code pages."""
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode("utf-8"),
                          capture_output=True, check=True)
    return done.stdout


# VNI-Windows, typed from the VNI font chart: each Vietnamese letter and its VNI spelling.
VNI_CHART = {
    "a": "a á aù à aø ả aû ã aõ ạ aï â aâ ấ aá ầ aà ẩ aå ẫ aã ậ aä ă aê ắ aé ằ aè ẳ aú ẵ aü ặ aë",
    "e": "e é eù è eø ẻ eû ẽ eõ ẹ eï ê eâ ế eá ề eà ể eå ễ eã ệ eä",
    "o": "o ó où ò oø ỏ oû õ oõ ọ oï ô oâ ố oá ồ oà ổ oå ỗ oã ộ oä ơ ô ớ ôù ờ ôø ở ôû ỡ ôõ ợ ôï",
    "u": "u ú uù ù uø ủ uû ũ uõ ụ uï ư ö ứ öù ừ öø ử öû ữ öõ ự öï",
    "i": "i í í ì ì ỉ æ ĩ ó ị ò",
    "y": "y ý yù ỳ yø ỷ yû ỹ yõ ỵ î",
    "d": "đ ñ",
}


def vni_encode(text: str) -> bytes:
    table = {}
    for chart in VNI_CHART.values():
        pairs = chart.split()
        if len(pairs) % 2:
            pairs = pairs[1:]
        for letter, spelling in zip(pairs[::2], pairs[1::2]):
            table[letter] = spelling
            table[letter.upper()] = spelling.upper()
    return "".join(table.get(ch, ch) for ch in text).encode("cp1252")


VIQR_MARKS = {"\u0306": "(", "\u0302": "^", "\u031b": "+", "\u0301": "'", "\u0300": "`",
              "\u0309": "?", "\u0303": "~", "\u0323": "."}


def viqr_encode(text: str) -> bytes:
    """RFC 1456: letter, then shape mark, then tone mark; đ as dd."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        shape = "".join(VIQR_MARKS[m] for m in parts[1:] if m in "\u0306\u0302\u031b")
        tone = "".join(VIQR_MARKS[m] for m in parts[1:] if m not in "\u0306\u0302\u031b")
        out.append({"đ": "dd", "Đ": "DD"}.get(ch, parts[0] + shape + tone))
    return "".join(out).encode("ascii")


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: s.encode("utf-8-sig"),
    lambda s: s.encode("utf-16"),
    lambda s: iconv(s, "CP1258"),
    lambda s: iconv(s, "TCVN5712-1"),
    lambda s: vni_encode(s),
    lambda s: s.encode("utf-8").decode("latin-1").encode("utf-8"),  # mojibake via Latin-1
    lambda s: vni_encode(s).decode("cp1252").encode("utf-8"),  # VNI text saved as UTF-8
], ids=["utf8", "utf8-bom", "utf16-bom", "cp1258", "tcvn3", "vni", "mojibake-latin1", "vni-in-utf8"])
def test_round_trip(sentence, encode):
    assert decode_bytes(encode(sentence), "sample.txt") == sentence


def _cp1252_decodable(sentence: str) -> bool:
    try:
        sentence.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:  # a UTF-8 byte that cp1252 leaves undefined: that mojibake cannot happen
        return False
    return True


@pytest.mark.parametrize("sentence", [s for s in SENTENCES if _cp1252_decodable(s)])
def test_round_trip_mojibake_cp1252(sentence):
    assert decode_bytes(sentence.encode("utf-8").decode("cp1252").encode("utf-8"), "sample.txt") == sentence


@pytest.mark.parametrize("sentence", [s for s in SENTENCES if s.endswith(".")])
def test_viqr_round_trip(sentence):
    assert decode_bytes(viqr_encode(sentence), "sample.txt") == sentence


def _tcvn3_samples():
    with open(SHARED / "corpus/legacy-encoding/tcvn3_real_samples.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(bytes.fromhex(r["bytes_hex"]), r["iconv -f TCVN5712-1"]) for r in rows]


@pytest.mark.parametrize("data, text", [s for s in _tcvn3_samples() if s[0] != bytes.fromhex("c8a5cedec3fbb9c8")])
def test_real_tcvn3_samples(data, text):
    assert decode_bytes(data, "station.lua") == text


@pytest.mark.parametrize("data, expected", [
    ("Tráº» em".encode(), "Trẻ em"),
    ("Báº£o vá»‡ tráº» em táº¡i Viá»‡t Nam".encode(), "Bảo vệ trẻ em tại Việt Nam"),
    (b"Tieng Viet khong dau van doc duoc", "Tieng Viet khong dau van doc duoc"),
    (b"Child protection workshop, Hanoi. Is it fine? Yes.", "Child protection workshop, Hanoi. Is it fine? Yes."),
    (b"Tie^'ng Vie^.t", "Tiếng Việt"),
    (b"DDa^y la` ta^.p hua^'n ve^` ba?o ve^. tre? em.", "Đây là tập huấn về bảo vệ trẻ em."),
    ("Tieáng Vieät".encode("cp1252"), "Tiếng Việt"),
    (bytes.fromhex("5472ce20656d"), "Trẻ em"),
    ("Tre\u0309 em".encode("utf-8"), "Trẻ em"),  # NFD in, NFC out
    ("Bà và tôi".encode(), "Bà và tôi"),  # Latin-1-only Vietnamese stays as it is
])
def test_decode_forms(data, expected):
    assert decode_bytes(data) == expected


@pytest.mark.parametrize("data, error", [
    (b"", EmptyInput),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", UnsupportedInput),
    (b"%PDF-1.7\n", UnsupportedInput),
    (b"Tr\x00e\x00 em", UnsupportedInput),
    (bytes(range(1, 9)) * 10 + b"abc", UnsupportedInput),
    (bytes.fromhex("c8a5cedec3fbb9c8"), EncodingError),  # GBK Chinese, listed among the TCVN3 samples
    (bytes(range(0x80, 0x100)), EncodingError),
    ("Ça coûte très cher à Genève".encode("cp1252"), EncodingError),
])
def test_refused(data, error):
    with pytest.raises(error, match="report.txt"):
        decode_bytes(data, "report.txt")


@pytest.mark.parametrize("word, expected", [
    ("Nguyễn", True), ("nghiêng", True), ("khuya", True), ("quyết", True), ("giữ", True),
    ("thuở", True), ("người", True), ("được", True), ("kĩ", True), ("Ủy", True),
    ("vùc", False),  # stop coda with huyền
    ("luyÖn", False), ("ẩƠẻịẪỷạẩ", False), ("tiê", False), ("café", False), ("thành", True),
])
def test_syllables(word, expected):
    assert is_vietnamese_syllable(word) is expected


def _tcvn3_seen_as_cp1252():
    with open(SHARED / "corpus/legacy-encoding/tcvn3_real_samples.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [(r["as_cp1252 (how it looks when mis-decoded)"], r["iconv -f TCVN5712-1"]) for r in rows
            if r["bytes_hex"] != "c8a5cedec3fbb9c8"]


@pytest.mark.parametrize("garbled, text", _tcvn3_seen_as_cp1252())
def test_tcvn3_pasted_into_utf8(garbled, text):
    """TCVN3 text opened as cp1252 ("Nh÷ng n¬i ®· ®i qua") and saved again as UTF-8."""
    assert decode_bytes(garbled.encode("utf-8"), "notes.txt") == text
