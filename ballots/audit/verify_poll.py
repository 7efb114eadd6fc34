"""Checks of one poll: its key, issuances, ballots, counts and the recount of its result.

Every check runs on what the file itself says, with the same code the app uses
(``ballots.blind``, ``ballots.marks``, ``ballots.counting``), so a recount here is the count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from ballots import blind
from ballots.audit.encoding import b64url_decode
from ballots.audit.events import Event
from ballots.audit.paper_channel import check_paper_counts, check_paper_issues, load_paper_sheet
from ballots.audit.recount import recount
from ballots.audit.report import ReportBuilder
from ballots.contest import Contest, contest_from_dict
from ballots.credential import credential_hash, credential_poll_id, tracker_code
from ballots.errors import BallotError, InvalidBallot
from ballots.marks import parse_ballot

__all__ = ["PollRecord", "check_poll"]

MIN_KEY_BITS = 2048


@dataclass(slots=True)
class PollRecord:
    """The events of one poll as found in the file (internal to the verifier)."""

    poll_id: str
    opened: Event
    present_max: int
    voting_right: int | None
    issuances: Event | None = None
    closed: Event | None = None
    ballots: Event | None = None
    results: list[Event] = field(default_factory=list)
    voided: Event | None = None

    @property
    def paper(self) -> bool:
        return bool(self.opened.data.get("paper"))

    def accepts_presence(self, event: Event) -> bool:
        """A presence snapshot raises this poll's bound if it names it, or is taken while open."""
        named = event.data.get("poll")
        if named is not None:
            return bool(named == self.poll_id)
        return self.closed is None and self.voided is None

    def add(self, event: Event) -> tuple[str, str] | None:
        """File ``event`` under this poll; return (de, en) text if it breaks the order.

        An event out of order is still filed (its content gets checked too); a repeated
        single event is not — the first one counts."""
        problem = self._order_problem(event.type)
        single = {"issuances": "issuances", "poll_closed": "closed", "ballots": "ballots",
                  "poll_voided": "voided"}
        if event.type in single:
            attr = single[event.type]
            if getattr(self, attr) is not None:
                return ("kommt doppelt vor", "appears twice")
            setattr(self, attr, event)
        elif event.type == "result":
            self.results.append(event)
        return problem

    def _order_problem(self, kind: str) -> tuple[str, str] | None:
        if kind in ("issuances", "ballots") and self.paper:
            return ("bei einer Papierabstimmung nicht zulässig", "not allowed for a paper poll")
        if kind == "ballots" and self.closed is None:
            return ("Stimmzettel vor dem Schließen", "ballots before the poll was closed")
        if kind == "result" and self.closed is None:
            return ("Ergebnis vor dem Schließen", "result before the poll was closed")
        if kind == "result" and not self.paper and self.ballots is None:
            return ("Ergebnis ohne Stimmzettel", "result without ballots")
        if kind == "acceptance" and not self.results:
            return ("Annahme der Wahl vor dem Ergebnis", "acceptance before the result")
        return None

    def state_de(self) -> str:
        return "ungültig erklärt" if self.voided else (
            "geschlossen" if self.closed else "noch offen")

    def state_en(self) -> str:
        return "voided" if self.voided else ("closed" if self.closed else "still open")


def check_poll(record: PollRecord, rb: ReportBuilder, *,
               seen_credentials: dict[str, str], seq_of: Mapping[str, int]) -> None:
    """Run every per-poll check, recording findings in ``rb``; ``seq_of`` maps event hashes
    to their seq (a lot must name the chain head after the ballots were fixed)."""
    contest = _load_contest(record, rb)
    _check_mode(record, rb)
    key = None if record.paper else _load_key(record, rb)
    issued = _check_issuances(record, key, rb)
    paper = check_paper_issues(record, rb)
    cast, ballots = _check_ballots(record, key, contest, rb, seen_credentials)
    sheet = load_paper_sheet(record, contest, rb)
    _check_counts(record, rb, issued=issued, cast=cast,
                  paper=None if paper is None else (paper.issued, paper.replacing))
    check_paper_counts(record, rb, paper_issues=paper, sheet=sheet, phone=(issued, cast))
    fixed_at = record.ballots.seq if record.ballots else record.opened.seq
    for event in record.results:
        _check_lot_hash(record.poll_id, event, fixed_at, seq_of, rb)
        recount(record.poll_id, event, contest, ballots, rb, paper=record.paper,
                issued=issued, paper_totals=sheet,
                replaced=0 if paper is None else paper.replacing)


