"""Build test inputs at run time from Vietnamese text: DOCX (zip + WordprocessingML), PDF (a tiny
hand-written file with a text layer), and hostile archives. No binary fixture is committed."""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = (f'<w:styles xmlns:w="{W_NS}">'
          '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="u1"><w:name w:val="heading 1"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="u2"><w:name w:val="heading 2"/></w:style></w:styles>')


def docx_paragraph(text: str, style: str = "", numbered: bool = False, num_id: int = 1, level: int = 0) -> str:
    """One ``w:p``; the text is split over two runs, as Word does. ``numbered`` puts it in list
    ``num_id`` (see :data:`NUMBERING`) at ``level``."""
    props = ""
    if style or numbered:
        props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (
            f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>' if numbered else "") + "</w:pPr>"
    half = len(text) // 2
    return (f"<w:p>{props}<w:r><w:t xml:space=\"preserve\">{escape(text[:half])}</w:t></w:r>"
            f"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{escape(text[half:])}</w:t></w:r></w:p>")


def docx_table(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{docx_paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


NUMBERING = (f'<w:numbering xmlns:w="{W_NS}">'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>'
             '</w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
             '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def make_docx(*blocks: str, styles: bool = True, doctype: str = "") -> bytes:
    """A DOCX (a package made by python-docx) whose body holds ``blocks`` (from :func:`docx_paragraph`
    / :func:`docx_table`); list 1 is bulleted, list 2 numbered "1." then "a)"."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    document = (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W_NS}"><w:body>'
                f'{"".join(blocks)}</w:body></w:document>')
    replaced = {"word/document.xml": document, "word/numbering.xml": NUMBERING}
    if styles:
        replaced["word/styles.xml"] = STYLES
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, replaced.get(item.filename) or source.read(item.filename))
    return buffer.getvalue()


def make_zip_bomb(unpacked_mb: int = 60) -> bytes:
    """A DOCX-looking zip whose document.xml unpacks to ``unpacked_mb`` MB of zeros (a few KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            chunk = b"0" * 2**20
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()


def make_pdf(lines, with_text=True):
    """A one-page PDF whose text layer holds ``lines``: a Type1 font with a ToUnicode map."""
    chars = sorted({c for line in lines for c in line})
    codes = {c: i + 1 for i, c in enumerate(chars)}  # one byte per distinct character
    assert len(codes) < 255
    def hexline(line): return "<" + "".join(f"{codes[c]:02X}" for c in line) + ">"
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        ops += [f"{hexline(line)} Tj", "T*"]
    ops.append("ET")
    content = "\n".join(ops).encode() if with_text else b"0 0 1 rg 10 10 100 100 re f"
    bfchars = "\n".join(f"<{codes[c]:02X}> <{ord(c):04X}>" for c in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
            "/CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{bfchars}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # Debian's fonts-dejavu-core (installed by make)


def make_scan(pages, dpi=300, angle=0.7, noise=0.015, seed=14):
    """A scanned PDF without a text layer: each page's lines rendered with Pillow at ``dpi`` on an
    A4 page, rotated by ``angle`` degrees, sprinkled with ``noise`` (share of pixels flipped)."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, round(12 * dpi / 72))  # 12-point text
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    images = []
    for number, lines in enumerate(pages):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        y = round(dpi * 0.9)
        for line in lines:
            draw.text((round(dpi * 0.9), y), line, font=font, fill=0)
            y += round(font.size * 1.5)
        page = page.rotate(angle * (1 if number % 2 else -1), resample=Image.BICUBIC, fillcolor=255)
        pixels = page.load()
        for _ in range(int(width * height * noise)):
            x, y = rng.randrange(width), rng.randrange(height)
            pixels[x, y] = 255 - pixels[x, y] if rng.random() < 0.5 else rng.randrange(120, 256)
        images.append(page.convert("1").convert("L"))
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def character_accuracy(found: str, expected: str) -> float:
    """1 - (Levenshtein distance / length of ``expected``), spaces and line breaks normalised."""
    a, b = " ".join(found.split()), " ".join(expected.split())
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return 1 - previous[-1] / max(len(b), 1)
