/**
 * Work orders (工单): creation from a diverted incident, the explicit life cycle, assignment by
 * skill and area, take (接单) as a conditional update, decline, escalation back to police, and
 * re-open. Org scope and "only your own orders" are enforced here, not only in routes.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { AppContext } from "../../context.ts";
import type { Channel } from "../../incidents/model.ts";
import { categoryByCode, createIncident, loadIncidentRow } from "../../incidents/service.ts";
import type { IncidentsTable } from "../../incidents/tables.ts";
import { type Actor, can, inScope, type Org } from "../../org/model.ts";
import { eventsFor, type NewEvent, type StoredEvent, transact } from "../../platform/events.ts";
import { newId } from "../../platform/ids.ts";
import { problems } from "../../platform/problem.ts";
import { pageSize, underOrg } from "../../platform/scope.ts";
import type { Database } from "../../schema.ts";
import { pendingFollowUp } from "../followups/followup-row.ts";
import { OPEN_WORK_ORDER_STATUSES, type Skill, WORK_ORDER_STATUS_NAMES, WORK_ORDER_TRANSITIONS, type WorkOrderStatus } from "../model.ts";
import { govProblems } from "../problems.ts";
import type { WorkOrdersTable } from "../tables.ts";
import type { DispatchBody, EscalationView, WorkOrderView } from "./schemas.ts";
import { type TimerSettings, timerSettings, timerViews } from "./timers.ts";
import { getWorker } from "./towns.ts";
import { workOrderEvents } from "./work-order-events.ts";

type Db = Kysely<Database> | Transaction<Database>;
type Record_ = (e: NewEvent) => void;

/** What a view needs per category: its timers and its names. */
interface CategoryContext {
  settings: TimerSettings;
  category: { code: string; nameZh: string; nameEn: string };
}

async function categoryContext(ctx: AppContext, code: string): Promise<CategoryContext> {
  const c = await categoryByCode(ctx, code);
  return { settings: await timerSettings(ctx, code), category: { code, nameZh: c?.nameZh ?? code, nameEn: c?.nameEn ?? code } };
}

export function toWorkOrderView(r: WorkOrdersTable, { settings, category }: CategoryContext, now: number): WorkOrderView {
  const status = r.status as WorkOrderStatus;
  return {
    id: r.id,
    number: r.number,
    status,
    statusName: WORK_ORDER_STATUS_NAMES[status],
    allowed: [...WORK_ORDER_TRANSITIONS[status]],
    incidentId: r.incident_id,
    stationId: r.station_id,
    townId: r.town_id,
    categoryCode: r.category_code,
    category,
    // Written from a routing decision and an incident, so they are always codes of those lists.
    skill: r.skill as Skill,
    channel: r.channel as Channel,
    summary: r.summary,
    location: { lat: r.lat, lon: r.lon, address: r.address },
    assigneeId: r.assignee_id,
    teamSkill: r.team_skill as Skill | null,
    declines: { count: r.decline_count, lastReason: r.last_decline_reason },
    escalation: { incidentId: r.escalated_incident_id, reason: r.escalation_reason, at: r.escalated_at },
    reopenCount: r.reopen_count,
    notes: { handled: r.handled_note, feedback: r.feedback_note, close: r.close_note, photoUrl: r.photo_url },
    times: {
      clockStartAt: r.clock_start_at,
      createdAt: r.created_at,
      dispatchedAt: r.dispatched_at,
      takenAt: r.taken_at,
      onSceneAt: r.on_scene_at,
      handledAt: r.handled_at,
      feedbackAt: r.feedback_at,
      closedAt: r.closed_at,
      followedUpAt: r.followed_up_at,
      escalatedAt: r.escalated_at,
    },
    timers: timerViews(r, settings, now),
    orgPath: r.org_path,
    version: r.version,
  };
}

export async function viewOf(ctx: AppContext, r: WorkOrdersTable): Promise<WorkOrderView> {
  return toWorkOrderView(r, await categoryContext(ctx, r.category_code), ctx.clock.now().getTime());
}

