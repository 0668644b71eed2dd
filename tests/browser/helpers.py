"""Shared steps of the browser tests: open a calculator, fill it in, import data, run axe-core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import axe_playwright_python
from playwright.sync_api import FilePayload, Locator, Page, expect

from .conftest import DEV_PAGE, EVENT_PAGE, TRIENNIUM_PAGE

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def calculator(page: Page, url: str, kind: str) -> Locator:
    """Open a page and wait until its calculator has read the rules and drawn itself."""
    page.goto(url)
    host = page.locator(f'.ecm-calculator[data-calculator="{kind}"]')
    expect(host).to_have_attribute("data-ecm-ready", "true", timeout=10_000)
    return host


def field(host: Locator, name: str) -> Locator:
    return host.locator(f'[name="{name}"]')


def fill_event(host: Locator, **values: str) -> None:
    for name, value in values.items():
        target = field(host, name)
        if name in ("type", "role", "publication_kind", "country"):
            target.select_option(value)
        else:
            target.fill(value)


def event_credits(host: Locator) -> Locator:
    return host.locator('[data-testid="event-credits"]')


EXPORT: dict[str, Any] = {
    "profile": {"first_registration": "2010-03-01", "previous_triennium_met": False},
    "credits": [
        # After the esenzione (1 Jan-29 May 2024): a credit inside it would not count (issue 11).
        {"id": "a", "type": "res_course", "date": "2024-06-10", "credits": 50.0},
        {"id": "b", "type": "fad_elearning", "date": "2024-06-01", "credits": 40.0, "sponsored": False},
        {"id": "c", "type": "autoformazione", "date": "2025-01-10", "credits": 40.0},
        {"id": "d", "type": "abroad", "date": "2023-02-01", "credits": 10.0},
        {"id": "e", "type": "res_course", "date": "2021-02-01", "credits": 12.0},
    ],
    "exemptions": [{"kind": "esenzione", "start": "2024-01-01", "end": "2024-05-29", "reason": "maternità"}],
}


def import_export(host: Locator, data: object) -> None:
    body = json.dumps(data).encode()
    payload: FilePayload = {"name": "export.json", "mimeType": "application/json", "buffer": body}
    host.locator('input[type="file"]').set_input_files(files=[payload])


def api_shaped(export: dict[str, Any]) -> dict[str, Any]:
    """The same data as GET /v1/me/export returns it (CreditOut, ExemptionOut, ProfileOut)."""
    stamp = "2026-11-22T10:00:00Z"
    credits = [
        {
            **{k: v for k, v in c.items() if k != "date"},
            "triennium": "2023-2025" if c["date"] >= "2023" else "2020-2022",
            "title": f"Evento {c['id']}",
            "start_date": c["date"],
            "end_date": c["date"],
            "counted_in": None,
            "registry_status": "provisional",
            "created_at": stamp,
        }
        for c in export["credits"]
    ]
    exemptions = [
        {"id": f"x{i}", "exemption": x, "created_at": stamp} for i, x in enumerate(export["exemptions"])
    ]
    profile = {**export["profile"], "profession": "infermiere", "updated_at": stamp}
    return {"exported_at": stamp, "profile": profile, "credits": credits, "exemptions": exemptions}


def axe_violations(page: Page, scope: str | None = None) -> list[dict[str, object]]:
    """Serious and critical axe-core violations on the page, or inside the elements matching ``scope``."""
    page.add_script_tag(path=str(AXE_JS))  # self-hosted copy: no third-party request
    results = page.evaluate(
        "async (scope) => (await axe.run(scope ? {include: [[scope]]} : document,"
        " {resultTypes: ['violations']})).violations",
        scope,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


def open_filled(page: Page, url: str) -> None:
    """A page with its calculators ready and, for the triennium, filled in (rows, lines, meters)."""
    page.goto(url)
    for host in page.locator(".ecm-calculator").all():
        expect(host).to_have_attribute("data-ecm-ready", "true", timeout=10_000)
    triennium = page.locator('.ecm-calculator[data-calculator="triennium"]')
    if triennium.count():
        import_export(triennium, EXPORT)
        expect(page.locator("meter").first).to_be_visible()


def switch_language(page: Page, lang: str, label: str) -> None:
    """Use Material's language menu as a person does: open it, then pick the language."""
    page.locator(".md-header .md-select > button").hover()
    page.locator(f'.md-header .md-select__link[hreflang="{lang}"]', has_text=label).click()
    page.wait_for_load_state()


CALCULATOR_PAGES = [EVENT_PAGE, "en/" + EVENT_PAGE, TRIENNIUM_PAGE, "en/" + TRIENNIUM_PAGE, DEV_PAGE]


# Two animation frames (scroll and resize handlers update in the next frame), then every finite
# animation or transition still running on the page to its end.
_SETTLE = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const running = document.getAnimations().filter(a => a.effect?.getTiming().iterations !== Infinity);
  await Promise.all(running.map(a => a.finished.catch(() => null)));
}"""


def settle(page: Page) -> None:
    """Wait until the page has drawn what the last scroll, focus or resize changed, transitions ended.

    A fixed wait alone is too short on a loaded CI machine, where timers and frames are late."""
    page.evaluate(_SETTLE)
