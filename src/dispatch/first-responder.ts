/**
 * The first responder (就近先行): for an in-progress or urgent call, the nearest available street
 * unit by road goes first, whatever its type, on its own line ahead of the plan's specialist
 * lines and not counted against them. When a plan line already chose that very unit, it is sent
 * once, on that line, and the first-responder line says so.
 */
import { type CandidateSetting, candidateOf, firstResponderReason, type RankedUnit } from "./candidates.ts";
import { UNIT_TYPES, type UnitType } from "./model.ts";
import type { RequirementResult } from "./plan-lines.ts";
import type { FirstResponderView } from "./schemas.ts";

export type FirstResponder = FirstResponderView;

/** The nearest street unit, or null when none can reach the incident. */
export function firstResponderOf(
  ranked: readonly RankedUnit[],
  streetTypes: ReadonlySet<UnitType>,
  lines: readonly RequirementResult[],
  setting: CandidateSetting,
): FirstResponder | null {
  const nearest = ranked.find((r) => streetTypes.has(r.unit.type));
  if (!nearest) return null;
  const candidate = candidateOf(nearest, firstResponderReason(nearest, setting), null, setting);
  const line = lines.find((l) => l.chosen.some((c) => c.unitId === nearest.unit.id));
  if (!line) {
    return {
      candidate,
      onPlanLine: null,
      note: { zh: "先行到场，另加于预案各线之外", en: "Goes first, in addition to the plan's lines" },
    };
  }
  const name = UNIT_TYPES[line.unitType];
  return {
    candidate,
    onPlanLine: line.unitType,
    note: {
      zh: `同为预案“${name.zh}”一线的首选：只派一次`,
      en: `Also the plan's choice for the ${name.en} line: sent once`,
    },
  };
}
