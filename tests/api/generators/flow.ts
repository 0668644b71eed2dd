// A small app flow type-checked (tsc --strict) against the types openapi-typescript generates from
// openapi/openapi.json (tests/api/test_generators.py writes them to ./api.d.ts before running tsc).
import type { components, operations, paths } from "./api";

type Schemas = components["schemas"];

// A request needs only the certificate's basics: fields with a server default stay optional.
const minimal: Schemas["CreditIn"] = { title: "Corso FAD", type: "fad_elearning", start_date: "2026-03-02" };
// Decimals are numbers both ways: credits and hours are sent as numbers and read back as numbers.
const full: Schemas["CreditIn"] = {
  ...minimal,
  hours: 4.5,
  credits: 6.0,
  details: { interactive_hours: 1.25, special_topic: true },
};

type Created = operations["createCredit"]["responses"][201]["content"]["application/json"];
type Page = operations["listCredits"]["responses"][200]["content"]["application/json"];
type Refused = operations["createCredit"]["responses"][422]["content"]["application/json"];
type Throttled = operations["listCredits"]["responses"][429]["content"]["application/json"];
type Unauthorised = operations["getCredit"]["responses"][401]["content"]["application/json"];
type Unavailable = operations["getCredit"]["responses"][503];

function total(page: Page): number {
  return page.items.reduce((sum, item) => sum + item.credits, 0);
}

// An answer's enums are open: a value added after this document arrives as a plain string, and the
// app shows it as is (or as "other") instead of failing to read the credit.
const SOURCES = ["certificate", "computed", "overridden"] as const;
type Source = (typeof SOURCES)[number];

function sourceOf(value: string): Source | "other" {
  return (SOURCES as readonly string[]).includes(value) ? (value as Source) : "other";
}

function afterCreate(created: Created): string {
  const credits: number = created.credits;
  const source = sourceOf(created.credits_source);
  return `${created.id} ${credits} ${source} ${created.computation?.rules_version ?? ""}`;
}

function explain(refused: Refused, throttled: Throttled, unauthorised: Unauthorised): string {
  const who = "error" in unauthorised ? unauthorised.error.code : unauthorised.message;
  return `${refused.error.field ?? ""}: ${refused.error.message} / ${throttled.message} / ${who}`;
}

function retryAfter(answer: Unavailable): number {
  return Number(answer.headers["Retry-After"]);
}

// Edits and sync: a merge patch with If-Match; a 412 carries the current item; the change feed pages.
type Patch = NonNullable<operations["patchCredit"]["requestBody"]>["content"]["application/merge-patch+json"];
type Stale = operations["patchCredit"]["responses"][412]["content"]["application/json"];
type Changes = operations["listChanges"]["responses"][200]["content"]["application/json"];
const patch: Patch = { registry_status: "registered", provider: null };
// Headers under their canonical names, as clients write them (a lowercase name in the document made
// openapi-typescript refuse "If-Match": TS2353); every operation that edits an item takes it.
type Headers<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["header"]>;
const ifMatch: Headers<"patchCredit"> = { "If-Match": '"v3"', "Accept-Language": "it" };
const ifMatchEverywhere: [
  Headers<"updateCredit">,
  Headers<"deleteCredit">,
  Headers<"patchExemption">,
  Headers<"deleteExemption">,
  Headers<"putProfile">,
  Headers<"patchProfile">,
] = [{ "If-Match": '"v1"' }, { "If-Match": "*" }, { "If-Match": '"v2"' }, { "If-Match": '"v2"' }, { "If-Match": '"v9"' }, { "If-Match": '"v9"' }];

function retryOn(stale: Stale): string {
  return `${stale.error.code} ${stale.current.etag} ${stale.current.version}`;
}

function apply(page: Changes, copy: Map<string, number>): string {
  for (const change of page.items) {
    if (change.op === "delete") copy.delete(change.id);
    else copy.set(change.id, change.version);
  }
  return page.has_more ? page.next_cursor : "";
}

// Public routes exist under their paths; private ones too.
type Rules = paths["/v1/rules"]["get"];
type Next = Page["next_cursor"];
const next: Next = null;

export { afterCreate, apply, explain, full, ifMatch, ifMatchEverywhere, next, patch, retryAfter, retryOn, total };
export type { Rules };
