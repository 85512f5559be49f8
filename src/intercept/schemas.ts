/**
 * The contract of ring check-and-control (圈层查控): what the ring, checkpoint, watch-order and
 * plan routes are sent and answer. The web app imports the view types from here.
 */
import { type Static, Type } from "typebox";
import { codeFilter } from "../platform/code-filter.ts";
import { Instant, lit, Nullable } from "../platform/schemas.ts";
import {
  CHECKPOINT_KINDS,
  CHECKPOINT_PLAN_STATES,
  PLAN_SCOPES,
  PLAN_TRIGGERS,
  PLAN_WARNINGS,
  REPORT_KINDS,
  RING_LEVELS,
  TRAVEL_MODE_NAMES,
  UNIT_LEFT_OUT,
  UNIT_RELATIONS,
  WATCH_ORDER_MODES,
  WATCH_ORDER_STATUSES,
} from "./model.ts";

const Id = Type.String({ minLength: 1, maxLength: 100 });
const NewId = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$" });
const LatLon = Type.Object({ lat: Type.Number(), lon: Type.Number() });

/** GeoJSON position: [lon, lat], or [lon, lat, altitude] as a client may send it. */
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
const Polygon = Type.Array(Type.Array(Position, { maxItems: 2000 }), {
  maxItems: 10,
  description: "GeoJSON Polygon coordinates ([lon, lat]); one closed outer ring, at least 4 positions, not self-intersecting.",
});

