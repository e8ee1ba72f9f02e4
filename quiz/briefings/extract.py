"""Text out of an uploaded briefing: .txt, .md, .docx or a text-based .pdf.

Word and PDF files are read by extract_worker.py in a process of its own, with limits on
CPU time, memory and wall-clock time that no file can escape, so a hostile upload costs
at most a few seconds and never holds up anyone else (see extract_worker.py for why).
Every problem is a BriefingError whose message names the file.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath

from quiz.briefings.limits import (
    MAX_CHARACTERS,
    MAX_DOCX_PARAGRAPHS,
    MAX_DOCX_PARTS,
    MAX_DOCX_UNZIPPED_BYTES,
    MAX_PDF_PAGES,
    READING_CPU_SECONDS,
    READING_MEMORY_BYTES,
    READING_WALL_SECONDS,
)
from quiz.briefings.parser import BriefingError

ACCEPTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_MB = 1024 * 1024
_WORKER = Path(__file__).with_name("extract_worker.py")
_TRY_AGAIN = "Save it again, or paste its text instead."

log = logging.getLogger(__name__)
_SAVE_AGAIN = "Save it again from Word, or as a PDF, and try again."


@dataclass(frozen=True)
class ReadingLimits:
    cpu_seconds: int = READING_CPU_SECONDS
    wall_seconds: float = READING_WALL_SECONDS
    memory_bytes: int = READING_MEMORY_BYTES
    max_characters: int = MAX_CHARACTERS
    max_pages: int = MAX_PDF_PAGES
    max_paragraphs: int = MAX_DOCX_PARAGRAPHS
    max_parts: int = MAX_DOCX_PARTS
    max_unzipped_bytes: int = MAX_DOCX_UNZIPPED_BYTES


LIMITS = ReadingLimits()


def extract_text(filename: str, data: bytes) -> str:
    """The briefing's text, or a BriefingError that says what is wrong with the file."""
    name = PurePath(filename or "").name or "the file"
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise BriefingError(f"{name} is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise BriefingError(f"{name} is larger than 10 MB; a 7-minute briefing is much smaller.")
    if suffix in (".txt", ".md"):
        text = _plain_text(name, data)
        if len(text) > LIMITS.max_characters:
            raise BriefingError(_too_much_text(name, LIMITS))
        return text
    if suffix == ".docx":
        text = _read_in_worker(name, "docx", data)
        if not text:
            raise BriefingError(f"{name} has no text in it.")
        return text
    if suffix == ".pdf":
        text = _read_in_worker(name, "pdf", data)
        if not text:
            raise BriefingError(
                f"{name} has no text layer: it looks like a scanned image. Copy the text from "
                "the original document and paste it instead, or upload the Word version."
            )
        return text
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


def _read_in_worker(name: str, kind: str, data: bytes) -> str:
    limits = LIMITS
    too_slow = BriefingError(
        f"{name} took too long to read (we stop after {limits.cpu_seconds} seconds); "
        f"it may be damaged. {_TRY_AGAIN}"
    )
    command = [sys.executable, "-I", str(_WORKER), kind, json.dumps(asdict(limits))]
    try:
        finished = subprocess.run(
            command,
            input=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=limits.wall_seconds,
            env={},  # nothing of the app's environment (keys, passwords) for a hostile file
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the process
        raise too_slow from None
    except OSError as error:
        raise BriefingError(
            f"We could not read {name} just now ({error.strerror}). Try again, or paste its "
            "text instead."
        ) from error
    if finished.returncode == -signal.SIGXCPU:
        raise too_slow
    try:
        result = json.loads(finished.stdout) if finished.returncode == 0 else None
    except ValueError:
        result = None
    if not isinstance(result, dict):
        raise BriefingError(f"{name} could not be read; it may be damaged. {_TRY_AGAIN}")
    if "problem" in result:
        raise BriefingError(_message(name, kind, result, limits))
    return result["text"]


def _message(name: str, kind: str, result: dict, limits: ReadingLimits) -> str:
    problem = result["problem"]
    if problem == "encrypted":
        return f"{name} is password-protected. Remove the password and try again."
    if problem == "pages":
        return (
            f"{name} has {result['count']:,} pages; we read documents of up to "
            f"{limits.max_pages} pages, and a 7-minute briefing has a few. Upload the briefing "
            "itself, or paste its text."
        )
    if problem == "paragraphs":
        return (
            f"{name} has more than {limits.max_paragraphs:,} paragraphs; a 7-minute briefing "
            "has far fewer. Upload the briefing itself, or paste its text."
        )
    if problem == "unzipped":
        return (
            f"{name} unzips to more than {limits.max_unzipped_bytes // _MB} MB, far more than "
            f"a Word briefing. {_SAVE_AGAIN}"
        )
    if problem == "parts":
        return (
            f"{name} holds more than {limits.max_parts:,} files inside it, far more than a Word "
            f"briefing. {_SAVE_AGAIN}"
        )
    if problem == "characters":
        return _too_much_text(name, limits)
    if problem == "memory":
        return (
            f"{name} needs more memory to read than we allow "
            f"({limits.memory_bytes // _MB} MB); it may be damaged. {_TRY_AGAIN}"
        )
    what = "a Word document" if kind == "docx" else "a PDF"
    # The reading library's own words ("EOF marker not found") mean nothing to a trainer:
    # they go to the log, and the trainer reads what to do.
    log.info("%s could not be read: %s", name, result.get("detail", "unknown problem"))
    ending = ".docx" if kind == "docx" else ".pdf"
    return (
        f"{name} is not {what} we can open: it may be damaged, or be another kind of file "
        f"with {ending} at the end of its name. {_TRY_AGAIN}"
    )


def _too_much_text(name: str, limits: ReadingLimits) -> str:
    return (
        f"{name} has more than {limits.max_characters:,} characters of text; a 7-minute "
        "briefing is much shorter. Upload the briefing itself, or paste its text."
    )
