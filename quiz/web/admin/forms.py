"""Administrators' forms: a person, an agency or team name, confirmations, the People filter."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import (
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from quiz.models import Agency, Role, Team, User
from quiz.professions import LABELS as PROFESSION_LABELS
from quiz.professions import Profession
from quiz.services.organisations import MAX_NAME_LENGTH
from quiz.services.people import (
    MAX_EMAIL_LENGTH,
    ROLE_LABELS,
    PeopleFilter,
    PersonDetails,
    PersonStatus,
)
from quiz.services.problems import FieldProblem

MAX_SEARCH_LENGTH = 200

ROLE_HINTS = {
    Role.PRACTITIONER: "Answers the briefings assigned to their team.",
    Role.SUPERVISOR: "Sees the reports of the teams they supervise, and assigns briefings to them.",
    Role.TRAINER: "Writes questions, assigns briefings to any team and sees every report.",
    Role.ADMIN: "Everything a trainer can do, and manages people, agencies and teams.",
}


PROFESSION_CHOICES = [SelectChoice("", "Not known")] + [
    SelectChoice(str(p), PROFESSION_LABELS[p]) for p in Profession
]


def _at_most(characters: int) -> Length:
    return Length(max=characters, message=f"Enter {characters} characters or fewer")


class _OfferedChoicesOnly:
    """A choice field that says what to do when sent a value the page did not offer
    (a page left open while a team was renamed away, or a hand-made request)."""

    def __init__(self, *args, not_offered: str, **kwargs):
        super().__init__(*args, validate_choice=False, **kwargs)
        self.not_offered = not_offered

    def pre_validate(self, form):
        offered = {str(choice.value) for choice in self.choices}
        chosen = self.data if isinstance(self.data, list) else [self.data]
        if any(value is not None and str(value) not in offered for value in chosen):
            raise ValidationError(self.not_offered)


class ChoiceSelect(_OfferedChoicesOnly, SelectField):
    pass


class ChoiceRadios(_OfferedChoicesOnly, RadioField):
    pass


class ChoiceCheckboxes(_OfferedChoicesOnly, SelectMultipleField):
    pass


def _team_choices(teams: list[Team]) -> list[SelectChoice]:
    return [SelectChoice(str(t.id), f"{t.name} ({t.agency.name})") for t in teams]


def person_form(agencies: list[Agency], teams: list[Team], **kwargs) -> FlaskForm:
    """The form for adding or changing a person, offering these agencies and teams."""

    class PersonForm(FlaskForm):
        name = StringField(
            "Full name",
            widget=GovTextInput(),
            validators=[DataRequired(message="Enter their full name"), _at_most(MAX_NAME_LENGTH)],
        )
        email = EmailField(
            "Email address",
            widget=GovTextInput(),
            validators=[
                DataRequired(message="Enter their email address"),
                _at_most(MAX_EMAIL_LENGTH),
            ],
            description="They sign in with it. Two people cannot share one.",
        )
        role = ChoiceRadios(
            "Role",
            choices=[SelectChoice(str(role), ROLE_LABELS[role]) for role in Role],
            widget=GovRadioInput(),
            validators=[InputRequired(message="Choose their role")],
            not_offered="Choose one of the roles shown",
        )
        agency = ChoiceSelect(
            "Agency",
            choices=[SelectChoice("", "No agency")]
            + [SelectChoice(str(a.id), a.name) for a in agencies],
            widget=GovSelect(),
            not_offered="Choose an agency from the list",
        )
        team = ChoiceSelect(
            "Team",
            choices=[SelectChoice("", "No team")] + _team_choices(teams),
            widget=GovSelect(),
            description="The team whose briefings they answer. Choose a team of their agency.",
            not_offered="Choose a team from the list",
        )
        supervises = ChoiceCheckboxes(
            "Teams they supervise",
            choices=_team_choices(teams),
            widget=GovCheckboxesInput(),
            description="Supervisors only. They see these teams' reports.",
            not_offered="Choose teams from the list",
        )
        profession = ChoiceSelect(
            "Profession",
            choices=PROFESSION_CHOICES,
            widget=GovSelect(),
            description="What they do. Their quiz asks questions written for it first.",
            not_offered="Choose a profession from the list",
        )
        submit = SubmitField("Save", widget=GovSubmitInput())

        role_hints = ROLE_HINTS

        def details(self) -> PersonDetails:
            agency_by_id = {str(a.id): a for a in agencies}
            team_by_id = {str(t.id): t for t in teams}
            return PersonDetails(
                name=self.name.data or "",
                email=self.email.data or "",
                role=self.role.data,
                agency=agency_by_id.get(self.agency.data or ""),
                team=team_by_id.get(self.team.data or ""),
                supervises=tuple(team_by_id[i] for i in self.supervises.data or ()),
                profession=self.profession.data or None,
            )

        def fill_from(self, person: User) -> None:
            self.name.data = person.name
            self.email.data = person.email
            self.role.data = person.role
            self.agency.data = str(person.team.agency_id) if person.team else ""
            self.team.data = str(person.team_id) if person.team_id else ""
            self.supervises.data = [str(t.id) for t in person.supervised_teams]
            self.profession.data = person.profession or ""

        def show_problems(self, problems: list[FieldProblem]) -> None:
            for problem in problems:
                self[problem.field].errors.append(str(problem))

    return PersonForm(**kwargs)


class NameForm(FlaskForm):
    """An agency's or a team's name; the page says which."""

    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the name"), _at_most(MAX_NAME_LENGTH)],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class DeactivateForm(FlaskForm):
    submit = SubmitField("Deactivate", widget=GovSubmitInput())


class ReactivateForm(FlaskForm):
    submit = SubmitField("Reactivate", widget=GovSubmitInput())


# Larger numbers would overflow the database's integers: no id or page is this big.
BIGGEST_NUMBER = 2**31 - 1


def _whole_number(text: str | None) -> int | None:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    return BIGGEST_NUMBER if len(text) > 9 else int(text)


def page_number(args: MultiDict) -> int:
    return _whole_number(args.get("page")) or 1


def search_text(args: MultiDict) -> str:
    return (args.get("q") or "").strip()[:MAX_SEARCH_LENGTH]


def people_filter(args: MultiDict) -> PeopleFilter:
    """The People list's filter from the address. Anything it cannot use means 'any'."""
    role, status = args.get("role"), args.get("status")
    return PeopleFilter(
        search=search_text(args),
        agency_id=_whole_number(args.get("agency")),
        team_id=_whole_number(args.get("team")),
        role=Role(role) if role in set(Role) else None,
        status=PersonStatus(status) if status in set(PersonStatus) else None,
    )