async function nextNumber(tx: Db, now: Date): Promise<string> {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  const row = await tx
    .insertInto("governance_counters")
    .values({ name: `workorder:${day}`, value: 1 })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql`governance_counters.value + 1` }))
    .returning("value")
    .executeTakeFirstOrThrow();
  return `W${day}${String(row.value).padStart(6, "0")}`;
}

/** Creates the order inside the caller's transaction (routing closes the incident in the same one). */
export async function createWorkOrderTx(
  tx: Transaction<Database>,
  record: Record_,
  actor: Actor | null,
  inc: IncidentsTable,
  town: Pick<Org, "id" | "path" | "nameZh">,
  skill: string,
  now: Date,
): Promise<WorkOrdersTable> {
  const iso = now.toISOString();
  const row: WorkOrdersTable = {
    id: newId(),
    number: await nextNumber(tx, now),
    incident_id: inc.id,
    incident_org_path: inc.org_path,
    station_id: inc.station_id,
    town_id: town.id,
    org_path: town.path,
    category_code: inc.category_code,
    skill,
    status: "accepted",
    channel: inc.channel,
    summary: inc.narrative,
    address: inc.address,
    lat: inc.lat,
    lon: inc.lon,
    assignee_id: null,
    team_skill: null,
    decline_count: 0,
    last_decline_reason: null,
    escalated_incident_id: null,
    escalation_reason: null,
    reopen_count: 0,
    clock_start_at: iso,
    created_at: iso,
    dispatched_at: null,
    taken_at: null,
    on_scene_at: null,
    handled_at: null,
    feedback_at: null,
    closed_at: null,
    followed_up_at: null,
    escalated_at: null,
    handled_note: null,
    feedback_note: null,
    photo_url: null,
    close_note: null,
    created_by: actor?.userId ?? "system",
    updated_at: iso,
    version: 1,
  };
  await tx.insertInto("work_orders").values(row).execute();
  for (const e of workOrderEvents(
    row,
    actor,
    "workorder.created",
    {
      status: "accepted",
      incidentNumber: inc.number,
      townName: town.nameZh,
      skill,
      categoryCode: inc.category_code,
    },
    now,
  )) {
    record(e);
  }
  return row;
}

