/**
 * The non-police loop's vocabulary and pure rules: work-order states and their allowed moves,
 * the timers, worker skills and routing targets.
 *
 * 点单 → 派单 → 接单: the citizen places the order (a call or an Open311 request), the town
 * governance centre (镇街综合治理指挥中心) dispatches it to a worker, the worker takes it.
 */

export const WORK_ORDER_STATUSES = [
  "accepted", // 已受理/已分流: arrived at the town centre, waiting to be dispatched
  "dispatched", // 已派单
  "taken", // 已接单
  "on_scene", // 已到场
  "handled", // 已处置
  "feedback", // 已首次反馈 (the citizen has been told the outcome)
  "closed", // 已办结
  "followed_up", // 已回访
  "reopened", // 回访不满意, 重新办理
  "escalated", // 转回公安 (back to police)
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/**
 * The allowed moves, written out. `dispatched → accepted` is a worker declining (the order goes
 * back to the centre's queue); `closed → reopened` happens after a negative follow-up call.
 */
export const WORK_ORDER_TRANSITIONS: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  accepted: ["dispatched", "escalated"],
  dispatched: ["taken", "accepted", "escalated"],
  taken: ["on_scene", "escalated"],
  on_scene: ["handled", "escalated"],
  handled: ["feedback"],
  feedback: ["closed"],
  closed: ["followed_up", "reopened"],
  reopened: ["dispatched", "escalated"],
  followed_up: [],
  escalated: [],
};

export const OPEN_WORK_ORDER_STATUSES: readonly WorkOrderStatus[] = [
  "accepted",
  "dispatched",
  "taken",
  "on_scene",
  "handled",
  "feedback",
  "reopened",
];

export const WORK_ORDER_STATUS_NAMES: Record<WorkOrderStatus, { zh: string; en: string }> = {
  accepted: { zh: "已受理", en: "Accepted" },
  dispatched: { zh: "已派单", en: "Dispatched" },
  taken: { zh: "已接单", en: "Taken" },
  on_scene: { zh: "已到场", en: "On scene" },
  handled: { zh: "已处置", en: "Handled" },
  feedback: { zh: "已反馈", en: "First feedback given" },
  closed: { zh: "已办结", en: "Closed" },
  followed_up: { zh: "已回访", en: "Follow-up done" },
  reopened: { zh: "已重办", en: "Re-opened" },
  escalated: { zh: "已转公安", en: "Escalated to police" },
};

/**
 * Timer stages, each measured from the order's arrival at the centre (or its last re-open).
 * Hangzhou's published targets: 1 min to start, 8 min on scene, 1 h first feedback, 24 h to close.
 */
export const TIMER_STAGES = ["dispatch", "on_scene", "first_feedback", "close"] as const;
export type TimerStage = (typeof TIMER_STAGES)[number];

/** pending → warning → overdue while the stage runs; met or missed once it is done. */
export const TIMER_STATES = ["pending", "warning", "overdue", "met", "missed"] as const;
export type TimerState = (typeof TIMER_STATES)[number];

export interface TimerSetting {
  stage: TimerStage;
  seconds: number;
  /** A warning goes out this long after the start; the escalation when `seconds` pass. */
  warnSeconds: number;
}

export const DEFAULT_TIMERS: Record<TimerStage, TimerSetting> = {
  dispatch: { stage: "dispatch", seconds: 60, warnSeconds: 45 },
  on_scene: { stage: "on_scene", seconds: 8 * 60, warnSeconds: 6 * 60 },
  first_feedback: { stage: "first_feedback", seconds: 3600, warnSeconds: 45 * 60 },
  close: { stage: "close", seconds: 24 * 3600, warnSeconds: 20 * 3600 },
};

/** The work-order column that says a stage is done. */
export const STAGE_DONE_COLUMN = {
  dispatch: "dispatched_at",
  on_scene: "on_scene_at",
  first_feedback: "feedback_at",
  close: "closed_at",
} as const;

