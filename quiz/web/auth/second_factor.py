"""Setting up an authenticator app, backup codes, and turning the app off.

Trainers and administrators must have one: until they do, every page sends them here.
"""

from __future__ import annotations

import segno
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from quiz.extensions import db
from quiz.services import two_factor
from quiz.services.accounts import password_is_right
from quiz.web.auth import bp
from quiz.web.auth.forms import ConfirmPasswordForm, SetUpAppForm
from quiz.web.auth.routes import client_address
from quiz.web.auth.throttle import own_account, record_failure, throttled

# The key being set up waits in the (signed) session cookie until a code proves it works.
SETUP_KEY = "two_factor_setup_key"
# Pages a person who must set up an app can still reach.
OPEN_BEFORE_SETUP = frozenset(
    {"auth.two_factor", "auth.sign_out", "auth.sign_in", "auth.sign_in_code", "static"}
)
NO_STORE = {"Cache-Control": "no-store"}


@bp.before_app_request
def send_to_set_up():
    if request.endpoint is None or request.endpoint in OPEN_BEFORE_SETUP:
        return None
    if current_user.is_authenticated and two_factor.must_set_up(current_user):
        return redirect(url_for("auth.two_factor"))
    return None


def qr_code(uri: str) -> Markup:
    """The setup link as an SVG QR code, drawn on the server (no script, no image file)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, svgclass="app-qr-code")
    # Inline SVG with role="img" and a label is announced as one image.
    label = 'role="img" aria-label="QR code to scan with your authenticator app"'
    return Markup(svg.replace("<svg ", f"<svg {label} ", 1))


def _status_page(codes_form=None, off_form=None):
    return render_template(
        "auth/two_factor.html",
        required=two_factor.required_for(current_user),
        codes_left=two_factor.backup_codes_left(current_user),
        codes_form=codes_form or SetUpAppForm(),
        off_form=off_form or ConfirmPasswordForm(),
    )


@bp.route("/account/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@login_required
def two_factor_page():
    if current_user.has_two_factor:
        return _status_page()
    secret = session.get(SETUP_KEY) or two_factor.new_secret()
    session[SETUP_KEY] = secret
    form = SetUpAppForm()
    if form.validate_on_submit():
        codes = two_factor.turn_on(current_user, secret, form.code.data, client_address())
        if codes is not None:
            db.session.commit()
            session.pop(SETUP_KEY, None)
            page = render_template("auth/backup_codes.html", codes=codes, first_time=True)
            return page, 200, NO_STORE
        form.code.errors.append(
            "The code is not right. Check the app and enter the code it shows now"
        )
    uri = two_factor.setup_uri(secret, current_user.email, current_app.config["SERVICE_NAME"])
    page = render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr_code=qr_code(uri),
        key=two_factor.grouped(secret),
        required=two_factor.required_for(current_user),
    )
    return page, 200, NO_STORE


@bp.route("/account/two-factor/backup-codes", methods=["POST"])
@login_required
@throttled(own_account)
def new_backup_codes():
    """New backup codes replace the old ones; a code (from the app or a backup) proves it
    is them, so someone at an unattended computer cannot take a set."""
    if not current_user.has_two_factor:
        abort(404)
    form = SetUpAppForm()
    if form.validate_on_submit():
        if two_factor.check_code(current_user, form.code.data) is not None:
            codes = two_factor.new_backup_codes(current_user, client_address())
            db.session.commit()
            page = render_template("auth/backup_codes.html", codes=codes, first_time=False)
            return page, 200, NO_STORE
        record_failure()
        form.code.errors.append("The code is not right. Check your app and try again")
    return _status_page(codes_form=form)


@bp.route("/account/two-factor/turn-off", methods=["POST"])
@login_required
@throttled(own_account)
def turn_off_two_factor():
    """Turning the app off (to replace a lost phone, say) needs the password.

    Trainers and administrators are then sent straight back to set up a new one.
    """
    if not current_user.has_two_factor:
        abort(404)
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        if password_is_right(current_user, form.password.data):
            two_factor.turn_off(current_user, client_address())
            db.session.commit()
            flash("Your authenticator app is turned off for this service.", "success")
            return redirect(
                url_for(
                    "auth.two_factor" if two_factor.required_for(current_user) else "auth.account"
                )
            )
        record_failure()
        form.password.errors.append("Your password is not right")
    return _status_page(off_form=form)
