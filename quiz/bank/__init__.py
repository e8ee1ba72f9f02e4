"""The question bank: briefing folders of briefing.txt + questions.yaml, read and checked."""

from quiz.bank.reader import (
    KINDS,
    BankBriefing,
    BankError,
    BankQuestion,
    Problem,
    check_report,
    read_bank,
    read_briefing_folder,
)

__all__ = [
    "KINDS",
    "BankBriefing",
    "BankError",
    "BankQuestion",
    "Problem",
    "check_report",
    "read_bank",
    "read_briefing_folder",
]
