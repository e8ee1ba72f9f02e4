"""A person's profession: set by an administrator, by the people import, or by themselves."""

from __future__ import annotations

import io

from quiz.extensions import db
from quiz.models import User
from tests.app.journey import error_summary
from tests.conftest import html, text_of

HEADER = "name,email,agency,team,role,supervisor_email,profession"


def test_an_administrator_sets_a_persons_profession(login_as, make_user, team):
    admin, _ = login_as("admin")
    person = make_user("practitioner", team=team)
    edit = f"/admin/people/{person.id}/edit"
    form = html(admin.get(edit))
    assert form.find("select", attrs={"name": "profession"}) is not None
    response = admin.submit(
        edit,
        {
            "name": person.name,
            "email": person.email,
            "role": "practitioner",
            "agency": str(team.agency_id),
            "team": str(team.id),
            "profession": "health_visitor",
        },
    )
    assert response.status_code == 302
    assert db.session.get(User, person.id).profession == "health_visitor"
    assert "Health visitor" in text_of(admin.page(f"/admin/people/{person.id}"))

    response = admin.submit(
        edit,
        {
            "name": person.name,
            "email": person.email,
            "role": "practitioner",
            "agency": str(team.agency_id),
            "team": str(team.id),
            "profession": "astronaut",
        },
    )
    assert response.status_code == 200
    assert "Choose a profession from the list" in error_summary(response)
    assert db.session.get(User, person.id).profession == "health_visitor"


def test_the_import_reads_the_profession_column_and_names_it_when_unknown(login_as, team):
    admin, _ = login_as("admin")
    content = "\n".join(
        [
            HEADER,
            f"Bo Baker,bo@example.org,{team.agency.name},{team.name},practitioner,,Midwife",
            f"Cy Cole,cy@example.org,{team.agency.name},{team.name},practitioner,,Astronaut",
            f"Di Dee,di@example.org,{team.agency.name},{team.name},practitioner,,",
        ]
    ).encode()
    response = admin.submit("/admin/people/import", {"upload": (io.BytesIO(content), "s.csv")})
    address = response.headers["Location"]
    page = text_of(admin.page(address))
    assert "profession" in page and "unknown profession 'Astronaut'" in page
    checked = admin.page(address).find("input", attrs={"name": "checked"})["value"]
    admin.submit(address, {"checked": checked, "import_good_rows": "x"})
    people = {u.email: u.profession for u in db.session.query(User)}
    assert people["bo@example.org"] == "midwife"
    assert people["di@example.org"] is None
    assert "cy@example.org" not in people


def test_a_person_changes_their_own_profession(login_as):
    client, user = login_as("practitioner")
    assert "Not known" in text_of(client.page("/account"))
    response = client.submit("/account/profession", {"profession": "teacher_or_dsl"})
    assert response.status_code == 302
    assert db.session.get(User, user.id).profession == "teacher_or_dsl"
    assert "Teacher or designated safeguarding lead" in text_of(client.page("/account"))

    response = client.submit("/account/profession", {"profession": "astronaut"})
    assert "Choose your profession from the list" in error_summary(response)
    response = client.submit("/account/profession", {})
    assert "Choose your profession" in error_summary(response)
    assert db.session.get(User, user.id).profession == "teacher_or_dsl"
