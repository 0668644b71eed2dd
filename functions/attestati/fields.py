"""The fields of an attestato read from its text: each anchored to the words that label it, never guessed.

What an attestato carries and the event code's shape (``ID provider - ID evento [- edizione]``, the
Veneto platform's ``COD_PROVIDER-ID_EVENTO[-n]``) are from the Manuale nazionale di accreditamento per
l'erogazione di eventi ECM and Agenas avviso 74, as reported in ecm-rules.md section 11.9.

Every pattern needs its label ("codice evento", "in qualità di", "crediti", ...): a number or a date with
no label saying what it is stays unread. A field whose best patterns give two different values (two
credit figures, neither called the total) is left absent rather than picked: the user confirms every
field and types what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

MONTH_NAMES = "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES.split(), start=1)}
_MONTH = "|".join(MONTHS)
DATE = rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}|\d{{1,2}}(?:°|º)?\s+(?i:{_MONTH})\s+\d{{4}})"
NUMBER = r"\d{1,3}(?:[,.]\d{1,2})?"
NUM = r"(?:(?i:n\.|n°|nr\.?|numero)\s*)?"
SNIPPET = 240
ROLES = (
    "responsabile scientifico",
    "partecipante",
    "discente",
    "docente",
    "relatore",
    "moderatore",
    "tutor",
    "coordinatore",
)


class Found(BaseModel):
    """One field's value with where it was read: ``page`` (from 1) and ``text``, the line(s) it is in."""

    model_config = ConfigDict(defer_build=True)  # built on first use: a shorter cold start

    value: str | int | float = Field(description="Text, a number (decimal point), a year, or an ISO date")
    page: int = Field(ge=1)
    text: str = Field(
        description="The line of the PDF's text the value was read from (at most 240 characters)"
    )


class Attestato(BaseModel):
    """What an attestato says, field by field; a field the text does not state is absent (null).

    ``event_code`` is ``ID provider-ID evento`` as written (spaces removed); ``edition`` the edition
    number when written (in the code as a third part, or as "edizione n"). ``credits`` are those earned
    by the professional, ``credits_year`` the year they are for, ``event_credits`` the event's own.
    ``roles`` lists every role named (a congress attestato can name several).
    """

    model_config = ConfigDict(defer_build=True)  # built on first use: a shorter cold start

    pages: int = Field(ge=1, description="Pages read")
    ecm: bool = Field(
        default=True,
        description="Whether the text speaks of ECM (names it, its credits or a provider); when false no "
        "field is read, so a document that is not an attestato yields nothing",
    )
    event_code: Found | None = None
    edition: Found | None = None
    provider_name: Found | None = None
    provider_number: Found | None = None
    title: Found | None = None
    start_date: Found | None = None
    end_date: Found | None = None
    hours: Found | None = None
    roles: list[Found] = []
    credits: Found | None = None
    credits_year: Found | None = None
    event_credits: Found | None = None
    profession: Found | None = None
    discipline: Found | None = None


def _c(pattern: str) -> re.Pattern[str]:
    # Spaces in a pattern never cross a line: a number ending one line is not the next line's count.
    return re.compile(pattern.replace(r"\s", r"[^\S\n]"), re.MULTILINE)


