"""People files kept on the server between their preview and the administrator's confirmation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, or_, select

from quiz.extensions import db
from quiz.models import PeopleUpload, User
from quiz.models.people import utcnow
from quiz.people_file import read_people_file
from quiz.services.people_import.apply import apply
from quiz.services.people_import.model import ImportPreview, ImportResult
from quiz.services.people_import.preview import preview

# As long as the confirmation form's CSRF token lasts; the file holds personal details.
UPLOAD_LIFETIME = timedelta(hours=1)


class PreviewOutdated(ValueError):
    """The file's outcome is no longer what the administrator checked."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keep_upload(user: User, filename: str, content: bytes) -> str:
    """Keep the file for its uploader; returns the token that finds it again.

    A file that cannot be read is refused here (PeopleFileError) and not kept. Each
    administrator has at most one file waiting, and expired files go at once.
    """
    read_people_file(content)
    db.session.execute(
        delete(PeopleUpload).where(
            or_(
                PeopleUpload.user_id == user.id,
                PeopleUpload.created_at < utcnow() - UPLOAD_LIFETIME,
            )
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        PeopleUpload(
            token_hash=_token_hash(token),
            user_id=user.id,
            filename=(filename or "people.csv")[:255],
            content=content,
        )
    )
    db.session.flush()
    return token


def find_upload(token: str, user: User) -> PeopleUpload | None:
    """The file this person uploaded with this token, unless it has expired."""
    return db.session.scalar(
        select(PeopleUpload).where(
            PeopleUpload.token_hash == _token_hash(token),
            PeopleUpload.user_id == user.id,
            PeopleUpload.created_at > utcnow() - UPLOAD_LIFETIME,
        )
    )


def discard_upload(upload: PeopleUpload) -> None:
    db.session.delete(upload)
    db.session.flush()


def preview_upload(upload: PeopleUpload, actor: User) -> ImportPreview:
    return preview(read_people_file(upload.content), actor=actor, source=upload.filename)


def import_upload(
    upload: PeopleUpload,
    checked: str,
    only_good_rows: bool,
    deactivate_leavers: bool,
    actor: User,
) -> ImportResult:
    """Import the file as the administrator checked it (checked: the preview's fingerprint).

    Refuses (PreviewOutdated) when the outcome changed since, because someone changed
    the people meanwhile; ImportRefused when importing all of it and a row is refused.
    """
    found = preview_upload(upload, actor)
    if found.fingerprint() != checked:
        raise PreviewOutdated(
            "Nothing was imported: the people changed since you checked the file. "
            "Check what the import will do now."
        )
    result = apply(found, only_good_rows, deactivate_leavers, actor)
    discard_upload(upload)
    return result
