/**
 * Follow-up calls (回访). A work order gets its task when it closes (same transaction). A police
 * incident gets one when it closes with a disposition worth calling back about; those are found
 * by reading the event log after a stored cursor, so a crash between the close and the
 * scheduling loses nothing: the next pass picks it up.
 *
 * Outcome: not reached → retried later (up to a limit); reached and satisfied → done (the order
 * moves to followed_up); reached and dissatisfied → the order is re-opened, or the incident is
 * flagged for the station commander (an event on its timeline and an entry in the commander's list).
 */
import type { AppContext } from "../../context.ts";
import { incidentEvent, loadIncidentRow } from "../../incidents/service.ts";
import { type Actor, inScope } from "../../org/model.ts";
import { readEvents, transact } from "../../platform/events.ts";
import { problems } from "../../platform/problem.ts";
import { pageSize, underOrg } from "../../platform/scope.ts";
import { FOLLOW_UP, FOLLOW_UP_DISPOSITIONS, type FollowUpStatus, type FollowUpSubjectType } from "../model.ts";
import { govProblems } from "../problems.ts";
import type { FollowUpsTable } from "../tables.ts";
import { loadWorkOrder, moveWorkOrder, reopenWorkOrderTx } from "../work-orders/work-orders.ts";
import { pendingFollowUp } from "./followup-row.ts";
import type { FollowUpResult, FollowUpView, OutcomeBody } from "./schemas.ts";

const CURSOR = "followups.incidents";

const b = (v: number | null) => (v === null ? null : v === 1);

export function toFollowUpView(r: FollowUpsTable): FollowUpView {
  const what =
    r.subject_type === "work_order"
      ? { zh: "您反映的问题", en: "the matter you reported" }
      : { zh: "您的报警求助", en: "your call to 110" };
  return {
    id: r.id,
    subjectType: r.subject_type as FollowUpSubjectType,
    subjectId: r.subject_id,
    round: r.round,
    incidentId: r.incident_id,
    workOrderId: r.work_order_id,
    stationId: r.station_id,
    townId: r.town_id,
    categoryCode: r.category_code,
    status: r.status as FollowUpStatus,
    dueAt: r.due_at,
    attempts: r.attempts,
    outcome: { reached: b(r.reached), satisfied: b(r.satisfied), comment: r.comment, recordedBy: r.recorded_by, recordedAt: r.recorded_at },
    script: {
      zh: `您好，这里是杭州市公安局回访。关于${what.zh}，处理结果您是否满意？还有什么意见或建议吗？`,
      en: `Hello, this is the Hangzhou police follow-up service. About ${what.en}: are you satisfied with how it was handled? Anything else you would like to tell us?`,
    },
    review: r.reviewed_at ? { note: r.review_note ?? "", by: r.reviewed_by ?? "", at: r.reviewed_at } : null,
  };
}

