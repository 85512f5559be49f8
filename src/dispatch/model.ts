/** Units, their statuses and assignments. Statuses are data with a base type (as in Resgrid). */

export const UNIT_TYPE_CODES = [
  "patrol_car",
  "mobile_squad",
  "traffic_motorcycle",
  "foot_patrol",
  "station_car",
  "swat_patrol",
  "criminal_investigation",
] as const;
export type UnitType = (typeof UNIT_TYPE_CODES)[number];

export const UNIT_TYPES: Record<UnitType, { zh: string; en: string }> = {
  patrol_car: { zh: "巡逻车", en: "Patrol car" },
  mobile_squad: { zh: "机动队", en: "Mobile squad" },
  traffic_motorcycle: { zh: "交警铁骑", en: "Traffic motorcycle" },
  foot_patrol: { zh: "步巡", en: "Foot patrol" },
  station_car: { zh: "派出所警车", en: "Station car" },
  swat_patrol: { zh: "巡特警", en: "SWAT/patrol" },
  criminal_investigation: { zh: "刑侦", en: "Criminal investigation" },
};

export const BASE_TYPES = ["available", "committed", "unavailable"] as const;
export type BaseType = (typeof BASE_TYPES)[number];

export interface UnitStatusDef {
  code: string;
  baseType: BaseType;
  nameZh: string;
  nameEn: string;
  /** Time in status after which the console warns, and then alerts (null: never). */
  warnAfterS: number | null;
  alertAfterS: number | null;
}

export const SEED_UNIT_STATUSES: UnitStatusDef[] = [
  { code: "available", baseType: "available", nameZh: "空闲巡逻", nameEn: "Available", warnAfterS: null, alertAfterS: null },
  { code: "at_station", baseType: "available", nameZh: "所内待命", nameEn: "At station", warnAfterS: null, alertAfterS: null },
  { code: "dispatched", baseType: "committed", nameZh: "已派警", nameEn: "Dispatched", warnAfterS: 60, alertAfterS: 120 },
  { code: "acknowledged", baseType: "committed", nameZh: "已接收", nameEn: "Acknowledged", warnAfterS: 60, alertAfterS: 180 },
  { code: "en_route", baseType: "committed", nameZh: "出警途中", nameEn: "En route", warnAfterS: 300, alertAfterS: 600 },
  { code: "on_scene", baseType: "committed", nameZh: "到达现场", nameEn: "On scene", warnAfterS: 3600, alertAfterS: 7200 },
  { code: "meal_break", baseType: "unavailable", nameZh: "就餐休息", nameEn: "Meal break", warnAfterS: 2700, alertAfterS: 3600 },
  { code: "out_of_service", baseType: "unavailable", nameZh: "暂停服务", nameEn: "Out of service", warnAfterS: null, alertAfterS: null },
  { code: "off_duty", baseType: "unavailable", nameZh: "下班", nameEn: "Off duty", warnAfterS: null, alertAfterS: null },
];

/** A unit's progress on one incident. Each step stamps its own time. */
export const ASSIGNMENT_STATUSES = ["dispatched", "acknowledged", "en_route", "on_scene", "cleared", "cancelled"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** The steps a unit reports on an assignment: every status but `dispatched`, which only a dispatch sets. */
export const ASSIGNMENT_STEPS = ["acknowledged", "en_route", "on_scene", "cleared", "cancelled"] as const satisfies readonly Exclude<
  AssignmentStatus,
  "dispatched"
>[];

export const ASSIGNMENT_TRANSITIONS: Record<AssignmentStatus, readonly AssignmentStatus[]> = {
  dispatched: ["acknowledged", "en_route", "cancelled"],
  acknowledged: ["en_route", "on_scene", "cancelled"],
  en_route: ["on_scene", "cancelled"],
  on_scene: ["cleared"],
  cleared: [],
  cancelled: [],
};

/** What a person reads for each assignment status (the officer's phone says the same). */
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, { zh: string; en: string }> = {
  dispatched: { zh: "已派警", en: "Dispatched" },
  acknowledged: { zh: "已接收", en: "Acknowledged" },
  en_route: { zh: "出警途中", en: "En route" },
  on_scene: { zh: "到达现场", en: "On scene" },
  cleared: { zh: "处置完毕", en: "Cleared" },
  cancelled: { zh: "已取消", en: "Cancelled" },
};

/**
 * The steps a unit may report next on an assignment in `current`: exactly what the server's
 * transition table accepts, so the officer's phone never offers a step that is refused.
 */
export function nextAssignmentSteps(current: AssignmentStatus): readonly AssignmentStatus[] {
  return ASSIGNMENT_TRANSITIONS[current];
}

export const ACTIVE_ASSIGNMENT: readonly AssignmentStatus[] = ["dispatched", "acknowledged", "en_route", "on_scene"];

/**
 * A response plan (run card) line: this many units of this type, or of one of its substitutes
 * (a patrol car for a station car) when a substitute arrives sooner.
 */
export interface Requirement {
  unitType: UnitType;
  count: number;
  substitutes?: UnitType[];
}

/**
 * The unit types that patrol the street and may go first (就近先行) to an in-progress or urgent
 * call, whatever the plan asks for; DISPATCH_STREET_UNIT_TYPES overrides the list.
 */
export const DEFAULT_STREET_UNIT_TYPES: readonly UnitType[] = ["patrol_car", "foot_patrol", "station_car", "traffic_motorcycle"];

/** The priorities whose nearest street unit goes first, ahead of the plan. */
export const FIRST_RESPONDER_PRIORITIES: readonly string[] = ["in_progress", "urgent"];

/** A position report: where a status change or AVL update happened. */
export interface Fix {
  lat: number;
  lon: number;
  at?: string;
  accuracyM?: number;
}

/** How a travel time was computed (dispatch/travel-times.ts `TravelMethod`). */
export const TRAVEL_METHODS = ["road", "straight_line"] as const;

/** How long a unit has been in its status, against that status's warn and alert thresholds. */
export const STATUS_LEVELS = ["ok", "warn", "alert"] as const;

/**
 * What a recommended unit is marked with: `avl_stale` (its position is older than the threshold),
 * `substitute` (it fills a line in place of the line's own type), `over_target` (it cannot arrive
 * within the incident's arrival target), `leaves_zone_uncovered` (sending it leaves a patrol zone
 * no other available unit reaches within its target).
 */
export const CANDIDATE_FLAGS = ["avl_stale", "substitute", "over_target", "leaves_zone_uncovered"] as const;

/** Why a recommendation's ETAs deserve a second look. */
export const RECOMMENDATION_WARNINGS = [
  "straight_line",
  "far_from_road",
  "target_unreachable",
  "no_first_responder",
  "zone_uncovered",
] as const;

/** Response-target stages: `dispatch` (call → first unit dispatched), `arrival` (call → first on scene). */
export const STAGES = ["dispatch", "arrival"] as const;
export type Stage = (typeof STAGES)[number];
