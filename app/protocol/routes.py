from flask import render_template

from app.auth.decorators import role_required
from app.enums import Role
from app.protocol import bp


@bp.route("/")
@role_required(Role.PROTOCOL)
def index():
    return render_template("protocol/index.html")
