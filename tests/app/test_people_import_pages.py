"""The import pages: upload, check every row, then import all or only the good rows."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import AuditEvent, PeopleUpload, User
from quiz.models.people import utcnow
from quiz.services.demo import create_demo
from tests.conftest import html, text_of
from tests.seed import ROOT

IMPORT = "/admin/people/import"
HEADER = "name,email,agency,team,role,supervisor_email"
GOOD = "Bo Baker,bo@example.org,Test Council,Assessment Team,practitioner,"
BAD = "Cy,cy@example.org,Test Council,Assessment Team,boss,"


def people(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def upload(client, content: bytes, filename: str = "staff.csv"):
    return client.submit(IMPORT, {"upload": (io.BytesIO(content), filename)})


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.fixture
def admin(login_as):
    client, user = login_as("admin")
    return client


def checked(client, content: bytes):
    """Upload a file; returns the preview page's address and its parsed HTML."""
    response = upload(client, content)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    address = response.headers["Location"]
    return address, client.page(address)


def confirm(client, address: str, button: str, **fields):
    page = client.page(address)
    data = {"checked": page.find("input", attrs={"name": "checked"})["value"], button: "x"}
    data.update(fields)
    return client.submit(address, data)


def test_only_administrators_may_import(login_as):
    client, _ = login_as("trainer")
    assert client.get(IMPORT).status_code == 403


def test_upload_page(admin):
    page = admin.page(IMPORT)
    assert page.find("input", attrs={"type": "file", "name": "upload"})
    assert "supervisor_email" in text_of(page)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04rest", "Excel workbook"),
        (b"just,some,columns\n1,2,3\n", "must be the header"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_on_the_upload_page(admin, content, message):
    response = upload(admin, content)
    assert response.status_code == 200
    page = html(response)
    assert message in text_of(page.select_one(".govuk-error-summary"))
    assert db.session.scalar(select(func.count()).select_from(PeopleUpload)) == 0


def test_no_file_chosen(admin):
    response = admin.submit(IMPORT, {})
    assert "Choose a CSV file to upload" in text_of(html(response))


def test_preview_lists_refused_rows_first_and_writes_nothing(admin, team):
    before = users()
    address, page = checked(admin, people(GOOD, BAD, ",no-email,Test Council,X,admin,"))
    assert users() == before
    refused = page.select("table")[0]
    rows = [[text_of(c) for c in tr.select("th, td")] for tr in refused.select("tbody tr")]
    assert rows == [
        [
            "3",
            "cy@example.org",
            "role",
            "Unknown role 'boss' (use practitioner, supervisor, trainer or admin)",
        ],
        ["4", "no-email", "name", "Missing name"],
        ["4", "no-email", "email", "'no-email' is not an email"],
    ]
    every_row = page.select("table")[-1]
    numbers = [text_of(tr.find("th")) for tr in every_row.select("tbody tr")]
    assert numbers == ["3", "4", "2"]
    # With refused rows, only the good ones can be imported.
    assert page.find("button", attrs={"name": "import_good_rows"})
    assert not page.find("button", attrs={"name": "import_all"})


def test_import_all(admin, team):
    address, page = checked(admin, people(GOOD))
    assert "Import all" in text_of(page)
    response = confirm(admin, address, "import_all")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/people"
    bo = db.session.scalar(select(User).where(User.email == "bo@example.org"))
    assert bo.team == team and bo.password_hash is None
    assert "People imported: 1 new" in text_of(admin.page("/admin/people"))
    # The file is gone once imported: the same page cannot import it twice.
    assert db.session.scalar(select(func.count()).select_from(PeopleUpload)) == 0
    again = admin.get(address)
    assert again.status_code == 302 and again.headers["Location"] == IMPORT


def test_import_all_is_refused_when_a_row_is_refused(admin, team):
    before = users()
    address, _ = checked(admin, people(GOOD, BAD))
    response = confirm(admin, address, "import_all")
    assert response.headers["Location"] == address
    assert "Nothing was imported: 1 row is refused" in text_of(admin.page(address))
    assert users() == before


def test_import_only_the_good_rows_and_deactivate_leavers(admin, make_user, team):
    leaver = make_user("practitioner", team=team)
    address, page = checked(admin, people(GOOD, BAD))
    assert leaver.email in text_of(page)
    response = confirm(admin, address, "import_good_rows", deactivate_leavers="y")
    assert response.status_code == 302
    assert db.session.scalar(select(User).where(User.email == "bo@example.org"))
    assert db.session.scalar(select(User).where(User.email == "cy@example.org")) is None
    assert not db.session.get(User, leaver.id).active
    summary = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "people.import"))
    assert summary.subject == "staff.csv" and "1 deactivated" in summary.detail


def test_a_preview_that_changed_since_it_was_checked_is_not_imported(admin, make_user, team):
    address, page = checked(admin, people(GOOD))
    token = page.find("input", attrs={"name": "checked"})["value"]
    make_user("practitioner", team=team)  # now a leaver the administrator has not seen
    before = users()
    response = admin.submit(address, {"checked": token, "import_all": "x"})
    assert response.headers["Location"] == address
    assert "the people changed since you checked" in text_of(admin.page(address))
    assert users() == before


def test_the_upload_is_only_for_the_administrator_who_sent_it(admin, login_as, team):
    address, _ = checked(admin, people(GOOD))
    other, _ = login_as("admin")
    response = other.get(address)
    assert response.status_code == 302 and response.headers["Location"] == IMPORT


def test_an_upload_expires(admin, team):
    address, _ = checked(admin, people(GOOD))
    db.session.execute(
        PeopleUpload.__table__.update().values(created_at=utcnow() - timedelta(hours=2))
    )
    db.session.commit()
    assert admin.get(address).headers["Location"] == IMPORT


def test_the_sample_file_on_the_demo_partnership(admin):
    create_demo(date.today())
    db.session.commit()
    address, page = checked(admin, (ROOT / "demo" / "people-sample.csv").read_bytes())
    text = text_of(page)
    assert "6 rows cannot be imported" in text
    assert "1 person is not in the file" in text and "health.visitor@example.org" in text
    confirm(admin, address, "import_good_rows", deactivate_leavers="y")
    _, again = checked(admin, (ROOT / "demo" / "people-sample.csv").read_bytes())
    summary = {
        text_of(row.find("dt")): text_of(row.find("dd"))
        for row in again.select(".govuk-summary-list__row")
    }
    assert summary == {
        "New people": "0",
        "Changed": "0",
        "Unchanged": "44",
        "Refused": "6",
        "Leavers": "0",
    }


FILES = st.one_of(
    st.binary(max_size=600),
    st.lists(
        st.lists(st.sampled_from(["Ana", "a@example.org", "", "admin", "T", '"', ";", "é"])),
        max_size=6,
    ).map(lambda rows: people(*(",".join(row) for row in rows))),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=FILES)
def test_no_upload_gives_a_server_error(admin, team, content):
    response = upload(admin, content)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert admin.get(response.headers["Location"]).status_code == 200
