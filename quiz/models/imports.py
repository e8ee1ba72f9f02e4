"""Files an administrator uploaded and has not confirmed yet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from quiz.extensions import db
from quiz.models.people import utcnow


class PeopleUpload(db.Model):
    """A people CSV kept between its preview and the administrator's confirmation.

    Kept on the server, not in the form, so what is imported is exactly what was
    previewed, and only the administrator who uploaded it can import it. Deleted when
    imported, and when the same administrator uploads another or it expires.
    """

    __tablename__ = "people_uploads"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