/** Schedules follow-ups for police incidents closed since the last pass; returns how many. */
export async function scheduleIncidentFollowUps(ctx: AppContext): Promise<number> {
  const cur = await ctx.db.selectFrom("governance_cursors").select("seq").where("name", "=", CURSOR).executeTakeFirst();
  const since = cur?.seq ?? 0;
  // The log is read in commit order, so nothing can appear behind the cursor later.
  const events = await readEvents(ctx.db, { after: since, types: ["incident.status_changed"], limit: 5000 });
  let last = since;
  let scheduled = 0;
  const now = ctx.clock.now();
  for (const e of events) {
    last = Math.max(last, e.seq);
    const data = e.data as { to?: string; disposition?: string };
    if (data.to !== "closed" || !data.disposition || !FOLLOW_UP_DISPOSITIONS.includes(data.disposition)) continue;
    const inc = await loadIncidentRow(ctx, null, e.streamId);
    if (inc.valid === 0) continue;
    const res = await ctx.db
      .insertInto("followups")
      .values(
        pendingFollowUp(
          {
            subject_type: "incident",
            subject_id: inc.id,
            round: 0,
            incident_id: inc.id,
            work_order_id: null,
            station_id: inc.station_id,
            town_id: null,
            category_code: inc.category_code,
            org_path: inc.org_path,
          },
          now,
        ),
      )
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    scheduled += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  if (last > since) {
    await ctx.db
      .insertInto("governance_cursors")
      .values({ name: CURSOR, seq: last })
      .onConflict((oc) => oc.column("name").doUpdateSet({ seq: last }))
      .execute();
  }
  return scheduled;
}

export interface FollowUpFilter {
  status?: FollowUpStatus;
  dueBefore?: string;
  dissatisfied?: boolean;
  subjectType?: FollowUpSubjectType;
  limit?: number;
}

/** Follow-ups within the reader's area: the station's incidents or the town's orders. */
export async function listFollowUps(ctx: AppContext, actor: Actor, f: FollowUpFilter = {}): Promise<FollowUpView[]> {
  let q = ctx.db.selectFrom("followups").selectAll().where(underOrg("org_path", actor.orgPath));
  if (f.status) q = q.where("status", "=", f.status);
  if (f.dueBefore) q = q.where("due_at", "<=", f.dueBefore);
  if (f.dissatisfied) q = q.where("satisfied", "=", 0);
  if (f.subjectType) q = q.where("subject_type", "=", f.subjectType);
  const rows = await q.orderBy("due_at").limit(pageSize(f.limit)).execute();
  return rows.map(toFollowUpView);
}

async function loadFollowUp(ctx: AppContext, actor: Actor, id: string): Promise<FollowUpsTable> {
  const r = await ctx.db.selectFrom("followups").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw problems.notFound("follow-up", id);
  if (!inScope(actor, r.org_path)) throw problems.outOfScope("follow-up");
  return r;
}

export async function getFollowUp(ctx: AppContext, actor: Actor, id: string): Promise<FollowUpView> {
  return toFollowUpView(await loadFollowUp(ctx, actor, id));
}

export type FollowUpOutcome = OutcomeBody;

export async function recordFollowUp(ctx: AppContext, actor: Actor, id: string, o: FollowUpOutcome): Promise<FollowUpResult> {
  if (o.reached && (o.satisfied === undefined || o.satisfied === null)) {
    throw problems.validation("satisfied", "a reached caller is asked whether they are satisfied", "已接通的回访须填写是否满意");
  }
  if (!o.reached && o.satisfied !== undefined && o.satisfied !== null) {
    throw problems.validation("satisfied", "an unreached caller gives no satisfaction answer", "未接通的回访不能填写是否满意");
  }
  const f0 = await loadFollowUp(ctx, actor, id);
  if (f0.status !== "pending") throw govProblems.followUpDone(id);
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const comment = o.comment?.trim() || null;
  return transact(ctx, async (tx, record) => {
    let reopenedWorkOrder = false;
    let flaggedForCommander = false;
    let set: Partial<FollowUpsTable>;
    if (!o.reached) {
      const attempts = f0.attempts + 1;
      set =
        attempts >= FOLLOW_UP.maxAttempts
          ? { attempts, status: "unreachable", reached: 0, comment, recorded_by: actor.userId, recorded_at: iso }
          : { attempts, due_at: new Date(now.getTime() + FOLLOW_UP.retryAfterS * 1000).toISOString(), comment };
    } else {
      set = {
        attempts: f0.attempts + 1,
        status: "done",
        reached: 1,
        satisfied: o.satisfied ? 1 : 0,
        comment,
        recorded_by: actor.userId,
        recorded_at: iso,
      };
    }
    // Conditional on still pending: two callers recording at once cannot both win.
    const res = await tx
      .updateTable("followups")
      .set(set)
      .where("id", "=", id)
      .where("status", "=", "pending")
      .where("attempts", "=", f0.attempts)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw govProblems.followUpDone(id);
    const inc = await loadIncidentRow(tx, null, f0.incident_id);
    const outcome = { followUpId: id, reached: o.reached, satisfied: o.reached ? !!o.satisfied : null, comment, attempts: set.attempts };
    if (f0.subject_type === "work_order" && f0.work_order_id) {
      const wo = await loadWorkOrder(tx, f0.work_order_id);
      if (o.reached && o.satisfied && wo.status === "closed") {
        await moveWorkOrder(tx, record, actor, wo, "followed_up", { followed_up_at: iso }, now, outcome);
      } else if (o.reached && !o.satisfied && wo.status === "closed") {
        await reopenWorkOrderTx(tx, record, actor, wo, comment ?? "回访不满意 / dissatisfied at follow-up", now);
        reopenedWorkOrder = true;
      } else if (!o.reached) {
        record({ ...incidentEvent(inc, actor, "followup.attempted", { workOrderId: wo.id, ...outcome }), at: iso });
      }
    } else {
      const type = !o.reached ? "followup.attempted" : o.satisfied ? "followup.recorded" : "incident.flagged_for_commander";
      flaggedForCommander = o.reached && !o.satisfied;
      record({
        ...incidentEvent(inc, actor, type, {
          ...outcome,
          stationId: inc.station_id,
          ...(flaggedForCommander ? { reason: "dissatisfied" } : {}),
        }),
        at: iso,
      });
    }
    const saved = await tx.selectFrom("followups").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    return { followUp: toFollowUpView(saved), reopenedWorkOrder, flaggedForCommander };
  });
}

/** Incidents whose callers were dissatisfied: the station commander's review list. */
/**
 * Police incidents whose callers were dissatisfied, newest call first: the ones still waiting for
 * the commander's review, or all of them.
 */
export async function commanderFlags(ctx: AppContext, actor: Actor, opts: { includeReviewed?: boolean } = {}): Promise<FollowUpView[]> {
  let q = ctx.db
    .selectFrom("followups")
    .selectAll()
    .where(underOrg("org_path", actor.orgPath))
    .where("subject_type", "=", "incident")
    .where("satisfied", "=", 0);
  if (!opts.includeReviewed) q = q.where("reviewed_at", "is", null);
  const rows = await q.orderBy("recorded_at", "desc").orderBy("id").limit(500).execute();
  return rows.map(toFollowUpView);
}

/**
 * The station commander's review of a dissatisfied call (what was done: the officer spoken to,
 * the caller called back). Written on the incident's timeline; a flag is reviewed once.
 */
export async function reviewCommanderFlag(ctx: AppContext, actor: Actor, id: string, note: string): Promise<FollowUpView> {
  const text = note.trim();
  if (text.length < 2)
    throw problems.validation("note", "say what was done about the caller's dissatisfaction", "请填写针对群众不满意所做的处理");
  const f0 = await loadFollowUp(ctx, actor, id);
  if (f0.subject_type !== "incident" || f0.satisfied !== 0) throw govProblems.notFlagged(id);
  const now = ctx.clock.now().toISOString();
  return transact(ctx, async (tx, record) => {
    const res = await tx
      .updateTable("followups")
      .set({ review_note: text, reviewed_by: actor.userId, reviewed_at: now })
      .where("id", "=", id)
      .where("reviewed_at", "is", null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw govProblems.alreadyReviewed(id);
    const inc = await loadIncidentRow(tx, actor, f0.incident_id);
    record({ ...incidentEvent(inc, actor, "incident.commander_reviewed", { followUpId: id, note: text }), at: now });
    return toFollowUpView(await tx.selectFrom("followups").selectAll().where("id", "=", id).executeTakeFirstOrThrow());
  });
}
