"""Steps of the practitioner journey, shared by the app tests."""

from __future__ import annotations

from tests.conftest import Browser, html


def start(client: Browser, slug: str):
    return client.submit(f"/briefings/{slug}/start", form_url=f"/briefings/{slug}")


def rate(client: Browser, slug: str, themes, rating: str = "3", stage_url: str = "confidence"):
    return client.submit(
        f"/briefings/{slug}/{stage_url}", {f"theme_{t.id}": rating for t in themes}
    )


def question_page(client: Browser, slug: str, position: int):
    page = client.page(f"/briefings/{slug}/questions/{position}")
    version_id = page.find("input", attrs={"name": "version_id"})["value"]
    options = [i["value"] for i in page.find_all("input", attrs={"name": "answer"})]
    return page, version_id, options


def answer(client: Browser, slug: str, position: int, choice: str | list[str] | None = None):
    _, version_id, options = question_page(client, slug, position)
    chosen = choice if choice is not None else options[0]
    return client.submit(
        f"/briefings/{slug}/questions/{position}", {"version_id": version_id, "answer": chosen}
    )


def answer_all(client: Browser, slug: str, count: int, start_at: int = 1):
    for position in range(start_at, count + 1):
        response = answer(client, slug, position)
        assert response.status_code == 302, html(response).find(class_="govuk-error-summary")


def error_summary(response) -> str:
    summary = html(response).find(class_="govuk-error-summary")
    return " ".join(summary.get_text(" ").split()) if summary else ""