CODE_LABEL = (
    r"(?i:codice\s+(?:evento|ecm|identificativo(?:\s+evento)?)|cod\.\s*(?:evento|ecm)|id\.?\s+evento"
    r"|evento\s+(?:ecm\s+)?(?:n\.|n°|nr\.?|numero)|rif(?:\.|erimento)\s+evento|event\s+code)"
)
CODE = _c(
    rf"{CODE_LABEL}\s*[:.]?\s*{NUM}(?P<provider>[A-Z]{{0,4}}\d{{1,6}})\s*[-–/]\s*(?P<event>\d{{1,7}})"
    r"(?:\s*[-–/]\s*(?P<edition>\d{1,3}))?(?![\d/.-])"
)
EDITION = [
    _c(r"(?i:\bedizione|\bed\.)\s*[:.]?\s*(?:(?i:n\.|n°|nr\.?|numero)\s*)?(?P<v>\d{1,3})\b"),
    _c(r"\b(?P<v>\d{1,3})\s*(?:ª|a|°)\s+(?i:edizione)\b"),
]
PROVIDER_NUMBER = [
    _c(
        r"(?i:provider|accreditamento|accreditato)[^\n]{0,60}?(?<![A-Za-z])(?i:id|n\.|n°|nr\.?|numero|cod\.|codice)"
        r"\s*[:.]?\s*(?P<v>[A-Z]{0,4}\d{1,6})\b(?!\s*[-–/]\s*\d)"
    ),
]
_NAME_TAIL = (
    r"(?=\s*(?:\(\s*(?i:id|n\.|n°|cod)|[-–,]\s*(?i:id|n\.|n°|nr|cod|accreditat)|\s(?i:id|n\.|n°)\s*\d"
    r"|\s+(?i:accreditat)|\s*$))"
)
PROVIDER_NAME = [
    _c(
        r"^\s*(?i:provider)(?:\s+(?i:ecm))?(?:\s+(?i:accreditato|standard|provvisorio|nazionale|regionale))?"
        r"(?:\s+(?i:id|n\.|n°|nr\.?)\s*[A-Z]{0,4}\d{1,6})?\s*[:–-]\s*(?P<v>[^\n]{2,120}?)" + _NAME_TAIL
    ),
    _c(r"\b(?i:il\s+provider)\s+(?P<v>[A-Z][^\n,(]{2,100}?)" + _NAME_TAIL.replace(r"|\s*$", "")),
]
TITLE = [
    _c(
        r"^\s*(?i:titolo)(?:\s+(?i:dell['’]evento|del\s+corso|evento))?\s*[:–-]\s*[\"“«]?(?P<v>[^\n\"”»]{3,300})"
    ),
    _c(
        r"(?i:evento|corso|convegno|congresso|seminario|webinar)(?:\s+(?i:formativo|ecm|fad|residenziale))*"
        r"[^\"“«]{0,40}[\"“«](?P<v>[^\"”»]{3,300})[\"”»]"
    ),
]
RANGE = _c(rf"\b(?i:dal|da)\s+(?P<a>{DATE}|\d{{1,2}})\s+(?i:al|a)\s+(?P<b>{DATE})")
SINGLE_DATE = [
    _c(rf"(?i:data\s+(?:dell['’]evento|di\s+svolgimento|evento|del\s+corso))\s*[:.]?\s*(?P<v>{DATE})"),
    _c(rf"(?i:svolt\w*|tenut\w*|realizzat\w*)[^\n]{{0,80}}?\b(?i:il|in\s+data)\s+(?P<v>{DATE})"),
]
START_END = (
    _c(rf"(?i:data\s+(?:di\s+)?inizio)\s*[:.]?\s*(?P<v>{DATE})"),
    _c(rf"(?i:data\s+(?:di\s+)?fine)\s*[:.]?\s*(?P<v>{DATE})"),
)
HOURS = [
    _c(rf"(?i:durata)[^\n\d]{{0,30}}(?P<v>{NUMBER})\s*(?i:ore|h)\b"),
    _c(
        rf"(?i:ore\s+(?:formative|di\s+formazione|complessive|totali|effettive))\s*[:.]?\s*{NUM}(?P<v>{NUMBER})\b"
    ),
    _c(rf"(?i:n\.\s*ore|numero\s+(?:di\s+)?ore)\s*[:.]?\s*(?P<v>{NUMBER})\b"),
    _c(rf"\b(?P<v>{NUMBER})\s*(?i:ore)\s+(?i:formative|di\s+formazione|complessive)"),
]
ROLE_PHRASE = _c(r"(?i:in\s+qualit[àa]\s+di|con\s+il\s+ruolo\s+di|\bruolo)\s*:?\s*(?P<v>[^\n.;]{3,120})")
_EARNED = (
    r"(?i:conseguit\w*|conseguend\w*|acquisit\w*|acquisend\w*|ottenut\w*|maturat\w*|riconosciut\w*"
    r"|attribuit\w*)"
)
CREDITS = [
    _c(rf"(?i:totale\s+crediti|crediti\s+totali)[^\n\d]{{0,30}}(?P<v>{NUMBER})\b(?![/.-]\d)"),
    _c(
        rf"{_EARNED}\s+(?:(?i:n\.|n°|nr\.?|numero|un\s+totale\s+di)\s*)?(?P<v>{NUMBER})\s*"
        r"(?:\([a-zà-ù ,]+\)\s*)?(?i:credit[oi])"
    ),
    _c(
        rf"(?i:crediti(?:\s+(?:formativi|ecm))*)\s+{_EARNED}\s*(?:(?i:n\.|n°|nr\.?|:|pari\s+a)\s*)*"
        rf"(?P<v>{NUMBER})\b"
    ),
    _c(
        rf"(?<![\d,.])(?P<v>{NUMBER})\s*(?:\([a-zà-ù ,]+\)\s*)?(?i:credit[oi])"
        r"(?!\s+(?i:dell['’]evento|assegnati\s+all))"
    ),
    _c(
        rf"(?i:crediti(?:\s+(?:formativi|ecm))*)\s*(?:(?i:n\.|n°|nr\.?|:|pari\s+a)\s*)+(?P<v>{NUMBER})\b(?![/.-]\d)"
    ),
]
EVENT_CREDITS = [
    _c(
        rf"(?i:evento\s+(?:è\s+stato\s+)?accreditato\s+(?:per|con)|crediti\s+(?:ecm\s+)?(?:assegnati\s+all['’]evento|dell['’]evento))"
        rf"\s*[:.]?\s*(?:(?i:n\.|n°)\s*)?(?P<v>{NUMBER})\b"
    ),
    _c(rf"(?P<v>{NUMBER})\s*(?i:credit[oi])\s+(?i:assegnati\s+all['’]evento|dell['’]evento)"),
]
EVENT_CREDITS_LINE = re.compile(
    r"evento\s+(?:è\s+stato\s+)?accreditato|assegnati\s+all['’]evento|crediti\s+(?:ecm\s+)?dell['’]evento",
    re.IGNORECASE,
)
YEAR = [
    _c(
        r"(?i:per\s+l['’]\s*anno|anno\s+(?:di\s+(?:competenza|riferimento|acquisizione)|formativo)"
        r"|relativi\s+all['’]\s*anno|nell['’]\s*anno)\s*[:.]?\s*(?P<v>20\d{2})\b"
    ),
]
PROFESSION = [
    _c(r"(?i:professione)\s*[:–-]\s*(?P<v>[^\n/|]{3,80}?)(?=\s*(?:[|/]|(?i:disciplina)|\s{2,}|$))"),
]
DISCIPLINE = [_c(r"(?i:disciplina)\s*[:–-]\s*(?P<v>[^\n|]{3,80}?)(?=\s*(?:\||\s{2,}|$))")]
PROFESSION_DISCIPLINE = _c(
    r"(?i:professione\s*/\s*disciplina)\s*:\s*(?P<p>[^\n/]{3,80}?)\s*[/–-]\s*(?P<d>[^\n]{3,80}?)\s*$"
)

