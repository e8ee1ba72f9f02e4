"""Reading personal data is recorded too: who opened which report, who downloaded which file.

Changes are recorded where they are made (content, assignments, people). A report or an
export changes nothing, so the pages that show them record the reading here, in the same
append-only audit log, with the person, the time and what they saw.
"""

from __future__ import annotations

from quiz.models import User
from quiz.services.accounts import audit


def report_viewed(viewer: User, subject: str, report: str) -> None:
    """viewer opened a report page about subject ("team:3", "briefing:2", "partnership")."""
    audit(viewer, "report.view", subject, report)


def export_downloaded(viewer: User, subject: str, export: str, rows: int) -> None:
    """viewer downloaded a file of rows about subject."""
    audit(viewer, "report.export", subject, f"{export}: {rows} rows")
