"""The README's map of the code matches the tree, so a newcomer can trust it."""

import os
import re

from tests.seed import ROOT

PACKAGE = ROOT / "quiz"


def _readme_map() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    design = readme.split("\n## Design\n", 1)[1]
    return design.split("```", 2)[1]


def _named(text: str) -> set[str]:
    return set(re.findall(r"[\w.]+(?:\.py|\.yaml|/)", text))


def _tree() -> tuple[set[str], set[str]]:
    modules = {
        path.name
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and "static" not in path.parts
    }
    packages = {
        f"{path.name}/"
        for path in PACKAGE.rglob("*")
        if path.is_dir() and (path / "__init__.py").exists()
    }
    return modules, packages


def test_every_module_and_package_is_on_the_map():
    modules, packages = _tree()
    named = _named(_readme_map())
    missing = sorted((modules | packages) - named)
    assert missing == [], "describe these in the README's Design map"


def _everything_in_the_checkout() -> set[str]:
    names: set[str] = set()
    for _folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in SKIPPED and not d.startswith(".")]
        names.update(files)
        names.update(f"{d}/" for d in subfolders)
    return names


SKIPPED = {"node_modules", "__pycache__", "build", "corpus"}


def test_every_file_on_the_map_exists():
    named = {name for name in _named(_readme_map()) if not name.startswith(".")}
    stale = sorted(named - _everything_in_the_checkout())
    assert stale == [], "these are on the README's map but not in the checkout"
