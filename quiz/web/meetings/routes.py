"""Team meetings: the team's meetings and logs, the presenter's screen, joining and answering
on a phone, and the meeting log. Pages poll small JSON addresses (quiz/static/meetings.js)
every two seconds; without JavaScript each page has a Refresh button."""

from __future__ import annotations

from datetime import date

import segno
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz.extensions import db
from quiz.models import Briefing, Meeting, MeetingLog, QuestionKind, Role
from quiz.services import meeting_logs, meetings, report_tables
from quiz.services.meetings import MeetingRefusal
from quiz.web.access import get_team_or_404, role_required, writes_when_read
from quiz.web.downloads import download
from quiz.web.meetings import bp
from quiz.web.meetings.forms import (
    BLANK_ACTION_ROWS,
    ControlForm,
    JoinForm,
    meeting_log_form,
    new_log_form,
    start_meeting_form,
)
from quiz.web.practice.forms import answer_form, as_ids
from quiz.web.routing import as_id

RUNNERS = (Role.SUPERVISOR, Role.TRAINER)
POLL_SECONDS = 2


# The team's meetings and logs


@bp.route("/teams/<int:team_id>/meetings")
@role_required(*RUNNERS)
def team_meetings(team_id: int):
    team = get_team_or_404(team_id, current_user)
    briefings = meetings.assigned_briefings(team)
    return _team_page(team, briefings, start_meeting_form(briefings), new_log_form(briefings))


def _team_page(team, briefings, start_form, log_form):
    return render_template(
        "meetings/team.html",
        team=team,
        briefings=briefings,
        start_form=start_form,
        log_form=log_form,
        page_forms=[start_form, log_form],
        meetings=meetings.meetings_of(team),
        logs=meeting_logs.logs_of(team),
    )


@bp.route("/teams/<int:team_id>/meeting-<any(logs, actions):part>.<any(csv, xlsx):fmt>")
@role_required(*RUNNERS)
@writes_when_read
def team_meetings_download(team_id: int, part: str, fmt: str):
    team = get_team_or_404(team_id, current_user)
    logs = meeting_logs.logs_of(team)
    table, rows = (
        (report_tables.MEETING_LOGS, logs)
        if part == "logs"
        else (report_tables.MEETING_ACTIONS, meeting_logs.actions_of(logs))
    )
    return download(
        table, rows, fmt, subject=f"team:{team.id}", about=f"{table.name.lower()} of {team.name}",
        row_count=len(rows),
    )  # fmt: skip


def _chosen_briefing(briefings: list[Briefing], field) -> Briefing | None:
    by_id = {b.id: b for b in briefings}
    return by_id.get(as_id(field.data))


@bp.route("/teams/<int:team_id>/meetings", methods=["POST"])
@role_required(*RUNNERS)
def start(team_id: int):
    team = get_team_or_404(team_id, current_user)
    briefings = meetings.assigned_briefings(team)
    form = start_meeting_form(briefings)
    if form.validate_on_submit():
        try:
            meeting = meetings.start_meeting(
                team, _chosen_briefing(briefings, form.briefing), current_user
            )
        except MeetingRefusal as refused:
            form.briefing.errors.append(str(refused))
        else:
            db.session.commit()
            return redirect(url_for(".present", meeting_id=meeting.id))
    return _team_page(team, briefings, form, new_log_form(briefings)), 400


@bp.route("/teams/<int:team_id>/meeting-logs", methods=["POST"])
@role_required(*RUNNERS)
def new_log(team_id: int):
    team = get_team_or_404(team_id, current_user)
    briefings = meetings.assigned_briefings(team)
    form = new_log_form(briefings)
    if form.validate_on_submit():
        try:
            log = meeting_logs.start_log(
                team,
                _chosen_briefing(briefings, form.briefing),
                form.held_on.data,
                current_user,
                date.today(),
            )
        except MeetingRefusal as refused:
            form[refused.field or "briefing"].errors.append(str(refused))
        else:
            db.session.commit()
            return redirect(url_for(".log", log_id=log.id))
    return _team_page(team, briefings, start_meeting_form(briefings), form), 400


# The presenter's screen