/** Skills of town field staff. */
export const SKILL_CODES = ["city_management", "grid_worker", "mediator", "market_supervision", "sanitation", "community_service"] as const;
export type Skill = (typeof SKILL_CODES)[number];
/** Typed by the list, so a skill cannot be listed without names, nor named without being listed. */
export const SKILLS: Record<Skill, { zh: string; en: string }> = {
  city_management: { zh: "城管", en: "City management" },
  grid_worker: { zh: "网格员", en: "Grid worker" },
  mediator: { zh: "调解员", en: "Mediator" },
  market_supervision: { zh: "市场监管", en: "Market supervision" },
  sanitation: { zh: "环卫", en: "Sanitation" },
  community_service: { zh: "社区服务", en: "Community service" },
};

/** The image types a scene photo may have; the file's own signature must agree. */
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/**
 * Where a request goes. `police`: ordinary dispatch. `police_fallback`: urgent non-police, the
 * police handle it first (联动兜底). `town`: a work order at the town centre. `hotline_12345`: a
 * transfer to the government hotline.
 */
export const ROUTE_TARGETS = ["police", "police_fallback", "town", "hotline_12345"] as const;
export type RouteTarget = (typeof ROUTE_TARGETS)[number];
/** Targets a rule may name (police_fallback follows from the urgency label, not from a rule). */
export const RULE_TARGETS = ["police", "town", "hotline_12345"] as const;
export type RuleTarget = (typeof RULE_TARGETS)[number];

export interface RoutingRule {
  categoryCode: string;
  areaPath: string;
  target: RuleTarget;
  skill: Skill | null;
  note: string | null;
}

/** Built-in rules; rows in `routing_rules` override them (most specific category and area wins). */
export const DEFAULT_RULES: RoutingRule[] = [
  { categoryCode: "*", areaPath: "", target: "town", skill: "grid_worker", note: null },
  { categoryCode: "complaint.government", areaPath: "", target: "hotline_12345", skill: null, note: "政务咨询投诉转 12345" },
  { categoryCode: "complaint.noise", areaPath: "", target: "town", skill: "city_management", note: null },
  { categoryCode: "complaint.obstruction", areaPath: "", target: "town", skill: "city_management", note: null },
  { categoryCode: "complaint.dispute", areaPath: "", target: "town", skill: "mediator", note: null },
  { categoryCode: "help.lost_property", areaPath: "", target: "town", skill: "community_service", note: null },
  { categoryCode: "help.lockout", areaPath: "", target: "town", skill: "community_service", note: null },
];

/** How specific a rule's category pattern is: exact code 2, `kind.*` 1, `*` 0; -1 = no match. */
export function categorySpecificity(pattern: string, code: string): number {
  if (pattern === code) return 2;
  if (pattern.endsWith(".*") && code.startsWith(pattern.slice(0, -1))) return 1;
  if (pattern === "*") return 0;
  return -1;
}

/**
 * The best rule for a category at a place: the most specific category pattern first (so a
 * district's catch-all never overrides the city's rule for government enquiries), then the most
 * specific area. At equal specificity the later rule wins: callers list built-in rules before
 * configured ones, so a configured rule overrides the built-in one for the same category and area.
 */
export function pickRule<R extends RoutingRule>(rules: readonly R[], categoryCode: string, orgPath: string): R | null {
  let best: R | null = null;
  let bestScore = -1;
  for (const r of rules) {
    const c = categorySpecificity(r.categoryCode, categoryCode);
    if (c < 0 || !orgPath.startsWith(r.areaPath)) continue;
    const score = c * 100_000 + r.areaPath.length;
    if (score >= bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/** What a follow-up call is about: a police incident, or a work order's closing. */
export const FOLLOW_UP_SUBJECTS = ["incident", "work_order"] as const;
export type FollowUpSubjectType = (typeof FOLLOW_UP_SUBJECTS)[number];
/** pending until recorded; done once the caller was reached; unreachable after the last attempt. */
export const FOLLOW_UP_STATUSES = ["pending", "done", "unreachable"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Follow-up calls: how long after a close the call is due, and how often an unanswered call is retried. */
export const FOLLOW_UP = { dueAfterS: 3600, retryAfterS: 2 * 3600, maxAttempts: 3 };

/** Dispositions after which the police incident gets its own follow-up call. */
export const FOLLOW_UP_DISPOSITIONS = ["resolved_on_scene", "case_filed", "mediated", "advice_given", "no_finding"];
