"""Mandatsprüfung: the desk's report to the assembly and the quorum (Beschlussfähigkeit).

The report is the statutes' agenda item: delegates with voting right on the roster, who is
present, the vote transfers with names and times (from the audit file's ``transfer`` events, so
ended transfers are listed too), the substitutes seated now, and whether the assembly is
quorate under its rule (``ballots.quorum``; the conference's setting, else ``QUORUM`` from
config/default.toml).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.enums import PollState
from app.extensions import db
from app.models import AuditEvent, Conference, Delegate, Poll
from app.services.conference import roster_counts
from ballots.errors import RulesError
from ballots.quorum import DEFAULT_QUORUM, Quorum, is_quorate, parse_quorum, required_present

__all__ = ["QUORUM_CHOICES", "MandateReport", "QuorumStatus", "Transfer", "mandate_report",
           "protocol_section", "quorum_label", "quorum_of", "quorum_status"]

#: The rules a chair picks from in the conference form (the configured default is added).
QUORUM_CHOICES = ("more than 1/2", "at least 1/2", "more than 2/3", "at least 1/3", "none")


def quorum_label(rule: str) -> str:
    """The rule in the chair's words ("mehr als die Hälfte der Delegierten mit Stimmrecht")."""
    labels = {
        "more than 1/2": _("mehr als die Hälfte der Delegierten mit Stimmrecht anwesend"),
        "at least 1/2": _("mindestens die Hälfte der Delegierten mit Stimmrecht anwesend"),
        "more than 2/3": _("mehr als zwei Drittel der Delegierten mit Stimmrecht anwesend"),
        "at least 1/3": _("mindestens ein Drittel der Delegierten mit Stimmrecht anwesend"),
        "none": _("keine Mindestzahl"),
    }
    quorum = parse_quorum(rule)
    if str(quorum) in labels:
        return labels[str(quorum)]
    if quorum.strict:
        return _("mehr als %(share)s der Delegierten mit Stimmrecht anwesend",
                 share=str(quorum.share))
    return _("mindestens %(share)s der Delegierten mit Stimmrecht anwesend",
             share=str(quorum.share))


def quorum_of(conference: Conference) -> Quorum:
    """The conference's rule, else the configured default."""
    return parse_quorum(conference.quorum or current_app.config.get("QUORUM", DEFAULT_QUORUM))


def check_rule(rule: str) -> str:
    """``rule`` normalised, or ValueError with a German sentence (the conference form)."""
    try:
        return str(parse_quorum(rule))
    except RulesError:
        raise ValueError(_("Die Regel zur Beschlussfähigkeit ist ungültig: %(rule)s",
                           rule=rule)) from None


@dataclass(frozen=True, slots=True)
class QuorumStatus:
    rule: str
    label: str
    entitled: int  # delegates with voting right on the roster
    present: int  # present with voting right now (substitutes holding a vote included)
    required: int
    quorate: bool

    @property
    def text(self) -> str:
        if self.quorate:
            return _("beschlussfähig: %(present)d von %(entitled)d Stimmberechtigten anwesend "
                     "(nötig: %(required)d)", present=self.present, entitled=self.entitled,
                     required=self.required)
        return _("nicht beschlussfähig: %(present)d von %(entitled)d Stimmberechtigten "
                 "anwesend (nötig: %(required)d)", present=self.present,
                 entitled=self.entitled, required=self.required)

    def as_json(self) -> dict[str, Any]:
        return {"quorate": self.quorate, "required": self.required, "quorum_text": self.text}


def quorum_status(conference: Conference) -> QuorumStatus:
    counts = roster_counts(conference.id)
    quorum = quorum_of(conference)
    return QuorumStatus(
        rule=str(quorum), label=quorum_label(str(quorum)), entitled=counts.with_vote,
        present=counts.entitled_now,
        required=required_present(quorum, entitled=counts.with_vote),
        quorate=is_quorate(quorum, present=counts.entitled_now, entitled=counts.with_vote))


