/**
 * The work-order contract: what the town centre and its field staff send, and the views they
 * read (orders with their timers, their history and photos, town staff, towns and the timer
 * settings). The web app imports the view types from here.
 */
import { type Static, Type } from "typebox";
import { CHANNELS } from "../../incidents/model.ts";
import { codeFilter, codeListFilter } from "../../platform/code-filter.ts";
import { Instant, lit, Nullable } from "../../platform/schemas.ts";
import { PHOTO_TYPES, SKILL_CODES, TIMER_STAGES, TIMER_STATES, WORK_ORDER_STATUSES } from "../model.ts";
import { SkillCode } from "../schemas.ts";

const Status = lit(WORK_ORDER_STATUSES);
const Stage = lit(TIMER_STAGES);
const Names = Type.Object({ zh: Type.String(), en: Type.String() });

// ---- requests ---------------------------------------------------------------------------------

export const WorkOrderQuery = Type.Object(
  {
    open: Type.Optional(lit(["true", "false"])),
    status: Type.Optional(codeListFilter("work-order status", WORK_ORDER_STATUSES)),
    townId: Type.Optional(Type.String({ maxLength: 100 })),
    incidentId: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })),
  },
  { additionalProperties: false },
);
export type WorkOrderQuery = Static<typeof WorkOrderQuery>;

/** 派单: to one worker, or offered to a skill team of the town. */
export const DispatchBody = Type.Object(
  { assigneeId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))), teamSkill: Type.Optional(Nullable(SkillCode)) },
  { additionalProperties: false },
);
export type DispatchBody = Static<typeof DispatchBody>;

/** A worker's step: an optional note, and for the first feedback a photo (by URL or uploaded id). */
export const StepBody = Type.Object(
  {
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    photoUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000, pattern: "^https?://\\S+$" }))),
    photoId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "a photo uploaded to this order; stands in for photoUrl" }),
    ),
  },
  { additionalProperties: false },
);
export type StepBody = Static<typeof StepBody>;

