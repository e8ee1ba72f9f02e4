"""Bulk import of people: compare a people file with the database, then write it.

``preview`` reads the database in a handful of queries (never one per row) and writes
nothing: each row is new, changed, unchanged or refused, and the leavers are the active
people of the file's agencies whom the file does not name. ``apply`` writes a preview in
one transaction (it flushes; the caller commits), all of it or only the good rows.

What a row means: the person with this email is called ``name``, has ``role`` and is a
member of ``team``, which belongs to ``agency``; ``supervisor_email`` supervises that
team. Agencies and teams are created when new. The import adds supervisors but never
removes one, and never reactivates anybody: both are done on the person's page.
"""

from quiz.services.people_import.apply import (
    apply,
)
from quiz.services.people_import.model import (
    ImportPreview,
    ImportRefused,
    ImportResult,
    Leaver,
    Outcome,
    RowPreview,
)
from quiz.services.people_import.preview import name_key, preview
from quiz.services.people_import.uploads import (
    PreviewOutdated,
    discard_upload,
    find_upload,
    import_upload,
    keep_upload,
    preview_upload,
)

__all__ = [
    "ImportPreview",
    "ImportRefused",
    "ImportResult",
    "Leaver",
    "Outcome",
    "PreviewOutdated",
    "RowPreview",
    "apply",
    "discard_upload",
    "find_upload",
    "import_upload",
    "keep_upload",
    "name_key",
    "preview",
    "preview_upload",
]
