from tests.conftest import html, text_of


def test_practitioner_completes_the_seed_briefing(login_as, assigned):
    client, user = login_as("practitioner")
    home = client.page("/")
    assert "7-minute Briefing" in text_of(home) or assigned.briefing.title in text_of(home)
    slug = assigned.briefing.slug
    page = client.page(f"/briefings/{slug}")
    assert "Key Learning Themes" in text_of(page)
    r = client.submit(f"/briefings/{slug}/start", form_url=f"/briefings/{slug}")
    assert r.status_code == 302 and r.headers["Location"].endswith("/confidence")
    themes = assigned.briefing.themes
    r = client.submit(f"/briefings/{slug}/confidence", {f"theme_{t.id}": "3" for t in themes})
    assert r.headers["Location"].endswith("/questions/1"), r.get_data(as_text=True)[:3000]
    position = 1
    while True:
        page = client.page(f"/briefings/{slug}/questions/{position}")
        version_id = page.find("input", attrs={"name": "version_id"})["value"]
        first = page.find("input", attrs={"name": "answer"})["value"]
        r = client.submit(f"/briefings/{slug}/questions/{position}", {"version_id": version_id, "answer": first})
        assert r.status_code == 302, html(r).find(class_="govuk-error-summary")
        if r.headers["Location"].endswith("/check"):
            break
        position += 1
    assert position == 16
    r = client.submit(f"/briefings/{slug}/check")
    assert r.headers["Location"].endswith("/result")
    result = client.page(f"/briefings/{slug}/result")
    assert "Feedback on your answers" in text_of(result)
    r = client.submit(
        f"/briefings/{slug}/reflect",
        {**{f"theme_{t.id}": "4" for t in themes}, "reflection": "I will speak to the child alone."},
    )
    assert r.headers["Location"].endswith("/record"), text_of(html(r))[:2000]
    record = client.page(f"/briefings/{slug}/record")
    assert "I will speak to the child alone." in text_of(record)
