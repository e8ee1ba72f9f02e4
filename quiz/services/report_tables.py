"""The columns of every report table, for its CSV and XLSX downloads (quiz.tabular).

Each Table reads the very row objects the page renders, so a download holds what the page
shows, filters included.
"""

from __future__ import annotations

from quiz.tabular import Column, Table


def _day(moment):
    return moment.date() if moment else None


PERSON_BRIEFINGS = Table(
    "Completion by person",
    (
        Column("Agency", lambda r: r.agency, 24),
        Column("Team", lambda r: r.team, 24),
        Column("Briefing", lambda r: r.briefing, 32),
        Column("Due", lambda r: r.due_on, 12),
        Column("Name", lambda r: r.name, 24),
        Column("Email", lambda r: r.email, 28),
        Column("Status", lambda r: r.progress.value, 24),
        Column("Answered", lambda r: r.standing.answered if r.standing.state else None, 10),
        Column("Questions", lambda r: r.standing.question_count or None, 10),
        Column("Attempts", lambda r: r.attempts, 10),
        Column("Latest score", lambda r: r.latest_score, 12),
        Column("Out of", lambda r: r.latest_max_score, 8),
        Column("Latest %", lambda r: r.latest_percent, 10),
        Column("Best %", lambda r: r.best_percent, 10),
        Column("First completed on", lambda r: _day(r.completed_at), 16),
        Column("Last activity", lambda r: r.last_activity_at, 18),
        Column("Overdue", lambda r: r.overdue, 9),
    ),
)

BRIEFING_COMPLETION = Table(
    "Completion by briefing",
    (
        Column("Briefing", lambda b: b.title, 32),
        Column("Due", lambda b: b.due_on, 12),
        Column("People", lambda b: b.members, 8),
        Column("Completed", lambda b: b.completed, 10),
        Column("Completed %", lambda b: b.completion_percent, 12),
        Column("Answering", lambda b: b.answering, 10),
        Column("Submitted, not reflected", lambda b: b.submitted, 14),
        Column("Not started", lambda b: b.not_started, 12),
        Column("Overdue", lambda b: b.overdue, 9),
    ),
)

TEAM_PEOPLE = Table(
    "People",
    (
        Column("Name", lambda p: p.name, 24),
        Column("Briefings assigned", lambda p: p.assigned, 10),
        Column("Completed", lambda p: p.completed, 10),
        Column("Overdue", lambda p: p.overdue, 9),
        Column("Last activity", lambda p: p.last_activity_at, 18),
    ),
)

TEAM_OVERVIEW = Table(
    "Teams",
    (
        Column("Team", lambda c: c.team.name, 24),
        Column("Agency", lambda c: c.team.agency.name, 24),
        Column("People", lambda c: c.members, 8),
        Column("Briefings", lambda c: len(c.briefings), 10),
        Column("Overdue", lambda c: c.overdue, 9),
    ),
)

THEMES = Table(
    "Learning themes",
    (
        Column("Briefing", lambda t: t.briefing, 32),
        Column("Theme", lambda t: t.theme, 40),
        Column("Team right %", lambda t: t.team_percent, 12),
        Column("Partnership right %", lambda t: t.partnership_percent, 12),
        Column("Team confidence before (1 to 5)", lambda t: _rounded(t.shown_confidence), 12),
        Column("Confidently wrong", lambda t: t.confidently_wrong, 10),
        Column("Hidden: fewer than 5 people", lambda t: t.hidden, 10),
    ),
)

PARTNERSHIP = Table(
    "Partnership completion",
    (
        Column("Agency", lambda r: r.agency, 24),
        Column("Team", lambda r: r.team, 24),
        *(
            Column(c.heading, lambda r, c=c: c.value(r.counts), c.width)
            for c in BRIEFING_COMPLETION.columns
        ),
    ),
)

PERSON_RECORD = Table(
    "Completion records",
    (
        Column("Briefing", lambda r: r.briefing, 32),
        Column("Due", lambda r: r.due_on, 12),
        Column("Status", lambda r: r.standing.label, 28),
        Column("Attempts", lambda r: r.attempts, 10),
        Column("Latest %", lambda r: r.latest_percent, 10),
        Column("Best %", lambda r: r.best_percent, 10),
        Column("First completed on", lambda r: _day(r.completed_at), 16),
        Column("Last activity", lambda r: r.last_activity_at, 18),
    ),
)


ATTEMPT_THEMES = Table(
    "Themes of an attempt",
    (
        Column("Name", lambda t: t.person, 24),
        Column("Briefing", lambda t: t.briefing, 32),
        Column("Attempt finished", lambda t: t.finished_at, 18),
        Column("Theme", lambda t: t.theme.theme, 40),
        Column("Right %", lambda t: t.theme.percent_right, 10),
        Column("Confidence before (1 to 5)", lambda t: t.theme.before, 12),
        Column("Confidence after (1 to 5)", lambda t: t.theme.after, 12),
        Column("Confidently wrong", lambda t: t.theme.confidently_wrong, 10),
    ),
)


