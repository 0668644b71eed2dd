"""Open enums in answers: a value this version of the document does not list must not break an app.

Event types, roles, registry states and the other lists grow with the rules (a new tipologia, a new
state of the insurance answer). Generated clients turn a closed ``enum`` into a type that refuses any
other value (openapi-python-client raises ``ValueError: 'x' is not a valid EventType`` and the whole
page of credits is lost), so an app built against this version would stop reading its own data the
day the API gains a value. In every schema used only in answers, each enum becomes
``anyOf: [the enum, a string]``: generated types read ``EventType | str`` (Python) or
``EventType | string`` (TypeScript), known values keep their names and an unknown one arrives as text
for the app to show as is or as "other". Requests keep the closed lists: the API refuses a value it
does not know, with a 422 that names the field.

A schema used both in requests and answers (``Exemption``, ``Dossier``: what is stored is what was
sent) keeps its closed list in both; those lists change only in a new major version of the API.
"""

from __future__ import annotations

from typing import Any

REF = "#/components/schemas/"
OPEN = {
    "type": "string",
    "description": "A value added after this version of the API document: show it as is (or as 'other').",
}


def open_answer_enums(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` (an OpenAPI 3.1 document, changed in place and returned) with every enum of its
    answer-only schemas opened to any string."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    enums = {name for name, schema in schemas.items() if "enum" in schema}
    requests = schemas_reached(spec, ("requestBody", "parameters"))
    answers = schemas_reached(spec, ("responses",))
    for name in sorted(answers - requests - enums):
        for field in schemas[name].get("properties", {}).values():
            _open(field, enums)
    return spec


def schemas_reached(spec: dict[str, Any], parts: tuple[str, ...]) -> set[str]:
    """The names of the component schemas that the ``parts`` of the operations (``"requestBody"``,
    ``"parameters"``, ``"responses"``) refer to, directly or through other schemas."""
    seen: set[str] = set()
    for operations in spec["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                for part in parts:
                    _reach(operation.get(part), spec["components"]["schemas"], seen)
    return seen


def _reach(node: Any, schemas: dict[str, Any], seen: set[str]) -> None:
    """Add to ``seen`` every schema ``node`` refers to, directly or through other schemas."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF) and ref[len(REF) :] not in seen:
            seen.add(ref[len(REF) :])
            _reach(schemas[ref[len(REF) :]], schemas, seen)
        for value in node.values():
            _reach(value, schemas, seen)
    elif isinstance(node, list):
        for value in node:
            _reach(value, schemas, seen)


def _is_enum(node: dict[str, Any], enums: set[str]) -> bool:
    ref = node.get("$ref")
    return "enum" in node or (isinstance(ref, str) and ref[len(REF) :] in enums)


def _open(field: dict[str, Any], enums: set[str]) -> None:
    """Open the enums of one property: itself, a member of its anyOf (a nullable enum) or its items."""
    if _is_enum(field, enums):
        closed = {key: field.pop(key) for key in ("$ref", "enum", "type") if key in field}
        field["anyOf"] = [closed, dict(OPEN)]
        return
    members = field.get("anyOf", [])
    for index in range(len(members) - 1, -1, -1):
        member = members[index]
        if isinstance(member, dict) and _is_enum(member, enums):
            members.insert(index + 1, dict(OPEN))
        elif isinstance(member, dict):
            _open(member, enums)
    if isinstance(field.get("items"), dict):
        _open(field["items"], enums)