OTHER_LABEL = re.compile(
    r"\s(?:professione|disciplina|codice\s+(?:evento|fiscale)|id\s+evento|titolo|data(?:\s+\w+)?|durata|ruolo"
    r"|crediti(?:\s+\w+)?|provider|edizione|ore\s+formative|partecipante|nome|cognome|obiettivo(?:\s+\w+)?"
    r"|luogo|sede)\s*:",
    re.IGNORECASE,
)
# A text says it concerns ECM when it names it, its credits or its provider; without that, nothing is read.
ECM_TEXT = re.compile(
    r"\bECM\b|educazione\s+continua|crediti\s+formativi|\bprovider\b|agenas|co\.?ge\.?a\.?p\.?s",
    re.IGNORECASE,
)

Page = tuple[int, str]
Hit = tuple[object, int, str]


def find_fields(pages: list[str]) -> Attestato:
    """The attestato's fields from the text of its pages (``pages[0]`` is page 1); see ``Attestato``."""
    texts: list[Page] = [(i, _tidy(t)) for i, t in enumerate(pages, start=1)]
    if not any(ECM_TEXT.search(text) for _, text in texts):
        return Attestato(pages=max(len(pages), 1), ecm=False)
    found: dict[str, Found | None] = {}
    code_hits = list(_hits(texts, [CODE], _code))
    found["event_code"] = _one(code_hits)
    editions = list(_hits(texts, [CODE], _code_edition))
    found["edition"] = _one(editions) or _first_of(texts, EDITION, _int_range(1, 999))
    found["provider_number"] = _first_of(texts, PROVIDER_NUMBER, _text)
    found["provider_name"] = _first_of(texts, PROVIDER_NAME, _name)
    found["title"] = _first_of(texts, TITLE, _name)
    found["hours"] = _first_of(texts, HOURS, _number(0, 500))
    found["credits_year"] = _first_of(texts, YEAR, _int_range(2002, 2100))
    found["event_credits"] = _first_of(texts, EVENT_CREDITS, _number(0, 100))
    found["credits"] = _first_of(texts, CREDITS, _number(0, 100), skip=EVENT_CREDITS_LINE)
    profession, discipline = _both(texts)
    found["profession"] = profession or _first_of(texts, PROFESSION, _name)
    found["discipline"] = discipline or _first_of(texts, DISCIPLINE, _name)
    found.update(_dates(texts))
    return Attestato(pages=max(len(pages), 1), ecm=True, roles=_roles(texts), **found)


