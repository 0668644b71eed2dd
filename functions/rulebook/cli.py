"""Command line: ``ecm-rules KIND [FILE]`` reads JSON (a file or standard input) and prints the result.

KIND is event, obligation, compliance, compensation or move. ``ecm-rules rules`` prints the rules export.
Bad input prints {"error": {"field", "message"}} on standard error and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .dispatch import KINDS, run_or_error
from .export import dumps, rules_export

EXAMPLE = '{"type": "res_course", "date": "2024-05-10", "hours": 6, "participants": 20}'


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ecm-rules",
        description="Italian ECM rule book: event credits, obligation, compliance, with explanations.",
        epilog=f"example: echo '{EXAMPLE}' | ecm-rules event",
    )
    parser.add_argument(
        "kind", choices=[*KINDS, "rules"], help="what to compute ('rules' prints the rules export)"
    )
    parser.add_argument("file", nargs="?", help="JSON input file (default: standard input)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.kind == "rules":
        sys.stdout.write(dumps(rules_export()))
        return 0
    try:
        if args.file:
            with open(args.file, encoding="utf-8") as handle:
                payload: Any = json.load(handle)
        else:
            payload = json.load(sys.stdin)
    except (OSError, json.JSONDecodeError) as error:
        sys.stderr.write(dumps({"error": {"field": "input", "message": f"cannot read JSON: {error}"}}))
        return 2
    result, problem = run_or_error(args.kind, payload)
    if problem is not None:
        sys.stderr.write(dumps({"error": problem}))
        return 2
    sys.stdout.write(dumps(result))
    return 0
