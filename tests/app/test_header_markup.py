"""The page header is written out by hand in templates/layout.html because GOV.UK Frontend's
header and service navigation macros cost as much as the rest of a question page's
rendering. It must stay the markup those macros make, whitespace aside: the menu's label,
its button, the current area marked for screen readers, the sign-out form."""

from __future__ import annotations

import re

import pytest

from quiz.web.navigation import navigation_for

GOVUK_MACROS = """
{% from "govuk_frontend_jinja/components/generic-header/macro.html" import govukGenericHeader %}
{% from "govuk_frontend_jinja/components/service-navigation/macro.html"
   import govukServiceNavigation %}
<header class="govuk-template__header">
  {{ govukGenericHeader({"logoText": service_name, "url": url_for("practice.home")}) }}
  {% if signed_in %}
    {% set sign_out %}
      <li class="govuk-service-navigation__item">
        <form method="post" action="{{ url_for('auth.sign_out') }}" class="app-inline-form">
          <input type="hidden" name="csrf_token" value="TOKEN">
          <button type="submit" class="govuk-service-navigation__link app-link-button">
            Sign out</button>
        </form>
      </li>
    {% endset %}
    {{ govukServiceNavigation({"navigation": nav, "navigationLabel": "Menu",
                               "slots": {"navigationEnd": sign_out}}) }}
  {% endif %}
</header>
"""


def normalised(html: str) -> str:
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="TOKEN"', html)
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def header_of(page: str) -> str:
    return re.search(r'<header class="govuk-template__header">.*?</header>', page, re.S)[0]


def macros_header(app, user, url: str, blueprint: str | None) -> str:
    with app.test_request_context(url):
        nav = [
            {"href": app.url_map.bind("").build(link.endpoint), "text": link.label}
            | ({"active": True} if link.blueprint == blueprint else {})
            for link in (navigation_for(user) if user else [])
        ]
        return app.jinja_env.from_string(GOVUK_MACROS).render(
            service_name=app.config["SERVICE_NAME"], nav=nav, signed_in=user is not None
        )


@pytest.mark.parametrize(
    ("role", "url", "blueprint"),
    [
        ("practitioner", "/", "practice"),
        ("practitioner", "/account", "auth"),
        ("supervisor", "/teams/", "supervision"),
        ("admin", "/account", "auth"),
    ],
)
def test_the_header_is_the_govuk_macros_markup(app, login_as, role, url, blueprint):
    client, user = login_as(role)
    response = client.get(url)
    assert response.status_code == 200
    ours = header_of(response.get_data(as_text=True))
    assert normalised(ours) == normalised(macros_header(app, user, url, blueprint))


def test_signed_out_the_header_has_no_menu(app):
    ours = header_of(app.test_client().get("/sign-in").get_data(as_text=True))
    assert normalised(ours) == normalised(macros_header(app, None, "/sign-in", None))
    assert "govuk-service-navigation" not in ours
