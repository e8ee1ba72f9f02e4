"""Administrators: people, agencies and teams."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.extensions import db
from quiz.models import Agency, Role, Team, User
from quiz.professions import NAMES_FOR_PEOPLE as PROFESSION_NAMES
from quiz.professions import label as profession_label
from quiz.services.organisations import (
    OrganisationError,
    agencies_page,
    all_agencies,
    all_teams,
    create_agency,
    create_team,
    rename_agency,
    rename_team,
    teams_page,
)
from quiz.services.people import (
    ROLE_LABELS,
    PeopleError,
    PersonStatus,
    create_person,
    deactivate,
    last_signed_in,
    people_page,
    reactivate,
    status_of,
    update_person,
)
from quiz.web.access import role_required
from quiz.web.admin import bp
from quiz.web.admin.forms import (
    DeactivateForm,
    NameForm,
    ReactivateForm,
    page_number,
    people_filter,
    person_form,
    search_text,
)


@bp.context_processor
def admin_helpers():
    def page_url(number: int) -> str:
        """This page's address at another page number, with its search and filters."""
        arguments = request.args.to_dict()
        arguments.update(request.view_args or {}, page=number)
        return url_for(request.endpoint, **arguments)

    return {
        "page_url": page_url,
        "role_labels": ROLE_LABELS,
        "profession_label": profession_label,
        "profession_names": PROFESSION_NAMES,
        "status_of": status_of,
        "PersonStatus": PersonStatus,
    }


# People


@bp.route("/people")
@role_required(Role.ADMIN)
def people():
    chosen = people_filter(request.args)
    return render_template(
        "admin/people.html",
        listing=people_page(chosen, page_number(request.args)),
        chosen=chosen,
        agencies=all_agencies(),
        teams=all_teams(),
        statuses=list(PersonStatus),
    )


@bp.route("/people/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_person():
    form = person_form(all_agencies(), all_teams())
    if form.validate_on_submit():
        try:
            person = create_person(form.details(), current_user)
        except PeopleError as error:
            form.show_problems(error.problems)
        else:
            db.session.commit()
            flash(f"{person.name} is added.", "success")
            return redirect(url_for(".person", person_id=person.id))
    return render_template("admin/person_form.html", form=form, person=None)


@bp.route("/people/<int:person_id>")
@role_required(Role.ADMIN)
def person(person_id: int):
    person = db.get_or_404(User, person_id)
    return render_template(
        "admin/person.html",
        person=person,
        status=status_of(person),
        last_signed_in=last_signed_in(person),
        reactivate_form=ReactivateForm(),
    )


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_person(person_id: int):
    person = db.get_or_404(User, person_id)
    form = person_form(all_agencies(), all_teams())
    if request.method == "GET":
        form.fill_from(person)
    if form.validate_on_submit():
        try:
            changed = update_person(person, form.details(), current_user)
        except PeopleError as error:
            form.show_problems(error.problems)
        else:
            db.session.commit()
            flash("Changes saved." if changed else "Nothing had changed.", "success")
            return redirect(url_for(".person", person_id=person.id))
    return render_template("admin/person_form.html", form=form, person=person)


@bp.route("/people/<int:person_id>/deactivate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def deactivate_person(person_id: int):
    person = db.get_or_404(User, person_id)
    if not person.active:
        return redirect(url_for(".person", person_id=person.id))
    form = DeactivateForm()
    if form.validate_on_submit():
        try:
            deactivate(person, current_user)
        except PeopleError as error:
            flash(str(error))
        else:
            db.session.commit()
            flash(f"{person.name} is deactivated and signed out.", "success")
        return redirect(url_for(".person", person_id=person.id))
    return render_template("admin/deactivate.html", form=form, person=person)


@bp.route("/people/<int:person_id>/reactivate", methods=["POST"])
@role_required(Role.ADMIN)
def reactivate_person(person_id: int):
    person = db.get_or_404(User, person_id)
    if ReactivateForm().validate_on_submit():
        reactivate(person, current_user)
        db.session.commit()
        flash(f"{person.name} is active again.", "success")
    return redirect(url_for(".person", person_id=person.id))


# Agencies and teams


@bp.route("/agencies")
@role_required(Role.ADMIN)
def agencies():
    search = search_text(request.args)
    listing = agencies_page(search, page_number(request.args))
    return render_template("admin/agencies.html", listing=listing, search=search)


AGENCY_HINT = "Its full name, for example Northshire County Council."
TEAM_HINT = "Each team's name is different from every other team's in the partnership."
RENAME_HINT = "Reports and people's pages show the new name at once."


def _name_page(form: NameForm, title: str, hint: str, back: str, caption: str = ""):
    return render_template(
        "admin/name_form.html", form=form, title=title, hint=hint, back=back, caption=caption
    )


@bp.route("/agencies/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_agency():
    form = NameForm()
    if form.validate_on_submit():
        try:
            agency = create_agency(form.name.data, current_user)
        except OrganisationError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{agency.name} is added. Now add its teams.", "success")
            return redirect(url_for(".agency", agency_id=agency.id))
    return _name_page(form, "Add an agency", AGENCY_HINT, url_for(".agencies"))


@bp.route("/agencies/<int:agency_id>")
@role_required(Role.ADMIN)
def agency(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    search = search_text(request.args)
    listing = teams_page(agency, search, page_number(request.args))
    return render_template("admin/agency.html", agency=agency, listing=listing, search=search)


@bp.route("/agencies/<int:agency_id>/rename", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def rename_agency_page(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = NameForm(data={"name": agency.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            renamed = rename_agency(agency, form.name.data, current_user)
        except OrganisationError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("The agency is renamed." if renamed else "The name had not changed.", "success")
            return redirect(url_for(".agency", agency_id=agency.id))
    back = url_for(".agency", agency_id=agency.id)
    return _name_page(form, "Rename the agency", RENAME_HINT, back, caption=agency.name)


@bp.route("/agencies/<int:agency_id>/teams/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_team(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = NameForm()
    if form.validate_on_submit():
        try:
            team = create_team(agency, form.name.data, current_user)
        except OrganisationError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{team.name} is added to {agency.name}.", "success")
            return redirect(url_for(".agency", agency_id=agency.id))
    back = url_for(".agency", agency_id=agency.id)
    return _name_page(form, "Add a team", TEAM_HINT, back, caption=agency.name)


@bp.route("/teams/<int:team_id>/rename", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def rename_team_page(team_id: int):
    team = db.get_or_404(Team, team_id)
    form = NameForm(data={"name": team.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            renamed = rename_team(team, form.name.data, current_user)
        except OrganisationError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("The team is renamed." if renamed else "The name had not changed.", "success")
            return redirect(url_for(".agency", agency_id=team.agency_id))
    back = url_for(".agency", agency_id=team.agency_id)
    caption = f"{team.name}, {team.agency.name}"
    return _name_page(form, "Rename the team", RENAME_HINT, back, caption=caption)
