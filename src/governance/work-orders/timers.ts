/**
 * Work-order timers: settings (defaults overridden per stage and category in `governance_timers`)
 * and the sweep that sends a warning before each deadline and an escalation when it passes. Each
 * warning and escalation is a primary-key insert, so several processes never announce one twice.
 */
import type { AppContext } from "../../context.ts";
import { categoryByCode } from "../../incidents/service.ts";
import { getOrg } from "../../org/service.ts";
import { transact } from "../../platform/events.ts";
import { problems } from "../../platform/problem.ts";
import {
  DEFAULT_TIMERS,
  OPEN_WORK_ORDER_STATUSES,
  STAGE_DONE_COLUMN,
  TIMER_STAGES,
  type TimerSetting,
  type TimerStage,
  type TimerState,
} from "../model.ts";
import type { WorkOrdersTable } from "../tables.ts";
import type { TimerBody, TimerOverride, TimerSettingsView, TimerView } from "./schemas.ts";
import { workOrderEvents } from "./work-order-events.ts";

export type TimerSettings = Record<TimerStage, TimerSetting>;

export async function timerSettings(ctx: AppContext, categoryCode: string): Promise<TimerSettings> {
  const rows = await ctx.db.selectFrom("governance_timers").selectAll().where("category_code", "in", ["", categoryCode]).execute();
  const out = { ...DEFAULT_TIMERS };
  // Category-specific rows are applied after the general ones, so they win.
  for (const r of rows.sort((a, b) => a.category_code.length - b.category_code.length)) {
    out[r.stage as TimerStage] = { stage: r.stage as TimerStage, seconds: r.seconds, warnSeconds: r.warn_seconds };
  }
  return out;
}

export async function listTimerSettings(ctx: AppContext): Promise<TimerSettingsView> {
  const rows = await ctx.db.selectFrom("governance_timers").selectAll().orderBy("category_code").orderBy("stage").execute();
  return {
    defaults: TIMER_STAGES.map((s) => DEFAULT_TIMERS[s]),
    overrides: rows.map((r) => ({
      stage: r.stage as TimerStage,
      categoryCode: r.category_code || null,
      seconds: r.seconds,
      warnSeconds: r.warn_seconds,
    })),
  };
}

export async function setTimer(ctx: AppContext, t: TimerBody): Promise<TimerOverride> {
  if (!TIMER_STAGES.includes(t.stage as TimerStage)) throw problems.unknownCode("stage", "timer stage", t.stage);
  if (!Number.isInteger(t.seconds) || t.seconds <= 0)
    throw problems.validation("seconds", "a positive whole number of seconds", "须为正整数秒");
  const warn = t.warnSeconds ?? Math.floor(t.seconds * 0.75);
  if (!Number.isInteger(warn) || warn <= 0 || warn >= t.seconds) {
    throw problems.validation(
      "warnSeconds",
      "a whole number of seconds, more than 0 and less than seconds",
      "须为整数秒，大于 0 且小于 seconds",
    );
  }
  if (t.categoryCode) {
    if (!(await categoryByCode(ctx, t.categoryCode))) throw problems.unknownCode("categoryCode", "category", t.categoryCode);
  }
  const row = { stage: t.stage, category_code: t.categoryCode ?? "", seconds: t.seconds, warn_seconds: warn };
  await ctx.db
    .insertInto("governance_timers")
    .values(row)
    .onConflict((oc) => oc.columns(["stage", "category_code"]).doUpdateSet({ seconds: row.seconds, warn_seconds: row.warn_seconds }))
    .execute();
  return { stage: t.stage, seconds: t.seconds, warnSeconds: warn, categoryCode: t.categoryCode ?? null };
}

/**
 * Removes an override, so the stage falls back to the setting for all categories, or to the
 * default. Like any change of setting, it applies to open orders' timers from now on.
 */
export async function clearTimer(ctx: AppContext, stage: string, categoryCode: string | null): Promise<void> {
  if (!TIMER_STAGES.includes(stage as TimerStage)) throw problems.unknownCode("stage", "timer stage", stage);
  const res = await ctx.db
    .deleteFrom("governance_timers")
    .where("stage", "=", stage)
    .where("category_code", "=", categoryCode ?? "")
    .executeTakeFirst();
  if (Number(res.numDeletedRows) !== 1) throw problems.notFound("timer setting", `${stage}${categoryCode ? ` / ${categoryCode}` : ""}`);
}

/** The state of each timer at `now`; pure, so a view and the sweep agree. */
export function timerViews(r: WorkOrdersTable, settings: TimerSettings, now: number): TimerView[] {
  const start = Date.parse(r.clock_start_at);
  const stopped = r.status === "escalated";
  return TIMER_STAGES.map((stage) => {
    const s = settings[stage];
    const doneAt = r[STAGE_DONE_COLUMN[stage]];
    const deadline = start + s.seconds * 1000;
    let state: TimerState;
    if (doneAt) state = Date.parse(doneAt) <= deadline ? "met" : "missed";
    else if (now > deadline) state = "overdue";
    else if (now > start + s.warnSeconds * 1000) state = "warning";
    else state = "pending";
    return {
      stage,
      seconds: s.seconds,
      warnSeconds: s.warnSeconds,
      deadline: new Date(deadline).toISOString(),
      doneAt,
      state: stopped && !doneAt ? "pending" : state,
      remainingS: doneAt || stopped ? null : Math.round((deadline - now) / 1000),
    };
  });
}

/** One pass over open orders; returns how many warnings and escalations it sent. */
export async function sweepWorkOrderTimers(ctx: AppContext): Promise<{ warnings: number; escalations: number }> {
  const now = ctx.clock.now();
  const rows = await ctx.db.selectFrom("work_orders").selectAll().where("status", "in", OPEN_WORK_ORDER_STATUSES).execute();
  const settingsByCategory = new Map<string, TimerSettings>();
  let warnings = 0;
  let escalations = 0;
  for (const r of rows) {
    let settings = settingsByCategory.get(r.category_code);
    if (!settings) {
      settings = await timerSettings(ctx, r.category_code);
      settingsByCategory.set(r.category_code, settings);
    }
    for (const t of timerViews(r, settings, now.getTime())) {
      if (t.state !== "warning" && t.state !== "overdue") continue;
      // An overdue stage whose warning was never sent (a sweep gap) gets only the escalation.
      const level = t.state === "warning" ? "warning" : "overdue";
      const district = level === "overdue" ? (await getOrg(ctx, r.town_id)).parentId : null;
      await transact(ctx, async (tx, record) => {
        const res = await tx
          .insertInto("work_order_timer_marks")
          .values({ work_order_id: r.id, round: r.reopen_count, stage: t.stage, level, at: now.toISOString() })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return;
        if (level === "warning") warnings++;
        else escalations++;
        const data = {
          stage: t.stage,
          seconds: t.seconds,
          deadline: t.deadline,
          round: r.reopen_count,
          // Overdue orders are escalated one level up: the district the town belongs to.
          escalateTo: district,
        };
        for (const e of workOrderEvents(r, null, level === "warning" ? "workorder.timer_warning" : "workorder.timer_overdue", data, now)) {
          // Warnings stay on the order; escalations also reach the police incident's timeline.
          if (e.stream === "incident" && level === "warning") continue;
          record(e);
        }
      });
    }
  }
  return { warnings, escalations };
}
