"""The question bank: briefing folders of briefing.txt + questions.yaml, read and checked."""

from quiz.bank.questions_file import KINDS, BankQuestion
from quiz.bank.reader import (
    BankBriefing,
    BankError,
    check_report,
    read_bank,
    read_briefing_folder,
)
from quiz.bank.yaml_file import Problem

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
