"""What every command shares."""

from __future__ import annotations

import sys

import click


def fail(message: str) -> None:
    """Say what went wrong on standard error and stop with exit code 1."""
    click.echo(message, err=True)
    sys.exit(1)
