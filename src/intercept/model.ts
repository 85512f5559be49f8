/** Rings (圈层), checkpoints and watch orders (布控): vocabulary and defaults. */

/** 常态 standby, 预警 alert, 重大活动/战时 event period. */
export const RING_LEVELS = ["standby", "alert", "event"] as const;
export type RingLevel = (typeof RING_LEVELS)[number];

/** 公安检查站 (permanent) or 临时卡点 (ad hoc, set up when an alert needs it). */
export const CHECKPOINT_KINDS = ["permanent", "adhoc"] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

export const WATCH_ORDER_STATUSES = ["active", "lifted", "expired"] as const;
export type WatchOrderStatus = (typeof WATCH_ORDER_STATUSES)[number];

/**
 * What a person reads for a watch order's status, and for the steps a refusal names (issuing a
 * watch order or a plan, reporting a sighting, a hit or a pass-through).
 */
export const WATCH_ORDER_LABELS: Record<string, { zh: string; en: string }> = {
  active: { zh: "布控中", en: "Active" },
  lifted: { zh: "已撤控", en: "Lifted" },
  expired: { zh: "已过期", en: "Expired" },
  hit: { zh: "拦停", en: "Stopped" },
  pass_through: { zh: "通过未拦", en: "Passed through" },
  "watch order": { zh: "下发布控", en: "Issue a watch order" },
  "intercept plan": { zh: "计算拦截方案", en: "Plan an interception" },
  sighting: { zh: "登记发现", en: "Record a sighting" },
};

/** Pushed to posts the dispatcher chose, or to every post the suspect can reach in time. */
export const WATCH_ORDER_MODES = ["chosen", "reachable"] as const;
export type WatchOrderMode = (typeof WATCH_ORDER_MODES)[number];

export const REPORT_KINDS = ["hit", "pass_through"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Default planning horizons: a city plan looks 30 min ahead, a ring plan 3 h. */
export const DEFAULT_HORIZON_MINUTES = { city: 30, ring: 180 } as const;
/**
 * Travel modes and the suspect speed factor each implies when none is given. Every mode drives the
 * same drivable road graph; the factor only scales free-flow times.
 */
export const TRAVEL_MODES = { car: 1, motorcycle: 1.1, truck: 0.85 } as const;
export type TravelMode = keyof typeof TRAVEL_MODES;
export const TRAVEL_MODE_NAMES = ["car", "motorcycle", "truck"] as const satisfies readonly TravelMode[];

/** A city plan (30 min ahead by default) or a ring plan (3 h). */
export const PLAN_SCOPES = ["city", "ring"] as const;
export type PlanScope = (typeof PLAN_SCOPES)[number];

/** What made a plan: a dispatcher's request, a sighting, or a checkpoint's report. */
export const PLAN_TRIGGERS = ["manual", "sighting", "checkpoint_report"] as const;
export type PlanTrigger = (typeof PLAN_TRIGGERS)[number];

/** A checkpoint the plan counts on: already open, or to be switched on. */
export const CHECKPOINT_PLAN_STATES = ["active", "activate"] as const;

/**
 * What a plan warns about: a post or a unit it had to leave out, escapes already over, no unit
 * at all, a post nobody staffs, a unit whose last position is old.
 */
export const PLAN_WARNINGS = [
  "checkpoint_off_network",
  "escapes_already_over",
  "unit_off_network",
  "no_available_units",
  "checkpoint_unstaffed",
  "stale_position",
] as const;
export type PlanWarningCode = (typeof PLAN_WARNINGS)[number];

/** Why a plan leaves a unit where it is. */
export const UNIT_LEFT_OUT = ["no_covering_point", "below_min_gain", "held_in_reserve"] as const;

/** How many checkpoints a plan may switch on unless the caller says otherwise. */
export const DEFAULT_MAX_ACTIVATIONS = 8;
/** Watch orders expire after this unless the caller gives a time (hours). */
export const DEFAULT_ORDER_HOURS = 6;
export const MAX_ORDER_HOURS = 72;

/**
 * How the org owning a unit stands to a reader who may not see the unit: a superior command
 * (the district's own units, seen from a station), another station of the reader's district, or
 * another district. The console words a capacity row by it ("2 units of another district").
 */
export const UNIT_RELATIONS = ["superior", "other_station", "other_district", "other_area"] as const;
export type UnitRelation = (typeof UNIT_RELATIONS)[number];

const segments = (path: string) => path.split("/").filter(Boolean);

/**
 * The relation of `ownerPath` to `readerPath`, for an owner outside the reader's subtree. Beside
 * the reader, it is named by the kind of org where the two paths part: /hz/xihu/xixi/ parts from
 * /hz/shangcheng/kaixuan/ at a district, so its units are "of another district".
 */
export function unitRelation(readerPath: string, ownerPath: string, kindOf: (orgId: string) => string | undefined): UnitRelation {
  if (readerPath.startsWith(ownerPath)) return "superior";
  const reader = segments(readerPath);
  const owner = segments(ownerPath);
  const at = owner.findIndex((id, i) => id !== reader[i]);
  const kind = kindOf(owner[at]);
  return kind === "district" ? "other_district" : kind === "station" ? "other_station" : "other_area";
}

/** The org that owns a unit: the last segment of the unit's org path (its station, or its district). */
export const ownerOrgId = (unitOrgPath: string) => segments(unitOrgPath).at(-1) ?? "";
