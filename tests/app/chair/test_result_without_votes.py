"""A two-thirds motion closed before anyone voted: the result page, the projector and the
public board say plainly that there were no valid Ja/Nein votes, and no page shows a
threshold "≥ 0" that 0 Ja would meet."""

from __future__ import annotations

from tests.app.chair.helpers import login
from tests.app.protocol.factories import make_unvoted_motion
from tests.app.vote.factories import make_conference

REASON = ("abgelehnt: keine gültigen Ja/Nein-Stimmen, Satzung (Satzungsänderung: zwei "
          "Drittel)")


def test_result_page_projector_and_board_agree(app, client):
    poll = make_unvoted_motion(make_conference())
    login(client)

    result = client.get(f"/chair/polls/{poll.id}/result").get_data(as_text=True)
    projector = client.get(f"/chair/polls/{poll.id}/projector").get_data(as_text=True)
    board = client.get(f"/public/p/{poll.public_id}").get_data(as_text=True)

    assert REASON in result and REASON in board
    assert "Schwelle <b>&gt; 0</b>" in result
    for page in (result, projector, board):
        assert "Antrag abgelehnt" in page
        assert "≥ 0" not in page and "&ge; 0" not in page
        assert "weniger als 2/3 von 0" not in page


def test_english_result_page(app, client):
    poll = make_unvoted_motion(make_conference())
    login(client)
    client.get("/language/en")

    page = client.get(f"/chair/polls/{poll.id}/result").get_data(as_text=True)

    assert "rejected: no valid Yes/No votes" in page
