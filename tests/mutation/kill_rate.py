"""The kill rate of a `make mutate` run (mutmut 3), read from ``mutants/``, with the survivors listed.

    .venv/bin/python -m tests.mutation.kill_rate [--min 95] [--mutants mutants] [--list]

A mutant counts as killed when its test run failed (mutmut's exit code other than 0), with the
exports regenerated from the mutated code (see ``[tool.mutmut]`` in pyproject.toml), so regenerating
them never rescues it. Survivors are split in two:

- *rule* survivors change what the rule book computes or refuses: each is a missing test;
- *text-only* survivors change only the words of a message or explanation (a string with a space
  replaced or blanked). Those words move to the message catalogue (issue 9), whose tests own them;
  they are reported, and excluded from the rule kill rate.

Mutants no test reaches ("no tests") count as survivors of the rule kind.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

SURVIVED, NO_TESTS, SKIPPED = 0, 33, 34


@dataclass
class Tally:
    killed: int = 0
    rule_survivors: list[str] = field(default_factory=list)
    text_survivors: list[str] = field(default_factory=list)
    not_run: int = 0
    diffs: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.killed + len(self.rule_survivors) + len(self.text_survivors)

    def rule_rate(self) -> float:
        counted = self.killed + len(self.rule_survivors)
        return 100.0 * self.killed / counted if counted else 0.0

    def raw_rate(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 0.0


def _tokens(source: str) -> list[tuple[int, str]]:
    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT}
    return [
        (tok.type, tok.string)
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type not in skip
    ]


def _is_message(text: str) -> bool:
    return " " in text or text.startswith(("f'", 'f"'))


def text_only(original: str, mutant: str) -> bool:
    """True when the two function bodies differ only in the words of message strings."""
    a, b = _tokens(original), _tokens(mutant)
    if len(a) != len(b):
        return False
    changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if not changed:
        return False
    for (kind_a, text_a), (kind_b, text_b) in changed:
        if kind_a != tokenize.STRING or not _is_message(text_a):
            return False
        if not (kind_b == tokenize.STRING or (kind_b == tokenize.NAME and text_b == "None")):
            return False
    return True


def _functions(mutated_file: Path) -> dict[str, str]:
    source = mutated_file.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name:
            body = "\n".join(lines[node.lineno - 1 : node.end_lineno]) + "\n"
            found[node.name] = body.replace(node.name, "f", 1)
    return found


def _diff(original: str, mutant: str) -> str:
    old, new = original.splitlines(), mutant.splitlines()
    lines = [f"- {a.strip()}\n+ {b.strip()}" for a, b in zip(old, new, strict=False) if a != b]
    return "\n".join(lines) or "(structure changed)"


def tally(mutants: Path) -> Tally:
    result = Tally()
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        functions = _functions(meta.with_suffix(""))
        for key, code in codes.items():
            if code is None or code == SKIPPED:
                result.not_run += 1
                continue
            if code not in (SURVIVED, NO_TESTS):
                result.killed += 1
                continue
            short = key.rsplit(".", 1)[-1]
            original = functions.get(short.rsplit("__mutmut_", 1)[0] + "__mutmut_orig", "")
            mutant = functions.get(short, "")
            result.diffs[key] = _diff(original, mutant)
            if code == SURVIVED and original and mutant and text_only(original, mutant):
                result.text_survivors.append(key)
            else:
                result.rule_survivors.append(key + (" (no tests)" if code == NO_TESTS else ""))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=Path, default=Path("mutants"))
    parser.add_argument("--min", type=float, default=None, help="fail below this rule kill rate (%)")
    parser.add_argument("--list", action="store_true", help="print every rule survivor with its diff")
    args = parser.parse_args(argv)
    if not args.mutants.is_dir():
        print(f"no {args.mutants}/: run `make mutate` first", file=sys.stderr)
        return 2
    t = tally(args.mutants)
    print(
        f"mutants: {t.total} tested ({t.not_run} not run); killed {t.killed}; "
        f"rule survivors {len(t.rule_survivors)}; text-only survivors {len(t.text_survivors)}\n"
        f"rule kill rate: {t.rule_rate():.1f} %  (all mutants: {t.raw_rate():.1f} %)"
    )
    if args.list:
        for key in t.rule_survivors:
            print(f"\n{key}\n{t.diffs[key.split(' ')[0]]}")
    if args.min is not None and t.rule_rate() < args.min:
        print(f"rule kill rate below {args.min} %", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
