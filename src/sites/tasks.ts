/**
 * Alarms that go to people on the site first: the property guard (物业保安) or the grid worker
 * (网格员). A task that nobody acknowledges in time moves along the chain guard → grid worker →
 * police; the last step opens an incident. The sweep uses conditional updates, so several
 * processes never escalate one task twice, and the incident's idempotency key covers a crash.
 */
import type { AppContext } from "../context.ts";
import type { Priority } from "../incidents/model.ts";
import { createIncident, incidentEvent } from "../incidents/service.ts";
import { type Actor, inScope } from "../org/model.ts";
import { transact } from "../platform/events.ts";
import { newId } from "../platform/ids.ts";
import { problems } from "../platform/problem.ts";
import { pageSize, underOrg } from "../platform/scope.ts";
import { type ContactRole, type Route, TASK_STATUS_LABELS, type TaskStatus } from "./model.ts";
import { SITES_ACTOR, sitesRuntime } from "./runtime.ts";
import type { SiteTaskView } from "./schemas.ts";
import type { SiteDevicesTable, SitesTable, SiteTasksTable } from "./tables.ts";

export function taskView(r: SiteTasksTable): SiteTaskView {
  return {
    id: r.id,
    siteId: r.site_id,
    deviceId: r.device_id,
    kind: r.kind,
    assignee: r.assignee as ContactRole,
    status: r.status as TaskStatus,
    escalatesTo: { categoryCode: r.category_code, priority: r.priority as Priority },
    createdAt: r.created_at,
    dueAt: r.due_at,
    acknowledgedAt: r.acknowledged_at,
    note: r.note,
    incidentId: r.incident_id,
    orgPath: r.org_path,
    version: r.version,
  };
}

function ackSeconds(ctx: AppContext, site: Pick<SitesTable, "guard_ack_s" | "grid_worker_ack_s">, who: "guard" | "grid_worker"): number {
  const { settings } = sitesRuntime(ctx);
  return who === "guard" ? (site.guard_ack_s ?? settings.guardAckS) : (site.grid_worker_ack_s ?? settings.gridWorkerAckS);
}

const taskEvent = (r: Pick<SiteTasksTable, "id" | "org_path">, actor: Actor | null, type: string, data: Record<string, unknown>) => ({
  type,
  stream: "site_task",
  streamId: r.id,
  orgPath: r.org_path,
  actorId: actor?.userId ?? null,
  data,
});

/** Opens a task for the first person on the route; an open task of the same kind at the site is reused. */
export async function openTask(
  ctx: AppContext,
  site: SitesTable,
  device: SiteDevicesTable | null,
  route: Route,
  signalId: string,
  attach: Record<string, unknown>,
): Promise<SiteTaskView> {
  const existing = await ctx.db
    .selectFrom("site_tasks")
    .selectAll()
    .where("site_id", "=", site.id)
    .where("kind", "=", route.task!)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (existing) return taskView(existing);
  const now = ctx.clock.now();
  // A step with 0 seconds is skipped: a site without a guard starts at the grid worker.
  let assignee = route.to as "guard" | "grid_worker";
  if (assignee === "guard" && ackSeconds(ctx, site, "guard") === 0) assignee = "grid_worker";
  const row: SiteTasksTable = {
    id: newId(),
    site_id: site.id,
    device_id: device?.id ?? null,
    signal_id: signalId,
    kind: route.task!,
    assignee,
    status: "open",
    category_code: route.categoryCode!,
    priority: route.priority!,
    org_path: site.org_path,
    created_at: now.toISOString(),
    due_at: new Date(now.getTime() + ackSeconds(ctx, site, assignee) * 1000).toISOString(),
    acknowledged_at: null,
    acknowledged_by: null,
    note: null,
    incident_id: null,
    version: 1,
  };
  await transact(ctx, async (tx, record) => {
    await tx.insertInto("site_tasks").values(row).execute();
    record(taskEvent(row, null, "site.task_opened", { kind: row.kind, assignee, dueAt: row.due_at, why: route.why, ...attach }));
  });
  return taskView(row);
}

