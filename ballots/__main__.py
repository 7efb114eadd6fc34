"""``python -m ballots``: one dispatcher for the core's commands (tally, presets, verify, …).

Each command module exposes ``add_parsers(subparsers)`` registering its sub-commands with a
``func(args) -> int`` default; this file only wires them together.
"""

from __future__ import annotations

import argparse

from ballots import cli_election, cli_tally, cli_verify


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ballots",
                                     description="Wahlgang: zählen und prüfen / count and verify")
    commands = parser.add_subparsers(dest="command", required=True)
    cli_tally.add_parsers(commands)
    cli_verify.add_parsers(commands)
    cli_election.add_parsers(commands)
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
