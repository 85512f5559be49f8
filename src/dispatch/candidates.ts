/**
 * One proposed unit as the console shows it: how soon it arrives (against the incident's arrival
 * target), how far by road, and the words that say why it was chosen. The line and first-responder
 * logic decide which units to propose; this file only describes one.
 */
import type { TravelMethod } from "../geo/travel-times.ts";
import { CANDIDATE_FLAGS, UNIT_TYPES, type UnitType } from "./model.ts";
import type { CandidateView } from "./schemas.ts";
import type { UnitView } from "./units.ts";

export type Candidate = CandidateView;
type Bilingual = { zh: string; en: string };

/** An available, positioned unit that can reach the incident, with its travel estimate. */
export interface RankedUnit {
  unit: UnitView;
  etaS: number;
  meters: number | null;
}

/** A duration as a dispatcher reads it: "7分20秒" / "7 min 20 s", "3分" / "3 min", "45秒" / "45 s". */
export function formatDuration(seconds: number): Bilingual {
  const total = Math.max(0, Math.round(seconds));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m === 0) return { zh: `${s}秒`, en: `${s} s` };
  if (s === 0) return { zh: `${m}分`, en: `${m} min` };
  return { zh: `${m}分${s}秒`, en: `${m} min ${s} s` };
}

/** What every candidate of one recommendation shares. */
export interface CandidateSetting {
  incidentStation: string | null;
  method: TravelMethod;
  /** The incident's arrival target in seconds, or null when none is set. */
  targetS: number | null;
}

/** A type name inside an English sentence: "station car", but "SWAT/patrol" kept as written. */
function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

/** The "by road" words and the trailing facts (home station, an old position) of every reason. */
function facts(u: UnitView, etaS: number, method: TravelMethod, home: boolean): Bilingual {
  const eta = formatDuration(etaS);
  const how = method === "road" ? { zh: "道路", en: "by road" } : { zh: "直线估算", en: "straight-line estimate" };
  const pos = u.position!;
  return {
    zh: `${eta.zh}（${how.zh}）${home ? "，本所警力" : ""}${pos.stale ? `；定位已 ${Math.round(pos.ageS)} 秒未更新` : ""}`,
    en: `${eta.en} (${how.en})${home ? ", home station" : ""}${pos.stale ? `; position ${Math.round(pos.ageS)} s old` : ""}`,
  };
}

/** The reason of a unit ranked `rank` (0: fastest) among those that can fill a line. */
export function rankReason(r: RankedUnit, rank: number, setting: CandidateSetting): Bilingual {
  const name = UNIT_TYPES[r.unit.type];
  const f = facts(r.unit, r.etaS, setting.method, r.unit.stationId === setting.incidentStation);
  return rank === 0
    ? { zh: `最快到达的空闲${name.zh}：${f.zh}`, en: `Fastest available ${inSentence(name.en)}: ${f.en}` }
    : { zh: `到达时间第 ${rank + 1} 的空闲${name.zh}：${f.zh}`, en: `#${rank + 1} fastest available ${inSentence(name.en)}: ${f.en}` };
}

/** The reason of the unit sent ahead of the plan: the nearest street unit. */
export function firstResponderReason(r: RankedUnit, setting: CandidateSetting): Bilingual {
  const name = UNIT_TYPES[r.unit.type];
  const f = facts(r.unit, r.etaS, setting.method, r.unit.stationId === setting.incidentStation);
  return {
    zh: `就近先行：最快到达的空闲街面警力（${name.zh}）：${f.zh}`,
    en: `First responder: the fastest available street unit (${name.en}): ${f.en}`,
  };
}

/**
 * "以巡逻车替代派出所警车：快 3分10秒；" — put ahead of a substitute's reason. `gainS` is how much
 * sooner it arrives than the unit of the line's own type it was preferred to, or null when no unit
 * of that type could come.
 */
export function substitutePrefix(sub: UnitType, line: UnitType, gainS: number | null): Bilingual {
  const s = UNIT_TYPES[sub];
  const l = UNIT_TYPES[line];
  if (gainS === null) {
    return {
      zh: `以${s.zh}替代${l.zh}：无可派${l.zh}；`,
      en: `${s.en} in place of ${inSentence(l.en)}: no ${inSentence(l.en)} can come; `,
    };
  }
  const gain = formatDuration(gainS);
  return { zh: `以${s.zh}替代${l.zh}：快 ${gain.zh}；`, en: `${s.en} in place of ${inSentence(l.en)}: ${gain.en} sooner; ` };
}

/** An alternative of a substitute type: it could stand in, no comparison claimed. */
export function standInPrefix(line: UnitType): Bilingual {
  return { zh: `可替代${UNIT_TYPES[line].zh}；`, en: `Can stand in for the ${inSentence(UNIT_TYPES[line].en)}; ` };
}

/** The candidate as shown; `via` and `coverage` are filled in later for the few that need them. */
export function candidateOf(r: RankedUnit, reason: Bilingual, substituteFor: UnitType | null, setting: CandidateSetting): Candidate {
  const u = r.unit;
  const pos = u.position!;
  const flags: (typeof CANDIDATE_FLAGS)[number][] = [];
  if (pos.stale) flags.push("avl_stale");
  if (substituteFor) flags.push("substitute");
  const withinTarget = setting.targetS === null ? null : r.etaS <= setting.targetS;
  if (withinTarget === false) flags.push("over_target");
  return {
    unitId: u.id,
    callsign: u.callsign,
    type: u.type,
    stationId: u.stationId,
    etaS: r.etaS,
    meters: r.meters,
    avlAgeS: pos.ageS,
    avlStale: pos.stale,
    homeStation: u.stationId === setting.incidentStation,
    reason,
    flags,
    substituteFor,
    targetS: setting.targetS,
    withinTarget,
    via: [],
    coverage: null,
  };
}

/** Keeps CANDIDATE_FLAGS' order in a candidate's flags, whatever order they were added in. */
export function addFlag(c: Candidate, flag: (typeof CANDIDATE_FLAGS)[number]): void {
  if (c.flags.includes(flag)) return;
  c.flags = CANDIDATE_FLAGS.filter((f) => f === flag || c.flags.includes(f));
}
