/**
 * The demo's response plans (预案): which unit types each category and priority sends. The
 * headline case is the seed article's burglary in progress: station, 巡特警 and 刑侦 at once.
 */
import type { AppContext } from "../context.ts";
import type { UnitType } from "../dispatch/model.ts";
import { upsertPlan } from "../dispatch/plans.ts";

export async function seedPlans(ctx: AppContext): Promise<void> {
  const plans: [string, string, [UnitType, number][]][] = [
    // The seed article's headline case: station, 巡特警 and 刑侦 at once.
    [
      "alarm.burglary",
      "in_progress",
      [
        ["station_car", 1],
        ["swat_patrol", 1],
        ["criminal_investigation", 1],
      ],
    ],
    [
      "alarm.intrusion_alarm",
      "in_progress",
      [
        ["station_car", 1],
        ["swat_patrol", 1],
        ["criminal_investigation", 1],
      ],
    ],
    [
      "alarm.robbery",
      "in_progress",
      [
        ["patrol_car", 1],
        ["swat_patrol", 1],
        ["criminal_investigation", 1],
      ],
    ],
    [
      "alarm.homicide",
      "in_progress",
      [
        ["patrol_car", 2],
        ["swat_patrol", 1],
        ["criminal_investigation", 1],
      ],
    ],
    [
      "alarm.weapon",
      "in_progress",
      [
        ["swat_patrol", 1],
        ["patrol_car", 1],
      ],
    ],
    ["alarm.fight", "urgent", [["patrol_car", 2]]],
    [
      "alarm.traffic_accident",
      "urgent",
      [
        ["traffic_motorcycle", 1],
        ["patrol_car", 1],
      ],
    ],
    [
      "alarm.burglary",
      "urgent",
      [
        ["station_car", 1],
        ["criminal_investigation", 1],
      ],
    ],
    [
      "help.suicide_risk",
      "in_progress",
      [
        ["patrol_car", 1],
        ["station_car", 1],
      ],
    ],
  ];
  for (const [categoryCode, priority, reqs] of plans) {
    await upsertPlan(ctx, {
      categoryCode,
      priority,
      areaType: null,
      requirements: reqs.map(([unitType, count]) => ({ unitType, count })),
    });
  }
}