def _check_lot_hash(poll: str, event: Event, fixed_at: int, seq_of: Mapping[str, int],
                    rb: ReportBuilder) -> None:
    """A lot's ``audit_hash`` must be a chain head from after the ballots were fixed."""
    lot = event.data.get("lot")
    if not isinstance(lot, dict):
        return
    at = seq_of.get(str(lot.get("audit_hash")))
    if at is not None and fixed_at <= at < event.seq:
        rb.ok("result.lot", f"Los gebunden an Ereignis #{at}", f"lot bound to event #{at}",
              seq=event.seq, poll=poll)
    else:
        rb.fail("result.lot", "audit_hash des Loses ist kein Kettenkopf zwischen Stimmzetteln "
                "und Ergebnis", "the lot's audit_hash is not a chain head between the ballots "
                "and the result", seq=event.seq, poll=poll)


def _load_contest(record: PollRecord, rb: ReportBuilder) -> Contest | None:
    try:
        contest = contest_from_dict(record.opened.data["contest"])
    except Exception as exc:  # noqa: BLE001 — hostile input: a finding, not a crash
        rb.fail("poll.contest", f"nicht lesbar: {exc}", f"cannot be read: {exc}",
                seq=record.opened.seq, poll=record.poll_id)
        return None
    rb.ok("poll.contest", contest.title, contest.title, seq=record.opened.seq,
          poll=record.poll_id)
    return contest


def _check_mode(record: PollRecord, rb: ReportBuilder) -> None:
    """Paper or electronic is fixed by the opening: a paper poll announces no key (and gets
    no issuances or ballots: ``structure.poll``); an electronic poll announces its key, and
    once closed its issuances and ballots must be in the file. So turning an electronic poll
    into a paper one afterwards needs its opening rewritten too (caught by the heads read out
    in the hall and the key fingerprint in the protocol), and an electronic poll cannot lose
    its credentials or ballots silently."""
    data, seq, poll = record.opened.data, record.opened.seq, record.poll_id
    paper = data.get("paper", False)  # files from before the flag: electronic
    keyed = bool(data.get("public_key")) or bool(data.get("key_fingerprint"))
    if not isinstance(paper, bool):
        rb.fail("poll.mode", "die Eröffnung sagt nicht, ob auf Papier abgestimmt wird",
                "the opening does not say whether the poll is on paper", seq=seq, poll=poll)
    elif paper and keyed:
        rb.fail("poll.mode", "als Papierabstimmung verzeichnet, aber mit Schlüssel eröffnet",
                "recorded as a paper poll but opened with a key", seq=seq, poll=poll)
    elif paper:
        rb.ok("poll.mode", "Papier, ohne Schlüssel eröffnet", "paper, opened without a key",
              seq=seq, poll=poll)
    elif record.closed is not None and (record.issuances is None or record.ballots is None):
        missing = [n for n, e in (("issuances", record.issuances), ("ballots", record.ballots))
                   if e is None]
        rb.fail("poll.mode", f"elektronisch eröffnet, aber geschlossen ohne {', '.join(missing)}",
                f"opened electronically but closed without {', '.join(missing)}",
                seq=record.closed.seq, poll=poll)
    else:
        rb.ok("poll.mode", "elektronisch, mit Schlüssel eröffnet", "electronic, opened with a key",
              seq=seq, poll=poll)


def _load_key(record: PollRecord, rb: ReportBuilder) -> RSAPublicKey | None:
    data, seq, poll = record.opened.data, record.opened.seq, record.poll_id
    try:
        key = load_pem_public_key(str(data["public_key"]).encode("ascii"))
    except (ValueError, UnicodeEncodeError, UnsupportedAlgorithm):
        rb.fail("poll.key", "kein lesbarer PEM-Schlüssel", "not a readable PEM key",
                seq=seq, poll=poll)
        return None
    if not isinstance(key, RSAPublicKey) or key.key_size < MIN_KEY_BITS:
        rb.fail("poll.key", f"kein RSA-Schlüssel mit mindestens {MIN_KEY_BITS} Bit",
                f"not an RSA key of at least {MIN_KEY_BITS} bits", seq=seq, poll=poll)
        return None
    fingerprint = blind.public_key_fingerprint(key)
    if fingerprint != data["key_fingerprint"]:
        rb.fail("poll.key", f"Fingerabdruck {data['key_fingerprint']} passt nicht, "
                f"berechnet {fingerprint}",
                f"fingerprint {data['key_fingerprint']} does not match, computed {fingerprint}",
                seq=seq, poll=poll)
        return None
    rb.ok("poll.key", f"RSA {key.key_size} Bit, {fingerprint}",
          f"RSA {key.key_size} bits, {fingerprint}", seq=seq, poll=poll)
    return key


