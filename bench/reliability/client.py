"""A practitioner's browser, and what every request answered, counted.

A Person keeps a cookie jar, follows no redirects and reads pages with a few regular
expressions (cheap: the client shares the machine's two cores with the server). A cut
connection (a killed worker) comes back as status 0.
"""

from __future__ import annotations

import html
import http.client
import http.cookiejar
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from typing import NamedTuple

CUT = 0  # the status given to a request whose connection broke (or timed out)
# About as long as a browser waits for a page before it gives up.
BROWSER_TIMEOUT_SECONDS = 300


class Reply(NamedTuple):
    status: int
    page: str
    location: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Person:
    def __init__(self, base: str, email: str):
        self.base = base
        self.email = email
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, path: str, headers: dict | None = None) -> Reply:
        return self._send(urllib.request.Request(self.base + path, headers=headers or {}))

    def post(self, path: str, fields, headers: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        return self._send(request)

    def _send(self, request) -> Reply:
        try:
            return self._exchange(request)
        except (OSError, http.client.HTTPException):
            # Refused, reset, or cut off halfway through the answer (IncompleteRead).
            return Reply(CUT, "")

    def _exchange(self, request) -> Reply:
        try:
            with self.opener.open(request, timeout=BROWSER_TIMEOUT_SECONDS) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:  # every status but 200, redirects included
            with error:
                page = error.read().decode(errors="replace")
            return Reply(error.code, page, error.headers.get("Location", ""))


_INPUT = re.compile(r"<input\b[^>]*>")
_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL)
_TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.DOTALL)


def attributes(tag: str) -> dict[str, str]:
    inner = tag.split(None, 1)[1] if " " in tag else ""
    return {name: html.unescape(value or "") for name, value in _ATTRIBUTE.findall(inner)}


def inputs(page: str) -> list[dict[str, str]]:
    return [attributes(tag.rstrip("/>")) for tag in _INPUT.findall(page)]


def main_form(page: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The page's own form (not the sign-out button): its action and what it would send."""
    for form_attributes, body in _FORM.findall(page):
        action = attributes(f"<form {form_attributes}").get("action")
        if action == "/sign-out":
            continue
        fields = []
        for field in inputs(body):
            kind = field.get("type", "text")
            if "name" not in field or (kind in ("radio", "checkbox") and "checked" not in field):
                continue
            fields.append((field["name"], field.get("value", "")))
        for textarea_attributes, content in _TEXTAREA.findall(body):
            name = attributes(f"<textarea {textarea_attributes}").get("name")
            fields.append((name, html.unescape(content)))
        return action, fields
    return None, []


def csrf_token(page: str) -> str:
    for field in inputs(page):
        if field.get("name") == "csrf_token":
            return field.get("value", "")
    return ""


def field_values(page: str, name: str) -> list[str]:
    return [f.get("value", "") for f in inputs(page) if f.get("name") == name]


def chosen(page: str, name: str) -> list[str]:
    """The values of name that the page shows as selected (checked, or carried hidden)."""
    return [
        f.get("value", "")
        for f in inputs(page)
        if f.get("name") == name and ("checked" in f or f.get("type") == "hidden")
    ]


def theme_fields(page: str) -> list[str]:
    return sorted({f["name"] for f in inputs(page) if f.get("name", "").startswith("theme_")})


class Tally:
    """Every response by step and status, latencies, and what the server acknowledged."""

    def __init__(self):
        self._lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.acknowledged: list[tuple[str, int, frozenset[int]]] = []
        self.busy_pages = Counter()  # "kept" / "lost": did a 503 keep the answer sent?
        self.notes: list[str] = []

    def record(self, step: str, status: int, seconds: float) -> None:
        with self._lock:
            self.statuses[(step, status)] += 1
            self.latencies[step].append(seconds)

    def acknowledge(self, email: str, version_id: int, options: frozenset[int]) -> None:
        with self._lock:
            self.acknowledged.append((email, version_id, options))

    def busy(self, kept: bool) -> None:
        with self._lock:
            self.busy_pages["kept" if kept else "lost"] += 1

    def note(self, message: str) -> None:
        with self._lock:
            self.notes.append(message)

    def count(self, predicate) -> int:
        with self._lock:
            return sum(n for (_, status), n in self.statuses.items() if predicate(status))

    def server_errors(self) -> int:
        """Responses that were neither a page, a redirect, a refusal nor a clean 503."""
        return self.count(lambda status: status >= 500 and status != 503)

    def summary(self) -> dict:
        with self._lock:
            every = [s for samples in self.latencies.values() for s in samples]
            by_status = Counter()
            for (_, status), n in self.statuses.items():
                by_status[str(status)] += n
        return {
            "requests": sum(by_status.values()),
            "by_status": dict(sorted(by_status.items())),
            "latency_ms": percentiles(every),
        }


def percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {}
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000, 1)

    return {
        "p50": round(statistics.median(ordered) * 1000, 1),
        "p95": at(0.95),
        "max": round(ordered[-1] * 1000, 1),
    }


def timed(tally: Tally, step: str, send) -> Reply:
    started = time.perf_counter()
    reply = send()
    tally.record(step, reply.status, time.perf_counter() - started)
    return reply