export async function loadWorkOrder(db: Db, id: string): Promise<WorkOrdersTable> {
  const r = await db.selectFrom("work_orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw problems.notFound("work order", id);
  return r;
}

/** Police see orders that came from incidents in their area; centres see their town's orders. */
async function mayRead(ctx: AppContext, actor: Actor, r: WorkOrdersTable): Promise<boolean> {
  if (r.assignee_id === actor.userId) return true;
  if (actor.role === "field_worker") {
    if (r.status !== "dispatched" || r.assignee_id || !r.team_skill) return false;
    const w = await getWorker(ctx, actor.userId);
    return !!w && w.townId === r.town_id && w.skills.includes(r.team_skill as never);
  }
  return inScope(actor, r.org_path) || inScope(actor, r.incident_org_path);
}

export async function getWorkOrder(ctx: AppContext, actor: Actor, id: string): Promise<WorkOrderView> {
  const r = await loadWorkOrder(ctx.db, id);
  if (!(await mayRead(ctx, actor, r))) throw problems.outOfScope("work order");
  return viewOf(ctx, r);
}

export async function workOrderTimeline(ctx: AppContext, actor: Actor, id: string): Promise<StoredEvent[]> {
  await getWorkOrder(ctx, actor, id);
  return eventsFor(ctx.db, "workorder", id);
}

export interface WorkOrderFilter {
  status?: string[];
  open?: boolean;
  townId?: string;
  incidentId?: string;
  limit?: number;
}

export async function listWorkOrders(ctx: AppContext, actor: Actor, f: WorkOrderFilter = {}): Promise<WorkOrderView[]> {
  let q = ctx.db.selectFrom("work_orders").selectAll();
  if (actor.role === "field_worker") {
    const w = await getWorker(ctx, actor.userId);
    q = q.where((eb) =>
      eb.or([
        eb("assignee_id", "=", actor.userId),
        ...(w
          ? [
              eb.and([
                eb("status", "=", "dispatched"),
                eb("assignee_id", "is", null),
                eb("town_id", "=", w.townId),
                eb("team_skill", "in", w.skills.length ? w.skills : ["-"]),
              ]),
            ]
          : []),
      ]),
    );
  } else {
    q = q.where((eb) => eb.or([underOrg("org_path", actor.orgPath), underOrg("incident_org_path", actor.orgPath)]));
  }
  if (f.open) q = q.where("status", "in", OPEN_WORK_ORDER_STATUSES);
  if (f.status?.length) q = q.where("status", "in", f.status);
  if (f.townId) q = q.where("town_id", "=", f.townId);
  if (f.incidentId) q = q.where("incident_id", "=", f.incidentId);
  const rows = await q.orderBy("created_at", "desc").limit(pageSize(f.limit)).execute();
  const now = ctx.clock.now().getTime();
  const byCategory = new Map<string, CategoryContext>();
  const out: WorkOrderView[] = [];
  for (const r of rows) {
    if (!byCategory.has(r.category_code)) byCategory.set(r.category_code, await categoryContext(ctx, r.category_code));
    out.push(toWorkOrderView(r, byCategory.get(r.category_code)!, now));
  }
  return out;
}

export function assertWorkOrderTransition(from: WorkOrderStatus, to: WorkOrderStatus): void {
  if (!WORK_ORDER_TRANSITIONS[from].includes(to))
    throw problems.illegalTransition(from, to, [...WORK_ORDER_TRANSITIONS[from]], WORK_ORDER_STATUS_NAMES);
}

/**
 * Moves an order inside the caller's transaction. The version check makes a concurrent change
 * lose with 409 instead of overwriting; the event goes on both streams.
 */
export async function moveWorkOrder(
  tx: Transaction<Database>,
  record: Record_,
  actor: Actor | null,
  r: WorkOrdersTable,
  to: WorkOrderStatus,
  set: Partial<WorkOrdersTable>,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<WorkOrdersTable> {
  assertWorkOrderTransition(r.status as WorkOrderStatus, to);
  const next = { ...set, status: to, version: r.version + 1, updated_at: now.toISOString() };
  const res = await tx
    .updateTable("work_orders")
    .set(next)
    .where("id", "=", r.id)
    .where("version", "=", r.version)
    .where("status", "=", r.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const now2 = await loadWorkOrder(tx, r.id);
    if (to === "taken" && now2.taken_at) throw govProblems.alreadyTaken(r.number, now2.assignee_id);
    throw problems.conflict("the work order changed meanwhile; reload it", "工单已被他人修改，请刷新后重试");
  }
  for (const e of workOrderEvents(r, actor, "workorder.status_changed", { from: r.status, to, ...data }, now)) record(e);
  return { ...r, ...next } as WorkOrdersTable;
}

function assertManager(actor: Actor, r: WorkOrdersTable): void {
  if (!can(actor, "workorder:manage")) throw problems.forbidden("workorder:manage");
  if (!inScope(actor, r.org_path)) throw problems.outOfScope("work order");
}

/** The assigned worker, or the town centre acting on the worker's behalf (a phoned-in report). */
export function assertWorkerOrManager(actor: Actor, r: WorkOrdersTable): void {
  if (r.assignee_id && r.assignee_id === actor.userId) return;
  if (can(actor, "workorder:manage") && inScope(actor, r.org_path)) return;
  throw govProblems.notAssignee(r.number);
}

async function change(
  ctx: AppContext,
  id: string,
  work: (tx: Transaction<Database>, record: Record_, r: WorkOrdersTable, now: Date) => Promise<WorkOrdersTable>,
): Promise<WorkOrderView> {
  const now = ctx.clock.now();
  const row = await transact(ctx, async (tx, record) => work(tx, record, await loadWorkOrder(tx, id), now));
  return viewOf(ctx, row);
}

/** 派单: to one worker, or offered to the town's team with a skill (first to take it has it). */
export async function dispatchWorkOrder(ctx: AppContext, actor: Actor, id: string, to: DispatchBody): Promise<WorkOrderView> {
  if (to.assigneeId && to.teamSkill)
    throw problems.validation("assigneeId", "give either assigneeId or teamSkill, not both", "assigneeId 与 teamSkill 只能二选一");
  const r0 = await loadWorkOrder(ctx.db, id);
  assertManager(actor, r0);
  assertWorkOrderTransition(r0.status as WorkOrderStatus, "dispatched");
  let assignee: string | null = null;
  let teamSkill: string | null = null;
  if (to.assigneeId) {
    const w = await getWorker(ctx, to.assigneeId);
    if (!w) throw govProblems.notAWorker(to.assigneeId);
    if (!w.orgPath.startsWith(r0.org_path)) throw govProblems.assigneeOutOfArea(w.displayName, r0.town_id);
    if (!w.skills.includes(r0.skill as never)) throw govProblems.workerLacksSkill(w.displayName, r0.skill);
    assignee = w.userId;
  } else {
    teamSkill = to.teamSkill ?? r0.skill;
  }
  return change(ctx, id, async (tx, record, r, now) => {
    assertManager(actor, r);
    return moveWorkOrder(
      tx,
      record,
      actor,
      r,
      "dispatched",
      { assignee_id: assignee, team_skill: teamSkill, dispatched_at: r.dispatched_at ?? now.toISOString() },
      now,
      { assigneeId: assignee, teamSkill },
    );
  });
}

/** 接单. Only one worker can win: the update is conditional on the order still being dispatched. */
export async function takeWorkOrder(ctx: AppContext, actor: Actor, id: string): Promise<WorkOrderView> {
  // Read before the transaction: on SQLite a query outside it would wait for it forever.
  const w = await getWorker(ctx, actor.userId);
  return change(ctx, id, async (tx, record, r, now) => {
    if (r.taken_at && r.status !== "dispatched") throw govProblems.alreadyTaken(r.number, r.assignee_id);
    if (r.status === "dispatched") {
      if (r.assignee_id && r.assignee_id !== actor.userId) throw govProblems.notAssignee(r.number);
      if (!r.assignee_id) {
        if (!w || w.townId !== r.town_id) throw govProblems.assigneeOutOfArea(actor.displayName, r.town_id);
        if (!w.skills.includes(r.team_skill as never)) throw govProblems.workerLacksSkill(actor.displayName, r.team_skill ?? r.skill);
      }
    }
    return moveWorkOrder(tx, record, actor, r, "taken", { assignee_id: actor.userId, taken_at: now.toISOString() }, now, {
      assigneeId: actor.userId,
    });
  });
}

export async function declineWorkOrder(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<WorkOrderView> {
  if (!reason || reason.trim().length < 2) throw problems.validation("reason", "say why the order is declined", "请填写退单原因");
  return change(ctx, id, async (tx, record, r, now) => {
    if (r.assignee_id !== actor.userId) throw govProblems.notAssignee(r.number);
    return moveWorkOrder(
      tx,
      record,
      actor,
      r,
      "accepted",
      { assignee_id: null, team_skill: null, decline_count: r.decline_count + 1, last_decline_reason: reason.trim() },
      now,
      { reason: reason.trim(), declinedBy: actor.userId },
    );
  });
}

export type WorkStep = "on_scene" | "handled" | "feedback" | "closed";

/** The worker's steps: on scene, handled (with a note), first feedback (with an optional photo), close. */
export async function stepWorkOrder(
  ctx: AppContext,
  actor: Actor,
  id: string,
  to: WorkStep,
  input: { note?: string | null; photoUrl?: string | null } = {},
): Promise<WorkOrderView> {
  return change(ctx, id, async (tx, record, r, now) => {
    assertWorkerOrManager(actor, r);
    const iso = now.toISOString();
    const note = input.note?.trim() || null;
    const set: Partial<WorkOrdersTable> =
      to === "on_scene"
        ? { on_scene_at: iso }
        : to === "handled"
          ? { handled_at: iso, handled_note: note }
          : to === "feedback"
            ? { feedback_at: iso, feedback_note: note, photo_url: input.photoUrl ?? r.photo_url }
            : { closed_at: iso, close_note: note };
    const moved = await moveWorkOrder(tx, record, actor, r, to, set, now, { note, photoUrl: input.photoUrl ?? null });
    if (to === "closed") await scheduleWorkOrderFollowUpTx(tx, moved, now);
    return moved;
  });
}

/** A follow-up call for every closing; a re-opened order gets a new one when it closes again. */
async function scheduleWorkOrderFollowUpTx(tx: Transaction<Database>, r: WorkOrdersTable, now: Date): Promise<void> {
  await tx
    .insertInto("followups")
    .values(
      pendingFollowUp(
        {
          subject_type: "work_order",
          subject_id: r.id,
          round: r.reopen_count,
          incident_id: r.incident_id,
          work_order_id: r.id,
          station_id: r.station_id,
          town_id: r.town_id,
          category_code: r.category_code,
          org_path: r.org_path,
        },
        now,
      ),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Negative follow-up (or the centre's own decision): back to the queue, timers start again. */
export async function reopenWorkOrderTx(
  tx: Transaction<Database>,
  record: Record_,
  actor: Actor | null,
  r: WorkOrdersTable,
  reason: string,
  now: Date,
): Promise<WorkOrdersTable> {
  return moveWorkOrder(
    tx,
    record,
    actor,
    r,
    "reopened",
    {
      reopen_count: r.reopen_count + 1,
      clock_start_at: now.toISOString(),
      assignee_id: null,
      team_skill: null,
      dispatched_at: null,
      taken_at: null,
      on_scene_at: null,
      handled_at: null,
      feedback_at: null,
      closed_at: null,
    },
    now,
    { reason },
  );
}

export async function reopenWorkOrder(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<WorkOrderView> {
  if (!reason || reason.trim().length < 2) throw problems.validation("reason", "say why the order is re-opened", "请填写重新办理的原因");
  return change(ctx, id, async (tx, record, r, now) => {
    assertManager(actor, r);
    return reopenWorkOrderTx(tx, record, actor, r, reason.trim(), now);
  });
}

/**
 * 转回公安: one click hands the matter back to the police as a new incident, linked both ways
 * (the order names the new incident; both incidents' timelines name the order). The incident is
 * created with an idempotency key, so a retry after a failure reuses it.
 */
export async function escalateWorkOrder(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<EscalationView> {
  if (!reason || reason.trim().length < 2)
    throw problems.validation("reason", "say why the order goes back to the police", "请填写转公安的原因");
  const r0 = await loadWorkOrder(ctx.db, id);
  assertWorkerOrManager(actor, r0);
  assertWorkOrderTransition(r0.status as WorkOrderStatus, "escalated");
  const origin = await loadIncidentRow(ctx, null, r0.incident_id);
  // The centre acts outside the police org tree; the new incident is created on the module's
  // behalf, still recorded as this user's act.
  const onBehalf: Actor = { ...actor, orgPath: "/" };
  const created = await createIncident(
    ctx,
    onBehalf,
    {
      channel: origin.channel as never,
      categoryCode: origin.category_code,
      priority: "urgent",
      caller: { name: origin.caller_name, phone: origin.caller_phone },
      location: { lat: origin.lat, lon: origin.lon, address: origin.address },
      narrative: `[转自工单 ${r0.number}] ${reason.trim()}${origin.narrative ? `\n${origin.narrative}` : ""}`,
      flags: { valid: true, police: true },
    },
    `workorder-escalation:${r0.id}:${r0.reopen_count}`,
  );
  const inc = created.incident;
  const view = await change(ctx, id, async (tx, record, r, now) => {
    assertWorkerOrManager(actor, r);
    const moved = await moveWorkOrder(
      tx,
      record,
      actor,
      r,
      "escalated",
      { escalated_incident_id: inc.id, escalation_reason: reason.trim(), escalated_at: now.toISOString() },
      now,
      { reason: reason.trim(), escalatedIncidentId: inc.id, escalatedIncidentNumber: inc.number },
    );
    record({
      type: "incident.escalated_from_work_order",
      stream: "incident",
      streamId: inc.id,
      orgPath: inc.orgPath,
      actorId: actor.userId,
      at: now.toISOString(),
      data: { workOrderId: r.id, number: r.number, originIncidentId: r.incident_id, reason: reason.trim() },
    });
    return moved;
  });
  return { workOrder: view, incidentId: inc.id, incidentNumber: inc.number };
}