def _check_issuances(record: PollRecord, key: RSAPublicKey | None,
                     rb: ReportBuilder) -> int | None:
    """Check each blind signature (``s^e mod n == blinded``); return the number issued."""
    event = record.issuances
    if event is None:
        return None
    items: list[Mapping[str, Any]] = event.data["issuances"]
    poll = record.poll_id
    refs = [str(item["delegate"]) for item in items]
    if refs == sorted(set(refs)):
        rb.ok("issuance.order", f"{len(refs)} Ausgaben", f"{len(refs)} issuances",
              seq=event.seq, poll=poll)
    else:
        rb.fail("issuance.order", "Personen-Referenzen doppelt oder nicht sortiert",
                "delegate references repeat or are not sorted", seq=event.seq, poll=poll)
    if key is None:
        if items:
            rb.fail("issuance.blind_sig", "ohne gültigen Schlüssel nicht prüfbar",
                    "cannot be checked without a valid key", seq=event.seq, poll=poll)
        return len(items)
    for index, item in enumerate(items):
        where = f"issuances[{index}]"
        try:
            blinded = b64url_decode(str(item["blinded_msg"]), path=where)
            signed = b64url_decode(str(item["blind_sig"]), path=where)
        except BallotError:
            ok = False
        else:
            ok = blind.verify_blind_sig(key, blinded, signed)
        rb.item("issuance.blind_sig", ok,
                f"{where} (Person {item['delegate']}): blinde Signatur ungültig",
                f"{where} (delegate {item['delegate']}): blind signature invalid",
                seq=event.seq, poll=poll)
    rb.summarise("issuance.blind_sig", poll=poll, seq=event.seq,
                 noun_de="blinde Signaturen", noun_en="blind signatures")
    return len(items)


def _check_ballots(record: PollRecord, key: RSAPublicKey | None, contest: Contest | None,
                   rb: ReportBuilder, seen: dict[str, str]) -> tuple[int | None, list[Any] | None]:
    """Check every ballot; return how many there are and the parsed valid ones for the recount."""
    event = record.ballots
    if event is None:
        return None, None
    poll, seq = record.poll_id, event.seq
    parsed: list[Any] = []
    previous_hash = ""
    items: list[Mapping[str, Any]] = event.data["ballots"]
    for index, item in enumerate(items):
        where = f"ballots[{index}]"
        try:
            msg = b64url_decode(str(item["msg"]), path=f"{where}.msg")
            sig = b64url_decode(str(item["sig"]), path=f"{where}.sig")
        except BallotError as exc:
            rb.fail("ballot.signature", f"{exc}", f"{exc}", seq=seq, poll=poll)
            continue
        rb.item("ballot.poll_prefix", _names_poll(msg, poll),
                f"{where}: Nachricht nennt nicht diese Abstimmung",
                f"{where}: message does not name this poll", seq=seq, poll=poll)
        if key is None:
            rb.fail("ballot.signature", f"{where}: ohne gültigen Schlüssel nicht prüfbar",
                    f"{where}: cannot be checked without a valid key", seq=seq, poll=poll)
        else:
            rb.item("ballot.signature", blind.verify(key, msg, sig),
                    f"{where}: Signatur passt nicht zum Schlüssel der Abstimmung",
                    f"{where}: signature does not verify under the poll's key",
                    seq=seq, poll=poll)
        cred = credential_hash(msg)
        first = seen.get(cred)
        rb.item("ballot.credential_unique", first is None,
                f"{where}: Berechtigung schon verwendet (Abstimmung {first})",
                f"{where}: credential already used (poll {first})", seq=seq, poll=poll)
        seen.setdefault(cred, poll)
        rb.item("ballot.order", cred > previous_hash,
                f"{where}: nicht aufsteigend nach Berechtigungs-Hash sortiert",
                f"{where}: not in ascending credential-hash order", seq=seq, poll=poll)
        previous_hash = cred
        ballot_json = item["ballot"]
        rb.item("ballot.tracker", tracker_code(cred) == item["tracker"],
                f"{where}: Quittungscode {item['tracker']} passt nicht zur Berechtigung",
                f"{where}: tracker {item['tracker']} does not match the credential",
                seq=seq, poll=poll)
        if contest is not None:
            try:
                parsed.append(parse_ballot(contest, ballot_json))
            except InvalidBallot as exc:
                rb.fail("ballot.valid", f"{where}: {exc.path}: {exc.reason}",
                        f"{where}: {exc.path}: {exc.reason_en}", seq=seq, poll=poll)
            except Exception as exc:  # noqa: BLE001 — hostile input: a finding, not a crash
                rb.fail("ballot.valid", f"{where}: nicht lesbar ({type(exc).__name__})",
                        f"{where}: unreadable ({type(exc).__name__})", seq=seq, poll=poll)
            else:
                rb.item("ballot.valid", True, "", "", seq=seq, poll=poll)
    for name, de, en in (("ballot.poll_prefix", "Nachrichten", "messages"),
                         ("ballot.signature", "Signaturen", "signatures"),
                         ("ballot.credential_unique", "Berechtigungen", "credentials"),
                         ("ballot.order", "Positionen", "positions"),
                         ("ballot.tracker", "Quittungscodes", "trackers"),
                         ("ballot.valid", "Stimmzettel", "ballots")):
        rb.summarise(name, poll=poll, seq=seq, noun_de=de, noun_en=en)
    return len(items), (parsed if contest is not None else None)


