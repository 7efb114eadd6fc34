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
from app.throttle import count_refusal

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


def _refusal_key(username: str) -> str:
    """Refused logins are counted per user name (as typed, case-folded, bounded in length)."""
    return username.strip().casefold()[:64]


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The password is checked first: a correct one always gets in, whatever the limits say.
    Only refusals are counted, per user name and globally (app/throttle.py)."""
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data or ""
        user = accounts.authenticate(username, form.password.data or "")
        if user is not None:
            login_user(user)
            return redirect(url_for(HOME_BY_ROLE[Role(user.role)]))
        log_refused_secret("login", username)
        over = count_refusal("login", _refusal_key(username))
        if over is not None:
            flash(_("Benutzername oder Passwort ist falsch. Zu viele Fehlversuche: bitte "
                    "%(n)d Sekunden warten.", n=over.retry_after), "error")
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(over.retry_after)}
        flash(_("Benutzername oder Passwort ist falsch."), "error")
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
