from flask import render_template

from app.vote import bp


@bp.route("/")
def phone():
    return render_template("vote/phone.html")
