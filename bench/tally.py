"""Counting benchmark: 1,000,000 Ja/Nein/Enthaltung ballots, 30 candidates, 12 seats.

Rule set: the DIE LINKE delegates preset (mixed round), so with 30 candidates for 12 seats a
ballot may hold at most 12 Ja and no Nein (Wahlordnung § 8 (5)): the generated ballots include
some that are invalid for exactly those reasons, so validation has real work to do.

Timed, on ballots already in memory in the engine's own form (``BallotBatch`` rows):
  * S — the engine: validation, counting and the decision (``ballots.counting.tally`` if
    present, else ``count_batch`` + ``decide_election``);
  * B — a plain-Python baseline that only sums the same marks with ``collections.Counter``
    (no validation, no decision): ``totals.update(zip(ids, row[1:], strict=True))`` per ballot.
Also timed, on its own line: loading the same ballots from the JSON tally-file format
(``json.loads`` + ``contest_from_dict`` + ``BallotBatch.from_json``).

The last line is ``tally: ballots=N seconds=S baseline_seconds=B ratio=R`` (R = S / B).
Run: ``.venv/bin/python bench/tally.py [--ballots N] [--seed S] [--repeat K]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ballots.contest import Contest, contest_from_dict  # noqa: E402
from ballots.counting.batch import BallotBatch, count_batch  # noqa: E402

N_CANDIDATES = 30
SEATS = 12


def make_contest_dict() -> dict[str, Any]:
    return {
        "kind": "election",
        "title": "Delegierte zum Bundesparteitag – gemischte Liste (Benchmark)",
        "rules": {"preset": "linke-delegates", "overrides": {}},
        "seats": SEATS,
        "candidates": [
            {"id": f"C{i:02d}", "name": f"Kandidatur {i}", "group": "Frau" if i % 2 else "offen"}
            for i in range(1, N_CANDIDATES + 1)
        ],
        "round": {"number": 1, "kind": "mixed"},
    }


def make_rows(n: int, seed: int) -> list[str]:
    """Reproducible ballots in engine form: ``-`` + one of Y/N/A per candidate, or ``E...``.

    Mix (per ballot): 3 % Enthaltung zu allen, 1 % empty (valid abstention under this preset),
    1.5 % with 13 Ja (invalid: too many), 2 % with one Nein (invalid: Nein not allowed with more
    candidates than seats); the rest mark 1–12 Ja, weighted by candidate popularity, and A for
    every other candidate.
    """
    rng = random.Random(seed)
    ids = range(N_CANDIDATES)
    weights = [1.0 / (1 + 0.15 * i) for i in ids]
    rng.shuffle(weights)
    abstain_all = "E" + "." * N_CANDIDATES
    empty = "-" + "." * N_CANDIDATES
    rows: list[str] = []
    append = rows.append
    for _ in range(n):
        r = rng.random()
        if r < 0.03:
            append(abstain_all)
            continue
        if r < 0.04:
            append(empty)
            continue
        k = SEATS + 1 if r < 0.055 else rng.choice((4, 6, 8, 9, 10, 11, 12, 12, 12, 12))
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.update(rng.choices(ids, weights, k=k - len(chosen)))
        marks = ["A"] * N_CANDIDATES
        for i in chosen:
            marks[i] = "Y"
        if 0.055 <= r < 0.075:
            marks[marks.index("A")] = "N"
        append("-" + "".join(marks))
    return rows


def write_tally_file(path: Path, contest_dict: dict[str, Any], rows: Sequence[str]) -> int:
    """The tally-file JSON (contest dict + ``ballots`` in Contract 1 form); returns its size."""
    ids = contest_dict["candidates"]
    keys = [json.dumps(c["id"]) for c in ids]
    head = json.dumps(contest_dict, separators=(",", ":"))[:-1]
    parts = [head, ',"ballots":[']
    for n, row in enumerate(rows):
        if n:
            parts.append(",")
        if row[0] == "E":
            parts.append('{"marks":{},"global":"abstain_all"}')
            continue
        marks = ",".join(f'{k}:"{ch}"' for k, ch in zip(keys, row[1:], strict=True) if ch != ".")
        parts.append('{"marks":{' + marks + '},"global":null}')
    parts.append("]}")
    text = "".join(parts)
    path.write_text(text, encoding="utf-8")
    return len(text)


def engine(contest: Contest) -> Callable[[BallotBatch], Any]:
    """The engine entry point: tally() once H1a wires it, else count_batch + decide."""
    try:
        from ballots.counting import tally  # type: ignore[attr-defined]

        return lambda batch: tally(contest, batch)
    except ImportError:
        from ballots.counting.elections import decide_election

        return lambda batch: decide_election(contest, count_batch(contest, batch), lot=None)


def baseline(ids: Sequence[str], rows: Sequence[str]) -> Counter[tuple[str, str]]:
    """Plain Python: sum every (candidate, mark) with a Counter; no validation at all."""
    totals: Counter[tuple[str, str]] = Counter()
    update = totals.update
    for row in rows:
        update(zip(ids, row[1:], strict=True))
    return totals


def columnar_baseline(width: int, rows: Sequence[str]) -> list[Counter[str]]:
    """The fastest stdlib sum we know: one Counter per column of the joined rows."""
    big = "".join(rows)
    return [Counter(big[j::width]) for j in range(1, width)]


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3, help="best of K runs (default 3)")
    args = parser.parse_args(argv)

    contest_dict = make_contest_dict()
    contest = contest_from_dict(contest_dict)
    ids = contest.ids
    t0 = time.perf_counter()
    rows = make_rows(args.ballots, args.seed)
    print(f"generated {len(rows)} ballots (seed {args.seed}) in {time.perf_counter() - t0:.2f} s")
    batch = BallotBatch(ids, rows)

    run = engine(contest)
    seconds, result = best_of(args.repeat, lambda: run(batch))
    base_seconds, totals = best_of(args.repeat, lambda: baseline(ids, rows))
    counts = count_batch(contest, batch)
    assert sum(totals[(ids[0], m)] for m in "YNA.") == len(rows)
    print(
        f"counts: cast={counts.cast} invalid={counts.invalid} valid={counts.valid} "
        f"grounds={ {g.code: g.count for g in counts.grounds} } "
        f"elected={sum(1 for s in getattr(result, 'seats', ()) if getattr(s, 'candidate', None))}"
    )

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tally.json"
        size = write_tally_file(path, contest_dict, rows)

        def load() -> BallotBatch:
            data = json.loads(path.read_bytes())
            return BallotBatch.from_json(contest_from_dict(data), data["ballots"])

        load_seconds, loaded = best_of(1, load)
    assert list(loaded.rows) == list(rows) and not loaded.rejects
    del loaded
    print(
        f"load-json: ballots={len(rows)} bytes={size} seconds={load_seconds:.3f} "
        f"per_ballot_us={1e6 * load_seconds / max(1, len(rows)):.2f}"
    )
    columnar_seconds, _ = best_of(args.repeat, lambda: columnar_baseline(len(ids) + 1, rows))
    print(
        f"baseline-columnar (Counter per column of one joined string, no validation): "
        f"seconds={columnar_seconds:.3f} engine_ratio={seconds / columnar_seconds:.2f}"
    )
    ratio = seconds / base_seconds if base_seconds else float("inf")
    print(
        f"tally: ballots={len(rows)} seconds={seconds:.3f} "
        f"baseline_seconds={base_seconds:.3f} ratio={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