def _check_counts(record: PollRecord, rb: ReportBuilder, *, issued: int | None,
                  cast: int | None, paper: tuple[int, int] | None = None) -> None:
    """ballots ≤ issuances ≤ present ≤ voting right (paper ballots issued beside the phones
    count towards the present), and the closing counts as recorded."""
    poll = record.poll_id
    closed = record.closed
    if closed is not None and not record.paper:
        want_issued, want_cast = int(closed.data["issued"]), int(closed.data["cast"])
        if (issued, cast) == (want_issued, want_cast):
            rb.ok("counts.recorded", f"{issued} ausgegeben, {cast} abgegeben",
                  f"{issued} issued, {cast} cast", seq=closed.seq, poll=poll)
        else:
            rb.fail("counts.recorded",
                    f"verbucht {want_issued} ausgegeben / {want_cast} abgegeben, in der Datei "
                    f"{_n(issued)} Ausgaben / {_n(cast)} Stimmzettel",
                    f"recorded {want_issued} issued / {want_cast} cast, the file holds "
                    f"{_n(issued)} issuances / {_n(cast)} ballots", seq=closed.seq, poll=poll)
    if cast is not None:
        seq = record.ballots.seq if record.ballots else None
        issued_n = issued or 0
        if cast <= issued_n:
            rb.ok("counts.ballots_le_issuances", f"{cast} ≤ {issued_n}", f"{cast} ≤ {issued_n}",
                  seq=seq, poll=poll)
        else:
            rb.fail("counts.ballots_le_issuances",
                    f"{cast} Stimmzettel, aber nur {issued_n} Berechtigungen ausgegeben",
                    f"{cast} ballots but only {issued_n} credentials issued", seq=seq, poll=poll)
    if issued is not None:
        seq = record.issuances.seq if record.issuances else None
        bound = record.present_max
        # A replaced credential's holder is one person with two ballots issued.
        both = issued if paper is None else issued + paper[0] - paper[1]
        said_de = (f"{issued} Berechtigungen" if paper is None else
                   f"{issued} Berechtigungen und {paper[0]} Papierstimmzettel")
        said_en = (f"{issued} credentials" if paper is None else
                   f"{issued} credentials and {paper[0]} paper ballots")
        if both <= bound:
            rb.ok("counts.issuances_le_present", f"{both} ≤ {bound}", f"{both} ≤ {bound}",
                  seq=seq, poll=poll)
        else:
            rb.fail("counts.issuances_le_present",
                    f"{said_de}, aber höchstens {bound} Stimmberechtigte anwesend",
                    f"{said_en} but at most {bound} voters present",
                    seq=seq, poll=poll)
    if record.voting_right is not None:
        bound, seq = record.present_max, record.opened.seq
        if bound <= record.voting_right:
            rb.ok("counts.present_le_roster", f"{bound} ≤ {record.voting_right}",
                  f"{bound} ≤ {record.voting_right}", seq=seq, poll=poll)
        else:
            rb.fail("counts.present_le_roster",
                    f"{bound} anwesend, aber nur {record.voting_right} mit Stimmrecht",
                    f"{bound} present but only {record.voting_right} with voting right",
                    seq=seq, poll=poll)


def _names_poll(msg: bytes, poll: str) -> bool:
    try:
        return credential_poll_id(msg) == poll
    except BallotError:
        return False


def _n(value: int | None) -> str:
    return "–" if value is None else str(value)