def _tidy(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _snippet(text: str, start: int, end: int) -> str:
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    line = text[first : last if last >= 0 else len(text)].replace("\n", " ")
    return line[:SNIPPET]


def _hits(
    texts: list[Page],
    patterns: list[re.Pattern[str]],
    convert: Callable[[re.Match[str]], object | None],
    skip: re.Pattern[str] | None = None,
) -> Iterator[Hit]:
    """(value, page, snippet) of every match that converts to a value, pattern by pattern in order."""
    for pattern in patterns:
        for page, text in texts:
            for match in pattern.finditer(text):
                snippet = _snippet(text, match.start(), match.end())
                if skip is not None and skip.search(snippet):
                    continue
                value = convert(match)
                if value is not None:
                    yield value, page, snippet


def _agreed(hits: list[Hit]) -> Hit | None:
    """The first hit when all hits agree on the value; None when there is none or they disagree."""
    if not hits or len({repr(value) for value, _, _ in hits}) > 1:
        return None
    return hits[0]


def _one(hits: list[Hit]) -> Found | None:
    """The value all hits agree on, as a Found (never a pick among different values)."""
    hit = _agreed(hits)
    if hit is None:
        return None
    value, page, snippet = hit
    if not isinstance(value, str | int | float):  # the converters give only these
        raise TypeError(type(value).__name__)
    return Found(value=value, page=page, text=snippet)


def _first_of(
    texts: list[Page],
    patterns: list[re.Pattern[str]],
    convert: Callable[[re.Match[str]], object | None],
    skip: re.Pattern[str] | None = None,
) -> Found | None:
    """The value of the first pattern (in priority order) that matches, if its matches agree."""
    for pattern in patterns:
        hits = list(_hits(texts, [pattern], convert, skip))
        if hits:
            return _one(hits)
    return None


def _text(match: re.Match[str]) -> str:
    return match.group("v").strip()


def _name(match: re.Match[str]) -> str | None:
    # Text laid out in columns can run one label's value into the next label on the same line.
    value = OTHER_LABEL.split(re.sub(r"\s+", " ", match.group("v")), maxsplit=1)[0]
    value = value.strip(' :-–—,;"“”«»')
    return value if sum(c.isalpha() for c in value) >= 3 else None


def _code(match: re.Match[str]) -> str:
    return f"{match.group('provider')}-{match.group('event')}"


def _code_edition(match: re.Match[str]) -> int | None:
    """The edition written as the code's third part (the Veneto platform's ``-n``)."""
    edition = match.group("edition")
    return int(edition) if edition else None


def _int_range(low: int, high: int) -> Callable[[re.Match[str]], int | None]:
    def convert(match: re.Match[str]) -> int | None:
        value = int(match.group("v"))
        return value if low <= value <= high else None

    return convert


def _number(low: float, high: float) -> Callable[[re.Match[str]], float | None]:
    """An Italian (or English) decimal written with at most two decimals: "7,8" and "7.8" are 7.8."""

    def convert(match: re.Match[str]) -> float | None:
        value = float(match.group("v").replace(",", "."))
        return value if low < value <= high else None

    return convert


def parse_date(text: str) -> date | None:
    """A date written 10/05/2024, 10.05.2024, 10-05-2024 or 10 maggio 2024 (day first); None if invalid."""
    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text.strip())
    try:
        if numeric:
            return date(int(numeric[3]), int(numeric[2]), int(numeric[1]))
        words = re.fullmatch(r"(\d{1,2})(?:°|º)?\s+(\w+)\s+(\d{4})", text.strip())
        if words and words[2].lower() in MONTHS:
            return date(int(words[3]), MONTHS[words[2].lower()], int(words[1]))
    except ValueError:
        return None
    return None


