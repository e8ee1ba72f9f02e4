from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from quiz.extensions import db
from quiz.services.accounts import authenticate, end_session, start_session
from quiz.web.auth import bp
from quiz.web.auth.forms import EmptyForm, SignInForm


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("practice.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.email.errors.append("The email address or password is not right")
        else:
            next_page = _safe_next(request.args.get("next"))
            # A fresh session on every sign-in, so an earlier cookie cannot ride along.
            session.clear()
            session["sid"] = start_session(user)
            session.permanent = True
            login_user(user)
            db.session.commit()
            return redirect(next_page or url_for("practice.home"))
        db.session.commit()
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    form = EmptyForm()
    if form.validate_on_submit():
        end_session(session.get("sid"))
        db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))
