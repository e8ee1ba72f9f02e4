"""Short names for web addresses, files and ids: lowercase letters, digits and hyphens."""

import re
import unicodedata


def slugify(text: str, max_length: int, fallback: str) -> str:
    """`text` as a slug of at most `max_length` characters; `fallback` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or fallback
