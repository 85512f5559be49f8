/**
 * The demo's response plans (预案): which unit types each category and priority sends, and which
 * types may stand in for a line's own when they arrive sooner. The headline case is the seed
 * article's burglary in progress: station, 巡特警 and 刑侦 at once.
 */
import type { AppContext } from "../context.ts";
import type { Requirement, UnitType } from "../dispatch/model.ts";
import { upsertPlan } from "../dispatch/plans.ts";

/**
 * Who may stand in for whom: a patrol car for the station car and the other way round, the
 * mobile squad for 巡特警, a patrol car for the traffic motorcycle. 刑侦 has no stand-in: its
 * work (the scene, the evidence) is not a patrol's.
 */
const SUBSTITUTES: Partial<Record<UnitType, UnitType[]>> = {
  station_car: ["patrol_car"],
  patrol_car: ["station_car"],
  swat_patrol: ["mobile_squad"],
  traffic_motorcycle: ["patrol_car"],
};

const line = (unitType: UnitType, count: number): Requirement => {
  const substitutes = SUBSTITUTES[unitType];
  return substitutes ? { unitType, count, substitutes } : { unitType, count };
};

export async function seedPlans(ctx: AppContext): Promise<void> {
  const plans: [string, string, Requirement[]][] = [
    // The seed article's headline case: station, 巡特警 and 刑侦 at once.
    ["alarm.burglary", "in_progress", [line("station_car", 1), line("swat_patrol", 1), line("criminal_investigation", 1)]],
    ["alarm.intrusion_alarm", "in_progress", [line("station_car", 1), line("swat_patrol", 1), line("criminal_investigation", 1)]],
    ["alarm.robbery", "in_progress", [line("patrol_car", 1), line("swat_patrol", 1), line("criminal_investigation", 1)]],
    ["alarm.homicide", "in_progress", [line("patrol_car", 2), line("swat_patrol", 1), line("criminal_investigation", 1)]],
    ["alarm.weapon", "in_progress", [line("swat_patrol", 1), line("patrol_car", 1)]],
    ["alarm.fight", "urgent", [line("patrol_car", 2)]],
    ["alarm.traffic_accident", "urgent", [line("traffic_motorcycle", 1), line("patrol_car", 1)]],
    ["alarm.burglary", "urgent", [line("station_car", 1), line("criminal_investigation", 1)]],
    ["help.suicide_risk", "in_progress", [line("patrol_car", 1), line("station_car", 1)]],
  ];
  for (const [categoryCode, priority, requirements] of plans) {
    await upsertPlan(ctx, { categoryCode, priority, areaType: null, requirements });
  }
}
