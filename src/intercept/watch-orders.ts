/**
 * Watch orders (布控): a wanted vehicle pushed to checkpoints. Staff at a checkpoint report a hit
 * or a pass-through, which goes onto the incident's timeline and triggers a re-plan from there.
 * Every order ends: lifted by a person or expired by time, and each step is in the audit chain.
 */
import type { AppContext } from "../context.ts";
import { INCIDENT_STATUS_LABELS } from "../incidents/model.ts";
import { incidentEvent, loadIncidentRow } from "../incidents/service.ts";
import type { Actor } from "../org/model.ts";
import { appendAudit } from "../platform/audit.ts";
import { isoNow } from "../platform/clock.ts";
import { type NewEvent, transact } from "../platform/events.ts";
import { isValidLatLon } from "../platform/geodesy.ts";
import { onceForKey } from "../platform/idempotency.ts";
import { newId } from "../platform/ids.ts";
import type { Problem } from "../platform/problem.ts";
import { problems } from "../platform/problem.ts";
import {
  DEFAULT_HORIZON_MINUTES,
  DEFAULT_MAX_ACTIVATIONS,
  DEFAULT_ORDER_HOURS,
  MAX_ORDER_HOURS,
  REPORT_KINDS,
  type ReportKind,
  WATCH_ORDER_LABELS,
  type WatchOrderMode,
  type WatchOrderStatus,
} from "./model.ts";
import { nodeOfSnap, validatePlanNumbers } from "./planner.ts";
import { computePlan, replanParams, type StoredPlan } from "./plans.ts";
import { interceptProblems, roadNetworkOf, toInterceptProblem } from "./problems.ts";
import { listCheckpoints, loadCheckpoint } from "./rings.ts";
import type { CheckpointReportView, ReportBody, WatchOrderBody, WatchOrderQuery, WatchOrderView, WatchReportView } from "./schemas.ts";
import type { WatchOrdersTable } from "./tables.ts";

/**
 * Push to the listed rings' and checkpoints' posts, or (`reachable`) to every checkpoint the
 * suspect can reach in time, counted from `origin` (the last known position: a sighting or a
 * checkpoint report; the incident's location when not given), where the suspect was
 * `minutesSinceFlight` minutes ago.
 */
export type WatchOrderInput = WatchOrderBody;

const toView = (r: WatchOrdersTable): WatchOrderView => ({
  id: r.id,
  incidentId: r.incident_id,
  plate: r.plate,
  vehicle: r.vehicle,
  description: r.description,
  mode: r.mode as WatchOrderMode,
  checkpointIds: JSON.parse(r.checkpoint_ids),
  status: r.status as WatchOrderStatus,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  closeReason: r.close_reason,
  version: r.version,
});

const orderEvent = (
  r: Pick<WatchOrdersTable, "id" | "org_path">,
  actor: Actor | null,
  type: string,
  data: Record<string, unknown>,
): NewEvent => ({
  type,
  stream: "watch_order",
  streamId: r.id,
  orgPath: r.org_path,
  actorId: actor?.userId ?? null,
  data,
});

/** Checkpoints whose post the suspect can reach before the horizon ends (free-flow ÷ speed factor). */
async function reachableCheckpoints(ctx: AppContext, origin: { lat: number; lon: number }, r: NonNullable<WatchOrderInput["reachable"]>) {
  const horizonMinutes = r.horizonMinutes ?? DEFAULT_HORIZON_MINUTES.city;
  const speedFactor = r.speedFactor ?? 1;
  try {
    validatePlanNumbers({ minutesSinceFlight: r.minutesSinceFlight, horizonMinutes, speedFactor });
  } catch (err) {
    const p = toInterceptProblem(err) as Problem;
    throw Object.assign(p, { extra: { ...p.extra, field: `reachable.${p.extra.field}` } });
  }
  const network = roadNetworkOf(ctx);
  const snap = network.snap(origin);
  if (!snap) return [];
  const place = network.origin(snap);
  const limitMs = (r.minutesSinceFlight + horizonMinutes) * 60_000 * speedFactor;
  const d = network.dijkstra;
  d.run(place.nodes, place.offsets, { weights: network.weights, limitMs });
  const out: string[] = [];
  for (const c of await listCheckpoints(ctx)) {
    const s = network.snap(c);
    if (!s) continue;
    if (d.dist[nodeOfSnap(network, s)] <= limitMs) out.push(c.id);
  }
  return out;
}

