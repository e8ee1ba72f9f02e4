"""Single-use links to set a password: invitations for new people, and password resets.

Only the SHA-256 hash of a link's token is stored, so a copy of the database holds no
working link. A link works once, until it expires; a newer link for the same person
replaces every older one. Using one sets the password and ends every session of theirs;
it signs nobody in: they then sign in as usual (with their authenticator app if needed).
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, func, select, update

from quiz.extensions import db
from quiz.mail import Message
from quiz.models import EmailKind, LinkPurpose, PasswordLink, User
from quiz.models.people import utcnow
from quiz.services import accounts
from quiz.services.accounts import audit, check_new_password, end_all_sessions, find_user
from quiz.services.outbox import compose, link

# Links in addresses are this long; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100
# How many ids go in one SQL IN (...): well under SQLite's limit on parameters.
CHUNK = 900


class LinkState(enum.StrEnum):
    USABLE = "usable"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


class LinkRefused(Exception):
    def __init__(self, state: LinkState):
        super().__init__(state.value)
        self.state = state


@dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    link: PasswordLink | None = None

    @property
    def usable(self) -> bool:
        return self.state is LinkState.USABLE


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime(purpose: LinkPurpose) -> timedelta:
    key = "INVITATION_LINK_HOURS" if purpose is LinkPurpose.INVITATION else "RESET_LINK_HOURS"
    return timedelta(hours=current_app.config[key])


def issue_link(user: User, purpose: LinkPurpose, now: datetime | None = None) -> str:
    """A new link for the person (older unused ones stop working); returns its token."""
    return issue_links([user], purpose, now)[0]


def issue_links(people: list[User], purpose: LinkPurpose, now: datetime | None = None) -> list[str]:
    """A new link for each person, in the same order; older unused links stop working.

    In a few statements however many people, so inviting a whole import is quick.
    """
    now = now or utcnow()
    ids = [person.id for person in people]
    for start in range(0, len(ids), CHUNK):
        db.session.execute(
            update(PasswordLink)
            .where(PasswordLink.user_id.in_(ids[start : start + CHUNK]))
            .where(PasswordLink.used_at.is_(None))
            .values(used_at=now)
        )
    tokens = [secrets.token_urlsafe(32) for _ in people]
    expires_at = now + lifetime(purpose)
    db.session.add_all(
        PasswordLink(
            token_hash=_hash(token),
            user_id=user_id,
            purpose=purpose,
            created_at=now,
            expires_at=expires_at,
        )
        for user_id, token in zip(ids, tokens, strict=True)
    )
    db.session.flush()
    return tokens


def check_link(token: str, now: datetime | None = None) -> LinkCheck:
    """Whether the link can set a password now, and if not, why."""
    now = now or utcnow()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return LinkCheck(LinkState.UNKNOWN)
    found = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _hash(token)))
    if found is None or not found.user.active:
        return LinkCheck(LinkState.UNKNOWN)
    if found.used_at is not None:
        return LinkCheck(LinkState.USED, found)
    if found.expires_at <= now:
        return LinkCheck(LinkState.EXPIRED, found)
    return LinkCheck(LinkState.USABLE, found)


def set_password_with_link(
    token: str, new_password: str, now: datetime | None = None, address: str | None = None
) -> User:
    """Set the person's password and use up the link; ends every session of theirs.

    Raises LinkRefused when the link no longer works, AccountError when the password would
    be easy to guess. As in accounts.authenticate, no transaction is held while hashing:
    it rolls back, so call it before writing anything else.
    """
    now = now or utcnow()
    checked = check_link(token, now)
    if not checked.usable:
        raise LinkRefused(checked.state)
    user = checked.link.user
    check_new_password(new_password, user.email, user.name, whose="your")
    link_id, user_id = checked.link.id, user.id
    db.session.rollback()
    new_hash = accounts.hash_password(new_password)
    # Marked used only if nobody used it meanwhile: a link works once, even for two
    # requests at the same moment.
    claimed = db.session.execute(
        update(PasswordLink)
        .where(PasswordLink.id == link_id, PasswordLink.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if not claimed:
        raise LinkRefused(LinkState.USED)
    user = db.session.get(User, user_id)
    user.password_hash = new_hash
    end_all_sessions(user)
    purpose = db.session.get(PasswordLink, link_id).purpose
    action = "password.set" if purpose == LinkPurpose.INVITATION else "password.reset"
    audit(user, action, f"user:{user.id}", "with an emailed link", address)
    return user


# Invitations ---------------------------------------------------------------------------


def _live_link(now: datetime):
    return exists().where(
        PasswordLink.user_id == User.id,
        PasswordLink.used_at.is_(None),
        PasswordLink.expires_at > now,
    )


def _waiting_for_invitation(now: datetime):
    """Active people with no password and no invitation they could still use."""
    return (
        User.active.is_(True),
        User.password_hash.is_(None),
        ~_live_link(now),
    )


def count_to_invite(now: datetime | None = None) -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(*_waiting_for_invitation(now or utcnow()))
    )


def people_to_invite(now: datetime | None = None) -> list[User]:
    query = select(User).where(*_waiting_for_invitation(now or utcnow())).order_by(User.id)
    return list(db.session.scalars(query))


def can_be_invited(user: User) -> bool:
    return user.active and user.password_hash is None


def invite(people: list[User], actor: User | None, now: datetime | None = None) -> list[Message]:
    """A new link for each person who can be invited, and the emails that carry them.

    Flushes; the caller commits, then sends the messages (quiz.services.outbox.send).
    """
    invited = [person for person in people if can_be_invited(person)]
    tokens = issue_links(invited, LinkPurpose.INVITATION, now)
    messages = []
    for person, token in zip(invited, tokens, strict=True):
        messages.append(_link_message(person, token, EmailKind.INVITATION, "email/invitation.txt"))
        audit(actor, "user.invite", f"user:{person.id}", person.email)
    return messages


def request_reset(email: str, now: datetime | None = None) -> list[Message]:
    """The reset email for the active person with this email, if there is one.

    The page says the same either way, so nobody learns who has an account.
    """
    person = find_user(email)
    if person is None or not person.active:
        return []
    token = issue_link(person, LinkPurpose.PASSWORD_RESET, now)
    audit(None, "password.reset-requested", f"user:{person.id}", person.email)
    return [_link_message(person, token, EmailKind.PASSWORD_RESET, "email/password_reset.txt")]


def _link_message(person: User, token: str, kind: EmailKind, template: str) -> Message:
    purpose = LinkPurpose.INVITATION if kind is EmailKind.INVITATION else LinkPurpose.PASSWORD_RESET
    subject, body = compose(
        template,
        person=person,
        link=link("auth.set_password", token=token),
        sign_in=link("auth.sign_in"),
        hours=int(lifetime(purpose).total_seconds() // 3600),
    )
    return Message(to=person.email, subject=subject, body=body, kind=kind, user_id=person.id)
