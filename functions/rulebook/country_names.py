"""The ISO 3166-1 alpha-2 country list with Italian and English names, generated from Babel (CLDR).

Babel is a build-time tool here: ``python -m functions.rulebook.country_names`` rewrites
``data/country_names.json``, which the rule book reads at run time (so Lambda does not need Babel), and a
test fails when the committed file drifts from Babel's names.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

NAMES_FILE = Path(__file__).parent / "data" / "country_names.json"
# CLDR territories with two letters that are not ISO 3166-1 countries: exceptionally reserved codes
# (Ascension, Clipperton, Diego Garcia, Ceuta and Melilla, Canary Islands, Tristan da Cunha), user-assigned
# ones (Kosovo XK, pseudo-locales XA and XB) and groupings (EU, EZ, UN, QO, ZZ).
NOT_ISO_3166 = frozenset({"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})


def build() -> dict[str, dict[str, str]]:
    """Code -> {"it": name, "en": name}, sorted by code (needs Babel: a development dependency)."""
    from babel import Locale

    italian, english = Locale("it"), Locale("en")
    codes = sorted(
        code
        for code in map(str, italian.territories)
        if len(code) == 2 and code.isalpha() and code.isupper() and code not in NOT_ISO_3166
    )
    return {
        code: {"it": str(italian.territories[code]), "en": str(english.territories[code])} for code in codes
    }


@cache
def country_names() -> dict[str, dict[str, str]]:
    """The committed names (no Babel needed at run time)."""
    text = resources.files(__package__).joinpath("data", "country_names.json").read_text(encoding="utf-8")
    names: dict[str, dict[str, str]] = json.loads(text)
    return names


def write() -> Path:
    NAMES_FILE.write_text(json.dumps(build(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return NAMES_FILE


if __name__ == "__main__":
    print(f"wrote {write()}")
