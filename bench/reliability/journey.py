"""A practitioner signing in and finishing the seed quiz, as a patient person would.

Every step is a page and its form. When the server answers 503 the person checks the
page kept what they sent, waits a moment and presses its button (which sends the same
answer again); when the connection breaks or a page fails they reload the form and
send the same choice again. Both are bounded by `patience`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from bench.reliability.client import (
    CUT,
    Person,
    Reply,
    Tally,
    chosen,
    csrf_token,
    field_values,
    main_form,
    theme_fields,
    timed,
)
from bench.reliability.server import PASSWORD, SLUG

BRIEFING = f"/briefings/{SLUG}"
REFLECTION = "I will see the child on their own and write down what they tell me."
MAX_QUESTIONS = 100

Fields = list[tuple[str, str]]


def _retryable(status: int) -> bool:
    return status == CUT or status >= 500


class Journey:
    def __init__(
        self,
        person: Person,
        tally: Tally,
        *,
        patience: int = 40,
        pause: float = 0.25,
        headers: Callable[[str], dict] | None = None,
    ):
        self.person = person
        self.tally = tally
        self.patience = patience
        self.pause = pause
        # Extra request headers per step: the kill scenario marks the request to stop.
        self.headers = headers or (lambda step: {})
        self.last_sent: Fields = []  # what the server last accepted

    # Pages and forms ------------------------------------------------------------------

    def page(self, step: str, path: str) -> Reply:
        """The page at path (a 200, or the redirect the server chose), retried while busy."""
        for _ in range(self.patience):
            reply = timed(self.tally, step, partial(self.person.get, path))
            if not _retryable(reply.status):
                return reply
            time.sleep(self.pause)
        return reply

    def send(
        self,
        step: str,
        form_path: str,
        build: Callable[[str], Fields],
        *,
        post_path: str | None = None,
        kept: Callable[[str, Fields], bool] | None = None,
    ) -> Reply | None:
        """Fill the form at form_path and send it until the server accepts it (a redirect).

        None when it never did within patience, or refused what was sent.
        """
        post_path = post_path or form_path
        fields: Fields | None = None
        for _ in range(self.patience):
            if fields is None:
                shown = self.page(f"{step} page", form_path)
                if shown.status == 302:
                    # The server moved on: a send cut off after it was saved got through.
                    self.tally.note(f"{step}: already saved")
                    return shown
                if shown.status != 200:
                    break
                fields = build(shown.page)
            sent = fields
            reply = timed(
                self.tally, step, partial(self.person.post, post_path, sent, self.headers(step))
            )
            if reply.status in (302, 303):
                self.last_sent = sent
                return reply
            if reply.status == 503:
                if kept is not None:
                    self.tally.busy(kept(reply.page, sent))
                _, again = main_form(reply.page)
                # Press the page's button: it sends the same fields again, with a fresh token.
                fields = again or None
            elif _retryable(reply.status):
                fields = None
            else:
                self.tally.note(f"{self.person.email} {step}: refused with {reply.status}")
                return None
            time.sleep(self.pause)
        self.tally.note(f"{self.person.email} {step}: gave up")
        return None

    # The journey ----------------------------------------------------------------------

    def sign_in(self) -> bool:
        reply = self.send(
            "sign-in",
            "/sign-in",
            lambda page: [
                ("csrf_token", csrf_token(page)),
                ("email", self.person.email),
                ("password", PASSWORD),
            ],
        )
        return reply is not None

    def start(self) -> bool:
        token_only = lambda page: [("csrf_token", csrf_token(page))]  # noqa: E731
        if not self.send("start", BRIEFING, token_only, post_path=f"{BRIEFING}/start"):
            return False
        return bool(self.send("confidence", f"{BRIEFING}/confidence", _ratings("3")))

    def answer(self, position: int, option_index: int = 0) -> Reply | None:
        """Answer question `position` with its option_index'th option; the server's reply."""

        def build(page: str) -> Fields:
            options = field_values(page, "answer")
            return [
                ("csrf_token", csrf_token(page)),
                ("version_id", field_values(page, "version_id")[0]),
                ("answer", options[option_index % len(options)]),
            ]

        self.last_sent = []
        reply = self.send("answer", f"{BRIEFING}/questions/{position}", build, kept=_kept_answer)
        sent = dict(self.last_sent)
        if reply is not None and sent:
            options = frozenset(int(v) for name, v in self.last_sent if name == "answer")
            self.tally.acknowledge(self.person.email, int(sent["version_id"]), options)
        return reply

    def answer_all(self, first: int = 1) -> bool:
        position = first
        for _ in range(MAX_QUESTIONS):
            reply = self.answer(position)
            if reply is None:
                return False
            if reply.location.endswith("/check"):
                return True
            position += 1
        return False

    def submit(self) -> bool:
        token_only = lambda page: [("csrf_token", csrf_token(page))]  # noqa: E731
        return bool(self.send("submit", f"{BRIEFING}/check", token_only))

    def reflect(self) -> bool:
        def build(page: str) -> Fields:
            return [*_ratings("4")(page), ("reflection", REFLECTION)]

        if self.page("result page", f"{BRIEFING}/result").status != 200:
            return False
        reply = self.send("reflect", f"{BRIEFING}/reflect", build)
        if reply is None:
            return False
        # Where finishing leads, as a browser follows it: the completion's own record (by
        # way of the briefing's record address, in earlier versions). After a send cut off
        # once it was saved, the server points at the briefing: its record address, then.
        location = reply.location if "/record" in reply.location else f"{BRIEFING}/record"
        for _ in range(2):
            page = self.page("record page", location)
            if page.status != 302:
                return page.status == 200 and "/records/" in location
            location = page.location
        return False

    def finish(self) -> bool:
        """From signed in to the completion record."""
        return self.start() and self.answer_all() and self.submit() and self.reflect()


def _ratings(rating: str) -> Callable[[str], Fields]:
    def build(page: str) -> Fields:
        return [("csrf_token", csrf_token(page)), *((t, rating) for t in theme_fields(page))]

    return build


def _kept_answer(page: str, sent: Fields) -> bool:
    """Does a 503 page still hold the answer that was sent (selected, or ready to resend)?"""
    answer = sorted(value for name, value in sent if name == "answer")
    return sorted(chosen(page, "answer")) == answer
