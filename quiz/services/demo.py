"""A demo partnership for trying the app on a laptop. Never used in a real deployment."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Agency, Assignment, Briefing, Role, Team
from quiz.professions import Profession
from quiz.services.accounts import create_user, find_user

SEED_BRIEFING = "joe-aged-six"

AGENCIES = {
    "Riverside City Council": ["Children's Social Care Assessment Team", "Early Help Team"],
    "Riverside Community Health": ["Health Visiting Team North"],
}


@dataclass(frozen=True)
class DemoPerson:
    email: str
    password: str
    role: str
    name: str
    team: str | None
    supervises: tuple[str, ...] = ()
    profession: Profession | None = None

    def sign_in(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k not in ("supervises", "profession")}


PEOPLE = [
    DemoPerson(
        "practitioner@example.org",
        "blue kettle morning",
        Role.PRACTITIONER,
        "Sam Practitioner",
        "Children's Social Care Assessment Team",
        profession=Profession.SOCIAL_WORKER,
    ),
    DemoPerson(
        "supervisor@example.org",
        "quiet harbour lantern",
        Role.SUPERVISOR,
        "Alex Supervisor",
        None,
        ("Children's Social Care Assessment Team", "Early Help Team"),
    ),
    DemoPerson("trainer@example.org", "orange piano meadow", Role.TRAINER, "Jo Trainer", None),
    DemoPerson("admin@example.org", "silver cactus ladder", Role.ADMIN, "Chris Admin", None),
    DemoPerson(
        "social.worker@example.org",
        "blue kettle morning",
        Role.PRACTITIONER,
        "Priya Social Worker",
        "Children's Social Care Assessment Team",
        profession=Profession.SOCIAL_WORKER,
    ),
    DemoPerson(
        "early.help@example.org",
        "blue kettle morning",
        Role.PRACTITIONER,
        "Morgan Early Help Worker",
        "Early Help Team",
        profession=Profession.EARLY_HELP,
    ),
    DemoPerson(
        "health.visitor@example.org",
        "blue kettle morning",
        Role.PRACTITIONER,
        "Ruth Health Visitor",
        "Health Visiting Team North",
        profession=Profession.HEALTH_VISITOR,
    ),
]


def create_demo(today: date) -> list[DemoPerson]:
    """Create what is missing; running it again changes nothing."""
    teams: dict[str, Team] = {}
    for agency_name, team_names in AGENCIES.items():
        agency = db.session.scalar(select(Agency).where(Agency.name == agency_name))
        if agency is None:
            agency = Agency(name=agency_name)
            db.session.add(agency)
        for team_name in team_names:
            team = db.session.scalar(select(Team).where(Team.name == team_name))
            if team is None:
                team = Team(name=team_name, agency=agency)
                db.session.add(team)
            teams[team_name] = team
    db.session.flush()
    for person in PEOPLE:
        if find_user(person.email) is None:
            user = create_user(
                person.email,
                person.name,
                person.password,
                person.role,
                team=teams[person.team] if person.team else None,
                supervises=[teams[name] for name in person.supervises],
            )
            user.profession = person.profession
    briefing = db.session.scalar(select(Briefing).where(Briefing.slug == SEED_BRIEFING))
    if briefing is not None:
        for team in teams.values():
            assigned = db.session.scalar(
                select(Assignment).where(
                    Assignment.briefing_id == briefing.id, Assignment.team_id == team.id
                )
            )
            if assigned is None:
                db.session.add(
                    Assignment(briefing=briefing, team=team, due_on=today + timedelta(days=14))
                )
    db.session.flush()
    return PEOPLE
