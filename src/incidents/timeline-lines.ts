/**
 * The incident timeline as sentences, in zh-CN and en, built from the event log when it is read:
 * who acted and on whose behalf, which response target was missed and by how much, how the
 * incident was closed (disposition and closing note) or why it was cancelled. Events this file
 * does not describe carry `text: null`, and the console words them itself.
 */
import { ROLE_NAMES, type Role } from "../org/model.ts";
import type { StoredEvent } from "../platform/events.ts";
import { DISPOSITIONS, type Disposition } from "./model.ts";
import type { TimelineEntry } from "./schemas.ts";

export type Line = { "zh-CN": string; en: string };
export interface TimelineActor {
  displayName: string;
  role: string;
  unitId: string | null;
}

/** What the readers need beyond the events: who the actors are, when the call came, the targets. */
export interface TimelineFacts {
  actors: Map<string, TimelineActor>;
  receivedAt: string;
  /** When each stage was met (the incident's own stamps: first dispatch, first unit on scene). */
  metAt: { dispatch: string | null; arrival: string | null };
  /** The target in force for each stage (minutes), as the incident's priority and area pick it. */
  targetMinutes: { dispatch: number | null; arrival: number | null };
}

const STEP_VERBS: Record<string, Line> = {
  acknowledged: { "zh-CN": "接收指令", en: "acknowledged" },
  en_route: { "zh-CN": "出发", en: "en route" },
  on_scene: { "zh-CN": "到场", en: "on scene" },
  cleared: { "zh-CN": "处置完毕", en: "cleared" },
  cancelled: { "zh-CN": "取消出警", en: "cancelled" },
};

const STAGE_VERBS: Record<string, Line> = {
  dispatch: { "zh-CN": "派警", en: "Dispatch" },
  arrival: { "zh-CN": "到场", en: "Arrival" },
};

/** 7分12秒 / 7 min 12 s. */
function duration(seconds: number): Line {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return { "zh-CN": `${m}分${s}秒`, en: `${m} min ${s} s` };
}

function roleName(role: string): Line {
  const r = ROLE_NAMES[role as Role];
  return r ? { "zh-CN": r.zh, en: r.en } : { "zh-CN": "", en: "" };
}

/**
 * A unit's step. It was reported on the unit's behalf when the one who acted is not a member of
 * the unit (a dispatcher pressing the button for an officer without a phone); the event's own
 * `onBehalf`, recorded since it was added, says the same for newer events.
 */
function stepLine(e: StoredEvent, facts: TimelineFacts): Line | null {
  const step = e.type.slice("assignment.".length);
  const verb = STEP_VERBS[step];
  if (!verb) return null;
  const callsign = String(e.data.callsign ?? "");
  const who = e.actorId ? facts.actors.get(e.actorId) : undefined;
  const unitId = e.data.unitId;
  const onBehalf = who ? who.unitId !== unitId : false;
  if (!who || !onBehalf) return { "zh-CN": `${callsign} 报告${verb["zh-CN"]}`, en: `${callsign} reported ${verb.en}` };
  const role = roleName(who.role);
  return {
    "zh-CN": `${role["zh-CN"]} ${who.displayName} 代 ${callsign} 报告${verb["zh-CN"]}`.trim(),
    en: `${role.en} ${who.displayName} reported ${verb.en} for ${callsign}`.trim(),
  };
}

function closeLine(e: StoredEvent): Line | null {
  if (e.type !== "incident.status_changed") return null;
  if (e.data.to === "cancelled") {
    const reason = typeof e.data.reason === "string" && e.data.reason.trim() ? e.data.reason.trim() : null;
    return reason ? { "zh-CN": `撤销警情，原因：${reason}`, en: `Cancelled, reason: ${reason}` } : null;
  }
  if (e.data.to !== "closed" || typeof e.data.disposition !== "string") return null;
  const d = DISPOSITIONS[e.data.disposition as Disposition];
  if (!d) return null;
  const note = typeof e.data.note === "string" && e.data.note.trim() ? e.data.note.trim() : null;
  return {
    "zh-CN": `结案：${d.zh}${note ? `；结案说明：${note}` : ""}`,
    en: `Closed: ${d.en}${note ? `; closing note: ${note}` : ""}`,
  };
}

function missedLine(stage: string, minutes: number, tookS: number | null): Line {
  const verb = STAGE_VERBS[stage] ?? STAGE_VERBS.arrival;
  const took = tookS === null ? null : duration(tookS);
  return {
    "zh-CN": `未在目标 ${minutes}分 内${verb["zh-CN"]}：${took ? `用时 ${took["zh-CN"]}` : "尚未完成"}`,
    en: `${verb.en} target of ${minutes} min missed: ${took ? `took ${took.en}` : "not yet done"}`,
  };
}

/** The event that met each stage: the first dispatch, the first unit on scene. */
const MEETS = { dispatch: "assignment.dispatched", arrival: "assignment.on_scene" } as const;

/**
 * The timeline with its sentences. The clock sweep records `incident.target_overdue` when a
 * target's deadline passes unmet; that line says how long the stage took in the end. A stage met
 * late before the sweep ran has no such event, so the line is derived here, at read time, from
 * the event that met the stage and the target in force (`facts.targetMinutes`), placed at that
 * event with `derived: true` and the seq of the event it explains.
 */
export function describeTimeline(events: readonly StoredEvent[], facts: TimelineFacts): TimelineEntry[] {
  const met = facts.metAt;
  const secondsTo = (at: string | null) => (at ? (Date.parse(at) - Date.parse(facts.receivedAt)) / 1000 : null);
  const meeting = { dispatch: events.find((e) => e.type === MEETS.dispatch), arrival: events.find((e) => e.type === MEETS.arrival) };
  const recorded = new Set(events.filter((e) => e.type === "incident.target_overdue").map((e) => String(e.data.stage)));
  const out: TimelineEntry[] = [];
  for (const e of events) {
    let text: Line | null = null;
    if (e.type.startsWith("assignment.")) text = stepLine(e, facts);
    else if (e.type === "incident.target_overdue") {
      const stage = String(e.data.stage);
      text = missedLine(stage, Number(e.data.minutes), secondsTo(met[stage as keyof typeof met] ?? null));
    } else text = closeLine(e);
    out.push({ ...e, text, derived: false });
    for (const stage of ["dispatch", "arrival"] as const) {
      const minutes = facts.targetMinutes[stage];
      const took = secondsTo(met[stage]);
      if (meeting[stage] !== e || minutes === null || took === null || recorded.has(stage) || took <= minutes * 60) continue;
      recorded.add(stage);
      out.push({
        ...e,
        type: "incident.target_missed",
        data: { stage, minutes, tookS: Math.round(took) },
        text: missedLine(stage, minutes, took),
        derived: true,
      });
    }
  }
  return out;
}
