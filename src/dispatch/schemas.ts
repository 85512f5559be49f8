/**
 * The dispatch contract: recommending and sending units, their steps on an incident, the units
 * themselves, response plans (预案) and response targets (快反时限).
 */
import { type Static, type TSchema, Type } from "typebox";
import { PRIORITIES } from "../incidents/model.ts";
import { IncidentView } from "../incidents/schemas.ts";
import { AREA_TYPES } from "../org/model.ts";
import { Fix, Instant, lit, Nullable } from "../platform/schemas.ts";
import {
  ASSIGNMENT_STATUSES,
  ASSIGNMENT_STEPS,
  BASE_TYPES,
  CANDIDATE_FLAGS,
  RECOMMENDATION_WARNINGS,
  STAGES,
  STATUS_LEVELS,
  TRAVEL_METHODS,
  UNIT_TYPE_CODES,
} from "./model.ts";

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
/** Nullable, with a description of what the value (or its absence) means. */
const NullableDoc = <T extends TSchema>(t: T, description: string) => Type.Union([t, Type.Null()], { description });
const LatLon = Type.Object(
  { lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) },
  { additionalProperties: false },
);

// ---- Requests ----

/**
 * A 204's body: documented as null, and typed as no payload, so the handler sends none (and the
 * answer carries no content type) exactly as before the contract was typed.
 */
export const NoContent = Type.Unsafe<undefined>(Type.Null());

export const IncidentUnitParams = Type.Object({ id: Type.String(), unitId: Type.String() });

export const DispatchRequest = Type.Object(
  { unitIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 50 })) },
  { additionalProperties: false, description: "Omit unitIds to dispatch the whole recommended response plan." },
);

/** A unit's next step on an incident; `dispatched` is reached only by a dispatch. */
export const AssignmentStep = Type.Object(
  {
    status: lit(ASSIGNMENT_STEPS),
    fix: Type.Optional(Fix),
  },
  { additionalProperties: false },
);

export const CancelRequest = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

