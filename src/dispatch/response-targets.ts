/**
 * Response targets (快反时限): stage × priority × area type → minutes, and the figures measured
 * against them. Stages: `dispatch` (call received → first unit dispatched) and `arrival` (call
 * received → first unit on scene). The defaults are in target-defaults.ts, shared with the console.
 */
import type { AppContext } from "../context.ts";
import type { Priority } from "../incidents/model.ts";
import type { IncidentsTable } from "../incidents/tables.ts";
import type { AreaType } from "../org/model.ts";
import { secondsBetween } from "../platform/clock.ts";
import { newId } from "../platform/ids.ts";
import { STAGES, type Stage } from "./model.ts";
import type { ResponseFiguresView, TargetTierView } from "./schemas.ts";
import { defaultTargets, targetMinutes } from "./target-defaults.ts";

export { defaultTargets, targetMinutes };

export type TargetTier = TargetTierView;

export async function seedTargets(ctx: AppContext, tiers = defaultTargets()): Promise<void> {
  for (const t of tiers) {
    await ctx.db
      .insertInto("response_targets")
      .values({ id: newId(), stage: t.stage, priority: t.priority, area_type: t.areaType, minutes: t.minutes })
      .execute();
  }
}

export async function listTargets(ctx: AppContext): Promise<TargetTier[]> {
  const rows = await ctx.db.selectFrom("response_targets").selectAll().execute();
  // Written only by seedTargets, from the closed lists above.
  return rows.map((r) => ({
    stage: r.stage as Stage,
    priority: r.priority as Priority,
    areaType: r.area_type as AreaType,
    minutes: r.minutes,
  }));
}

export type ResponseFigures = ResponseFiguresView;

export function figuresFor(
  r: Pick<IncidentsTable, "received_at" | "created_at" | "first_dispatched_at" | "first_on_scene_at" | "priority" | "area_type">,
  firstArrivalTravelS: number | null,
  tiers: TargetTier[],
  now: Date,
): ResponseFigures {
  const stageTimes: Record<Stage, string | null> = { dispatch: r.first_dispatched_at, arrival: r.first_on_scene_at };
  const targets = {} as ResponseFigures["targets"];
  for (const stage of STAGES) {
    const minutes = targetMinutes(tiers, stage, r.priority, r.area_type);
    const deadlineMs = minutes === null ? null : Date.parse(r.received_at) + minutes * 60_000;
    const doneAt = stageTimes[stage];
    targets[stage] = {
      minutes,
      deadline: deadlineMs === null ? null : new Date(deadlineMs).toISOString(),
      met: deadlineMs === null || !doneAt ? null : Date.parse(doneAt) <= deadlineMs,
      overdue: deadlineMs !== null && !doneAt && now.getTime() > deadlineMs,
    };
  }
  return {
    callProcessingS: secondsBetween(r.received_at, r.created_at),
    timeToDispatchS: secondsBetween(r.received_at, r.first_dispatched_at),
    travelS: firstArrivalTravelS,
    arrivalS: secondsBetween(r.received_at, r.first_on_scene_at),
    targets,
  };
}