export const PhotoParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  photoId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const TimerBody = Type.Object(
  {
    stage: Stage,
    categoryCode: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    seconds: Type.Integer({ minimum: 1 }),
    warnSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type TimerBody = Static<typeof TimerBody>;

export const TimerParams = Type.Object({ stage: Stage });

export const TimerClearQuery = Type.Object(
  { categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
);

export const WorkersQuery = Type.Object(
  { townId: Type.Optional(Type.String({ maxLength: 100 })), skill: Type.Optional(codeFilter("skill", SKILL_CODES)) },
  { additionalProperties: false },
);

export const WorkerBody = Type.Object(
  {
    townId: Type.String({ minLength: 1, maxLength: 100 }),
    skills: Type.Array(SkillCode, { minItems: 1, maxItems: 10 }),
    team: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    onDuty: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WorkerBody = Static<typeof WorkerBody>;

// ---- views ------------------------------------------------------------------------------------

/** One stage's timer on an order, read at the time of the answer. */
export const TimerView = Type.Object({
  stage: Stage,
  seconds: Type.Integer(),
  warnSeconds: Type.Integer({ description: "a warning goes out this long after the start" }),
  deadline: Instant,
  doneAt: Nullable(Instant),
  state: lit(TIMER_STATES),
  remainingS: Nullable(Type.Integer({ description: "seconds left (negative once overdue); null when the stage is done" })),
});
export type TimerView = Static<typeof TimerView>;

/** 工单: one non-police request at a town governance centre. */
export const WorkOrderView = Type.Object({
  id: Type.String(),
  number: Type.String({ description: "W + yyyymmdd + a six-digit counter of the day" }),
  status: Status,
  statusName: Names,
  allowed: Type.Array(Status, { description: "the states it may move to next" }),
  incidentId: Type.String({ description: "the 110 incident it came from" }),
  stationId: Nullable(Type.String()),
  townId: Type.String(),
  categoryCode: Type.String(),
  category: Type.Object(
    { code: Type.String(), nameZh: Type.String(), nameEn: Type.String() },
    { description: "by name, for town staff who do not read the police category dictionary" },
  ),
  skill: SkillCode,
  channel: lit(CHANNELS),
  summary: Nullable(Type.String()),
  location: Type.Object({ lat: Type.Number(), lon: Type.Number(), address: Nullable(Type.String()) }),
  assigneeId: Nullable(Type.String()),
  teamSkill: Nullable(SkillCode),
  declines: Type.Object({ count: Type.Integer({ minimum: 0 }), lastReason: Nullable(Type.String()) }),
  escalation: Type.Object({ incidentId: Nullable(Type.String()), reason: Nullable(Type.String()), at: Nullable(Instant) }),
  reopenCount: Type.Integer({ minimum: 0 }),
  notes: Type.Object({
    handled: Nullable(Type.String()),
    feedback: Nullable(Type.String()),
    close: Nullable(Type.String()),
    photoUrl: Nullable(Type.String()),
  }),
  times: Type.Object({
    clockStartAt: Instant,
    createdAt: Instant,
    dispatchedAt: Nullable(Instant),
    takenAt: Nullable(Instant),
    onSceneAt: Nullable(Instant),
    handledAt: Nullable(Instant),
    feedbackAt: Nullable(Instant),
    closedAt: Nullable(Instant),
    followedUpAt: Nullable(Instant),
    escalatedAt: Nullable(Instant),
  }),
  timers: Type.Array(TimerView),
  orgPath: Type.String(),
  version: Type.Integer({ minimum: 1 }),
});
export type WorkOrderView = Static<typeof WorkOrderView>;

/** One event of an order's history, oldest first (the incident's timeline carries the same ones). */
export const WorkOrderEvent = Type.Object({
  seq: Type.Integer({ description: "the event's position in the log; commit order" }),
  type: Type.String({ description: "workorder.created, workorder.status_changed, workorder.timer_warning, …" }),
  stream: Type.String(),
  streamId: Type.String(),
  at: Instant,
  actorId: Nullable(Type.String()),
  orgPath: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: "what happened; its fields depend on the event type" }),
});
export type WorkOrderEvent = Static<typeof WorkOrderEvent>;

/** 转回公安: the order, escalated, and the police incident made for it. */
export const EscalationView = Type.Object({
  workOrder: WorkOrderView,
  incidentId: Type.String(),
  incidentNumber: Type.String(),
});
export type EscalationView = Static<typeof EscalationView>;

/** A photo from the scene; its bytes are at `url`. */
export const PhotoView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  contentType: lit(PHOTO_TYPES),
  bytes: Type.Integer({ minimum: 1 }),
  sha256: Type.String(),
  createdAt: Instant,
});
export type PhotoView = Static<typeof PhotoView>;

/** A photo's own bytes, served with its own image type (not JSON, so the suite does not check it). */
export const PhotoBytes = Type.Unsafe<Uint8Array>({
  description: "the photo's bytes",
  content: Object.fromEntries(PHOTO_TYPES.map((t) => [t, { schema: { type: "string", format: "binary" } }])),
});

/** Field staff of a town centre. */
export const WorkerView = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  townId: Type.String(),
  orgPath: Type.String(),
  skills: Type.Array(SkillCode),
  team: Nullable(Type.String()),
  onDuty: Type.Boolean(),
});
export type WorkerView = Static<typeof WorkerView>;

/** A town governance centre (镇街综合治理指挥中心) and its area. */
export const TownView = Type.Object({
  id: Type.String(),
  code: Nullable(Type.String({ description: "GB/T 2260 town code" })),
  nameZh: Type.String(),
  nameEn: Type.String(),
  parentId: Nullable(Type.String()),
  path: Type.String(),
  polygon: Nullable(Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()])), { description: "GeoJSON Polygon coordinates" })),
});
export type TownView = Static<typeof TownView>;

/** A stage's timer for every category. */
export const TimerSetting = Type.Object({ stage: Stage, seconds: Type.Integer({ minimum: 1 }), warnSeconds: Type.Integer({ minimum: 1 }) });
export type TimerSetting = Static<typeof TimerSetting>;

/** A configured timer, for every category (categoryCode null) or one. */
export const TimerOverride = Type.Object({
  stage: Stage,
  categoryCode: Nullable(Type.String()),
  seconds: Type.Integer({ minimum: 1 }),
  warnSeconds: Type.Integer({ minimum: 1 }),
});
export type TimerOverride = Static<typeof TimerOverride>;

export const TimerSettingsView = Type.Object({ defaults: Type.Array(TimerSetting), overrides: Type.Array(TimerOverride) });
export type TimerSettingsView = Static<typeof TimerSettingsView>;

export const SkillView = Type.Object({ code: SkillCode, nameZh: Type.String(), nameEn: Type.String() });
export type SkillView = Static<typeof SkillView>;

/** The work-order states and the moves each allows. */
export const WorkflowView = Type.Object({
  statuses: Type.Array(Status),
  transitions: Type.Record(Status, Type.Array(Status)),
});
export type WorkflowView = Static<typeof WorkflowView>;
