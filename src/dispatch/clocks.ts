/**
 * Response-target clocks. A sweep finds open incidents past a stage's deadline and marks them
 * overdue once (a conditional update, so several processes never announce the same breach
 * twice); the event goes out live and stays in the incident's timeline.
 *
 * The arrival clock measures the way to the scene. A unit posted elsewhere for the incident (an
 * intercept point) is not late to the scene, so while every unit on the incident is posted away
 * from it the arrival clock does not mark the incident overdue; it runs again as soon as one
 * unit is headed for the scene (or none is on the incident at all).
 */
import type { AppContext } from "../context.ts";
import { incidentEvent } from "../incidents/service.ts";
import { transact } from "../platform/events.ts";
import { ACTIVE_ASSIGNMENT } from "./model.ts";
import { listTargets, targetMinutes } from "./response-targets.ts";

/** Whether the incident has units on it and every one of them is posted away from the scene. */
export async function allPostedAway(ctx: AppContext, inc: { id: string; lat: number; lon: number }): Promise<boolean> {
  const rows = await ctx.db
    .selectFrom("assignments")
    .innerJoin("units", "units.id", "assignments.unit_id")
    .select(["units.dest_lat", "units.dest_lon"])
    .where("assignments.incident_id", "=", inc.id)
    .where("assignments.status", "in", [...ACTIVE_ASSIGNMENT])
    .where("units.incident_id", "=", inc.id)
    .execute();
  return (
    rows.length > 0 && rows.every((u) => u.dest_lat !== null && u.dest_lon !== null && (u.dest_lat !== inc.lat || u.dest_lon !== inc.lon))
  );
}

export async function sweepOverdue(ctx: AppContext): Promise<number> {
  const tiers = await listTargets(ctx);
  const now = ctx.clock.now();
  const open = await ctx.db
    .selectFrom("incidents")
    .selectAll()
    .where("status", "in", ["new", "dispatched"])
    .where((eb) =>
      eb.or([
        eb.and([eb("first_dispatched_at", "is", null), eb("dispatch_overdue_at", "is", null)]),
        eb.and([eb("first_on_scene_at", "is", null), eb("arrival_overdue_at", "is", null)]),
      ]),
    )
    .execute();
  let marked = 0;
  for (const r of open) {
    const checks = [
      { stage: "dispatch" as const, done: r.first_dispatched_at, flag: r.dispatch_overdue_at, col: "dispatch_overdue_at" as const },
      { stage: "arrival" as const, done: r.first_on_scene_at, flag: r.arrival_overdue_at, col: "arrival_overdue_at" as const },
    ];
    for (const c of checks) {
      if (c.done || c.flag) continue;
      const minutes = targetMinutes(tiers, c.stage, r.priority, r.area_type);
      if (minutes === null) continue;
      const deadline = Date.parse(r.received_at) + minutes * 60_000;
      if (now.getTime() <= deadline) continue;
      if (c.stage === "arrival" && (await allPostedAway(ctx, r))) continue;
      await transact(ctx, async (tx, record) => {
        const res = await tx
          .updateTable("incidents")
          .set({ [c.col]: now.toISOString() })
          .where("id", "=", r.id)
          .where(c.col, "is", null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) {
          marked++;
          record(
            incidentEvent(r, null, "incident.target_overdue", {
              stage: c.stage,
              minutes,
              deadline: new Date(deadline).toISOString(),
              number: r.number,
            }),
          );
        }
      });
    }
  }
  return marked;
}

export function startClocks(ctx: AppContext): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await sweepOverdue(ctx);
    } catch (err) {
      console.error("response-target sweep failed:", err);
    } finally {
      running = false;
    }
  }, ctx.config.clockSweepS * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
