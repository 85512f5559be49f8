/**
 * Filling a response plan's lines: each line takes the fastest units that can fill it, of its own
 * type or of one of its substitutes (a patrol car for a station car), and offers the next fastest
 * of those types as alternatives. A unit fills one line at most, in the plan's order.
 */

import {
  type Candidate,
  type CandidateSetting,
  candidateOf,
  type RankedUnit,
  rankReason,
  standInPrefix,
  substitutePrefix,
} from "./candidates.ts";
import { type Requirement, UNIT_TYPES, type UnitType } from "./model.ts";
import type { RequirementResultView } from "./schemas.ts";
import type { UnitView } from "./units.ts";

export type RequirementResult = RequirementResultView;

/** How many alternatives a line offers after its chosen units. */
const ALTERNATIVES = 3;

/** Units that could fill a line but are not ranked: no position, or no road to the incident. */
export interface Unranked {
  unpositioned: UnitView[];
  unreachable: UnitView[];
}

/**
 * The plan's lines, filled from `ranked` (every reachable available unit, fastest first).
 * `taken` collects the units chosen, so no unit fills two lines.
 */
export function fillLines(
  requirements: readonly Requirement[],
  ranked: readonly RankedUnit[],
  unranked: Unranked,
  setting: CandidateSetting,
  taken: Set<string> = new Set(),
): RequirementResult[] {
  return requirements.map((req) => {
    const substitutes = req.substitutes ?? [];
    const types = new Set<UnitType>([req.unitType, ...substitutes]);
    const pool = ranked.filter((r) => types.has(r.unit.type) && !taken.has(r.unit.id));
    const chosenUnits = pool.slice(0, req.count);
    for (const r of chosenUnits) taken.add(r.unit.id);
    // The units of the line's own type that a substitute was preferred to, fastest first.
    const displaced = pool.filter((r) => r.unit.type === req.unitType && !chosenUnits.includes(r));
    let nextDisplaced = 0;
    const describe = (r: RankedUnit, rank: number, isChosen: boolean): Candidate => {
      const base = rankReason(r, rank, setting);
      if (r.unit.type === req.unitType) return candidateOf(r, base, null, setting);
      // A chosen substitute says how much sooner it is than the own-type unit it stands in for.
      const other = isChosen ? displaced[nextDisplaced++] : undefined;
      const gain = isChosen ? (other ? other.etaS - r.etaS : null) : null;
      const prefix = isChosen ? substitutePrefix(r.unit.type, req.unitType, gain) : standInPrefix(req.unitType);
      return candidateOf(r, { zh: prefix.zh + base.zh, en: prefix.en + base.en }, req.unitType, setting);
    };
    const chosen = chosenUnits.map((r, i) => describe(r, i, true));
    const alternatives = pool.slice(req.count, req.count + ALTERNATIVES).map((r, i) => describe(r, req.count + i, false));
    const missing = req.count - chosen.length;
    return {
      unitType: req.unitType,
      count: req.count,
      substitutes,
      chosen,
      alternatives,
      missing,
      unfilledReason: missing > 0 ? unfilledReason(req, types, chosen.length, unranked) : null,
    };
  });
}

function unfilledReason(req: Requirement, types: Set<UnitType>, have: number, unranked: Unranked): { zh: string; en: string } {
  const name = UNIT_TYPES[req.unitType];
  const cannot = unranked.unreachable.filter((u) => types.has(u.type)).length;
  const blind = unranked.unpositioned.filter((u) => types.has(u.type)).length;
  const withSubs = types.size > 1;
  return {
    zh: `辖区内空闲${name.zh}${withSubs ? "（含可替代警力）" : ""}不足：需要 ${req.count}，可派 ${have}${cannot ? `（${cannot} 个无法到达）` : ""}${blind ? `（${blind} 个无定位）` : ""}`,
    en: `Not enough available ${name.en} units${withSubs ? " (substitutes included)" : ""} in scope: need ${req.count}, have ${have}${cannot ? ` (${cannot} cannot reach it)` : ""}${blind ? ` (${blind} without a position)` : ""}`,
  };
}