export const KeyHeader = Type.Object({ "idempotency-key": Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

// ---- rings and checkpoints ----

export const RingBody = Type.Object(
  {
    id: Type.Optional(NewId),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    level: lit(RING_LEVELS),
    polygon: Polygon,
  },
  { additionalProperties: false },
);
export type RingBody = Static<typeof RingBody>;

export const RingPatch = Type.Object(
  {
    nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    level: Type.Optional(lit(RING_LEVELS)),
    polygon: Type.Optional(Polygon),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type RingPatch = Static<typeof RingPatch>;

/** A ring (圈层): a closed boundary of one level, with the number of checkpoints on it. */
export const RingView = Type.Object({
  id: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  level: lit(RING_LEVELS),
  polygon: Type.Array(Type.Array(Position), { description: "GeoJSON Polygon coordinates ([lon, lat]) as saved" }),
  checkpointCount: Type.Integer(),
  version: Type.Integer(),
});
export type RingView = Static<typeof RingView>;

export const CheckpointBody = Type.Object(
  {
    id: Type.Optional(NewId),
    ringId: Type.Optional(Nullable(Id)),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    kind: lit(CHECKPOINT_KINDS),
    lat: Type.Number(),
    lon: Type.Number(),
    staffing: Type.Optional(Type.Integer()),
    activationMinutes: Type.Optional(Type.Number()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CheckpointBody = Static<typeof CheckpointBody>;

export const CheckpointPatch = Type.Object(
  {
    nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    staffing: Type.Optional(Type.Integer()),
    activationMinutes: Type.Optional(Type.Number()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type CheckpointPatch = Static<typeof CheckpointPatch>;

export const CheckpointQuery = Type.Object(
  { ringId: Type.Optional(Id), active: Type.Optional(lit(["true", "false"])) },
  { additionalProperties: false },
);

export const Activation = Type.Object(
  {
    checkpointIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
    active: Type.Boolean(),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** A checkpoint (公安检查站 or 临时卡点), at its position snapped onto the road. */
export const CheckpointView = Type.Object({
  id: Type.String(),
  ringId: Nullable(Type.String()),
  nameZh: Type.String(),
  nameEn: Type.String(),
  kind: lit(CHECKPOINT_KINDS),
  lat: Type.Number(),
  lon: Type.Number(),
  snapMeters: Type.Number({ description: "how far the given point was from the road it was moved onto" }),
  staffing: Type.Integer(),
  activationMinutes: Type.Number({ description: "minutes from the order until the post is staffed" }),
  active: Type.Boolean(),
  activatedAt: Nullable(Instant),
  version: Type.Integer(),
});
export type CheckpointView = Static<typeof CheckpointView>;

export const RingFeatureProps = Type.Object({
  layer: Type.Literal("ring"),
  id: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  level: lit(RING_LEVELS),
  checkpointCount: Type.Integer(),
});
export type RingFeatureProps = Static<typeof RingFeatureProps>;

export const CheckpointFeatureProps = Type.Object({
  layer: Type.Literal("checkpoint"),
  id: Type.String(),
  ringId: Nullable(Type.String()),
  nameZh: Type.String(),
  nameEn: Type.String(),
  kind: lit(CHECKPOINT_KINDS),
  active: Type.Boolean(),
  staffing: Type.Integer(),
  activationMinutes: Type.Number(),
});
export type CheckpointFeatureProps = Static<typeof CheckpointFeatureProps>;

export const RingFeature = Type.Object({
  type: Type.Literal("Feature"),
  id: Type.String(),
  geometry: Type.Object({ type: Type.Literal("Polygon"), coordinates: RingView.properties.polygon }),
  properties: RingFeatureProps,
});
export type RingFeature = Static<typeof RingFeature>;

export const CheckpointFeature = Type.Object({
  type: Type.Literal("Feature"),
  id: Type.String(),
  geometry: Type.Object({ type: Type.Literal("Point"), coordinates: Type.Tuple([Type.Number(), Type.Number()]) }),
  properties: CheckpointFeatureProps,
});
export type CheckpointFeature = Static<typeof CheckpointFeature>;

/** The map layer: rings as polygons and checkpoints as points, in one GeoJSON FeatureCollection. */
export const InterceptLayerView = Type.Object({
  type: Type.Literal("FeatureCollection"),
  features: Type.Array(Type.Union([RingFeature, CheckpointFeature])),
});
export type InterceptLayerView = Static<typeof InterceptLayerView>;

// ---- watch orders ----

const ReachableOrigin = Type.Object(
  { lat: Type.Number(), lon: Type.Number() },
  { additionalProperties: false, description: "The last known position; the incident's location when omitted." },
);

export const WatchOrderBody = Type.Object(
  {
    plate: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    vehicle: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.String({ maxLength: 1000 }),
    ringIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    checkpointIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
    reachable: Type.Optional(
      Type.Object(
        {
          minutesSinceFlight: Type.Number(),
          horizonMinutes: Type.Optional(Type.Number()),
          speedFactor: Type.Optional(Type.Number()),
          origin: Type.Optional(ReachableOrigin),
        },
        { additionalProperties: false },
      ),
    ),
    expiresInMinutes: Type.Optional(Type.Number()),
  },
  { additionalProperties: false, description: "Push to chosen rings/checkpoints, or to every checkpoint reachable in time." },
);
export type WatchOrderBody = Static<typeof WatchOrderBody>;

export const WatchOrderQuery = Type.Object(
  {
    incidentId: Type.Optional(Id),
    checkpointId: Type.Optional(Id),
    status: Type.Optional(codeFilter("watch-order status", WATCH_ORDER_STATUSES)),
  },
  { additionalProperties: false },
);
export type WatchOrderQuery = Static<typeof WatchOrderQuery>;

export const LiftBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

export const ReportBody = Type.Object(
  {
    checkpointId: Id,
    kind: lit(REPORT_KINDS),
    at: Type.Optional(Type.String({ maxLength: 40 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    stopped: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

/** A watch order (布控指令): a wanted vehicle or suspect pushed to checkpoints, until lifted or expired. */
export const WatchOrderView = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  plate: Nullable(Type.String()),
  vehicle: Nullable(Type.String()),
  description: Type.String(),
  mode: lit(WATCH_ORDER_MODES),
  checkpointIds: Type.Array(Type.String()),
  status: lit(WATCH_ORDER_STATUSES),
  expiresAt: Instant,
  createdAt: Instant,
  closedAt: Nullable(Instant),
  closeReason: Nullable(Type.String()),
  version: Type.Integer(),
});
export type WatchOrderView = Static<typeof WatchOrderView>;

/** A checkpoint's hit or pass-through report on a watch order. */
export const CheckpointReportView = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  incidentId: Type.String(),
  checkpointId: Type.String(),
  kind: lit(REPORT_KINDS),
  at: Type.String({ description: "when the vehicle was at the post, as reported" }),
  note: Nullable(Type.String()),
  stopped: Type.Optional(Type.Boolean({ description: "absent on a retry's answer, which repeats the stored report" })),
  planId: Nullable(Type.String({ description: "the plan recomputed from the report; null when none was made" })),
});
export type CheckpointReportView = Static<typeof CheckpointReportView>;

// ---- plans ----

export const PlanBody = Type.Object(
  {
    minutesSinceFlight: Type.Number({ description: "Minutes since the suspect left the incident location (or the given origin)." }),
    horizonMinutes: Type.Optional(Type.Number({ description: "How far ahead to plan; default 30 (city) or 180 (ring); at most 720." })),
    scope: Type.Optional(lit(PLAN_SCOPES)),
    speedFactor: Type.Optional(Type.Number({ description: "Suspect speed relative to free flow (1 = free flow)." })),
    travelMode: Type.Optional(lit(TRAVEL_MODE_NAMES)),
    routes: Type.Optional(Type.Integer({ description: "Simulated escape routes (default 1000)." })),
    maxActivations: Type.Optional(Type.Integer({ description: "At most this many checkpoints to switch on (default 8)." })),
    reservePerStation: Type.Optional(
      Type.Integer({
        description:
          "Available units per station the plan never takes (0–10; default INTERCEPT_RESERVE_PER_STATION, 1). More than a station has: 400.",
      }),
    ),
    minGain: Type.Optional(
      Type.Number({
        description:
          "A unit that would add less than this share of the escape routes is left out (0–0.5; default INTERCEPT_MIN_GAIN, 0.02).",
      }),
    ),
    origin: Type.Optional(Type.Object(LatLon.properties, { additionalProperties: false, description: "Last known position." })),
    seed: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type PlanBody = Static<typeof PlanBody>;

const dispatchChoice = {
  unitIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
  activateCheckpoints: Type.Optional(Type.Boolean()),
};

/** What the dispatcher is about to send: asked for the confirmation screen. */
export const DispatchPreviewBody = Type.Object(dispatchChoice, {
  additionalProperties: false,
  description: "Omit unitIds to send every unit the latest plan places.",
});
export type DispatchPreviewBody = Static<typeof DispatchPreviewBody>;

export const DispatchBody = Type.Object(
  {
    ...dispatchChoice,
    confirmation: Type.String({
      minLength: 1,
      maxLength: 20_000,
      description: "the `confirmation` of the preview the dispatcher confirmed; 409 plan_changed when the units changed since",
    }),
  },
  { additionalProperties: false, description: "Omit unitIds to send every unit the latest plan places." },
);
export type DispatchBody = Static<typeof DispatchBody>;

export const SightingBody = Type.Object(
  {
    lat: Type.Number(),
    lon: Type.Number(),
    at: Type.Optional(Type.String({ maxLength: 40 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SightingBody = Static<typeof SightingBody>;

/** A share of simulated escape routes intercepted, with its 95 % interval. */
export const PlanEstimateView = Type.Object({
  estimate: Type.Number(),
  low: Type.Number(),
  high: Type.Number(),
  intercepted: Type.Integer({ description: "routes intercepted" }),
  routes: Type.Integer({ description: "routes in the sample" }),
});
export type PlanEstimateView = Static<typeof PlanEstimateView>;

/** The streets that meet at a point ("文三路 × 学院路"); null on a graph that carries no names. */
const StreetLabel = Type.Object({ zh: Type.String(), en: Type.String() });

/** Where the plan sends one unit, or why it leaves the unit where it is (node null). */
export const PlanUnitView = Type.Object({
  unitId: Type.String(),
  label: Type.String({ description: "the unit's call sign" }),
  node: Nullable(Type.Integer()),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  etaS: Nullable(Type.Number({ description: "seconds from now until the unit can be at its intercept point" })),
  slackS: Nullable(Type.Number({ description: "seconds the unit is there before the earliest suspect it stops" })),
  routeShare: Type.Number({ description: "share of planning routes this unit is placed to stop" }),
  place: Nullable(StreetLabel),
  leftOut: Nullable(lit(UNIT_LEFT_OUT)),
  reason: Nullable(Type.String({ description: "why the unit has no point, in English (leftOut is the code the console words)" })),
});
export type PlanUnitView = Static<typeof PlanUnitView>;

export const PlanCheckpointView = Type.Object({
  checkpointId: Type.String(),
  name: Type.String(),
  node: Type.Integer(),
  lat: Type.Number(),
  lon: Type.Number(),
  state: lit(CHECKPOINT_PLAN_STATES),
  readyInS: Type.Number({ description: "seconds until the post is staffed" }),
  routeShare: Type.Number(),
  place: Nullable(StreetLabel),
});
export type PlanCheckpointView = Static<typeof PlanCheckpointView>;

export const PlanWarningView = Type.Object({
  code: lit(PLAN_WARNINGS),
  detail: Type.String(),
  detailZh: Type.String(),
  unitId: Type.Optional(Type.String({ description: "the unit the warning is about; absent for a reader who may not see it" })),
});
export type PlanWarningView = Static<typeof PlanWarningView>;

export const MultiPolygon = Type.Object({
  type: Type.Literal("MultiPolygon"),
  coordinates: Type.Array(Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()])))),
});
export type MultiPolygon = Static<typeof MultiPolygon>;

export const IsochroneView = Type.Object({
  minutesFromNow: Type.Number(),
  minutesSinceFlight: Type.Number(),
  polygon: MultiPolygon,
});
export type IsochroneView = Static<typeof IsochroneView>;

/** One simulated escape route as a GeoJSON line, for drawing the escape cone. */
export const EscapeRouteFeature = Type.Object({
  type: Type.Literal("Feature"),
  geometry: Type.Object({ type: Type.Literal("LineString"), coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()])) }),
  properties: Type.Object({ route: Type.Integer(), endsAtMinutesSinceFlight: Type.Number() }),
});
export type EscapeRouteFeature = Static<typeof EscapeRouteFeature>;

export const EscapeModelView = Type.Object({
  routes: Type.Integer(),
  trees: Type.Integer({ description: "independent preference trees; routes are spread evenly over them" }),
  noiseSigma: Type.Number(),
  exitShare: Type.Number(),
  seed: Type.Integer(),
});

/** The plan parameters in force, defaults filled in. */
export const PlanParamsView = Type.Object({
  minutesSinceFlight: Type.Number(),
  horizonMinutes: Type.Number(),
  scope: lit(PLAN_SCOPES),
  travelMode: lit(TRAVEL_MODE_NAMES),
  speedFactor: Type.Number(),
  routes: Type.Integer(),
  maxActivations: Type.Integer(),
  reservePerStation: Type.Optional(Type.Integer({ description: "absent on plans stored before the reserve existed" })),
  minGain: Type.Optional(Type.Number()),
  origin: LatLon,
});
export type PlanParamsView = Static<typeof PlanParamsView>;

/** What the planner computes; stored as the plan's result. */
const planResultFields = {
  summary: Type.Object({ "zh-CN": Type.String(), en: Type.String() }, { description: "one line for the console, in both languages" }),
  origin: Type.Object({ lat: Type.Number(), lon: Type.Number(), snapMeters: Type.Number() }),
  minutesSinceFlight: Type.Number(),
  horizonMinutes: Type.Number(),
  speedFactor: Type.Number(),
  model: EscapeModelView,
  probability: PlanEstimateView,
  inSampleShare: Type.Number(),
  optimality: Type.Object({
    greedyCovered: Type.Integer(),
    covered: Type.Integer(),
    upperBound: Type.Number(),
    certifiedRatio: Type.Number(),
    guarantee: Type.String(),
  }),
  guardrails: Type.Object(
    {
      reservePerStation: Type.Integer({ description: "available units held back per station" }),
      reserved: Type.Integer({ description: "units held in their station's reserve" }),
      minGain: Type.Number({ description: "the marginal-gain threshold (share of routes)" }),
      belowMinGain: Type.Integer({ description: "units left out because they would add less than minGain" }),
    },
    { description: "what the plan held back, and why" },
  ),
  units: Type.Array(PlanUnitView),
  checkpoints: Type.Array(PlanCheckpointView),
  warnings: Type.Array(PlanWarningView),
  isochrones: Type.Array(IsochroneView),
  escapeCone: Type.Object({ type: Type.Literal("FeatureCollection"), features: Type.Array(EscapeRouteFeature) }),
  baselines: Nullable(
    Type.Object(
      { nearestCheckpoint: PlanEstimateView, nearestRouteNode: PlanEstimateView },
      { description: "simple rules measured on the same sample, for comparison (bench only)" },
    ),
  ),
  computeMs: Type.Object({
    routes: Type.Number(),
    units: Type.Number(),
    optimise: Type.Number(),
    evaluate: Type.Number(),
    isochrones: Type.Number(),
    total: Type.Number(),
  }),
};
export const PlanResultView = Type.Object(planResultFields);
export type PlanResultView = Static<typeof PlanResultView>;

const storedPlanFields = {
  id: Type.String(),
  incidentId: Type.String(),
  seq: Type.Integer({ description: "the incident's plan number: the highest is the latest" }),
  createdAt: Instant,
  trigger: lit(PLAN_TRIGGERS),
  params: PlanParamsView,
  ...planResultFields,
};
/** A plan as stored, with every unit it places. */
export const StoredPlanView = Type.Object(storedPlanFields);
export type StoredPlanView = Static<typeof StoredPlanView>;

/** The units of other areas a plan counts on, as a reader outside those areas sees them: a count per owning org. */
export const UnitCapacityView = Type.Object({
  orgId: Type.String(),
  kind: Type.String({ description: "the owning org's kind (station, district …)" }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  relation: lit(UNIT_RELATIONS),
  units: Type.Integer({ description: "units of this org the plan places at an intercept point" }),
});
export type UnitCapacityView = Static<typeof UnitCapacityView>;

/** A plan as one reader may see it: the units outside the reader's org subtree only as `capacity`. */
export const PlanView = Type.Object({ ...storedPlanFields, capacity: Type.Array(UnitCapacityView) });
export type PlanView = Static<typeof PlanView>;

/** Units per org that the dispatch takes off normal duty, and those that stay available there. */
export const DutyCountView = Type.Object({
  orgId: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  leaving: Type.Integer({ description: "units this dispatch takes off normal duty" }),
  remaining: Type.Integer({ description: "units still available for normal duty afterwards" }),
});
export type DutyCountView = Static<typeof DutyCountView>;

/** The confirmation screen: what one click would take off normal duty, and the token that confirms exactly that. */
export const DispatchPreviewView = Type.Object({
  planId: Type.String(),
  leaving: Type.Integer({ description: "units newly taken off normal duty" }),
  redirected: Type.Integer({ description: "units already on this incident, pointed at their intercept points" }),
  remaining: Type.Integer({ description: "units still available in the affected districts afterwards" }),
  districts: Type.Array(Type.Object({ ...DutyCountView.properties, stations: Type.Array(DutyCountView) })),
  checkpointsToActivate: Type.Integer(),
  outsideArea: Type.Array(UnitCapacityView, { description: "the plan's units of other areas, not sent by this reader" }),
  confirmation: Type.String({ description: "send it back with the dispatch: the plan and the state of every unit it sends" }),
});
export type DispatchPreviewView = Static<typeof DispatchPreviewView>;

export const PlanDispatchView = Type.Object({
  planId: Type.String(),
  dispatched: Type.Array(Type.String(), { description: "units newly dispatched to the incident" }),
  redirected: Type.Array(
    Type.Object({ unitId: Type.String(), callsign: Type.String(), destination: LatLon, etaS: Nullable(Type.Number()) }),
  ),
  checkpointsActivated: Type.Array(Type.String()),
  outsideArea: Type.Array(UnitCapacityView, { description: "the plan's units of other areas, not sent by this reader" }),
});
export type PlanDispatchView = Static<typeof PlanDispatchView>;

/** What a sighting answers: the plan recomputed from it (the latest plan on a retry). */
export const SightingView = Type.Object({
  plan: PlanView,
  replayed: Type.Optional(Type.Boolean({ description: "true on a retry with the same Idempotency-Key" })),
});
export type SightingView = Static<typeof SightingView>;

/** What a checkpoint report answers: the report, and the plan recomputed from it unless it could not run. */
export const WatchReportView = Type.Object({
  report: CheckpointReportView,
  plan: Nullable(PlanView),
  replanError: Nullable(Type.Object({ code: Type.String(), detail: Type.String() })),
});
export type WatchReportView = Static<typeof WatchReportView>;
