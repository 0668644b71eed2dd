"""Command line: ``ecm-rules KIND [FILE]`` reads JSON (a file or standard input) and prints the result.

KIND is event, obligation, compliance, compensation, move or status ("am I in order?" on a date).
``ecm-rules rules`` prints the rules export.
``--lang it|en`` picks the language of explanation lines, warnings, reasons and errors (default it).
Bad input prints {"error": {"field", "msg", "params", "message"}} on standard error and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .dispatch import KINDS, run_or_error
from .errors import RuleInputError
from .export import dumps, rules_export
from .messages import DEFAULT_LANG, LANGS

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
    parser.add_argument(
        "--lang", choices=LANGS, default=DEFAULT_LANG, help="language of the texts (default: %(default)s)"
    )
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
    except OSError:
        refusal = RuleInputError("input", "error.read_file", path=args.file)
        sys.stderr.write(dumps({"error": refusal.as_dict(args.lang)}))
        return 2
    except json.JSONDecodeError as error:
        refusal = RuleInputError("input", "error.read_json", line=error.lineno, column=error.colno)
        sys.stderr.write(dumps({"error": refusal.as_dict(args.lang)}))
        return 2
    result, problem = run_or_error(args.kind, payload, args.lang)
    if problem is not None:
        sys.stderr.write(dumps({"error": problem}))
        return 2
    sys.stdout.write(dumps(result))
    return 0
