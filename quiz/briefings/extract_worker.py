"""The text of an uploaded .docx or .pdf, read in a process of its own under hard limits.

extract.py runs this file as a script (`python -I extract_worker.py KIND LIMITS`) with the
file on standard input, and reads one line of JSON from standard output: {"text": ...} or
{"problem": CODE, ...}; extract.py turns the code into a message naming the file.

A hostile document can make python-docx or pypdf take minutes and gigabytes (finding 2 of
the security review: a 45 KB .docx of millions of empty paragraphs took 114 s and 1.9 GB).
So the limits are set by the operating system before the file is read, where no file can
escape them: CPU time (the process is killed past it), address space (allocations fail
past it) and no files written. extract.py adds a wall-clock timeout and kills the process
past it. Checks before parsing (the unzipped size of a .docx, its paragraphs, a PDF's
pages) and while reading (characters) turn the common cases into clear messages.

Only the standard library, python-docx and pypdf are imported, and nothing of the app:
the process starts in a fraction of a second, and -I keeps the app's folder, the current
folder and PYTHON* environment variables out of its import path.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import zipfile


class Refused(Exception):
    """The file cannot be read within the limits; code says why, for extract.py's message."""

    def __init__(self, code: str, **details: object):
        super().__init__(code)
        self.code = code
        self.details = details


def main() -> None:
    kind, limits = sys.argv[1], json.loads(sys.argv[2])
    _limit_resources(limits)
    data = sys.stdin.buffer.read()
    try:
        result = {"text": READERS[kind](data, limits)}
    except Refused as refused:
        result = {"problem": refused.code, **refused.details}
    except MemoryError:
        result = {"problem": "memory"}
    except Exception as error:  # a broken or hostile file can make a reader raise anything
        result = {"problem": "unreadable", "detail": _short(error)}
    sys.stdout.buffer.write(json.dumps(result).encode("utf-8"))


def _limit_resources(limits: dict) -> None:
    import resource

    cpu = limits["cpu_seconds"]
    # Past the soft limit the kernel sends SIGXCPU, which ends the process; the hard
    # limit a second later kills it whatever it does with that signal.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = limits["memory_bytes"]
    # macOS refuses a memory limit; the CPU and wall-clock limits still hold there.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"


# --- Word -----------------------------------------------------------------------------

# A paragraph's start tag in WordprocessingML: <w:p>, <w:p/> or <w:p w:rsidR="...">.
_PARAGRAPH = re.compile(rb"<w:p[\s/>]")
_MAIN_DOCUMENT = "word/document.xml"


def _word_text(data: bytes, limits: dict) -> str:
    _check_zip(data, limits)
    import docx

    document = docx.Document(io.BytesIO(data))
    text = _Text(limits["max_characters"])
    style_names: dict[str | None, str] = {}
    for paragraph in document.paragraphs:
        line = paragraph.text.strip()
        if not line:
            text.add("")
            continue
        style = _style_name(paragraph, style_names)
        # Word keeps bullets and numbering in the style, not the text.
        if "list" in style and not line.startswith(("-", "•", "*")):
            line = f"- {line}"
        text.add(line)
        if style.startswith(("heading", "title")):
            text.add("")
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                text.add(cell.text.strip())
                text.add("")
    return "\n".join(text.lines).strip()


def _style_name(paragraph, known: dict[str | None, str]) -> str:
    """The paragraph's style name, lower case. python-docx searches the styles for each
    paragraph's style (seconds for a few thousand paragraphs), so each is looked up once."""
    style_id = paragraph._p.style
    if style_id not in known:
        style = paragraph.style
        known[style_id] = (style.name or "").lower() if style is not None else ""
    return known[style_id]


def _check_zip(data: bytes, limits: dict) -> None:
    """A zip bomb, or a document of millions of paragraphs, is refused before python-docx
    builds it in memory. The sizes a zip declares are the most it can unzip to: zipfile
    stops at the declared size and checks the CRC."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > limits["max_parts"]:
            raise Refused("parts", limit=limits["max_parts"])
        unzipped = sum(member.file_size for member in members)
        if unzipped > limits["max_unzipped_bytes"]:
            raise Refused("unzipped", limit=limits["max_unzipped_bytes"])
        names = {member.filename for member in members}
        if _MAIN_DOCUMENT in names:
            paragraphs = len(_PARAGRAPH.findall(archive.read(_MAIN_DOCUMENT)))
            if paragraphs > limits["max_paragraphs"]:
                raise Refused("paragraphs", limit=limits["max_paragraphs"])


class _Text:
    """Lines of text, refused as soon as they pass the character limit: never cut short."""

    def __init__(self, max_characters: int):
        self.lines: list[str] = []
        self.left = max_characters

    def add(self, line: str) -> None:
        self.left -= len(line) + 1
        if self.left < 0:
            raise Refused("characters")
        self.lines.append(line)


# --- PDF ------------------------------------------------------------------------------


def _pdf_text(data: bytes, limits: dict) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise Refused("encrypted")
    pages = reader.pages
    if len(pages) > limits["max_pages"]:
        raise Refused("pages", count=len(pages), limit=limits["max_pages"])
    text = _Text(limits["max_characters"])
    for page in pages:
        page_text = (page.extract_text() or "").strip()
        if page_text:
            text.add(page_text)
            text.add("")
    return "\n".join(text.lines).strip()


READERS = {"docx": _word_text, "pdf": _pdf_text}

if __name__ == "__main__":
    main()