export async function listTasks(
  ctx: AppContext,
  actor: Actor,
  f: { status?: string; siteId?: string; limit?: number } = {},
): Promise<SiteTaskView[]> {
  let q = ctx.db.selectFrom("site_tasks").selectAll().where(underOrg("org_path", actor.orgPath));
  if (f.status) q = q.where("status", "=", f.status);
  if (f.siteId) q = q.where("site_id", "=", f.siteId);
  const rows = await q.orderBy("created_at", "desc").limit(pageSize(f.limit)).execute();
  return rows.map(taskView);
}

/** The guard or grid worker has it: the escalation stops. */
export async function acknowledgeTask(ctx: AppContext, actor: Actor, id: string, note?: string | null): Promise<SiteTaskView> {
  const row = await transact(ctx, async (tx, record) => {
    const r = await tx.selectFrom("site_tasks").selectAll().where("id", "=", id).executeTakeFirst();
    if (!r) throw problems.notFound("site task", id);
    if (!inScope(actor, r.org_path)) throw problems.outOfScope("site task");
    if (r.status !== "open") throw problems.illegalTransition(r.status, "acknowledged", [], TASK_STATUS_LABELS);
    const set = {
      status: "acknowledged",
      acknowledged_at: ctx.clock.now().toISOString(),
      acknowledged_by: actor.userId,
      note: note ?? null,
      version: r.version + 1,
    };
    const res = await tx.updateTable("site_tasks").set(set).where("id", "=", id).where("version", "=", r.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the task changed meanwhile; reload it", "处置任务已被他人修改，请刷新后重试");
    record(taskEvent(r, actor, "site.task_acknowledged", { assignee: r.assignee, note: note ?? null }));
    return { ...r, ...set };
  });
  return taskView(row);
}

/**
 * Moves every overdue open task one step along the chain. Returns how many moved.
 * guard → grid worker (when the site has that step) → police (an incident).
 */
export async function sweepSiteTasks(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const due = await ctx.db.selectFrom("site_tasks").selectAll().where("status", "=", "open").where("due_at", "<=", nowIso).execute();
  let moved = 0;
  for (const r of due) {
    const site = await ctx.db.selectFrom("sites").selectAll().where("id", "=", r.site_id).executeTakeFirst();
    if (!site) continue;
    if (r.assignee === "guard" && ackSeconds(ctx, site, "grid_worker") > 0) {
      const dueAt = new Date(now.getTime() + ackSeconds(ctx, site, "grid_worker") * 1000).toISOString();
      await transact(ctx, async (tx, record) => {
        const res = await tx
          .updateTable("site_tasks")
          .set({ assignee: "grid_worker", due_at: dueAt, version: r.version + 1 })
          .where("id", "=", r.id)
          .where("version", "=", r.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) {
          moved++;
          record(taskEvent(r, null, "site.task_escalated", { from: "guard", to: "grid_worker", dueAt }));
        }
      });
      continue;
    }
    // Last step: the police. The key makes a repeated sweep (or another process) get the same incident.
    const created = await createIncident(
      ctx,
      SITES_ACTOR,
      {
        channel: "sensor",
        categoryCode: r.category_code,
        priority: r.priority as Priority,
        location: { lat: site.lat, lon: site.lon, address: site.address ?? site.name },
        narrative: `${site.name}: ${r.kind} not acknowledged by the ${r.assignee === "guard" ? "guard" : "grid worker"} since ${r.created_at}`,
        flags: { police: true },
      },
      `site-task:${r.id}`,
    );
    await transact(ctx, async (tx, record) => {
      const res = await tx
        .updateTable("site_tasks")
        .set({ status: "escalated", incident_id: created.incident.id, version: r.version + 1 })
        .where("id", "=", r.id)
        .where("version", "=", r.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      moved++;
      await tx.updateTable("site_signals").set({ incident_id: created.incident.id }).where("id", "=", r.signal_id).execute();
      record(taskEvent(r, null, "site.task_escalated", { from: r.assignee, to: "police", incidentId: created.incident.id }));
      record(
        incidentEvent({ id: created.incident.id, org_path: created.incident.orgPath }, null, "incident.site_escalated", {
          taskId: r.id,
          kind: r.kind,
          site: { id: site.id, name: site.name, type: site.type, address: site.address },
          deviceId: r.device_id,
          openedAt: r.created_at,
          lastAssignee: r.assignee,
        }),
      );
    });
  }
  return moved;
}
