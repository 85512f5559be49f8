/**
 * Background work of the non-police loop: the timer sweep (warnings and escalations) and the
 * scheduling of follow-up calls for closed police incidents. `startGovernance` runs both on an
 * interval and also schedules follow-ups promptly when an incident closes; every pass is
 * idempotent, so several processes may run it.
 */
import type { AppContext } from "../context.ts";
import { scheduleIncidentFollowUps } from "./followups/followups.ts";
import { sweepWorkOrderTimers } from "./work-orders/timers.ts";

export async function runGovernanceSweep(ctx: AppContext): Promise<{ warnings: number; escalations: number; followUpsScheduled: number }> {
  const timers = await sweepWorkOrderTimers(ctx);
  const followUpsScheduled = await scheduleIncidentFollowUps(ctx);
  return { ...timers, followUpsScheduled };
}

export function startGovernance(ctx: AppContext, opts: { intervalS?: number } = {}): () => void {
  let running = false;
  let again = false;
  const pass = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await runGovernanceSweep(ctx);
      } while (again);
    } catch (err) {
      console.error("governance sweep failed:", err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(pass, (opts.intervalS ?? ctx.config.clockSweepS) * 1000);
  timer.unref();
  const unsubscribe = ctx.bus.subscribe((e) => {
    if (e.type === "incident.status_changed" && (e.data as { to?: string }).to === "closed") void pass();
  });
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
