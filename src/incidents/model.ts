/** The incident (警情): its vocabulary and the rules of its life cycle. */

export const CHANNELS = ["call_110", "call_122", "sms", "app", "alarm_device", "sensor", "hotline", "volunteer"] as const;
export type Channel = (typeof CHANNELS)[number];

/** 即时性 (in progress: the offender may still be there), 紧急 (urgent), 一般 (routine). */
export const PRIORITIES = ["in_progress", "urgent", "routine"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const INCIDENT_STATUSES = ["new", "dispatched", "on_scene", "cleared", "closed", "cancelled"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Allowed moves. `cleared → dispatched` lets a dispatcher send more units after the first ones
 * cleared; `new → closed` closes a call handled on the phone (advice, invalid, diverted).
 */
export const INCIDENT_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  new: ["dispatched", "closed", "cancelled"],
  dispatched: ["on_scene", "cleared", "cancelled"],
  on_scene: ["cleared"],
  cleared: ["closed", "dispatched"],
  closed: [],
  cancelled: [],
};

/** What a person reads for each status (the console's badges say the same). */
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, { zh: string; en: string }> = {
  new: { zh: "待派警", en: "New" },
  dispatched: { zh: "已派警", en: "Dispatched" },
  on_scene: { zh: "已到场", en: "On scene" },
  cleared: { zh: "待结案", en: "Cleared" },
  closed: { zh: "已结案", en: "Closed" },
  cancelled: { zh: "已撤销", en: "Cancelled" },
};

/**
 * The longest text each incident field takes, in characters. The request schemas enforce them;
 * the call form counts against the same numbers while the call-taker types.
 */
export const TEXT_LIMITS = { callerName: 100, callerPhone: 32, address: 300, narrative: 4000, note: 2000 } as const;

export const OPEN_STATUSES: readonly IncidentStatus[] = ["new", "dispatched", "on_scene", "cleared"];

/** 反馈类别: how the incident ended. */
export const DISPOSITIONS = {
  resolved_on_scene: { zh: "现场处置完毕", en: "Resolved on scene" },
  case_filed: { zh: "受案/立案", en: "Case filed" },
  mediated: { zh: "调解处理", en: "Mediated" },
  transferred: { zh: "移交其他部门", en: "Transferred to another agency" },
  diverted_non_police: { zh: "非警务分流", en: "Diverted (non-police)" },
  advice_given: { zh: "告知/劝解", en: "Advice given" },
  no_finding: { zh: "查无此事", en: "Nothing found" },
  false_alarm: { zh: "误报", en: "False alarm" },
  invalid_call: { zh: "无效报警", en: "Invalid call" },
} as const;
export type Disposition = keyof typeof DISPOSITIONS;

export const INVALID_REASONS = ["silent", "prank", "test", "duplicate", "misdial"] as const;

/** Shows the last four digits of a phone number; the rest needs a reason and is audited. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length <= 4 ? "*".repeat(phone.length) : `${"*".repeat(phone.length - 4)}${phone.slice(-4)}`;
}

export function maskName(name: string | null): string | null {
  if (!name) return null;
  return `${[...name][0]}${"*".repeat(Math.max(1, [...name].length - 1))}`;
}