@dataclass(frozen=True, slots=True)
class Transfer:
    substitute: str
    substitute_ref: str
    delegate: str
    delegate_ref: str
    at: datetime
    ended: bool


@dataclass(frozen=True, slots=True)
class Seated:
    name: str
    delegation: str
    represents: str
    since: datetime | None


@dataclass(frozen=True, slots=True)
class MandateReport:
    title: str
    at: datetime
    on_roster: int
    with_vote: int
    substitutes: int
    present: int
    quorum: QuorumStatus
    transfers: tuple[Transfer, ...]
    seated: tuple[Seated, ...]


def _transfers(conference_id: int) -> tuple[Transfer, ...]:
    """Every transfer and end of one, in order, from the audit file (names looked up)."""
    lines = db.session.scalars(
        sa.select(AuditEvent.line).where(AuditEvent.conference_id == conference_id,
                                         AuditEvent.type == "transfer")
        .order_by(AuditEvent.seq))
    events = [json.loads(line)["data"] for line in lines]
    ids = {int(ref[1:]) for e in events for ref in (e["substitute"], e["delegate"])}
    names = {row.id: row.name for row in db.session.execute(
        sa.select(Delegate.id, Delegate.name).where(Delegate.id.in_(ids)))}
    return tuple(
        Transfer(substitute=names.get(int(e["substitute"][1:]), e["substitute"]),
                 substitute_ref=e["substitute"],
                 delegate=names.get(int(e["delegate"][1:]), e["delegate"]),
                 delegate_ref=e["delegate"],
                 at=datetime.strptime(e["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
                 ended=bool(e.get("ended")))
        for e in events)


def _seated(conference_id: int) -> tuple[Seated, ...]:
    subs = db.session.scalars(
        sa.select(Delegate).where(Delegate.conference_id == conference_id,
                                  Delegate.represents_id.is_not(None),
                                  Delegate.present.is_(True))
        .order_by(Delegate.name))
    return tuple(Seated(name=d.name, delegation=d.delegation,
                        represents=d.represents.name if d.represents else "",
                        since=d.transferred_at) for d in subs)


def mandate_report(conference: Conference) -> MandateReport:
    counts = roster_counts(conference.id)
    return MandateReport(
        title=conference.title, at=datetime.now(UTC), on_roster=counts.total,
        with_vote=counts.with_vote, substitutes=counts.substitutes, present=counts.present,
        quorum=quorum_status(conference), transfers=_transfers(conference.id),
        seated=_seated(conference.id))


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def protocol_section(conference: Conference, polls: list[Poll], *,
                     lang: str = "de") -> dict[str, Any]:
    """The ``mandate`` block of the protocol (docs/protocol.md): the rule, whether the
    assembly was quorate when each vote opened and now, the transfers and seated substitutes."""
    with force_locale(lang):
        report = mandate_report(conference)
    quorum = quorum_of(conference)
    entitled = report.quorum.entitled
    return {
        "quorum_rule": report.quorum.rule,
        "quorum_label": report.quorum.label,
        "entitled": entitled,
        "required": report.quorum.required,
        "present_now": report.quorum.present,
        "quorate_now": report.quorum.quorate,
        "polls": [
            {"poll": p.public_id, "title": p.title, "present": p.present_at_open,
             "quorate": is_quorate(quorum, present=p.present_at_open or 0, entitled=entitled)}
            for p in polls if p.opened_at is not None and p.state != PollState.DRAFT.value],
        "transfers": [
            {"substitute": t.substitute, "substitute_ref": t.substitute_ref,
             "delegate": t.delegate, "delegate_ref": t.delegate_ref, "at": _iso(t.at),
             "ended": t.ended} for t in report.transfers],
        "substitutes_seated": [
            {"name": s.name, "delegation": s.delegation, "represents": s.represents,
             "since": _iso(s.since)} for s in report.seated],
    }
