from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import bp
from app.auth.forms import LoginForm
from app.enums import Role
from app.errors import log_refused_secret
from app.redirects import local_path_or
from app.services import accounts
from app.throttle import limited

HOME_BY_ROLE = {
    Role.CHAIR: "chair.index",
    Role.CHECKIN: "checkin.index",
    Role.PROTOCOL: "protocol.index",
}


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(HOME_BY_ROLE[Role(current_user.role)]))
    return redirect(url_for("auth.login"))


def _login_post(_exc: BaseException | None) -> bool:
    """Every submitted password counts, right or wrong (the form is for a handful of people)."""
    return request.method == "POST"


@bp.route("/login", methods=["GET", "POST"])
@limited("LOGIN_RATE_LIMIT", counts=_login_post)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is None:
            log_refused_secret("login", form.username.data or "")
            flash(_("Benutzername oder Passwort ist falsch."), "error")
        else:
            login_user(user)
            return redirect(url_for(HOME_BY_ROLE[Role(user.role)]))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>")
def set_language(code: str):
    """Remember the language and go back where the link was clicked (``next``).

    ``next`` must be a path on this site: anything else would make this an open redirect.
    The Referer header is no help here — our Referrer-Policy is no-referrer.
    """
    if code in accounts.languages():
        session["lang"] = code
    return redirect(local_path_or(request.args.get("next"), url_for("auth.index")))