def _meeting_to_run_or_404(meeting_id: int) -> Meeting:
    """A meeting of a team this person may run meetings for; others are not told it exists."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    get_team_or_404(meeting.team_id, current_user)
    return meeting


def join_address() -> str:
    return url_for(".join", _external=True)


def qr_code(meeting: Meeting) -> str:
    """A QR code of the join page with the code filled in, drawn on the server as SVG."""
    target = url_for(".join", code=meeting.join_code, _external=True)
    return segno.make(target, error="m").svg_inline(
        scale=6, border=2, svgclass="app-qr-code", title="QR code to join the meeting"
    )


@bp.route("/meetings/<int:meeting_id>/present")
@role_required(*RUNNERS)
def present(meeting_id: int):
    meeting = _meeting_to_run_or_404(meeting_id)
    if not meeting.is_open:
        # Ending a meeting opens its log; the presenter's address leads there afterwards.
        log = meeting_logs.log_of(meeting)
        if log is None:
            return redirect(url_for(".team_meetings", team_id=meeting.team_id))
        return redirect(url_for(".log", log_id=log.id))
    screen = meetings.screen_of(meeting)
    step = screen.step
    answered = (
        meetings.answered_count(meeting.id, step.version.id) if step and step.is_question else 0
    )
    return render_template(
        "meetings/present.html",
        meeting=meeting,
        step=step,
        screen=screen,
        section_count=screen.section_count,
        question_count=screen.question_count,
        answered=answered,
        joined=meetings.joined_count(meeting),
        chart=(
            meetings.spread(meeting, step.version, step.number)
            if step and step.is_question and meeting.revealed
            else None
        ),
        prompts=meetings.discussion_prompts(step) if step and step.is_question else [],
        form=ControlForm(),
        join_address=join_address(),
        qr_code=qr_code(meeting),
        letter=meetings.option_letter,
        minimum=meetings.SPREAD_MINIMUM,
        poll_seconds=POLL_SECONDS,
    )


@bp.route("/meetings/<int:meeting_id>/present", methods=["POST"])
@role_required(*RUNNERS)
def control(meeting_id: int):
    meeting = _meeting_to_run_or_404(meeting_id)
    form = ControlForm()
    if not form.validate_on_submit():
        abort(400)
    action = request.form.get("action", "")
    if action == "end":
        log = meeting_logs.end_and_log(meeting, current_user)
        db.session.commit()
        flash("The meeting has ended and its code no longer works. Add your notes below.")
        return redirect(url_for(".log", log_id=log.id))
    try:
        meetings.move(meeting, action, meetings.screen_of(meeting).step_count)
    except MeetingRefusal as refused:
        flash(str(refused))
    else:
        db.session.commit()
    return redirect(url_for(".present", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/present/status.json")
@role_required(*RUNNERS)
def presenter_status(meeting_id: int):
    """How many have joined and answered the question on screen: counts, never names."""
    meeting = _meeting_to_run_or_404(meeting_id)
    version_id = as_id(request.args.get("version"))
    return jsonify(
        joined=meetings.joined_count(meeting),
        answered=meetings.answered_count(meeting.id, version_id) if version_id > 0 else 0,
        open=meeting.is_open,
    )


# Joining and answering


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    if current_user.team_id is None:
        # Meetings are joined by members of a team; those who run them start from the team.
        flash(
            "You are not in a team, so there is no team meeting for you to join. "
            "To run a meeting, open your team's report and choose Team meetings."
        )
        return redirect(url_for("practice.home"))
    form = JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    if form.validate_on_submit():
        try:
            meeting = meetings.join(form.code.data, current_user)
        except MeetingRefusal as refused:
            form.code.errors.append(str(refused))
        else:
            db.session.commit()
            return redirect(url_for(".participate", meeting_id=meeting.id))
    status = 400 if form.errors else 200
    return render_template("meetings/join.html", form=form), status


def _meeting_of_my_team_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or current_user.team_id != meeting.team_id:
        abort(404)
    return meeting


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
@login_required
def participate(meeting_id: int):
    meeting = _meeting_of_my_team_or_404(meeting_id)
    if meeting.is_open and not meetings.has_joined(meeting, current_user):
        # Being in the team is not enough: people join with the code on the screen.
        flash("Enter the code on the presenter's screen to join this meeting.")
        return redirect(url_for(".join"))
    screen = meetings.screen_of(meeting) if meeting.is_open else None
    step = screen.step if screen else None
    form = answer_form(step.version) if step and step.is_question else None
    status = 200
    if form is not None and request.method == "POST":
        if form.validate_on_submit():
            try:
                meetings.answer(
                    meeting,
                    current_user,
                    step,
                    as_id(form.version_id.data),
                    # Every value sent, not the form's first: a tampered radio may carry two.
                    as_ids(request.form.getlist("answer")),
                )
            except MeetingRefusal as refused:
                form.answer.errors.append(str(refused))
            else:
                db.session.commit()
                flash(
                    "Your answer is saved. You can change it until the answers are shown.",
                    "success",
                )
                return redirect(url_for(".participate", meeting_id=meeting.id))
        status = 400
    elif request.method == "POST":
        flash("The screen has moved on. Here is what it shows now.")
        return redirect(url_for(".participate", meeting_id=meeting.id))
    chosen = meetings.chosen_by(meeting, current_user, step.version) if form else []
    if form is not None and request.method == "GET":
        form.version_id.data = str(step.version.id)
        if chosen:
            ids = [str(i) for i in chosen]
            form.answer.data = ids if step.version.kind == QuestionKind.MULTIPLE else ids[0]
    return (
        render_template(
            "meetings/participate.html",
            meeting=meeting,
            step=step,
            section_count=screen.section_count if screen else 0,
            question_count=screen.question_count if screen else 0,
            form=form,
            chosen=chosen,
            chart=(
                meetings.spread(meeting, step.version, step.number)
                if form is not None and meeting.revealed
                else None
            ),
            screen_key=meetings.screen_key(meeting),
            letter=meetings.option_letter,
            minimum=meetings.SPREAD_MINIMUM,
            poll_seconds=POLL_SECONDS,
        ),
        status,
    )


@bp.route("/meetings/<int:meeting_id>/status.json")
@login_required
def participant_status(meeting_id: int):
    """What the presenter's screen shows now, as a key: the phone reloads when it changes."""
    meeting = _meeting_of_my_team_or_404(meeting_id)
    return jsonify(screen=meetings.screen_key(meeting))


