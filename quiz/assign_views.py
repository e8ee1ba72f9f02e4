"""The assignment page, one view body for trainers and supervisors."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template
from flask_login import current_user

from quiz.assign_forms import assignment_form
from quiz.assignments import AssignmentError, assign
from quiz.extensions import db
from quiz.models import Assignment, Briefing, Team


def assign_page(briefing: Briefing, teams: list[Team], back: str):
    form = assignment_form(teams)
    if form.validate_on_submit():
        by_id = {str(t.id): t for t in teams}
        chosen = [by_id[i] for i in form.teams.data if i in by_id]
        try:
            assign(briefing, chosen, form.due_on.data, current_user, date.today())
        except AssignmentError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            names = ", ".join(t.name for t in chosen)
            flash(f"Assigned to {names}, due {form.due_on.data:%-d %B %Y}.", "success")
            return redirect(back)
    current = {
        a.team_id: a.due_on
        for a in db.session.query(Assignment).filter_by(briefing_id=briefing.id)
        if a.team_id in {t.id for t in teams}
    }
    return render_template(
        "assign.html", briefing=briefing, form=form, back=back, teams=teams, current=current
    )
