"""Explanation lines: every step of a result, with its rule, source, confidence and amount."""

from __future__ import annotations

from decimal import Decimal

from .models import Confidence, Line, SourceRef
from .parameters import ParamValue, Source


def _ref(source: Source) -> SourceRef:
    return SourceRef(id=source.id, title=source.title, url=source.url)


def make_line(param: ParamValue, amount: Decimal, text: str) -> Line:
    return Line(
        rule=param.param,
        amount=amount,
        text=text,
        source=_ref(param.source),
        reported_by=None if param.reported_by is None else _ref(param.reported_by),
        confidence=Confidence(param.confidence),
    )


class Explanation:
    """Collects lines whose amounts add up to the result by construction."""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def add(self, param: ParamValue, amount: Decimal, text: str) -> None:
        self.lines.append(make_line(param, amount, text))

    def extend(self, lines: list[Line]) -> None:
        self.lines.extend(lines)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def uncertain(self) -> bool:
        return any(line.confidence is not Confidence.HIGH for line in self.lines if line.amount != 0)
