"""docs/ASVS.md cites tests as proof; every one it cites must exist."""

from __future__ import annotations

import re

from tests.seed import ROOT

DOC = ROOT / "docs" / "ASVS.md"
CITATION = re.compile(r"(tests/[\w/]+\.py)(?:::(\w+))?")


def citations() -> list[tuple[str, str]]:
    return CITATION.findall(DOC.read_text(encoding="utf-8"))


def test_the_document_cites_tests_for_every_chapter():
    text = DOC.read_text(encoding="utf-8")
    chapters = re.findall(r"^## (V\d+)\b", text, flags=re.M)
    assert chapters == [f"V{n}" for n in range(1, 18)]
    assert len(citations()) > 80


def test_every_cited_test_exists():
    missing = []
    for path, name in citations():
        file = ROOT / path
        if not file.is_file():
            missing.append(path)
        elif name and not re.search(rf"^def {name}\(", file.read_text(encoding="utf-8"), re.M):
            missing.append(f"{path}::{name}")
    assert missing == [], "docs/ASVS.md cites tests that do not exist"
