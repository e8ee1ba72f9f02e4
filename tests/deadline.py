"""Fail a test that takes too long, instead of waiting for it: parsers must not be slow."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TookTooLong(AssertionError):
    pass


@contextmanager
def within_seconds(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` of wall-clock time (the regex engine checks for
    signals, so a runaway regular expression is interrupted too). Main thread only."""

    def interrupt(signum, frame):
        raise TookTooLong(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - started
    if elapsed > seconds:  # an interrupt swallowed by the code under test
        raise TookTooLong(f"took {elapsed:.1f} s, more than {seconds} s")