# The meeting log


def _log_to_keep_or_404(log_id: int) -> MeetingLog:
    log = db.session.get(MeetingLog, log_id)
    if log is None:
        abort(404)
    get_team_or_404(log.team_id, current_user)
    return log


@bp.route("/meeting-logs/<int:log_id>", methods=["GET", "POST"])
@role_required(*RUNNERS)
def log(log_id: int):
    log = _log_to_keep_or_404(log_id)
    people = _log_people(log)
    rows = len(log.actions) + BLANK_ACTION_ROWS
    form = meeting_log_form(people, rows)
    if request.method == "GET":
        _fill_log_form(form, log)
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                meeting_logs.save_log(
                    log,
                    held_on=form.held_on.data,
                    notes={n: form[n].data or "" for n in meeting_logs.REFLECTION_QUESTIONS},
                    attendee_ids=as_ids(form.attendees.data or []),
                    actions=_actions_from(form),
                    actor=current_user,
                    due_days_after=form.due_days_after.data,
                    today=date.today(),
                )
            except MeetingRefusal as refused:
                _field_for(form, refused.field).errors.append(str(refused))
                # A list's errors are gathered when it validates: gather them again.
                form.actions.errors = [e.errors for e in form.actions.entries]
                db.session.rollback()
            else:
                db.session.commit()
                flash("The meeting log is saved.", "success")
                return redirect(url_for(".team_meetings", team_id=log.team_id))
    return (
        render_template(
            "meetings/log.html",
            log=log,
            form=form,
            questions=meeting_logs.REFLECTION_QUESTIONS,
            spreads=meeting_logs.spreads_for(log),
            minimum=meetings.SPREAD_MINIMUM,
        ),
        status,
    )


def _log_people(log: MeetingLog):
    """Who may be named on the log: the team's active members and anyone already on it."""
    people = {m.id: m for m in log.team.members if m.active}
    people.update({a.id: a for a in log.attendees})
    people.update({a.owner.id: a.owner for a in log.actions if a.owner is not None})
    return sorted(people.values(), key=lambda p: p.name)


def _fill_log_form(form, log: MeetingLog) -> None:
    form.held_on.data = log.held_on
    form.attendees.data = [str(a.id) for a in log.attendees]
    for name in meeting_logs.REFLECTION_QUESTIONS:
        form[name].data = getattr(log, name)
    for entry, action in zip(form.actions.entries, log.actions, strict=False):
        entry.form.text.data = action.text
        entry.form.owner.data = str(action.owner_id) if action.owner_id else ""
        entry.form.due_on.data = action.due_on


def _actions_from(form) -> list[meeting_logs.ActionInput]:
    """The filled-in action rows; an empty row is no action."""
    actions = []
    for entry in form.actions.entries:
        row = entry.form
        if not (row.text.data or "").strip() and not row.owner.data and row.due_on.data is None:
            continue
        owner = as_id(row.owner.data) if row.owner.data else None
        actions.append(meeting_logs.ActionInput(row.text.data or "", owner, row.due_on.data))
    return actions


def _field_for(form, field_name: str):
    """The form field a refusal names; action_N is the Nth filled-in action row's text."""
    if field_name.startswith("action_"):
        filled = [
            e
            for e in form.actions.entries
            if (e.form.text.data or "").strip() or e.form.owner.data or e.form.due_on.data
        ]
        number = int(field_name.removeprefix("action_"))
        return filled[number - 1].form.text
    if field_name and field_name in form:
        return form[field_name]
    return form.held_on