export async function createWatchOrder(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  input: WatchOrderInput,
  idempotencyKey?: string,
): Promise<WatchOrderView> {
  const description = input.description?.trim() ?? "";
  if (!description) throw problems.validation("description", "describe the suspect or vehicle", "请描述嫌疑人或车辆");
  if (input.plate != null && (input.plate.trim().length < 2 || input.plate.length > 20))
    throw problems.validation("plate", "a plate has 2 to 20 characters", "车牌号应为 2 到 20 个字符");
  const expiresIn = input.expiresInMinutes ?? DEFAULT_ORDER_HOURS * 60;
  if (!(expiresIn > 0 && expiresIn <= MAX_ORDER_HOURS * 60))
    throw problems.validation(
      "expiresInMinutes",
      `must be more than 0 and at most ${MAX_ORDER_HOURS * 60}`,
      `必须大于 0 且不超过 ${MAX_ORDER_HOURS * 60}`,
    );
  const chosen = (input.ringIds?.length ?? 0) + (input.checkpointIds?.length ?? 0) > 0;
  if (chosen === !!input.reachable)
    throw problems.validation(
      "reachable",
      "give either ringIds/checkpointIds or reachable, exactly one of the two",
      "ringIds/checkpointIds 与 reachable 必须且只能填写其一",
    );
  const inc = await loadIncidentRow(ctx, actor, incidentId);
  if (["closed", "cancelled"].includes(inc.status))
    throw problems.illegalTransition(inc.status, "watch order", [], { ...INCIDENT_STATUS_LABELS, ...WATCH_ORDER_LABELS });

  let checkpointIds: string[];
  if (input.reachable) {
    const origin = input.reachable.origin ?? inc;
    if (!isValidLatLon(origin.lat, origin.lon))
      throw problems.validation("reachable.origin.lat", "latitude/longitude out of range", "纬度/经度超出范围");
    const snap = roadNetworkOf(ctx).snap(origin);
    if (!snap || snap.distanceM > 500)
      throw interceptProblems.offNetwork(
        "reachable.origin",
        "the last known position is more than 500 m from any road of the network",
        "最后已知位置距路网任何道路都超过 500 米",
      );
    checkpointIds = await reachableCheckpoints(ctx, origin, input.reachable);
    if (checkpointIds.length === 0)
      throw problems.validation(
        "reachable",
        "no checkpoint can be reached within the horizon; choose rings or checkpoints instead",
        "可达时限内到不了任何卡点；请改为选择圈层或卡点",
      );
  } else {
    const ids = new Set<string>();
    for (const [i, id] of (input.checkpointIds ?? []).entries()) {
      await loadCheckpoint(ctx, id).catch((e) => {
        throw Object.assign(e, { extra: { ...e.extra, field: `checkpointIds/${i}` } });
      });
      ids.add(id);
    }
    for (const [i, ringId] of (input.ringIds ?? []).entries()) {
      const ring = await ctx.db.selectFrom("intercept_rings").select("id").where("id", "=", ringId).executeTakeFirst();
      if (!ring) throw Object.assign(problems.notFound("ring", ringId), { extra: { field: `ringIds/${i}` } });
      for (const c of await listCheckpoints(ctx, { ringId })) ids.add(c.id);
    }
    checkpointIds = [...ids];
    if (checkpointIds.length === 0) throw problems.validation("ringIds", "the chosen rings have no checkpoints", "所选圈层没有卡点");
  }
  const now = ctx.clock.now();
  const row: WatchOrdersTable = {
    id: newId(),
    incident_id: incidentId,
    plate: input.plate?.trim() ?? null,
    vehicle: input.vehicle?.trim() || null,
    description,
    mode: input.reachable ? "reachable" : "chosen",
    checkpoint_ids: JSON.stringify(checkpointIds),
    status: "active",
    expires_at: new Date(now.getTime() + expiresIn * 60_000).toISOString(),
    created_at: now.toISOString(),
    created_by: actor.userId,
    closed_at: null,
    closed_by: null,
    close_reason: null,
    org_path: inc.org_path,
    version: 1,
  };
  const stored = await onceForKey<WatchOrderView>(
    ctx.db,
    { actorId: actor.userId, key: idempotencyKey, scope: "watch_order.create", payload: { incidentId, input } },
    (storeKey) =>
      transact(ctx, async (tx, record) => {
        await tx.insertInto("watch_orders").values(row).execute();
        await appendAudit(tx, {
          actorId: actor.userId,
          action: "watch_order.create",
          subjectType: "watch_order",
          subjectId: row.id,
          reason: `incident ${inc.number}: ${description}`,
          orgPath: inc.org_path,
        });
        record(
          orderEvent(row, actor, "watch_order.pushed", { incidentId, checkpointIds, plate: row.plate, vehicle: row.vehicle, description }),
        );
        record(
          incidentEvent(inc, actor, "watch_order.created", {
            orderId: row.id,
            plate: row.plate,
            vehicle: row.vehicle,
            mode: row.mode,
            checkpoints: checkpointIds.length,
            expiresAt: row.expires_at,
          }),
        );
        const view = toView(row);
        await storeKey(tx, 201, view);
        return view;
      }),
  );
  return stored.body;
}

