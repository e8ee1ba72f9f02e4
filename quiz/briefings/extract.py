"""Text out of an uploaded briefing: .txt, .md, .docx or a text-based .pdf."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from quiz.briefings.parser import BriefingError

ACCEPTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def extract_text(filename: str, data: bytes) -> str:
    """The briefing's text, or a BriefingError that says what is wrong with the file."""
    name = PurePath(filename or "").name or "the file"
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise BriefingError(f"{name} is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise BriefingError(f"{name} is larger than 10 MB; a 7-minute briefing is much smaller.")
    if suffix in (".txt", ".md"):
        return _plain_text(name, data)
    if suffix == ".docx":
        return _word_text(name, data)
    if suffix == ".pdf":
        return _pdf_text(name, data)
    if suffix == ".doc":
        raise BriefingError(
            f"{name} is an old Word (.doc) file. Save it as .docx, or as .pdf, and try again."
        )
    raise BriefingError(
        f"{name} is not a file we can read. Upload a .txt, .md, .docx or .pdf file."
    )


def _plain_text(name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise BriefingError(f"{name} is not a text file. Upload a .txt, .md, .docx or .pdf file.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BriefingError(f"{name} is not readable text; save it as UTF-8 and try again.")


def _word_text(name: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise BriefingError(f"{name} is not a Word document we can open ({error}).") from error
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            lines.append("")
            continue
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        # Word keeps bullets and numbering in the style, not the text.
        if "list" in style and not text.startswith(("-", "•", "*")):
            text = f"- {text}"
        lines.append(text)
        if style.startswith(("heading", "title")):
            lines.append("")
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.append(cell.text.strip())
                lines.append("")
    text = "\n".join(lines).strip()
    if not text:
        raise BriefingError(f"{name} has no text in it.")
    return text


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise BriefingError(f"{name} is password-protected. Remove the password and try again.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise BriefingError(f"{name} is not a PDF we can open ({error}).") from error
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise BriefingError(
            f"{name} has no text layer: it looks like a scanned image. Copy the text from the "
            "original document and paste it instead, or upload the Word version."
        )
    return text
