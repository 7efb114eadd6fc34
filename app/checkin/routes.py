from flask import render_template

from app.auth.decorators import role_required
from app.checkin import bp
from app.enums import Role


@bp.route("/")
@role_required(Role.CHECKIN)
def index():
    return render_template("checkin/index.html")
