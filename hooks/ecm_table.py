"""The HTML of the guide's tables (hooks/ecm_render.py): a table on a wide screen, a card per row on a phone.

A table with three columns or more is rendered as a "card table": every data cell carries its column's
header in ``data-label`` (in the page's language, as the header shows it), and ecm.css, below 600 px,
shows each row as a card: the row header (the rule's name) as a heading line, then one "label: value"
line per cell. The cards are CSS only. Because ``display: block`` on table elements makes some
browsers drop the table from the accessibility tree, a card table also states its roles (table, row,
columnheader, rowheader, cell): a screen reader still hears "Fonte, column 4" on a phone.
"""

from __future__ import annotations

import html

# Two columns (an input and its value, an outcome and its number) already fit a phone as a table.
CARD_MIN_COLUMNS = 3


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_table(
    headers: list[str], rows: list[list[str]], caption: str | None = None, kind: str = "ecm-rules"
) -> str:
    """A table with column headers; the first cell of each row heads its row.

    ``headers`` are plain text (escaped here); ``rows`` hold cells that are already HTML; ``kind`` is the
    table's class (``ecm-rules`` for the rule tables, ``ecm-api`` for the API reference's). Returns the
    table inside a focusable wrapper (a table wider than the screen scrolls there) with blank lines
    around it, so that Markdown leaves it alone.
    """
    cards = len(headers) >= CARD_MIN_COLUMNS

    def role(name: str) -> str:
        return f' role="{name}"' if cards else ""

    head = "".join(f'<th scope="col"{role("columnheader")}>{_esc(h)}</th>' for h in headers)

    def cell(index: int, content: str) -> str:
        if index == 0:
            return f'<th scope="row"{role("rowheader")}>{content}</th>'
        if not cards:
            return f"<td>{content}</td>"
        label = headers[index] if index < len(headers) else ""
        # An empty cell (a value without a note) stays empty: the card hides it instead of "Nota:".
        return f'<td role="cell" data-label="{_esc(label)}">{content.strip()}</td>'

    body = "".join(
        f"<tr{role('row')}>" + "".join(cell(i, c) for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    cap = f"<caption>{_esc(caption)}</caption>" if caption else ""
    classes = f"{kind} ecm-cards" if cards else kind
    group = role("rowgroup")
    return (
        # A table wider than the screen scrolls: keyboard users reach it to scroll it.
        f'\n\n<div class="ecm-table-wrap" tabindex="0">'
        f'<table class="{classes}"{role("table")}>{cap}<thead{group}><tr{role("row")}>{head}</tr></thead>'
        f"<tbody{group}>{body}</tbody></table></div>\n\n"
    )
