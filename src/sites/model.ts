/**
 * Smart-safe sites (智安小区 / 智安校园 / 智安医院) and their devices: the vocabulary, and the
 * pure rules that turn an alarm signal into an action (a police incident, a task for the guard
 * or grid worker first, or a log line only).
 */
import { siaCodeInfo } from "../alarms/codes.ts";
import type { Priority } from "../incidents/model.ts";

export const SITE_TYPES = ["compound", "campus", "hospital", "other"] as const;
export type SiteType = (typeof SITE_TYPES)[number];

export const SITE_TYPE_NAMES: Record<SiteType, { zh: string; en: string }> = {
  compound: { zh: "智安小区", en: "Residential compound" },
  campus: { zh: "智安校园", en: "Campus" },
  hospital: { zh: "智安医院", en: "Hospital" },
  other: { zh: "其他场所", en: "Other site" },
};

export const DEVICE_TYPES = [
  "perimeter_intrusion",
  "door_contact",
  "smoke",
  "gas",
  "electrical_fire_risk",
  "ebike_charging",
  "panic_button",
  "object_thrown",
  "fire_lane_blocked",
  "elderly_not_seen",
  "camera_health",
  "alarm_panel",
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_TYPE_NAMES: Record<DeviceType, { zh: string; en: string }> = {
  perimeter_intrusion: { zh: "周界入侵", en: "Perimeter intrusion" },
  door_contact: { zh: "门磁/门禁", en: "Door contact" },
  smoke: { zh: "烟感", en: "Smoke detector" },
  gas: { zh: "燃气泄漏", en: "Gas detector" },
  electrical_fire_risk: { zh: "电气火灾隐患", en: "Electrical fire risk" },
  ebike_charging: { zh: "电动车违规充电", en: "E-bike charging" },
  panic_button: { zh: "一键报警", en: "Panic button" },
  object_thrown: { zh: "高空抛物", en: "Object thrown from height" },
  fire_lane_blocked: { zh: "消防通道占用", en: "Fire lane blocked" },
  elderly_not_seen: { zh: "独居老人未出现", en: "Elderly resident not seen" },
  camera_health: { zh: "摄像机状态", en: "Camera health" },
  alarm_panel: { zh: "报警主机", en: "Alarm panel (SIA DC-09)" },
};

/** Test and maintenance modes: signals are logged, nothing is dispatched. */
export const MODES = ["normal", "test", "maintenance"] as const;
export type Mode = (typeof MODES)[number];

export const QUALIFIERS = ["new", "restore", "status"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** Who holds a contact: the property guard (物业保安) or the community grid worker (网格员). */
export const CONTACT_ROLES = ["guard", "grid_worker"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface Contact {
  role: ContactRole;
  name: string;
  phone: string;
}

/** A device's alarm state: set by its last alarm, restoral or fault signal. */
export const DEVICE_STATES = ["normal", "alarm", "fault"] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** A guard or grid-worker task: open until acknowledged, or escalated to the police when nobody does. */
export const TASK_STATUSES = ["open", "acknowledged", "escalated"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, { zh: string; en: string }> = {
  open: { zh: "待处理", en: "Open" },
  acknowledged: { zh: "已确认", en: "Acknowledged" },
  escalated: { zh: "已转警情", en: "Escalated to police" },
};

/** How the online rate is grouped: overall, or per device type, site, site type or district. */
export const GROUP_KINDS = ["all", "device_type", "site", "site_type", "district"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** Site and device ids appear in MQTT topics, so they may not contain `/`, `+` or `#`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** DC-09 accounts are 3-16 hex digits. */
export const ACCOUNT_PATTERN = /^[0-9A-Fa-f]{3,16}$/;
/** AES-128/192/256 keys, given as hex. */
export const KEY_HEX_PATTERN = /^(?:[0-9A-Fa-f]{32}|[0-9A-Fa-f]{48}|[0-9A-Fa-f]{64})$/;

/** One alarm signal from any path (MQTT device or DC-09 panel). */
export interface AlarmSignalInput {
  source: "mqtt" | "dc09";
  siteId: string;
  deviceId?: string | null;
  /** SIA two-letter code (BA, FA, PA, GA, TA, RP …) or a device event name (`smoke`, `panic_button` …). */
  eventCode: string;
  qualifier: Qualifier;
  zone?: number | string | null;
  user?: number | string | null;
  /** When it happened, ISO-8601. */
  at: string;
  /** The signal as received, attached to the incident. */
  raw: unknown;
  /** Stable across retransmissions of the same signal; derived from the signal when absent. */
  idempotencyKey?: string;
}

/** What a signal means, independent of where it came from. */
export type SignalMeaning =
  | "intrusion"
  | "fire"
  | "electrical_fire"
  | "heat"
  | "gas"
  | "panic"
  | "holdup"
  | "medical"
  | "emergency"
  | "water"
  | "ebike_charging"
  | "object_thrown"
  | "fire_lane_blocked"
  | "elderly_not_seen"
  | "tamper"
  | "fault"
  | "test"
  | "arming"
  | "other";

const DEVICE_MEANING: Record<DeviceType, SignalMeaning> = {
  perimeter_intrusion: "intrusion",
  door_contact: "intrusion",
  smoke: "fire",
  gas: "gas",
  electrical_fire_risk: "electrical_fire",
  ebike_charging: "ebike_charging",
  panic_button: "panic",
  object_thrown: "object_thrown",
  fire_lane_blocked: "fire_lane_blocked",
  elderly_not_seen: "elderly_not_seen",
  camera_health: "fault",
  alarm_panel: "other",
};

const EVENT_NAMES: Record<string, SignalMeaning> = {
  ...DEVICE_MEANING,
  intrusion: "intrusion",
  fire: "fire",
  tamper: "tamper",
  fault: "fault",
  test: "test",
  holdup: "holdup",
  medical: "medical",
};

export type SignalKind = "alarm" | "restore" | "status";

/** Meaning and kind of a signal: from its SIA code when it has one, else from the event name or the device type. */
export function interpretSignal(
  eventCode: string,
  qualifier: Qualifier,
  deviceType: DeviceType | null,
): { meaning: SignalMeaning; kind: SignalKind } {
  const sia = /^[A-Z]{2}$/.test(eventCode) ? siaCodeInfo(eventCode) : undefined;
  if (sia) {
    const kind: SignalKind =
      sia.kind === "restore" || sia.kind === "trouble-restore"
        ? "restore"
        : sia.kind === "alarm" && qualifier !== "restore"
          ? "alarm"
          : "status";
    const byCategory: Partial<Record<string, SignalMeaning>> = {
      intrusion: "intrusion",
      fire: "fire",
      panic: "panic",
      holdup: "holdup",
      medical: "medical",
      gas: "gas",
      water: "water",
      heat: "heat",
      emergency: "emergency",
      tamper: "tamper",
      test: "test",
      arming: "arming",
      power: "fault",
      trouble: "fault",
    };
    let meaning = byCategory[sia.category] ?? "other";
    if (sia.kind === "trouble" || sia.kind === "trouble-restore") meaning = "fault";
    if (sia.kind === "test") meaning = "test";
    if (sia.kind === "opening" || sia.kind === "closing" || sia.kind === "bypass") meaning = "arming";
    return { meaning, kind: meaning === "test" || meaning === "arming" ? "status" : kind };
  }
  const meaning = EVENT_NAMES[eventCode] ?? (deviceType ? DEVICE_MEANING[deviceType] : "other");
  const kind: SignalKind = qualifier === "new" ? "alarm" : qualifier === "restore" ? "restore" : "status";
  return { meaning, kind: meaning === "test" ? "status" : kind };
}

/** Where an alarm goes first. `police`: an incident at once. `guard`/`grid_worker`: a task that escalates. */
export interface Route {
  to: "police" | "guard" | "grid_worker" | "log";
  categoryCode: string | null;
  priority: Priority | null;
  /** Task kind for guard/grid-worker routes. */
  task: string | null;
  why: string;
}

/** Night for the in-progress rule: 22:00–06:00 local time. Hangzhou keeps UTC+8 all year (no DST). */
export const NIGHT = { startHour: 22, endHour: 6, utcOffsetMinutes: 8 * 60 };

export function isNight(atIso: string, night = NIGHT): boolean {
  const t = Date.parse(atIso);
  if (Number.isNaN(t)) return false;
  const local = new Date(t + night.utcOffsetMinutes * 60_000);
  const h = local.getUTCHours();
  return night.startHour > night.endHour ? h >= night.startHour || h < night.endHour : h >= night.startHour && h < night.endHour;
}

/**
 * The routing table. Category codes are the existing seed codes; where none fits exactly the
 * choice and the reason are written here (see docs/sites.md).
 */
export function routeFor(meaning: SignalMeaning, atIso: string, night = NIGHT): Route {
  const police = (categoryCode: string, priority: Priority, why: string): Route => ({
    to: "police",
    categoryCode,
    priority,
    task: null,
    why,
  });
  const first = (to: "guard" | "grid_worker", task: string, categoryCode: string, priority: Priority, why: string): Route => ({
    to,
    categoryCode,
    priority,
    task,
    why,
  });
  switch (meaning) {
    case "intrusion":
      return isNight(atIso, night)
        ? police("alarm.intrusion_alarm", "in_progress", "intrusion at night (22:00–06:00): the offender may still be there (即时性)")
        : police("alarm.intrusion_alarm", "urgent", "intrusion by day: residents and staff set these off often; urgent, not in progress");
    case "fire":
      return police("alarm.fire", "in_progress", "smoke or fire alarm");
    case "electrical_fire":
      return police("alarm.fire", "urgent", "electrical fire risk (over-current/over-temperature): a fire risk, not yet flames");
    case "heat":
      return police("alarm.fire", "urgent", "heat alarm");
    case "gas":
      return police("help.rescue", "urgent", "gas leak: a rescue and evacuation task, not a crime (no gas-leak code exists yet)");
    case "panic":
      return police(
        "help.rescue",
        "in_progress",
        "panic button: someone needs help now, but it does not say a crime is happening; in progress so the response starts at once",
      );
    case "holdup":
      return police("alarm.robbery", "in_progress", "hold-up/duress code: an offender is present");
    case "medical":
      return police("help.medical", "urgent", "medical alarm");
    case "emergency":
      return police("help.rescue", "in_progress", "emergency alarm");
    case "water":
      return police("help.rescue", "routine", "water leak");
    case "ebike_charging":
      return first(
        "guard",
        "ebike_charging",
        "alarm.fire",
        "urgent",
        "e-bike charging indoors: the guard stops it; a fire risk if nobody does",
      );
    case "object_thrown":
      return first("guard", "object_thrown", "alarm.disorder", "urgent", "object thrown from height: the guard checks the scene first");
    case "fire_lane_blocked":
      return first("guard", "fire_lane_blocked", "complaint.obstruction", "routine", "blocked fire lane: the guard clears it first");
    case "elderly_not_seen":
      return first(
        "grid_worker",
        "welfare_check",
        "help.rescue",
        "urgent",
        "elderly resident not seen: the grid worker visits (welfare check)",
      );
    case "tamper":
      return first("guard", "tamper", "alarm.suspicious", "routine", "device tampered with: the guard checks it");
    default:
      return { to: "log", categoryCode: null, priority: null, task: null, why: `${meaning}: logged, no dispatch` };
  }
}

export function maskContact(c: Contact): Contact {
  const name = [...c.name];
  return {
    role: c.role,
    name: name.length ? `${name[0]}${"*".repeat(Math.max(1, name.length - 1))}` : "",
    phone: c.phone.length <= 4 ? "*".repeat(c.phone.length) : `${"*".repeat(c.phone.length - 4)}${c.phone.slice(-4)}`,
  };
}

export const PRIORITY_RANK: Record<Priority, number> = { in_progress: 0, urgent: 1, routine: 2 };