def _rounded(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def totals_table(name: str, heading: str) -> Table:
    """Completion summed by agency or by briefing (quiz.services.partnership.Total)."""
    return Table(
        name,
        (
            Column(heading, lambda t: t.name, 32),
            Column("People assigned", lambda t: t.people, 10),
            Column("Completed", lambda t: t.completed, 10),
            Column("Completed %", lambda t: t.completion_percent, 12),
            Column("Overdue", lambda t: t.overdue, 9),
        ),
    )


BY_AGENCY = totals_table("Completion by agency", "Agency")
BY_BRIEFING = totals_table("Completion by briefing across teams", "Briefing")

# The annual report (quiz.services.annual_report): a table each, and a sheet each in its
# workbook. Sheet names are at most 31 characters.
ANNUAL_REACH = Table(
    "Reach",
    (
        Column("Briefing", lambda r: r.briefing, 32),
        Column("Agency", lambda r: r.agency, 24),
        Column("Teams assigned", lambda r: r.teams_assigned, 10),
        Column("Teams with a completion", lambda r: r.teams_reached, 12),
        Column("People assigned", lambda r: r.people_assigned, 10),
        Column("People completed", lambda r: r.people_completed, 10),
        Column("Completed %", lambda r: r.completion_percent, 12),
    ),
)

ANNUAL_LEARNING = Table(
    "Learning by theme",
    (
        Column("Briefing", lambda r: r.briefing, 32),
        Column("Theme", lambda r: r.theme, 40),
        Column("Answers", lambda r: r.answers, 10),
        Column("Right %", lambda r: r.right_percent, 10),
        Column("People", lambda r: r.people, 8),
        Column("Hidden: fewer than 5 people", lambda r: r.hidden, 10),
    ),
)

ANNUAL_CONFIDENCE = Table(
    "Confidence change",
    (
        Column("Briefing", lambda r: r.briefing, 32),
        Column("Theme", lambda r: r.theme, 40),
        Column("Confidence before (1 to 5)", lambda r: r.shown_before, 12),
        Column("Confidence after (1 to 5)", lambda r: r.shown_after, 12),
        Column("Change", lambda r: r.change, 10),
        Column("People", lambda r: r.people, 8),
        Column("Hidden: fewer than 5 people", lambda r: r.hidden, 10),
    ),
)

ANNUAL_MEETINGS = Table(
    "Team meetings",
    (
        Column("Agency", lambda r: r.agency, 24),
        Column("Team", lambda r: r.team, 24),
        Column("Briefing", lambda r: r.briefing, 32),
        Column("Meetings held", lambda r: r.meetings, 10),
        Column("Attendances", lambda r: r.attendances, 12),
        Column("Actions agreed", lambda r: r.actions, 10),
        Column("Actions with an owner and due date", lambda r: r.actions_owned_and_dated, 14),
    ),
)
# Trends across the partnership (quiz.services.trends): the tables behind its charts.

COMPLETION_OVER_TIME = Table(
    "Completion by month",
    (
        Column("Month", lambda p: p.label, 12),
        Column("Completed in the month", lambda p: p.completed, 12),
        Column("Completed so far", lambda p: p.completed_so_far, 12),
        Column("Assigned (person and briefing)", lambda p: p.assigned, 14),
        Column("Completed so far %", lambda p: p.share_so_far, 12),
    ),
)

HARDEST_THEMES = Table(
    "Hardest themes across briefings",
    (
        Column("Briefing", lambda t: t.briefing, 32),
        Column("Theme", lambda t: t.theme, 40),
        Column("Right %", lambda t: t.right_percent, 10),
        Column("People", lambda t: None if t.hidden else t.people, 8),
        Column("Confidence before (1 to 5)", lambda t: t.shown_confidence, 12),
        Column("Confidently wrong", lambda t: t.confidently_wrong, 10),
        Column("Recurring themes", lambda t: "; ".join(t.recurring), 32),
        Column("Hidden: fewer than 5 people", lambda t: t.hidden, 10),
    ),
)

CONFIDENCE_BY_THEME = Table(
    "Confidence before and after",
    (
        Column("Theme", lambda p: p.label, 40),
        Column("Before (1 to 5)", lambda p: None if p.hidden else p.before, 10),
        Column("After (1 to 5)", lambda p: None if p.hidden else p.after, 10),
        Column("People", lambda p: None if p.hidden else p.people, 8),
        Column("Hidden: fewer than 5 people", lambda p: p.hidden, 10),
    ),
)


def heat_map_table(chart) -> Table:
    """A heat map's (quiz.charts.HeatMap) figures: a row per theme, a column per group."""
    return Table(
        "Right answers by theme",
        (
            Column(chart.row_heading, lambda r: r.label, 40),
            *(
                Column(f"{name} right %", lambda r, i=i: _heat_figure(r.cells[i]), 12)
                for i, name in enumerate(chart.columns)
            ),
        ),
    )


def _heat_figure(cell) -> int | str | None:
    """The share as a number, "hidden" when too few people answered, empty when none did."""
    return "hidden" if cell.hidden else cell.share


# A team's meeting logs (quiz.services.meeting_logs): the 7-minute briefing action plan.
def _name(person) -> str | None:
    return person.name if person is not None else None


MEETING_LOGS = Table(
    "Team meetings",
    (
        Column("Date", lambda log: log.held_on, 12),
        Column("Briefing", lambda log: log.briefing.title, 32),
        Column("Facilitator", lambda log: _name(log.facilitator), 24),
        Column("Attended", lambda log: len(log.attendees), 10),
        Column("Who attended", lambda log: "; ".join(p.name for p in log.attendees), 40),
        Column("Key thoughts", lambda log: log.key_thoughts, 48),
        Column("Embedding the learning", lambda log: log.embedding, 48),
        Column("Improvement plan", lambda log: log.improvement_plan, 48),
        Column("Actions", lambda log: len(log.actions), 10),
    ),
)

MEETING_ACTIONS = Table(
    "Agreed actions",
    (
        Column("Meeting date", lambda pair: pair[0].held_on, 12),
        Column("Briefing", lambda pair: pair[0].briefing.title, 32),
        Column("Action", lambda pair: pair[1].text, 48),
        Column("Owner", lambda pair: _name(pair[1].owner), 24),
        Column("Due", lambda pair: pair[1].due_on, 12),
    ),
)