/** Marks orders past their time as expired (with event and audit). Called before every read and report. */
export async function expireWatchOrders(ctx: AppContext): Promise<number> {
  const now = isoNow(ctx.clock);
  const due = await ctx.db.selectFrom("watch_orders").selectAll().where("status", "=", "active").where("expires_at", "<=", now).execute();
  for (const r of due) {
    await transact(ctx, async (tx, record) => {
      const res = await tx
        .updateTable("watch_orders")
        .set({ status: "expired", closed_at: now, close_reason: "expired", version: r.version + 1 })
        .where("id", "=", r.id)
        .where("status", "=", "active")
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      await appendAudit(tx, {
        actorId: "system",
        action: "watch_order.expire",
        subjectType: "watch_order",
        subjectId: r.id,
        reason: `expired at ${r.expires_at}`,
        orgPath: r.org_path,
      });
      record(orderEvent(r, null, "watch_order.expired", { incidentId: r.incident_id }));
      record(incidentEvent({ id: r.incident_id, org_path: r.org_path }, null, "watch_order.expired", { orderId: r.id }));
    });
  }
  return due.length;
}

async function loadOrder(ctx: AppContext, actor: Actor, id: string): Promise<WatchOrdersTable> {
  const r = await ctx.db.selectFrom("watch_orders").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw problems.notFound("watch order", id);
  await loadIncidentRow(ctx, actor, r.incident_id).catch(async (e) => {
    // Checkpoint staff outside the incident's subtree still act on orders pushed to them.
    if ((e as Problem).code !== "out_of_scope") throw e;
  });
  return r;
}

export async function getWatchOrder(ctx: AppContext, actor: Actor, id: string): Promise<WatchOrderView> {
  await expireWatchOrders(ctx);
  return toView(await loadOrder(ctx, actor, id));
}

export async function listWatchOrders(ctx: AppContext, actor: Actor, f: WatchOrderQuery): Promise<WatchOrderView[]> {
  await expireWatchOrders(ctx);
  if (f.incidentId) await loadIncidentRow(ctx, actor, f.incidentId);
  let q = ctx.db.selectFrom("watch_orders").selectAll();
  if (f.incidentId) q = q.where("incident_id", "=", f.incidentId);
  if (f.status) q = q.where("status", "=", f.status);
  const rows = (await q.orderBy("created_at", "desc").limit(500).execute()).map(toView);
  return f.checkpointId ? rows.filter((o) => o.checkpointIds.includes(f.checkpointId!)) : rows;
}

