"""The markers of one page in one language (hooks/ecm_rules.py): inline rules, tables, worked examples.

Every value shown carries its source, its confidence when not HIGH, and the day the rule was last checked
against its source (``data-verified``, required by the build).
"""

from __future__ import annotations

import importlib
import json
import os
import posixpath
import re
from datetime import date
from typing import Any

from ecm_format import (
    _parse_date,
    _today,
    api_examples,
    canonical,
    confidence_labels,
    engine,
    esc,
    find_openapi,
    fmt_date,
    fmt_from,
    fmt_input_item,
    fmt_list,
    fmt_number,
    fmt_value,
    legal_from,
    pick,
)
from ecm_table import render_table
from ecm_words import (
    CONTACT_TEXT,
    ENUM_LABELS,
    FIELD_LABELS,
    KEY_UNITS,
    LINE_LABELS,
    TEXT,
    TODAY_TEXT,
    TRIENNIUM_ADJUSTMENTS,
    t,
)
from mkdocs.exceptions import PluginError


class Renderer:
    """Renders markers for one page in one language."""

    def __init__(
        self, book: Any, lang: str, page_url: str, lang_root: str, extra: dict[str, Any] | None = None
    ) -> None:
        extra = extra or {}
        self.contact_email = str(extra.get("contact_email") or "")
        self.issue_tracker = str(extra.get("issue_tracker") or "")
        self.book = book
        self.lang = lang
        self.page_url = page_url
        self.lang_root = lang_root

    # links -----------------------------------------------------------------------------------------

    def rel(self, target: str) -> str:
        """A link from this page to ``target`` (a URL relative to the language root)."""
        base = self.page_url
        base_dir = posixpath.dirname(base.rstrip("/") + "/x") if base else ""
        full = posixpath.join(self.lang_root, target)
        path, _, anchor = full.partition("#")
        relative = posixpath.relpath(path or ".", base_dir or ".")
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return relative + (f"#{anchor}" if anchor else "")

    def source_href(self, source: Any) -> str:
        url = str(source.url)
        if url.startswith(("http://", "https://")):
            return url
        return self.rel(url)

    def source_title(self, source: Any) -> str:
        """The source's title in the page's language (Italian pages never show the English one)."""
        # Engine lines carry a SourceRef (id, English title, url): read the titles from the rule book.
        known = self.book.sources.get(source.id, source)
        return str(known.title_in(self.lang))

    def source_link(self, source: Any, text: str | None = None) -> str:
        title = self.source_title(source)
        label = text if text is not None else title
        return f'<a href="{esc(self.source_href(source))}" title="{esc(title)}">{esc(label)}</a>'

    def confidence_badge(self, confidence: str, always: bool = False) -> str:
        if confidence == "HIGH" and not always:
            return ""
        labels = confidence_labels()[confidence]
        word = labels[f"label_{self.lang}"]
        title = labels[f"help_{self.lang}"]
        return (
            f'<a class="ecm-conf ecm-conf--{confidence.lower()}" href="{esc(self.rel("metodo/#confidenza"))}"'
            f' title="{esc(title)}" aria-label="{esc(word + ": " + title)}">{esc(word)}</a>'
        )

    # inline values ---------------------------------------------------------------------------------

    def rule(
        self,
        param_id: str,
        on: str | None = None,
        *,
        date: str | None = None,
        key: str | None = None,
        unit: bool | str = True,
        fmt: str | None = None,
    ) -> str:
        """A rule's value linked to its source, badge after it; ``unit="hours"`` writes "3 ore" whole."""
        if param_id not in self.book.parameters:
            raise PluginError(f"unknown rule '{param_id}' in a rule() marker")
        when = on or date
        day = _parse_date(when) if when else _today()
        parameter = self.book.parameters[param_id]
        found = self.book.at(param_id, day)
        try:
            value = pick(found.value, key)
        except (KeyError, IndexError, ValueError) as error:
            raise PluginError(f"rule('{param_id}', key='{key}'): no such field") from error
        if fmt == "since":
            return self.since(found)
        value_unit = KEY_UNITS.get(key.split(".")[-1], "") if key else parameter.unit
        if fmt == "percent":
            value_unit = "share"
        if isinstance(unit, str):
            value_unit = unit
        if isinstance(value, bool):  # "sì" in a sentence says nothing: cite the source instead
            text = t("see_source", self.lang) if value else t("no_rule", self.lang)
        else:
            text = fmt_value(value, value_unit, self.lang, show_unit=bool(unit))
        badge = self.confidence_badge(found.confidence)
        attrs = (
            f'class="ecm-rule" data-rule="{esc(param_id)}" data-date="{day.isoformat()}"'
            f' data-value="{esc(canonical(value))}" data-text="{esc(text)}"{self.verified_attr(found)}'
        )
        if key:
            attrs += f' data-key="{esc(key)}"'
        title = f"{t('source', self.lang)}: {self.source_title(found.source)} · {self.checked_text(found)}"
        link = f'<a href="{esc(self.source_href(found.source))}" title="{esc(title)}">{esc(text)}</a>'
        return f"<span {attrs}>{link}{(' ' + badge) if badge else ''}</span>"

    def verified_attr(self, found: Any) -> str:
        """``data-verified``: the day the value was last checked against its source (the build needs it)."""
        verified = getattr(found, "verified", None)
        return "" if verified is None else f' data-verified="{verified.isoformat()}"'

    def checked_text(self, found: Any) -> str:
        """ "regola verificata il 29 novembre 2026": the rule's own check date, in words."""
        verified = getattr(found, "verified", None)
        if verified is None:
            raise PluginError(f"rule '{found.param}': no 'verified' date in the rule book")
        return t("rule_checked", self.lang).format(d=fmt_date(verified, self.lang))

    def source_cell(self, found: Any) -> str:
        """A table's source cell: the source, then the day the rule was last checked against it."""
        verified = (
            f'<small class="ecm-checked"{self.verified_attr(found)}>{esc(self.checked_text(found))}</small>'
        )
        return f"{self.source_link(found.source)}<br>{verified}"

    def since(self, found: Any) -> str:
        """ "dal 1° gennaio 2023": when the value in force applies, as a date of law (see legal_from)."""
        legal = legal_from(found) or found.source.act_start
        if legal is None:
            raise PluginError(
                f"rule('{found.param}', fmt='since'): its value has no date of law (only the data's start)"
            )
        return (
            f'<span class="ecm-from" data-rule="{esc(found.param)}" data-source="{esc(found.source.id)}"'
            f' data-from="{legal.isoformat()}">{esc(fmt_from(legal, self.lang))}</span>'
        )

    def today_box(self) -> str:
        """The home page's dated line: today's date and the triennium in progress, from the rule book."""
        day = _today()
        trienni = self.book.at("trienni", day)
        current = next(
            (i for i, item in enumerate(trienni.value) if item["start"] <= day <= item["end"]), None
        )
        if current is None:
            raise PluginError(f"today: no triennium contains {day.isoformat()}")
        since = trienni.valid_from.isoformat()
        triennium = self.rule("trienni", since, key=f"{current}.id")
        end = self.rule("trienni", since, key=f"{current}.end")
        text = TODAY_TEXT[self.lang]
        return (
            f'<p class="ecm-today__date">{text["date"].format(d=esc(fmt_date(day, self.lang)))} '
            f"{text['triennium'].format(t=triennium, e=end, b=self.rule('obligation.base'))}</p>"
        )

    def contact(self) -> str:
        """How to report an error: the contact address and issue tracker set in mkdocs.yml ``extra``."""
        text = CONTACT_TEXT[self.lang]
        items = []
        if self.contact_email:
            address = esc(self.contact_email)
            items.append(text["email"].format(link=f'<a href="mailto:{address}">{address}</a>'))
        if self.issue_tracker:
            link = f'<a href="{esc(self.issue_tracker)}">{esc(self.issue_tracker)}</a>'
            items.append(text["issues"].format(link=link))
        if not items:
            return f"\n\n{text['unset']}\n\n"
        return "\n\n" + "".join(f"- {item}\n" for item in items) + "\n"

    def professions(self, arg: str) -> str:
        """``<!-- professions: PARAM KEY -->``: the professions a rule lists under KEY, named in the page's
        language from ``profession.list``, linked to the rule's source (e.g. the radioprotection quota's)."""
        tokens = arg.split()
        if len(tokens) != 2 or tokens[0] not in self.book.parameters:
            raise PluginError(f"professions: needs a known rule and a key, got '{arg}'")
        param_id, key = tokens
        day = _today()
        found = self.book.at(param_id, day)
        try:
            ids = pick(found.value, key)
        except (KeyError, IndexError, ValueError) as error:
            raise PluginError(f"professions: '{param_id}' has no '{key}'") from error
        names = {p["id"]: p[self.lang] for p in self.book.at("profession.list", _today()).value}
        unknown = [i for i in ids if i not in names]
        if unknown:
            raise PluginError(f"professions: {param_id}.{key} names unknown professions {unknown}")
        text = ", ".join(names[i].lower() if self.lang == "it" else names[i] for i in ids)
        badge = self.confidence_badge(found.confidence)
        title = f"{t('source', self.lang)}: {self.source_title(found.source)} · {self.checked_text(found)}"
        return (
            f'<span class="ecm-rule" data-rule="{esc(param_id)}" data-date="{day.isoformat()}"'
            f' data-key="{esc(key)}" data-value="{esc(canonical(ids))}"{self.verified_attr(found)}>'
            f'<a href="{esc(self.source_href(found.source))}" title="{esc(title)}">{esc(text)}</a>'
            f"{(' ' + badge) if badge else ''}</span>"
        )

    # tables ----------------------------------------------------------------------------------------

    def table(self, headers: list[str], rows: list[list[str]], caption: str | None = None) -> str:
        """A table with column headers (the first cell of each row heads it); a card per row on a phone."""
        return render_table(headers, rows, caption)

    def value_cell(self, param: Any, found: Any) -> str:
        text = fmt_value(found.value, param.unit, self.lang)
        return (
            f'<span class="ecm-rule" data-rule="{esc(param.id)}" data-date="{found.valid_from.isoformat()}"'
            f' data-value="{esc(canonical(found.value))}" data-text="{esc(text)}"{self.verified_attr(found)}>'
            f"{esc(text)}</span>"
        )

    def from_cell(self, found: Any, current: bool) -> str:
        """When a value applies, as a date of law only: the act's dates, or the date a source reports.

        A value dated before its act (the data start a rule earlier so that every period can be
        computed) shows the act's date, never the technical start. ``data-from`` carries each date shown
        so that the build checks can compare it with the act (tests/site).
        """
        legal = legal_from(found)
        source = found.source
        shown: list[date] = []
        parts: list[str] = []
        if legal is None and current and source.act_start is not None:
            legal = source.act_start
        if legal is not None:
            parts.append(t("applies", self.lang).format(d=fmt_from(legal, self.lang)))
            shown.append(legal)
        if source.adopted is not None and source.adopted != legal:
            parts.append(t("act", self.lang).format(d=fmt_date(source.adopted, self.lang)))
            shown.append(source.adopted)
        attrs = (
            f'class="ecm-from" data-source="{esc(source.id)}"'
            f' data-from="{" ".join(d.isoformat() for d in shown)}"'
        )
        if not parts:
            return f'<span {attrs}><abbr title="{esc(t("no_legal_date", self.lang))}">–</abbr></span>'
        return f"<span {attrs}>{'<br>'.join(esc(p) for p in parts)}</span>"

    def title_of(self, param: Any) -> str:
        return str(param.title_it if self.lang == "it" else param.title_en)

    def rules_table(self, arg: str) -> str:
        tokens = arg.split()
        if not tokens:
            raise PluginError("rules-table needs a prefix")
        prefix = tokens[0]
        day = _today()
        for token in tokens[1:]:
            if token.startswith("date="):
                day = _parse_date(token[5:])
        params = [
            p for pid, p in self.book.parameters.items() if pid == prefix or pid.startswith(prefix + ".")
        ]
        if not params:
            raise PluginError(f"rules-table: no rule under '{prefix}'")
        rows = []
        for param in params:
            try:
                found = self.book.at(param.id, day)
            except Exception:
                continue
            rows.append(
                [
                    esc(self.title_of(param)),
                    self.value_cell(param, found),
                    self.from_cell(found, current=True),
                    self.source_cell(found),
                    self.confidence_badge(found.confidence, always=True),
                ]
            )
        headers = [t(k, self.lang) for k in ("rule", "value", "from", "source", "confidence")]
        return self.table(headers, rows)

    def rule_history(self, arg: str) -> str:
        rows = []
        for param_id in arg.split():
            if param_id not in self.book.parameters:
                raise PluginError(f"rule-history: unknown rule '{param_id}'")
            param = self.book.parameters[param_id]
            for found in param.values:
                row = [
                    esc(self.title_of(param)),
                    self.from_cell(found, current=False),
                    self.value_cell(param, found),
                    self.source_cell(found),
                    self.confidence_badge(found.confidence, always=True),
                    # The note in the page's language: an Italian reader gets what an English one does.
                    esc(found.note_in(self.lang)),
                ]
                rows.append(row)
        headers = [t(k, self.lang) for k in ("rule", "from", "value", "source", "confidence", "note")]
        return self.table(headers, rows)

    def trienni_table(self) -> str:
        trienni = self.book.parameters["trienni"].values[-1]
        rows = []
        for index, item in enumerate(trienni.value):
            day = item["start"].isoformat()
            deadline_id = f"deadline.{item['id']}"
            deadline = self.rule(deadline_id) if deadline_id in self.book.parameters else t("none", self.lang)
            adjustments = []
            for param_id, key in TRIENNIUM_ADJUSTMENTS:
                found = self.book.at(param_id, item["start"])
                if found.value is False:
                    continue
                label = TEXT[f"adj_{param_id.split('.')[-1]}"][self.lang]
                adjustments.append(f"{esc(label)}: {self.rule(param_id, day, key=key)}")
            compensation = self.book.at("compensation.rule", _today())
            if compensation.value and item["id"] in compensation.value.get("debtors", []):
                # Closed for recovery, but a debt can still become certifiable (Delibera CNFC 1/2025).
                until = self.rule("compensation.rule", key="deadline")
                deadline += f"<br>{esc(t('compensation', self.lang))} {until}"
            rows.append(
                [
                    # The id says the years; each triennium ends on 31 December of its last one.
                    self.rule("trienni", trienni.valid_from.isoformat(), key=f"{index}.id"),
                    deadline,
                    self.rule("obligation.base", day),
                    "<br>".join(adjustments) or t("none", self.lang),
                ]
            )
        headers = [t(k, self.lang) for k in ("triennium", "deadline", "base", "adjustments")]
        return self.table(headers, rows)

    def official_then_read(self, source: Any) -> str:
        """The official text first (Normattiva, Agenas), then the page where the number was read."""
        read = self.source_link(source, self.source_href(source))
        if not getattr(source, "official_url", ""):
            return read
        official = f'<a href="{esc(source.official_url)}">{esc(t("official", self.lang))}</a>'
        return f"{official}<br>{esc(t('read_on', self.lang))}: {read}"

    def sources_list(self) -> str:
        cited: dict[str, list[str]] = {}
        for param in self.book.parameters.values():
            for value in param.values:
                if param.id not in cited.setdefault(value.source.id, []):
                    cited[value.source.id].append(param.id)
        rows = []
        for source in self.book.sources.values():
            rows.append(
                [
                    f'<span id="src-{esc(source.id)}">{esc(self.source_title(source))}</span>',
                    self.official_then_read(source),
                    "; ".join(  # rules by title in the page's language; the id stays in data-rule
                        f'<span data-rule="{esc(p)}">{esc(self.title_of(self.book.parameters[p]))}</span>'
                        for p in cited.get(source.id, [])
                    ),
                ]
            )
        return self.table([t("doc", self.lang), t("link", self.lang), t("cited_by", self.lang)], rows)

    # worked examples -------------------------------------------------------------------------------

    def plain_value(self, value: Any) -> str:
        """One value of an input list, as a reader writes it (labels for codes, dates in words)."""
        if isinstance(value, str) and value in ENUM_LABELS:
            return ENUM_LABELS[value][self.lang]
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return fmt_date(date.fromisoformat(value), self.lang)
        if isinstance(value, int | float):
            return fmt_number(value, self.lang)
        return str(value)

    def field_label(self, key: str) -> str:
        """The reader's label of an input field; a field without one stops the build (never show
        a machine name such as "certified_trienni_at_2025_07_03")."""
        if key not in FIELD_LABELS:
            raise PluginError(f"worked example: no label for the input field '{key}' (FIELD_LABELS)")
        return FIELD_LABELS[key][self.lang]

    def input_rows(self, data: dict[str, Any]) -> list[list[str]]:
        rows = []
        for key, value in data.items():
            if isinstance(value, dict):
                rows.extend(self.input_rows(value))
                continue
            label = self.field_label(key)
            if isinstance(value, bool):
                shown = t("yes", self.lang) if value else "no"
            elif isinstance(value, str) and value in ENUM_LABELS:
                shown = ENUM_LABELS[value][self.lang]
            elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                shown = fmt_date(date.fromisoformat(value), self.lang)
            elif isinstance(value, int | float):
                shown = fmt_number(value, self.lang)
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                for item in value:
                    rows.append([esc(label), esc(fmt_input_item(item, self.short_value, self.lang))])
                continue
            elif isinstance(value, list):
                # A list of plain values (trienni, years) reads as words, never as JSON.
                parts = [self.plain_value(item) for item in value]
                rows.append([esc(label), esc(fmt_list(parts, self.lang)) if parts else t("none", self.lang)])
                continue
            else:
                shown = str(value)
            rows.append([esc(label), esc(shown)])
        return rows

    def short_value(self, key: str, value: Any) -> str:
        if value is True:
            return self.field_label(key)
        if isinstance(value, str) and value in ENUM_LABELS:
            return ENUM_LABELS[value][self.lang]
        label = self.field_label(key)  # a date says what it is: "Cancellazione: 10 marzo 2027"
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"{label}: {fmt_date(date.fromisoformat(value), self.lang)}"
        shown = fmt_number(value, self.lang) if isinstance(value, int | float) else str(value)
        return f"{label}: {shown}"

    def lines_table(self, lines: list[Any]) -> str:
        rows = []
        for line in lines:
            param = self.book.parameters.get(line.rule)
            title = (
                self.title_of(param) if param else LINE_LABELS.get(line.rule, {}).get(self.lang, line.rule)
            )
            # The rule book renders every step in the page's language (example() computes inside
            # rulebook.language), so both languages show the whole step under the rule's title.
            step = f"{esc(title)}<br><small>{esc(line.text)}</small>"
            rows.append(
                [
                    step,
                    esc(fmt_number(line.amount, self.lang)),
                    self.source_link(line.source, "↗ " + t("source", self.lang)),
                    self.confidence_badge(str(line.confidence), always=True),
                ]
            )
        return self.table([t(k, self.lang) for k in ("step", "amount", "source", "confidence")], rows)

    def example(self, kind: str, raw: str) -> str:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise PluginError(f"{kind}: invalid JSON ({error})") from error
        rulebook = engine()
        if rulebook is None:
            if os.environ.get("ECM_DOCS_ALLOW_NO_ENGINE") == "1":
                return (
                    '\n\n!!! note "Engine pending"\n    The worked example appears when the engine lands.\n\n'
                )
            raise PluginError(
                f"{kind}: the rule book engine (functions.rulebook.compute_*) is not importable; "
                "set ECM_DOCS_ALLOW_NO_ENGINE=1 only while it is being written"
            )
        models = importlib.import_module("functions.rulebook.models")
        with rulebook.language(self.lang):
            return self._example(kind, data, rulebook, models)

    def _example(self, kind: str, data: dict[str, Any], rulebook: Any, models: Any) -> str:
        if kind == "event-example":
            result = rulebook.compute_event_credits(models.EventInput.model_validate(data))
            total, label, lines = result.credits, t("result_event", self.lang), result.lines
            warnings = list(result.warnings)
        elif kind == "compliance-example":
            result = rulebook.evaluate_compliance(models.ComplianceInput.model_validate(data))
            total, label = result.counted, t("result_counted", self.lang)
            lines = [*result.obligation.lines, *result.credit_lines]
            warnings = []
        else:
            result = rulebook.compute_obligation(models.ObligationInput.model_validate(data))
            total, label, lines = result.obligation, t("result_obligation", self.lang), result.lines
            warnings = []
        uncertain = bool(result.uncertain)
        summary = self.compliance_summary(result) if kind == "compliance-example" else ""
        parts = [
            f'\n\n<div class="ecm-example" data-example="{kind}" data-input=\'{esc(canonical(data))}\''
            f' data-result="{esc(canonical(float(total)))}">',
            f'<p class="ecm-example__title"><strong>{t("example", self.lang)}</strong></p>',
            self.table([t("input", self.lang), t("value", self.lang)], self.input_rows(data)),
            self.lines_table(lines),
            f'<p class="ecm-example__result">{esc(label)}: <strong class="ecm-example__total">'
            f"{esc(fmt_number(total, self.lang))}</strong></p>",
            summary,
        ]
        if kind == "compliance-example" and result.radioprotection_lines:
            # Apart from the lines above: these explain a minimum, they do not add to the credits counted.
            parts.append(self.lines_table(result.radioprotection_lines))
        if uncertain:
            parts.append(
                f'<p class="ecm-example__uncertain"><a href="{esc(self.rel("metodo/#confidenza"))}">'
                f"{esc(t('uncertain', self.lang))}</a></p>"
            )
        if warnings:
            items = "".join(f"<li>{esc(w.text)}</li>" for w in warnings)
            parts.append(f"<p>{t('warnings', self.lang)}:</p><ul>{items}</ul>")
        parts.append("</div>\n\n")
        return "".join(parts)

    def compliance_summary(self, result: Any) -> str:
        yes, no = t("yes", self.lang), "no"
        rows = [
            [t("result_obligation", self.lang), fmt_number(result.obligation.obligation, self.lang)],
            [t("certifiable", self.lang), yes if result.certifiable else no],
            [t("missing", self.lang), fmt_number(result.missing, self.lang)],
        ]
        if result.insurance_threshold is not None:  # none before 2023-2025 (art. 38-bis DL 152/2021)
            rows += [
                [t("insurance_threshold", self.lang), fmt_number(result.insurance_threshold, self.lang)],
                [t("insurance_ok", self.lang), yes if result.insurance_ok else no],
                [t("missing_insurance", self.lang), fmt_number(result.missing_for_insurance, self.lang)],
            ]
            notice = getattr(result, "insurance_notice", None)
            if notice is not None:  # an insurer looks at a triennium only after it ends (§11.5)
                rows.append([t("insurance_applies", self.lang), notice.text])  # built in self.lang
        if result.radioprotection_minimum is not None:  # D.Lgs 101/2020, from 2020-2022
            rows += [
                [
                    t("radioprotection_minimum", self.lang),
                    fmt_number(result.radioprotection_minimum, self.lang),
                ],
                [t("radioprotection", self.lang), fmt_number(result.radioprotection, self.lang)],
            ]
        return self.table(
            [t("outcome", self.lang), t("value", self.lang)], [[esc(a), esc(b)] for a, b in rows]
        )

    # dispatch --------------------------------------------------------------------------------------

    def comment(self, name: str, arg: str) -> str:
        if name == "rules-table":
            return self.rules_table(arg)
        if name == "rule-history":
            return self.rule_history(arg)
        if name == "trienni-table":
            return self.trienni_table()
        if name in ("event-example", "obligation-example", "compliance-example"):
            return self.example(name, arg)
        if name == "sources-list":
            return self.sources_list()
        if name == "today":
            return self.today_box()
        if name == "contact":
            return self.contact()
        if name == "professions":
            return self.professions(arg)
        if name == "openapi-reference":
            renderer = importlib.import_module("openapi_render")  # sibling module of this hook
            return str(renderer.render_openapi(find_openapi(), self.lang, api_examples()))
        raise PluginError(f"unknown marker '{name}'")
