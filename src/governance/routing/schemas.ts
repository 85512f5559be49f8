/**
 * The triage and routing contract: the call-taker's labels, duplicate reports, the routing
 * decision (police, police first, town centre or 12345) with the work order or transfer it made,
 * and the routing rules. The web app imports the view types from here.
 */
import { type Static, Type } from "typebox";
import { INVALID_REASONS } from "../../incidents/model.ts";
import { IncidentView } from "../../incidents/schemas.ts";
import { Instant, lit, Nullable } from "../../platform/schemas.ts";
import { ROUTE_TARGETS, RULE_TARGETS } from "../model.ts";
import { SkillCode } from "../schemas.ts";
import { WorkOrderView } from "../work-orders/schemas.ts";

const Names = Type.Object({ zh: Type.String(), en: Type.String() });

// ---- triage -------------------------------------------------------------------------------------

export const SuggestBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 4000 }), k: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })) },
  { additionalProperties: false },
);

/** Category suggestions for a narrative, best first; advisory only. */
export const SuggestionsView = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      code: Type.String(),
      confidence: Type.Number({ minimum: 0, maximum: 1 }),
      matched: Type.Array(Type.String(), { description: "dictionary keywords found in the text" }),
      evidence: Type.Array(Type.String(), { description: "tokens the trained model weighed most; empty without a model" }),
    }),
  ),
});
export type SuggestionsView = Static<typeof SuggestionsView>;

/** Triage labels, each set independently; urgency is the incident's priority. */
export const TriageLabels = Type.Object(
  {
    valid: Type.Optional(Type.Boolean()),
    invalidReason: Type.Optional(Nullable(lit(INVALID_REASONS))),
    police: Type.Optional(Type.Boolean()),
    urgent: Type.Optional(Type.Boolean()),
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type TriageLabels = Static<typeof TriageLabels>;

export const DuplicatesQuery = Type.Object(
  {
    radiusM: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
    withinMinutes: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
  },
  { additionalProperties: false },
);

export const DuplicateOfBody = Type.Object({ incidentId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

/** A duplicate report closed into the open incident it repeats; both as they are now. */
export const DuplicateView = Type.Object({ duplicate: IncidentView, target: IncidentView });
export type DuplicateView = Static<typeof DuplicateView>;

// ---- routing ------------------------------------------------------------------------------------

export const RouteQuery = Type.Object({ townCode: Type.Optional(Type.String({ maxLength: 12 })) }, { additionalProperties: false });

export const RouteBody = Type.Object(
  { townCode: Type.Optional(Type.String({ maxLength: 12 })), reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

const ruleFields = {
  categoryCode: Type.String({ description: "a category code, `kind.*` or `*`" }),
  areaPath: Type.String({ description: "org path prefix; empty for everywhere" }),
  target: lit(RULE_TARGETS),
  skill: Nullable(SkillCode),
  note: Nullable(Type.String()),
};

/** A routing rule in force: built in (id null) or configured. */
export const RuleView = Type.Object({
  id: Nullable(Type.String()),
  ...ruleFields,
  builtIn: Type.Boolean(),
  updatedAt: Nullable(Instant),
});
export type RuleView = Static<typeof RuleView>;

/** A configured rule as saved. */
export const SavedRuleView = Type.Object({ id: Type.String(), ...ruleFields });
export type SavedRuleView = Static<typeof SavedRuleView>;

export const RuleBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    areaPath: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    target: lit(RULE_TARGETS),
    skill: Type.Optional(Nullable(SkillCode)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type RuleBody = Static<typeof RuleBody>;

export const TOWN_MATCHES = ["polygon", "town_code", "address_name"] as const;

/** Where an incident goes, and why. */
export const RouteDecision = Type.Object({
  target: lit(ROUTE_TARGETS),
  reason: Names,
  skill: Nullable(SkillCode),
  rule: Nullable(RuleView),
  town: Nullable(
    Type.Object({
      id: Type.String(),
      code: Nullable(Type.String()),
      nameZh: Type.String(),
      nameEn: Type.String(),
      path: Type.String(),
      by: lit(TOWN_MATCHES),
    }),
  ),
  labels: Type.Object({ valid: Nullable(Type.Boolean()), police: Type.Boolean(), urgent: Type.Boolean(), categoryCode: Type.String() }),
});
export type RouteDecision = Static<typeof RouteDecision>;

/** 12345 transfer: a government enquiry or complaint handed to the citizen hotline (the stored record). */
export const TransferView = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  category_code: Type.String(),
  reason: Type.String(),
  org_path: Type.String(),
  status: Type.String({ description: "sent" }),
  transferred_by: Type.String(),
  at: Instant,
});
export type TransferView = Static<typeof TransferView>;

/** A routed incident: the decision, and the work order or the transfer it made (or neither). */
export const RoutedView = Type.Object({
  decision: RouteDecision,
  workOrder: Nullable(WorkOrderView),
  transfer: Nullable(TransferView),
});
export type RoutedView = Static<typeof RoutedView>;
