from flask import render_template

from app.chair import bp
from app.auth.decorators import role_required
from app.enums import Role


@bp.route("/")
@role_required(Role.CHAIR)
def index():
    return render_template("chair/index.html")