/** A status change outside an assignment (statuses are data, so the code is checked by the service). */
export const UnitStatusRequest = Type.Object(
  {
    status: Type.String({ minLength: 1, maxLength: 40 }),
    fix: Type.Optional(Fix),
    destination: Type.Optional(Nullable(LatLon)),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type UnitStatusRequest = Static<typeof UnitStatusRequest>;

const RequirementSchema = Type.Object(
  {
    unitType: lit(UNIT_TYPE_CODES),
    count: Type.Integer({ minimum: 1, maximum: 20 }),
    substitutes: Type.Optional(
      Type.Array(lit(UNIT_TYPE_CODES), {
        maxItems: 6,
        description: "unit types that may fill the line in place of unitType when one arrives sooner (not unitType itself, none twice)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const PlanRequest = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1 }),
    priority: lit(PRIORITIES),
    areaType: Nullable(lit(AREA_TYPES)),
    requirements: Type.Array(RequirementSchema, { minItems: 1, maxItems: 10 }),
  },
  { additionalProperties: false },
);
export type PlanRequest = Static<typeof PlanRequest>;

// ---- Views ----

/** A street's name in both languages (geo/street-names.ts `StreetLabel`). */
const StreetLabel = Type.Object({ zh: Type.String(), en: Type.String() });

/** Sending the unit would leave this patrol zone with no other available unit reaching it in time. */
const CoverageWarning = Type.Object({
  zoneId: Type.String(),
  zoneName: Bilingual,
  targetS: Type.Number({ description: "the zone's arrival target for an in-progress call" }),
  zh: Type.String(),
  en: Type.String(),
});

/** One available unit proposed for a plan line, with why and how soon. */
export const CandidateView = Type.Object({
  unitId: Type.String(),
  callsign: Type.String(),
  type: lit(UNIT_TYPE_CODES),
  stationId: Type.String(),
  etaS: Type.Number(),
  meters: Nullable(Type.Number()),
  avlAgeS: Type.Number(),
  avlStale: Type.Boolean(),
  homeStation: Type.Boolean(),
  reason: Bilingual,
  flags: Type.Array(lit(CANDIDATE_FLAGS)),
  substituteFor: NullableDoc(lit(UNIT_TYPE_CODES), "the line's own unit type, when this unit fills the line as one of its substitutes"),
  targetS: Nullable(Type.Number({ description: "the incident's arrival target in seconds (null: no target set)" })),
  withinTarget: Nullable(Type.Boolean({ description: "etaS ≤ targetS (null: no target set)" })),
  via: Type.Array(StreetLabel, { description: "the first named streets of the route, for chosen units on a graph with names" }),
  coverage: Nullable(CoverageWarning),
});
export type CandidateView = Static<typeof CandidateView>;

/** One response-plan line: the units chosen for it, the next fastest, and what is missing. */
export const RequirementResultView = Type.Object({
  unitType: lit(UNIT_TYPE_CODES),
  count: Type.Integer(),
  substitutes: Type.Array(lit(UNIT_TYPE_CODES)),
  chosen: Type.Array(CandidateView),
  alternatives: Type.Array(CandidateView),
  missing: Type.Integer(),
  unfilledReason: Nullable(Bilingual),
});
export type RequirementResultView = Static<typeof RequirementResultView>;

/** The nearest available street unit, sent ahead of the plan's lines (就近先行). */
export const FirstResponderView = Type.Object({
  candidate: CandidateView,
  onPlanLine: NullableDoc(lit(UNIT_TYPE_CODES), "the plan line that chose the same unit: it is sent once, on that line"),
  note: Bilingual,
});
export type FirstResponderView = Static<typeof FirstResponderView>;

export const RecommendationView = Type.Object({
  incidentId: Type.String(),
  locationName: NullableDoc(Bilingual, "the streets meeting at the incident's junction, when the graph has names"),
  targetS: Nullable(Type.Number({ description: "the incident's arrival target in seconds (null: no target set)" })),
  firstResponder: NullableDoc(FirstResponderView, "in-progress and urgent incidents only"),
  travelMethod: lit(TRAVEL_METHODS),
  travelMethodLabel: Bilingual,
  planId: Nullable(Type.String()),
  requirements: Type.Array(RequirementResultView),
  unitIds: Type.Array(Type.String(), { description: 'the units the one-click "dispatch plan" would send' }),
  warnings: Type.Array(Type.Object({ code: lit(RECOMMENDATION_WARNINGS), zh: Type.String(), en: Type.String() })),
});
export type RecommendationView = Static<typeof RecommendationView>;

/** A unit's progress on one incident; each step stamps its own time. */
export const AssignmentView = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  unitId: Type.String(),
  callsign: Type.String(),
  status: lit(ASSIGNMENT_STATUSES),
  dispatchedAt: Instant,
  acknowledgedAt: Nullable(Instant),
  enRouteAt: Nullable(Instant),
  onSceneAt: Nullable(Instant),
  clearedAt: Nullable(Instant),
  cancelledAt: Nullable(Instant),
  etaS: Nullable(Type.Number()),
  travelMethod: lit(TRAVEL_METHODS),
});
export type AssignmentView = Static<typeof AssignmentView>;

export const DispatchResult = Type.Object({ incident: IncidentView, assignments: Type.Array(AssignmentView) });
export type DispatchResult = Static<typeof DispatchResult>;

export const StepResult = Type.Object({ incident: IncidentView, assignment: AssignmentView });
export type StepResult = Static<typeof StepResult>;

export const UnitView = Type.Object({
  id: Type.String(),
  callsign: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  type: lit(UNIT_TYPE_CODES),
  stationId: Type.String(),
  status: Type.Object({
    code: Type.String(),
    baseType: lit(BASE_TYPES),
    nameZh: Type.String(),
    nameEn: Type.String(),
    since: Instant,
    level: lit(STATUS_LEVELS),
  }),
  incidentId: Nullable(Type.String()),
  position: Nullable(
    Type.Object({
      lat: Type.Number(),
      lon: Type.Number(),
      at: Instant,
      ageS: Type.Number(),
      stale: Type.Boolean(),
      staleAfterS: Type.Number({ description: "the deployment's threshold (AVL_STALE_AFTER_S), so every console ages positions alike" }),
    }),
  ),
  destination: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
  orgPath: Type.String(),
  version: Type.Integer(),
});
export type UnitView = Static<typeof UnitView>;

/** The line to draw from a unit to its destination. */
export const UnitRouteView = Type.Object({
  unitId: Type.String(),
  method: lit(TRAVEL_METHODS),
  seconds: Type.Number(),
  meters: Type.Number(),
  coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { description: "[lon, lat] pairs" }),
  streets: Type.Optional(Type.Array(Bilingual, { description: "the named streets the route follows, in order, when the graph has names" })),
});
export type UnitRouteView = Static<typeof UnitRouteView>;

export const PositionAccepted = Type.Object({
  accepted: Type.Literal(true),
  stored: Type.Boolean({ description: "false: older than the position already held, so neither stored nor sent out" }),
});

/** A unit status (statuses are data with a base type). */
export const UnitStatusView = Type.Object({
  code: Type.String(),
  baseType: lit(BASE_TYPES),
  nameZh: Type.String(),
  nameEn: Type.String(),
  warnAfterS: Nullable(Type.Number({ description: "time in status after which the console warns (null: never)" })),
  alertAfterS: Nullable(Type.Number({ description: "time in status after which the console alerts (null: never)" })),
});
export type UnitStatusView = Static<typeof UnitStatusView>;

export const UnitTypeView = Type.Object({ code: lit(UNIT_TYPE_CODES), nameZh: Type.String(), nameEn: Type.String() });
export type UnitTypeView = Static<typeof UnitTypeView>;

/** A response plan (run card): category × priority (× area type) → unit types and counts. */
export const PlanView = Type.Object({
  id: Type.String(),
  categoryCode: Type.String(),
  priority: lit(PRIORITIES),
  areaType: Nullable(lit(AREA_TYPES)),
  requirements: Type.Array(
    Type.Object({
      unitType: lit(UNIT_TYPE_CODES),
      count: Type.Integer(),
      substitutes: Type.Optional(Type.Array(lit(UNIT_TYPE_CODES))),
    }),
  ),
});
export type PlanView = Static<typeof PlanView>;

/** One response target: this stage, for this priority in this area type, within so many minutes. */
export const TargetTierView = Type.Object({
  stage: lit(STAGES),
  priority: lit(PRIORITIES),
  areaType: lit(AREA_TYPES),
  minutes: Type.Number(),
});
export type TargetTierView = Static<typeof TargetTierView>;

const StageTarget = Type.Object({
  minutes: Nullable(Type.Number()),
  deadline: Nullable(Instant),
  met: Nullable(Type.Boolean({ description: "null until the stage is reached (or when no target applies)" })),
  overdue: Type.Boolean(),
});

/** One incident's response times and how they stand against its targets. */
export const ResponseFiguresView = Type.Object({
  callProcessingS: Nullable(Type.Number({ description: "call received → incident created (call-taking)" })),
  timeToDispatchS: Nullable(Type.Number({ description: "call received → first unit dispatched" })),
  travelS: Nullable(Type.Number({ description: "first arriving unit: its dispatch → its arrival" })),
  arrivalS: Nullable(Type.Number({ description: "call received → first unit on scene" })),
  targets: Type.Object({ dispatch: StageTarget, arrival: StageTarget }),
});
export type ResponseFiguresView = Static<typeof ResponseFiguresView>;
