/**
 * The response targets a city starts with (快反时限, the mission's reading of Hangzhou's "1358":
 * dispatched within 1 minute; on scene within 3 (core), 5 (urban), 8 (suburban) minutes), and how
 * a target is looked up. Free of the database and of Node, so the console uses the same table
 * until it has read the city's own.
 */
import type { AreaType } from "../org/model.ts";
import type { TargetTierView } from "./schemas.ts";

/** Minutes to first arrival by area type; `satisfies` refuses a missing or an extra area type. */
const ARRIVAL_MINUTES = { core: 3, urban: 5, suburban: 8 } satisfies Record<AreaType, number>;

export function defaultTargets(): TargetTierView[] {
  const tiers: TargetTierView[] = [];
  for (const areaType of Object.keys(ARRIVAL_MINUTES) as AreaType[]) {
    for (const priority of ["in_progress", "urgent"] as const) {
      tiers.push({ stage: "dispatch", priority, areaType, minutes: 1 });
      tiers.push({ stage: "arrival", priority, areaType, minutes: ARRIVAL_MINUTES[areaType] });
    }
    // Routine calls (a lost phone, a noise complaint) are not a race; they still get a clock.
    tiers.push({ stage: "dispatch", priority: "routine", areaType, minutes: 5 });
    tiers.push({ stage: "arrival", priority: "routine", areaType, minutes: ARRIVAL_MINUTES[areaType] * 4 });
  }
  return tiers;
}

/** The target for one stage of a call of this priority in this kind of area; null when none is set. */
export function targetMinutes(
  tiers: readonly TargetTierView[],
  stage: TargetTierView["stage"],
  priority: string,
  areaType: string,
): number | null {
  return tiers.find((t) => t.stage === stage && t.priority === priority && t.areaType === areaType)?.minutes ?? null;
}