export async function liftWatchOrder(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<WatchOrderView> {
  if (!reason?.trim()) throw problems.validation("reason", "say why the order is lifted", "请填写撤控原因");
  await expireWatchOrders(ctx);
  const r = await loadOrder(ctx, actor, id);
  if (r.status !== "active") throw problems.illegalTransition(r.status, "lifted", [], WATCH_ORDER_LABELS);
  const now = isoNow(ctx.clock);
  const set = { status: "lifted", closed_at: now, closed_by: actor.userId, close_reason: reason.trim(), version: r.version + 1 };
  await transact(ctx, async (tx, record) => {
    const res = await tx.updateTable("watch_orders").set(set).where("id", "=", id).where("version", "=", r.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the watch order changed meanwhile; reload it", "布控指令已被他人修改，请刷新后重试");
    await appendAudit(tx, {
      actorId: actor.userId,
      action: "watch_order.lift",
      subjectType: "watch_order",
      subjectId: id,
      reason: reason.trim(),
      orgPath: r.org_path,
    });
    record(orderEvent(r, actor, "watch_order.lifted", { reason: reason.trim() }));
    record(incidentEvent({ id: r.incident_id, org_path: r.org_path }, actor, "watch_order.lifted", { orderId: id, reason: reason.trim() }));
  });
  return toView({ ...r, ...set });
}

/**
 * A checkpoint reports a hit (the wanted vehicle identified at the post) or a pass-through (it
 * went through without being stopped). Either way the incident learns where the suspect was and
 * when, and the plan is recomputed from there; `stopped: true` on a hit means the suspect is in
 * hand, so no re-plan is needed.
 */
export async function reportAtCheckpoint(
  ctx: AppContext,
  actor: Actor,
  orderId: string,
  input: ReportBody,
  idempotencyKey?: string,
): Promise<{ report: CheckpointReportView; plan: StoredPlan | null; replanError: WatchReportView["replanError"] }> {
  if (!REPORT_KINDS.includes(input.kind)) throw problems.unknownCode("kind", "report kind", String(input.kind));
  if (input.stopped && input.kind !== "hit")
    throw problems.validation("stopped", "only a hit can stop the vehicle", "只有“发现（比中）”报告才能标记拦停");
  const nowMs = ctx.clock.now().getTime();
  const at = input.at ?? new Date(nowMs).toISOString();
  const atMs = Date.parse(at);
  if (Number.isNaN(atMs) || atMs > nowMs + 60_000) throw problems.validation("at", "must be a time not in the future", "不能晚于当前时间");
  await expireWatchOrders(ctx);
  const order = await loadOrder(ctx, actor, orderId);
  if (order.status !== "active") throw problems.illegalTransition(order.status, input.kind, [], WATCH_ORDER_LABELS);
  if (atMs < Date.parse(order.created_at) - 60_000)
    throw problems.validation("at", "is before the watch order was issued", "早于布控指令下发时间");
  const ids = JSON.parse(order.checkpoint_ids) as string[];
  if (!ids.includes(input.checkpointId))
    throw problems.validation("checkpointId", "this watch order was not pushed to that checkpoint", "该布控指令未推送到此卡点");
  const cp = await loadCheckpoint(ctx, input.checkpointId);
  const inc = await loadIncidentRow(ctx, null, order.incident_id);
  const report = {
    id: newId(),
    order_id: orderId,
    incident_id: order.incident_id,
    checkpoint_id: cp.id,
    kind: input.kind,
    at,
    reported_by: actor.userId,
    note: input.note ?? null,
    plan_id: null as string | null,
  };
  const stored = await onceForKey<{ id: string }>(
    ctx.db,
    { actorId: actor.userId, key: idempotencyKey, scope: "watch_order.report", payload: { orderId, input } },
    (storeKey) =>
      transact(ctx, async (tx, record) => {
        await tx.insertInto("watch_order_reports").values(report).execute();
        await appendAudit(tx, {
          actorId: actor.userId,
          action: `watch_order.${input.kind}`,
          subjectType: "watch_order",
          subjectId: orderId,
          reason: `checkpoint ${cp.name_zh}${input.note ? `: ${input.note}` : ""}`,
          orgPath: order.org_path,
        });
        const data = {
          orderId,
          reportId: report.id,
          checkpointId: cp.id,
          checkpointName: cp.name_zh,
          lat: cp.lat,
          lon: cp.lon,
          at,
          plate: order.plate,
          stopped: input.stopped === true,
          note: report.note,
        };
        record(orderEvent(order, actor, `watch_order.${input.kind}`, data));
        record(incidentEvent(inc, actor, input.kind === "hit" ? "intercept.checkpoint_hit" : "intercept.checkpoint_pass_through", data));
        await storeKey(tx, 201, { id: report.id });
        return { id: report.id };
      }),
  );
  if (stored.replayed) {
    // A retry: answer with what the first request produced, without a second re-plan.
    const first = await ctx.db.selectFrom("watch_order_reports").selectAll().where("id", "=", stored.body.id).executeTakeFirstOrThrow();
    return {
      report: {
        id: first.id,
        orderId,
        incidentId: first.incident_id,
        checkpointId: first.checkpoint_id,
        kind: first.kind as ReportKind,
        at: first.at,
        note: first.note,
        planId: first.plan_id,
      },
      plan: null,
      replanError: null,
    };
  }
  let plan: StoredPlan | null = null;
  let replanError: WatchReportView["replanError"] = null;
  if (!input.stopped) {
    try {
      const base = await replanParams(ctx, order.incident_id);
      // Checkpoint staff may serve outside the incident's subtree (an outer-ring post): the order
      // pushed to their post is their right to report, and the re-plan follows from the report.
      plan = await computePlan(
        ctx,
        { ...actor, orgPath: order.org_path },
        order.incident_id,
        {
          horizonMinutes: DEFAULT_HORIZON_MINUTES.city,
          maxActivations: DEFAULT_MAX_ACTIVATIONS,
          ...base,
          minutesSinceFlight: Math.max(0, (nowMs - atMs) / 60_000),
          origin: { lat: cp.lat, lon: cp.lon },
        },
        "checkpoint_report",
      );
      await ctx.db.updateTable("watch_order_reports").set({ plan_id: plan.id }).where("id", "=", report.id).execute();
      report.plan_id = plan.id;
    } catch (err) {
      // The report stands even when the re-plan cannot run (no road network, superseded …).
      const p = err as Problem;
      replanError = { code: p.code ?? "internal", detail: (p.extra?.detail as string) ?? p.message };
    }
  }
  return {
    report: {
      id: report.id,
      orderId,
      incidentId: order.incident_id,
      checkpointId: cp.id,
      kind: input.kind,
      at,
      note: report.note,
      stopped: input.stopped === true,
      planId: report.plan_id,
    },
    plan,
    replanError,
  };
}
