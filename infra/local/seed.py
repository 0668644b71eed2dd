"""Demo data for the demo professional, written through the real API routes with the demo token.

Going through HTTP (rather than writing items) means the seed exercises validation, credit
computation and the storage layout exactly as a mobile app would. The profile is written last,
so "the demo has a profile" means a complete seed and a restart does not seed twice.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from typing import Any

from functions.api.logic import clock
from functions.rulebook.trienni import Triennium, all_trienni
from infra.local.auth import USERS, SigningKey, mint_token


def request(url: str, method: str, token: str | None, body: Any = None, **headers: str) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    for name, value in headers.items():
        req.add_header(name.replace("_", "-"), value)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:  # nosec B310: our own loopback API URL
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        raw, status = err.read(), err.code
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def _seed_trienni(today: dt.date) -> tuple[Triennium, Triennium]:
    """The rule book's triennium of ``today`` and the one before; after the last triennium the rule
    book knows, its last two (the demo shows what the product can compute, never a refused record)."""
    known = all_trienni()
    index = next((i for i, t in enumerate(known) if t.start <= today <= t.end), None)
    if index is None:
        index = len(known) - 1 if today > known[-1].end else 1
    return known[index], known[max(index - 1, 0)]


def triennia(today: dt.date) -> tuple[int, int]:
    """First years of the demo's current and previous triennium (2026-2028, 2023-2025, ...)."""
    current, previous = _seed_trienni(today)
    return current.start.year, previous.start.year


def seed_day(today: dt.date) -> dt.date:
    """The day the demo is written as of: today, or the last day the rule book knows if today is after."""
    current, _ = _seed_trienni(today)
    return min(today, current.end)


def demo_requests(today: dt.date) -> list[tuple[str, str, dict[str, Any]]]:
    current, previous = triennia(today)
    today = seed_day(today)

    def day(year: int, month: int, d: int) -> str:
        return dt.date(year, month, d).isoformat()

    def ago(days: int) -> str:
        return (today - dt.timedelta(days=days)).isoformat()

    base = {"registry_status": "registered"}
    credits: list[dict[str, Any]] = [
        # The previous triennium: a varied, mostly registered record.
        {
            **base,
            "title": "Aggiornamento in cardiologia clinica",
            "event_code": "1234-567890",
            "provider": "Provider Demo 1234",
            "type": "res_course",
            "start_date": day(previous, 3, 14),
            "hours": 8,
            "credits": 8.0,
        },
        {
            **base,
            "title": "Congresso nazionale di cardiologia",
            "event_code": "1234-567891",
            "provider": "Provider Demo 1234",
            "type": "res_congress",
            "start_date": day(previous, 10, 5),
            "end_date": day(previous, 10, 7),
            "hours": 18,
            "participants": 900,
        },
        {
            **base,
            "title": "Linee guida ESC: scompenso cardiaco",
            "event_code": "5678-112233",
            "provider": "Provider FAD Demo",
            "type": "fad_elearning",
            "start_date": day(previous + 1, 2, 1),
            "end_date": day(previous + 1, 4, 30),
            "hours": 15,
            "credits": 15.0,
        },
        {
            **base,
            "title": "Gruppo di miglioramento: percorso scompenso",
            "event_code": "9012-445566",
            "provider": "ASL Demo",
            "type": "fsc_improvement_group",
            "start_date": day(previous + 1, 9, 1),
            "end_date": day(previous + 2, 5, 31),
            "hours": 20,
            "credits": 20.0,
        },
        {
            **base,
            "title": "Relazione: ecocardiografia da sforzo",
            "event_code": "1234-778899",
            "provider": "Provider Demo 1234",
            "type": "res_course",
            "role": "teacher",
            "start_date": day(previous + 2, 11, 20),
            "hours": 2,
            "credits": 2.0,
        },
        # The current triennium: registered, recent provisional, and one the registry should show by now.
        {
            **base,
            "title": "BLSD retraining",
            "event_code": "3456-100200",
            "provider": "Provider Demo 3456",
            "type": "res_interactive",
            "start_date": min(day(current, 1, 20), ago(1)),
            "hours": 5,
            "credits": 7.5,
        },
        {
            **base,
            "title": "Webinar: anticoagulanti orali",
            "event_code": "5678-300400",
            "provider": "Provider FAD Demo",
            "type": "fad_webinar",
            "start_date": ago(150),
            "hours": 3,
            "credits": 4.5,
        },
        {
            "title": "Corso di aritmologia (attestato ricevuto)",
            "event_code": "1234-500600",
            "provider": "Provider Demo 1234",
            "type": "res_course",
            "start_date": ago(240),
            "end_date": ago(239),
            "hours": 12,
            "credits": 12.0,
            "registry_status": "provisional",
        },
        {
            "title": "FAD: radioprotezione",
            "event_code": "5678-700800",
            "provider": "Provider FAD Demo",
            "type": "fad_elearning",
            "start_date": ago(40),
            "end_date": ago(20),
            "hours": 6,
            "registry_status": "provisional",
        },
    ]
    steps: list[tuple[str, str, dict[str, Any]]] = [("POST", "/v1/me/credits", c) for c in credits]
    steps.append(
        (
            "POST",
            "/v1/me/exemptions",
            {
                "kind": "esenzione",
                "start": day(previous + 1, 5, 2),
                "end": day(previous + 1, 10, 1),
                "reason": "Congedo di maternità",
            },
        )
    )
    steps.append(
        (
            "PUT",
            "/v1/me/profile",
            {
                "profession": "medico_chirurgo",
                "discipline": "Cardiologia",
                "first_registration": "2012-09-01",
                "previous_triennium_met": True,
            },
        )
    )
    return steps


def seed_demo(api_url: str, key: SigningKey, today: dt.date | None = None) -> bool:
    """Seed once: return True when it wrote the demo data now, False when it was already there."""
    token = mint_token(key, USERS["demo"])
    status, _ = request(f"{api_url}/v1/me/profile", "GET", token)
    if status == 200:
        return False
    failures = 0
    for n, (method, path, body) in enumerate(demo_requests(today or clock.today())):
        status, answer = request(
            f"{api_url}{path}", method, token, body, idempotency_key=f"ecm-demo-seed-{n}"
        )
        if status >= 300:
            failures += 1
            print(f"  warning: demo seed {method} {path} -> {status}: {str(answer)[:300]}")
    if failures:
        print(f"  warning: {failures} demo seed requests failed; the demo data is incomplete")
    return True
