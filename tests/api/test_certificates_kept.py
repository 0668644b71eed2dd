"""The attestato kept with a credit, the contacts log and the claim pack, through the records handler
on moto's in-process S3 and DynamoDB (the real HTTP upload through the policy is in tests/local)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from io import BytesIO
from typing import Any

import boto3
import pytest
from pypdf import PdfReader, PdfWriter

from functions.api import files
from tests.attestati.pdfs import national

from .conftest import ALICE, BOB, ApiClient, Clock, bucket_versions, credit_body, table_items

# A credit that ended on 11 March 2025 and is still provisional. By hand: the provider's 90 days end on
# 9 June 2025; Agenas' 20 days (from 2025, ecm-rules.md §11.8) on 29 June 2025; missing from 30 June.
MISSING = credit_body(
    event_code="1234-98765-2",
    start_date="2025-03-10",
    end_date="2025-03-11",
    credits=7.8,
    provider="Provider 1234",
)
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def credit_id(api: ApiClient, today: Clock) -> str:
    today.set(TODAY)
    reply = api.post("/v1/me/credits", MISSING)
    assert reply.status == 201, reply.text
    return str(reply.json["id"])


def put_file(sub: str, credit_id: str, data: bytes, media_type: str) -> None:
    """What S3 stores after the presigned POST (its policy is exercised over HTTP in tests/local)."""
    boto3.client("s3").put_object(
        Bucket=os.environ["CERTIFICATES_BUCKET"],
        Key=files.certificate_key(sub, credit_id),
        Body=data,
        ContentType=media_type,
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def body_bytes(raw: dict[str, Any]) -> bytes:
    body = raw.get("body") or ""
    return base64.b64decode(body) if raw.get("isBase64Encoded") else str(body).encode()


# --- upload form, download link, deletion ---------------------------------------------------------


def test_the_upload_form_fixes_key_type_and_size(api: ApiClient, credit_id: str) -> None:
    reply = api.post(f"/v1/me/credits/{credit_id}/certificate", {"content_type": "application/pdf"})
    assert reply.status == 200, reply.text
    form = reply.json
    assert form["max_bytes"] == 5 * 1024 * 1024
    assert form["expires_in"] == 600
    assert form["fields"]["key"] == files.certificate_key(ALICE, credit_id)
    assert form["fields"]["key"].startswith(files.owner_prefix(ALICE))
    assert ALICE not in form["fields"]["key"]  # the sub is hashed
    policy = json.loads(base64.b64decode(form["fields"]["policy"]))
    assert {"Content-Type": "application/pdf"} in policy["conditions"]
    assert ["content-length-range", 1, 5 * 1024 * 1024] in policy["conditions"]
    assert {"key": form["fields"]["key"]} in policy["conditions"]


@pytest.mark.parametrize("kind", ["text/html", "application/zip", "image/gif", ""])
def test_another_type_is_refused_naming_the_field(api: ApiClient, credit_id: str, kind: str) -> None:
    reply = api.post(f"/v1/me/credits/{credit_id}/certificate", {"content_type": kind})
    assert reply.status == 422
    assert reply.error["field"] == "content_type"


def test_someone_elses_credit_is_404_for_every_route(api: ApiClient, credit_id: str) -> None:
    put_file(ALICE, credit_id, national()[0], "application/pdf")
    base = f"/v1/me/credits/{credit_id}"
    for method, path, body in (
        ("POST", f"{base}/certificate", {"content_type": "application/pdf"}),
        ("GET", f"{base}/certificate", None),
        ("DELETE", f"{base}/certificate", None),
        ("GET", f"{base}/certificate/fields", None),
        ("POST", f"{base}/contacts", {"date": "2025-08-01", "note": "x"}),
        ("GET", f"{base}/contacts", None),
        ("GET", f"{base}/claim.pdf", None),
    ):
        reply = api.request(method, path, sub=BOB, body=body)
        assert reply.status == 404, (method, path, reply.text)
        assert reply.error["code"] == "not_found"
    # Alice's file is untouched by Bob's delete.
    assert len(bucket_versions(files.owner_prefix(ALICE))) == 1


def test_download_link_then_delete_removes_every_version(api: ApiClient, credit_id: str) -> None:
    put_file(ALICE, credit_id, b"%PDF-1.4 first", "application/pdf")
    put_file(ALICE, credit_id, b"%PDF-1.4 second version", "application/pdf")
    reply = api.get(f"/v1/me/credits/{credit_id}/certificate")
    assert reply.status == 200, reply.text
    assert reply.json["size"] == len(b"%PDF-1.4 second version")
    assert reply.json["content_type"] == "application/pdf"
    assert reply.json["expires_in"] == 300
    assert "X-Amz-Expires=300" in reply.json["url"]
    assert len(bucket_versions(files.owner_prefix(ALICE))) == 2
    assert api.delete(f"/v1/me/credits/{credit_id}/certificate").status == 204
    assert bucket_versions(files.owner_prefix(ALICE)) == []
    assert api.get(f"/v1/me/credits/{credit_id}/certificate").status == 404
    assert api.delete(f"/v1/me/credits/{credit_id}/certificate").status == 404


def test_deleting_the_credit_deletes_its_file_and_its_contacts(api: ApiClient, credit_id: str) -> None:
    put_file(ALICE, credit_id, b"%PDF-1.4 x", "application/pdf")
    assert (
        api.post(f"/v1/me/credits/{credit_id}/contacts", {"date": "2025-08-01", "note": "PEC"}).status == 201
    )
    assert api.delete(f"/v1/me/credits/{credit_id}").status == 204
    assert bucket_versions(files.owner_prefix(ALICE)) == []
    assert not [i for i in table_items() if i["sk"]["S"].startswith("CONTACT#")]


# --- reading the kept attestato -------------------------------------------------------------------


def test_the_kept_pdf_is_read_with_the_extractor(api: ApiClient, credit_id: str) -> None:
    data, expected = national()
    put_file(ALICE, credit_id, data, "application/pdf")
    reply = api.get(f"/v1/me/credits/{credit_id}/certificate/fields")
    assert reply.status == 200, reply.text
    fields = reply.json
    assert fields["event_code"]["value"] == expected["event_code"]
    assert fields["credits"]["value"] == expected["credits"]


@pytest.mark.parametrize(
    ("data", "media_type", "status", "code"),
    [
        (b"\xff\xd8\xff\xe0 a photo", "image/jpeg", 422, "image_not_read"),
        (b"<html>not a pdf</html>", "application/pdf", 422, "not_pdf"),
        (b"%PDF-1.4\n1 0 obj <<", "application/pdf", 422, "pdf_corrupt"),
        (b"%PDF-1.4" + b" " * (5 * 1024 * 1024), "application/pdf", 413, "file_too_large"),
    ],
)
def test_a_bad_kept_file_is_refused_naming_the_problem(
    api: ApiClient, credit_id: str, data: bytes, media_type: str, status: int, code: str
) -> None:
    put_file(ALICE, credit_id, data, media_type)
    for lang in ("it", "en"):
        reply = api.get(f"/v1/me/credits/{credit_id}/certificate/fields", headers={"Accept-Language": lang})
        assert reply.status == status, reply.text
        assert reply.error["code"] == code
        assert reply.error["field"] == "certificate"


def test_no_kept_file_is_404(api: ApiClient, credit_id: str) -> None:
    reply = api.get(f"/v1/me/credits/{credit_id}/certificate/fields")
    assert reply.status == 404
    assert reply.error["message"] == "Attestato non trovato"


# --- contacts -------------------------------------------------------------------------------------


def test_contacts_are_listed_by_date(api: ApiClient, credit_id: str) -> None:
    for day, note in (("2025-08-01", "Sollecito via PEC"), ("2025-07-01", "Scritto al provider")):
        reply = api.post(
            f"/v1/me/credits/{credit_id}/contacts", {"date": day, "channel": "pec", "note": note}
        )
        assert reply.status == 201, reply.text
    listed = api.get(f"/v1/me/credits/{credit_id}/contacts").json
    assert [c["note"] for c in listed["items"]] == ["Scritto al provider", "Sollecito via PEC"]
    assert listed["limit"] == 20


@pytest.mark.parametrize("lang", ["it", "en"])
def test_a_note_over_the_limit_is_422_naming_field_and_limit(
    api: ApiClient, credit_id: str, lang: str
) -> None:
    long = {"date": "2025-08-01", "note": "a" * 1001}
    reply = api.post(f"/v1/me/credits/{credit_id}/contacts", long, headers={"Accept-Language": lang})
    assert reply.status == 422
    error = reply.error
    assert error["field"] == "note"
    assert error["params"]["limit"] == 1000
    assert "1000" in error["message"].replace(".", "").replace(",", "")
    exact = {"date": "2025-08-01", "note": "a" * 1000}
    assert api.post(f"/v1/me/credits/{credit_id}/contacts", exact).status == 201


def test_the_twenty_first_note_is_refused_and_nothing_is_stored(api: ApiClient, credit_id: str) -> None:
    for n in range(20):
        note = {"date": "2025-08-01", "note": f"nota {n}"}
        assert api.post(f"/v1/me/credits/{credit_id}/contacts", note).status == 201
    reply = api.post(f"/v1/me/credits/{credit_id}/contacts", {"date": "2025-08-01", "note": "troppo"})
    assert reply.status == 422
    assert reply.error["code"] == "limit_reached"
    assert reply.error["params"]["limit"] == 20
    assert len(api.get(f"/v1/me/credits/{credit_id}/contacts").json["items"]) == 20


def test_the_professionals_total_of_notes_is_capped_and_freed_by_deleting(
    api: ApiClient, credit_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions.api import models_files

    monkeypatch.setattr(models_files, "MAX_CONTACTS_TOTAL", 3)
    other = api.post("/v1/me/credits", MISSING).json["id"]
    for target in (credit_id, credit_id, other):
        assert (
            api.post(f"/v1/me/credits/{target}/contacts", {"date": "2025-08-01", "note": "n"}).status == 201
        )
    reply = api.post(f"/v1/me/credits/{other}/contacts", {"date": "2025-08-02", "note": "n"})
    assert (reply.status, reply.error["code"], reply.error["msg"]) == (
        422,
        "limit_reached",
        "api.contacts_total",
    )
    assert reply.error["limit"] == 3
    assert api.delete(f"/v1/me/credits/{credit_id}").status == 204  # its two notes go, and free their place
    assert api.post(f"/v1/me/credits/{other}/contacts", {"date": "2025-08-02", "note": "n"}).status == 201


# --- the claim pack -------------------------------------------------------------------------------


def test_the_claim_pack_has_event_clock_contacts_and_the_attestato(api: ApiClient, credit_id: str) -> None:
    attestato, _ = national()
    put_file(ALICE, credit_id, attestato, "application/pdf")
    api.post(
        f"/v1/me/credits/{credit_id}/contacts",
        {"date": "2025-08-01", "channel": "pec", "note": "Nessuna risposta"},
    )
    query = {"name": "Maria Bianchi", "tax_code": "bncmra80a41h501x"}
    reply = api.get(f"/v1/me/credits/{credit_id}/claim.pdf", query=query)
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.headers["content-disposition"] == f'attachment; filename="segnalazione-{credit_id}.pdf"'
    data = body_bytes(reply.raw)
    pages = PdfReader(BytesIO(data)).pages
    assert len(pages) == 1 + len(PdfReader(BytesIO(attestato)).pages)
    front = pages[0].extract_text()
    for expected in (
        "Segnalazione di crediti ECM mancanti",
        "Maria Bianchi",
        "BNCMRA80A41H501X",
        "Codice evento 1234-98765",
        "Edizione 2",
        "Provider 1234",
        "Crediti 7,8",
        "Fine ufficiale dell'evento: 11 marzo 2025",
        "9 giugno 2025 (90 giorni dalla fine)",
        "entro il 29 giugno 2025 (altri 20 giorni",
        "Mancanti dal 30 giugno 2025",
        "1° agosto 2025, PEC:",  # Italian writes the first of a month as 1°
        "Nessuna risposta",
    ):
        assert expected in front, expected
    # The attestato's own page follows, as it is.
    assert "ID evento: 1234-98765" in pages[1].extract_text()


def test_only_the_identifying_data_asked_for_is_printed(api: ApiClient, credit_id: str) -> None:
    reply = api.get(f"/v1/me/credits/{credit_id}/claim.pdf", headers={"Accept-Language": "en"})
    assert reply.status == 200, reply.text
    text = pdf_text(body_bytes(reply.raw))
    assert "Report of missing ECM credits" in text
    assert "Professional" not in text.split("Training event")[0]
    assert "No certificate kept" in text
    assert "No contact recorded" in text
    assert "Missing since 30 June 2025" in text


def test_a_photo_of_the_attestato_is_placed_on_a_page(api: ApiClient, credit_id: str) -> None:
    from PIL import Image

    photo = BytesIO()
    Image.new("RGB", (900, 1270), "white").save(photo, "JPEG")
    put_file(ALICE, credit_id, photo.getvalue(), "image/jpeg")
    reply = api.get(f"/v1/me/credits/{credit_id}/claim.pdf")
    assert reply.status == 200, reply.text
    pages = PdfReader(BytesIO(body_bytes(reply.raw))).pages
    assert len(pages) == 2
    assert len(pages[1].images) == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"%PDF-1.4\n1 0 obj <<", "pdf_corrupt"), (b"not a pdf", "not_pdf")],
)
def test_a_bad_attestato_makes_the_pack_refused_naming_it(
    api: ApiClient, credit_id: str, data: bytes, code: str
) -> None:
    put_file(ALICE, credit_id, data, "application/pdf")
    reply = api.get(f"/v1/me/credits/{credit_id}/claim.pdf")
    assert reply.status == 422
    assert (reply.error["code"], reply.error["field"]) == (code, "certificate")


def test_an_encrypted_attestato_is_refused(api: ApiClient, credit_id: str) -> None:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(national()[0])))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = BytesIO()
    writer.write(out)
    put_file(ALICE, credit_id, out.getvalue(), "application/pdf")
    reply = api.get(f"/v1/me/credits/{credit_id}/claim.pdf")
    assert (reply.status, reply.error["code"]) == (422, "pdf_encrypted")


def test_a_credit_not_yet_missing_is_409_saying_from_when(api: ApiClient, today: Clock) -> None:
    today.set(dt.date(2025, 6, 29))  # the last day of the registry clock: not missing yet
    created = api.post("/v1/me/credits", MISSING).json
    reply = api.get(f"/v1/me/credits/{created['id']}/claim.pdf", headers={"Accept-Language": "en"})
    assert reply.status == 409
    assert reply.error["code"] == "not_missing"
    assert reply.error["params"]["since"] == "2025-06-30"
    today.set(dt.date(2025, 6, 30))
    assert api.get(f"/v1/me/credits/{created['id']}/claim.pdf").status == 200


def test_a_regional_credit_says_the_regional_day_it_becomes_missing(api: ApiClient, today: Clock) -> None:
    # A regional provider's credits may take up to 274 days (registry.regional_days, from 2025): ended
    # 11 March 2025, it is missing suspected only after 10 December 2025 (20 + 30 + 31 + 30 + 31 + 31 + 30
    # + 31 + 30 + 10 days), so from 11 December, not from the national 30 June.
    today.set(dt.date(2025, 6, 30))
    created = api.post("/v1/me/credits", {**MISSING, "provider_scope": "regional"}).json
    reply = api.get(f"/v1/me/credits/{created['id']}/claim.pdf")
    assert (reply.status, reply.error["code"]) == (409, "not_missing")
    assert reply.error["params"]["since"] == "2025-12-11"
    today.set(dt.date(2025, 12, 11))
    assert api.get(f"/v1/me/credits/{created['id']}/claim.pdf").status == 200


def test_a_registered_credit_has_nothing_to_claim(api: ApiClient, today: Clock) -> None:
    today.set(TODAY)
    created = api.post("/v1/me/credits", {**MISSING, "registry_status": "registered"}).json
    reply = api.get(f"/v1/me/credits/{created['id']}/claim.pdf")
    assert (reply.status, reply.error["code"]) == (409, "not_missing")


def test_bad_identity_parameters_are_422(api: ApiClient, credit_id: str) -> None:
    for query, field in (({"tax_code": "ABC"}, "query.tax_code"), ({"name": "x" * 201}, "query.name")):
        reply = api.get(f"/v1/me/credits/{credit_id}/claim.pdf", query=query)
        assert reply.status == 422
        assert reply.error["field"] == field


# --- export and erasure ---------------------------------------------------------------------------


def test_the_export_lists_the_files_as_short_links_and_the_contacts(api: ApiClient, credit_id: str) -> None:
    put_file(ALICE, credit_id, b"%PDF-1.4 x", "application/pdf")
    api.post(f"/v1/me/credits/{credit_id}/contacts", {"date": "2025-08-01", "note": "Telefonata"})
    export = api.get("/v1/me/export").json
    assert [(f["credit_id"], f["size"], f["expires_in"]) for f in export["files"]] == [(credit_id, 10, 900)]
    assert "X-Amz-Expires=900" in export["files"][0]["url"]
    assert [(c["credit_id"], c["note"]) for c in export["contacts"]] == [(credit_id, "Telefonata")]
    assert api.get("/v1/me/export", sub=BOB).json["files"] == []


def test_erasure_deletes_every_version_under_the_prefix_and_only_there(
    api: ApiClient, credit_id: str
) -> None:
    put_file(ALICE, credit_id, b"%PDF-1.4 one", "application/pdf")
    put_file(ALICE, credit_id, b"%PDF-1.4 two", "application/pdf")
    bob_credit = api.post("/v1/me/credits", MISSING, sub=BOB).json["id"]
    put_file(BOB, bob_credit, b"%PDF-1.4 bob", "application/pdf")
    reply = api.delete("/v1/me", query={"confirm": "delete-all-my-data"})
    assert reply.status == 200, reply.text
    assert bucket_versions(files.owner_prefix(ALICE)) == []
    assert len(bucket_versions(files.owner_prefix(BOB))) == 1


def test_a_pack_too_large_to_answer_is_a_link_to_a_copy_that_expires(api: ApiClient, credit_id: str) -> None:
    from PIL import Image

    photo = BytesIO()
    Image.effect_noise((2400, 1950), 80).convert("RGB").save(photo, "JPEG", quality=95)
    assert 4 * 1024 * 1024 < len(photo.getvalue()) <= files.MAX_BYTES  # fits S3's limit, not an answer
    put_file(ALICE, credit_id, photo.getvalue(), "image/jpeg")
    reply = api.get(f"/v1/me/credits/{credit_id}/claim.pdf")
    assert reply.status == 303, reply.text[:300]
    assert "X-Amz-Expires=300" in reply.headers["location"]
    s3 = boto3.client("s3")
    key = files.pack_key(ALICE, credit_id)
    tags = s3.get_object_tagging(Bucket=os.environ["CERTIFICATES_BUCKET"], Key=key)["TagSet"]
    assert tags == [{"Key": "kind", "Value": "claim-pack"}]  # the lifecycle rule's filter
    copy = s3.get_object(Bucket=os.environ["CERTIFICATES_BUCKET"], Key=key)["Body"].read()
    assert len(PdfReader(BytesIO(copy)).pages) == 2
