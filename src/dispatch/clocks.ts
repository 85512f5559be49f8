/**
 * Response-target clocks. A sweep finds open incidents past a stage's deadline and marks them
 * overdue once (a conditional update, so several processes never announce the same breach
 * twice); the event goes out live and stays in the incident's timeline.
 */
import type { AppContext } from "../context.ts";
import { incidentEvent } from "../incidents/service.ts";
import { transact } from "../platform/events.ts";
import { listTargets, targetMinutes } from "./response-targets.ts";

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
