"""GOV.UK Frontend's macros, made Jinja globals once at start.

A `{% from ... import ... %}` runs on every render: jinja2 compares the page's globals with
the imported template's each time (a set difference over every global); layout.html's ten
imports and template.html's five took about 7% of a question page's time. Templates call
the macros by name, without importing them; only the macros the templates use are listed
here. Each global makes every import left (of our own macros, and inside the GOV.UK macros)
dearer, so pages a practitioner sees write the macros' markup out instead.
"""

from __future__ import annotations

from jinja2 import Environment

GOVUK_MACROS = {
    "govukBackLink": "back-link",
    "govukButton": "button",
    "govukCheckboxes": "checkboxes",
    "govukDetails": "details",
    "govukErrorSummary": "error-summary",
    "govukInput": "input",
    "govukInsetText": "inset-text",
    "govukNotificationBanner": "notification-banner",
    "govukPagination": "pagination",
    "govukPanel": "panel",
    "govukRadios": "radios",
    "govukSelect": "select",
    "govukSummaryList": "summary-list",
    "govukTable": "table",
    "govukTag": "tag",
    "govukWarningText": "warning-text",
}


def add_govuk_macros(env: Environment) -> None:
    for name, component in GOVUK_MACROS.items():
        module = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
        env.globals[name] = getattr(module, name)