def _range_start(first: str, end: date) -> date | None:
    """The start of "dal <first> al <end>": a full date, or a day taking the end's month and year."""
    if not first.isdigit():
        return parse_date(first)
    try:
        return end.replace(day=int(first))
    except ValueError:
        return None


def _dates(texts: list[Page]) -> dict[str, Found | None]:
    ranges: list[tuple[tuple[str, str], int, str]] = []
    for page, text in texts:
        for match in RANGE.finditer(text):
            end_day = parse_date(match["b"])
            start_day = _range_start(match["a"], end_day) if end_day else None
            if start_day and end_day and start_day <= end_day:
                snippet = _snippet(text, match.start(), match.end())
                ranges.append(((start_day.isoformat(), end_day.isoformat()), page, snippet))
    if ranges:
        if len({value for value, _, _ in ranges}) > 1:
            return {"start_date": None, "end_date": None}
        (start_iso, end_iso), page, snippet = ranges[0]
        return {
            "start_date": Found(value=start_iso, page=page, text=snippet),
            "end_date": Found(value=end_iso, page=page, text=snippet),
        }
    start = _first_of(texts, [START_END[0]], _iso)
    end = _first_of(texts, [START_END[1]], _iso)
    if start or end:
        return {"start_date": start, "end_date": end}
    # A single date is the event's only day: it starts and ends on it.
    day = _first_of(texts, SINGLE_DATE, _iso)
    return {"start_date": day, "end_date": day}


def _iso(match: re.Match[str]) -> str | None:
    parsed = parse_date(match.group("v"))
    return parsed.isoformat() if parsed else None


def _roles(texts: list[Page]) -> list[Found]:
    roles: dict[str, Found] = {}
    for page, text in texts:
        for match in ROLE_PHRASE.finditer(text):
            phrase = match.group("v").lower()
            snippet = _snippet(text, match.start(), match.end())
            for role in ROLES:
                if re.search(rf"\b{role}\b", phrase) and role not in roles:
                    roles[role] = Found(value=role, page=page, text=snippet)
    return list(roles.values())


def _both(texts: list[Page]) -> tuple[Found | None, Found | None]:
    for page, text in texts:
        match = PROFESSION_DISCIPLINE.search(text)
        if match:
            snippet = _snippet(text, match.start(), match.end())
            return (
                Found(value=match["p"].strip(), page=page, text=snippet),
                Found(value=match["d"].strip(), page=page, text=snippet),
            )
    return None, None
