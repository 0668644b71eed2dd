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

function afterCreate(created: Created): string {
  const credits: number = created.credits;
  const source: "certificate" | "computed" = created.credits_source;
  return `${created.id} ${credits} ${source} ${created.computation?.rules_version ?? ""}`;
}

function explain(refused: Refused, throttled: Throttled, unauthorised: Unauthorised): string {
  const who = "error" in unauthorised ? unauthorised.error.code : unauthorised.message;
  return `${refused.error.field ?? ""}: ${refused.error.message} / ${throttled.message} / ${who}`;
}

function retryAfter(answer: Unavailable): number {
  return Number(answer.headers["Retry-After"]);
}

// Public routes exist under their paths; private ones too.
type Rules = paths["/v1/rules"]["get"];
type Next = Page["next_cursor"];
const next: Next = null;

export { afterCreate, explain, full, next, retryAfter, total };
export type { Rules };
