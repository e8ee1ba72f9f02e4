"""Real .docx and .pdf briefings made on the fly, for upload tests."""

from __future__ import annotations

import io
import zipfile
import zlib


def make_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """paragraphs: (style, text) with styles such as 'Heading 1', 'List Bullet', 'Normal'."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), one line per entry."""
    content = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
    for line in lines:
        content.append(f"({_escape(line)}) Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _assemble(objects)


def make_image_only_pdf() -> bytes:
    """A PDF page with no text layer, like a scan."""
    stream = b"0 0 1 rg 50 50 200 200 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# --- hostile files: each small to upload and costly to read without limits ---------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def replace_in_zip(data: bytes, name: str, content: bytes, extra: dict[str, bytes] = {}) -> bytes:  # noqa: B006
    """A copy of a zip (a .docx) with one member's content replaced, and any extra members."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            body = content if info.filename == name else source.read(info.filename)
            target.writestr(info.filename, body)
        for extra_name, body in extra.items():
            target.writestr(extra_name, body)
    return out.getvalue()


def docx_with_document_xml(xml: bytes) -> bytes:
    return replace_in_zip(make_docx([("Normal", "x")]), "word/document.xml", xml)


def docx_with_empty_paragraphs(count: int) -> bytes:
    """Finding 2: a few tens of KB that python-docx would spend minutes and gigabytes on."""
    body = b"<w:p/>" * count
    return docx_with_document_xml(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:document xmlns:w="' + _W.encode() + b'"><w:body>' + body + b"</w:body></w:document>"
    )


def docx_with_malformed_xml() -> bytes:
    return docx_with_document_xml(
        b'<?xml version="1.0"?><w:document xmlns:w="' + _W.encode() + b'"><w:body><w:p>'
    )


def docx_with_entity_expansion() -> bytes:
    """'Billion laughs': ten levels of entities, each ten of the one below."""
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = b"".join(b"&lol%d;" % (level - 1) for _ in range(10))
        entities.append(b'<!ENTITY lol%d "%s">' % (level, refs))
    return docx_with_document_xml(
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [' + b"".join(entities) + b"]>"
        b'<w:document xmlns:w="' + _W.encode() + b'"><w:body><w:p><w:r><w:t>&lol9;'
        b"</w:t></w:r></w:p></w:body></w:document>"
    )


def docx_zip_bomb(unzipped_megabytes: int) -> bytes:
    """A .docx whose document.xml unzips to many megabytes (an XML comment of spaces)."""
    document = zipfile.ZipFile(io.BytesIO(make_docx([("Normal", "x")]))).read("word/document.xml")
    head, _, rest = document.partition(b"?>")
    padding = b"<!--" + b" " * (unzipped_megabytes * 1024 * 1024) + b"-->"
    return docx_with_document_xml(head + b"?>" + padding + rest)


def pdf_with_pages(page_count: int, content: bytes, compress: bool = True) -> bytes:
    """page_count pages that all draw the same content stream (Helvetica as /F1)."""
    if compress:
        stream_head = b"<< /Length %d /Filter /FlateDecode >>" % len(zlib.compress(content, 9))
        content = zlib.compress(content, 9)
    else:
        stream_head = b"<< /Length %d >>" % len(content)
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(page_count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, page_count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream_head + b"\nstream\n" + content + b"\nendstream",
    ]
    for _ in range(page_count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
    return _assemble(objects)


def pdf_slow_to_read(page_count: int = 50, moves: int = 100_000) -> bytes:
    """Finding 1: a few KB whose every page repeats 100,000 text moves; seconds a page to read."""
    return pdf_with_pages(page_count, b"BT /F1 1 Tf " + b"1 0 Td " * moves + b"(a) Tj ET")


def pdf_over_pypdf_limits() -> bytes:
    """An array longer than pypdf allows (100,000 elements), which it refuses with its own error."""
    big_array = b"[" + b"0 " * 100_001 + b"]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Padding %s >>" % big_array,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    return _assemble(objects)
