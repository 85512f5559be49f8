/**
 * Sending units to an incident and their progress on it: dispatched → acknowledged → en route →
 * on scene → cleared. Each step stamps the assignment, moves the unit's status and, when it is
 * the first or last of its kind, the incident's status, all in one transaction.
 *
 * Two dispatchers sending one unit at the same moment: the unit row is updated only while its
 * status is available (a conditional UPDATE, which PostgreSQL re-checks after the row lock), and
 * the unique `active_unit_id` column backs that up, so exactly one succeeds and the other gets 409.
 * Every transaction here takes the incident's row lock first (`lockIncident`), then the units':
 * a dispatch and a cancel of one incident run one after the other, and always in that lock order.
 */
import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import type { TravelMethod } from "../geo/travel-times.ts";
import { INCIDENT_STATUS_LABELS } from "../incidents/model.ts";
import { grantIncidentAccess, type IncidentView, incidentView, loadIncidentRow, lockIncident, moveIncident } from "../incidents/service.ts";
import type { IncidentsTable } from "../incidents/tables.ts";
import type { Actor } from "../org/model.ts";
import { isoNow, secondsBetween } from "../platform/clock.ts";
import { isUniqueViolation } from "../platform/db.ts";
import { type NewEvent, transact } from "../platform/events.ts";
import { newId } from "../platform/ids.ts";
import { Problem, problems } from "../platform/problem.ts";
import { clientTime } from "../platform/time-bounds.ts";
import type { Database } from "../schema.ts";
import { ACTIVE_ASSIGNMENT, ASSIGNMENT_STATUS_LABELS, ASSIGNMENT_TRANSITIONS, type AssignmentStatus, type Fix } from "./model.ts";
import { unitEstimates } from "./on-foot.ts";
import { recommend } from "./recommend.ts";
import type { AssignmentView, DispatchResult, StepResult } from "./schemas.ts";
import type { AssignmentsTable, UnitsTable } from "./tables.ts";
import { loadUnitFor, unitEvent, unitStatuses } from "./units.ts";

// An officer whose unit is on an incident may see it even when it lies outside his subtree.
grantIncidentAccess(async (db, actor, incidentId) => {
  if (!actor.unitId) return false;
  const a = await db
    .selectFrom("assignments")
    .select("id")
    .where("incident_id", "=", incidentId)
    .where("unit_id", "=", actor.unitId)
    .executeTakeFirst();
  return !!a;
});

export type { AssignmentView };

function toAssignmentView(a: AssignmentsTable, callsign: string): AssignmentView {
  return {
    id: a.id,
    incidentId: a.incident_id,
    unitId: a.unit_id,
    callsign,
    status: a.status as AssignmentStatus,
    dispatchedAt: a.dispatched_at,
    acknowledgedAt: a.acknowledged_at,
    enRouteAt: a.en_route_at,
    onSceneAt: a.on_scene_at,
    clearedAt: a.cleared_at,
    cancelledAt: a.cancelled_at,
    etaS: a.eta_s,
    // Written only from the engine's own method (TravelTimes.method).
    travelMethod: a.travel_method as TravelMethod,
  };
}

export async function assignmentsOf(ctx: AppContext, incidentId: string): Promise<AssignmentView[]> {
  const rows = await ctx.db
    .selectFrom("assignments")
    .innerJoin("units", "units.id", "assignments.unit_id")
    .selectAll("assignments")
    .select("units.callsign")
    .where("assignments.incident_id", "=", incidentId)
    .orderBy("dispatched_at")
    .execute();
  return rows.map((r) => toAssignmentView(r, r.callsign));
}

/** The first arriving unit's travel (its dispatch → its arrival), or null before anyone arrived. */
export async function firstArrivalTravel(ctx: AppContext, incidentId: string): Promise<number | null> {
  const first = await ctx.db
    .selectFrom("assignments")
    .select(["dispatched_at", "on_scene_at"])
    .where("incident_id", "=", incidentId)
    .where("on_scene_at", "is not", null)
    .orderBy("on_scene_at")
    .executeTakeFirst();
  return first ? secondsBetween(first.dispatched_at, first.on_scene_at) : null;
}

/** The first arriving unit's travel for every incident a unit has reached, by incident id. */
export async function firstArrivalTravels(ctx: AppContext): Promise<Map<string, number | null>> {
  const travel = await ctx.db
    .selectFrom("assignments")
    .select(["incident_id", "dispatched_at", "on_scene_at"])
    .where("on_scene_at", "is not", null)
    .orderBy("on_scene_at")
    .execute();
  const first = new Map<string, number | null>();
  for (const t of travel) if (!first.has(t.incident_id)) first.set(t.incident_id, secondsBetween(t.dispatched_at, t.on_scene_at));
  return first;
}

const assignmentEvent = (inc: IncidentsTable, actor: Actor | null, type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  stream: "incident",
  streamId: inc.id,
  orgPath: inc.org_path,
  actorId: actor?.userId ?? null,
  data,
});

/**
 * Dispatches the listed units, or the recommended plan when `unitIds` is absent. All or nothing:
 * if one unit was just taken, nothing is dispatched and the 409 names it.
 */
/**
 * More work that must commit or fail with the dispatch itself (an intercept plan sends its units
 * to their points and switches checkpoints on in the same transaction).
 */
export type WithinDispatch = (tx: Transaction<Database>, record: (e: NewEvent) => void, inc: IncidentsTable) => Promise<void>;

export async function dispatchUnits(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  unitIds?: string[],
  opts: {
    /** Runs under the incident's lock before any unit is taken: a check that refuses without anything changed. */
    first?: WithinDispatch;
    within?: WithinDispatch;
  } = {},
): Promise<DispatchResult> {
  const rec = await recommend(ctx, actor, incidentId);
  const ids = unitIds ?? rec.unitIds;
  // With more work to do, dispatching no new unit is fine (every unit may already be on it).
  if (ids.length === 0 && !opts.within) throw new Problem(409, "nothing_to_dispatch", {}, { field: "unitIds" });
  if (new Set(ids).size !== ids.length) throw problems.validation("unitIds", "a unit is listed twice", "同一警力重复列出");
  const etas = new Map(rec.requirements.flatMap((r) => [...r.chosen, ...r.alternatives]).map((c) => [c.unitId, c.etaS]));
  const handPicked = ids.filter((id) => !etas.has(id));
  if (handPicked.length) {
    // Units chosen by hand, outside the recommendation, still get an ETA when the engine knows them.
    const inc = await loadIncidentRow(ctx, actor, incidentId);
    const rows = await ctx.db.selectFrom("units").select(["id", "type", "lat", "lon"]).where("id", "in", handPicked).execute();
    const picked = rows.map((u) => ({
      id: u.id,
      type: u.type,
      position: u.lat !== null && u.lon !== null ? { lat: u.lat, lon: u.lon } : null,
    }));
    for (const [id, est] of unitEstimates(ctx.travel, picked, { lat: inc.lat, lon: inc.lon })) {
      if (est.seconds !== null) etas.set(id, est.seconds);
    }
  }
  const statuses = await unitStatuses(ctx);
  const availableCodes = [...statuses.values()].filter((s) => s.baseType === "available").map((s) => s.code);

  const incidentRow = await transact(ctx, async (tx, record) => {
    let inc = await lockIncident(ctx, tx, actor, incidentId);
    if (!["new", "dispatched", "on_scene", "cleared"].includes(inc.status)) {
      throw problems.illegalTransition(inc.status, "dispatched", [], INCIDENT_STATUS_LABELS);
    }
    await opts.first?.(tx, record, inc);
    const now = isoNow(ctx.clock);
    // Units are taken in id order, whatever order the dispatcher listed them in: two dispatches
    // that list the same units differently then wait for each other instead of deadlocking.
    const inLockOrder = [...ids.entries()].sort(([, x], [, y]) => (x < y ? -1 : x > y ? 1 : 0));
    for (const [i, unitId] of inLockOrder) {
      const unit = await loadUnitFor(tx, actor, unitId, "read").catch((e) => {
        throw Object.assign(e, { extra: { ...(e as Problem).extra, field: `unitIds/${i}` } });
      });
      const res = await tx
        .updateTable("units")
        .set({
          status: "dispatched",
          status_since: now,
          incident_id: incidentId,
          dest_lat: inc.lat,
          dest_lon: inc.lon,
          version: unit.version + 1,
        })
        .where("id", "=", unitId)
        .where("status", "in", availableCodes)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        const now2 = await tx.selectFrom("units").select("status").where("id", "=", unitId).executeTakeFirst();
        const st = statuses.get(now2?.status ?? unit.status);
        throw new Problem(
          409,
          "unit_unavailable",
          { unit: unit.callsign, status: st?.nameEn ?? "busy", statusZh: st?.nameZh ?? "忙碌" },
          {
            field: `unitIds/${i}`,
            unitId,
          },
        );
      }
      const eta = etas.get(unitId) ?? null;
      const a: AssignmentsTable = {
        id: newId(),
        incident_id: incidentId,
        unit_id: unitId,
        status: "dispatched",
        active_unit_id: unitId,
        dispatched_at: now,
        acknowledged_at: null,
        en_route_at: null,
        on_scene_at: null,
        cleared_at: null,
        cancelled_at: null,
        eta_s: eta,
        travel_method: ctx.travel.method,
        dispatched_by: actor.userId,
      };
      await tx.insertInto("assignments").values(a).execute();
      record(
        assignmentEvent(inc, actor, "assignment.dispatched", { unitId, callsign: unit.callsign, etaS: eta, travelMethod: a.travel_method }),
      );
      record(
        unitEvent(unit, actor, "unit.status_changed", {
          from: unit.status,
          to: "dispatched",
          incidentId,
          destination: { lat: inc.lat, lon: inc.lon },
        }),
      );
    }
    if (ids.length > 0 && (inc.status === "new" || inc.status === "cleared")) {
      inc = await moveIncident(tx, record, actor, inc, "dispatched", {
        first_dispatched_at: inc.first_dispatched_at ?? now,
      });
    }
    await opts.within?.(tx, record, inc);
    return inc;
  }).catch((err) => {
    if (isUniqueViolation(err))
      throw new Problem(409, "unit_unavailable", { unit: "?", status: "Dispatched", statusZh: "已派警" }, { field: "unitIds" });
    throw err;
  });
  return { incident: await incidentView(ctx, incidentRow), assignments: await assignmentsOf(ctx, incidentId) };
}

const STAMP: Record<AssignmentStatus, keyof AssignmentsTable | null> = {
  dispatched: "dispatched_at",
  acknowledged: "acknowledged_at",
  en_route: "en_route_at",
  on_scene: "on_scene_at",
  cleared: "cleared_at",
  cancelled: "cancelled_at",
};

/** One unit's next step on an incident, by the officer (own unit) or a dispatcher on its behalf. */
export async function advanceAssignment(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  unitId: string,
  to: AssignmentStatus,
  fix?: Fix,
): Promise<StepResult> {
  if (fix && (Math.abs(fix.lat) > 90 || Math.abs(fix.lon) > 180))
    throw problems.validation("fix.lat", "latitude/longitude out of range", "纬度/经度超出范围");
  const fixAt = fix ? clientTime(ctx.clock, "fix.at", fix.at) : null;
  const out = await transact(ctx, async (tx, record) => {
    let inc = await lockIncident(ctx, tx, actor, incidentId);
    const unit = await loadUnitFor(tx, actor, unitId, "act");
    const a = await tx
      .selectFrom("assignments")
      .selectAll()
      .where("incident_id", "=", incidentId)
      .where("unit_id", "=", unitId)
      .where("status", "in", [...ACTIVE_ASSIGNMENT])
      .executeTakeFirst();
    if (!a) throw problems.notFound("assignment", `${incidentId}/${unitId}`);
    const from = a.status as AssignmentStatus;
    if (!ASSIGNMENT_TRANSITIONS[from].includes(to))
      throw problems.illegalTransition(from, to, [...ASSIGNMENT_TRANSITIONS[from]], ASSIGNMENT_STATUS_LABELS);
    const now = isoNow(ctx.clock);
    const ends = to === "cleared" || to === "cancelled";
    const stamp = STAMP[to]!;
    const res = await tx
      .updateTable("assignments")
      .set({ status: to, [stamp]: now, active_unit_id: ends ? null : a.active_unit_id })
      .where("id", "=", a.id)
      .where("status", "=", from)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the assignment changed meanwhile; reload it", "派警记录已被他人修改，请刷新后重试");
    const unitSet: Partial<UnitsTable> = {
      status: ends ? "available" : to,
      status_since: now,
      version: unit.version + 1,
      ...(ends ? { incident_id: null, dest_lat: null, dest_lon: null } : {}),
      ...(fix ? { lat: fix.lat, lon: fix.lon, avl_at: fixAt } : {}),
    };
    await tx.updateTable("units").set(unitSet).where("id", "=", unitId).execute();
    record(
      assignmentEvent(inc, actor, `assignment.${to}`, {
        unitId,
        callsign: unit.callsign,
        fix: fix ?? null,
        onBehalf: actor.unitId !== unitId,
      }),
    );
    record(unitEvent(unit, actor, "unit.status_changed", { from: unit.status, to: unitSet.status, incidentId, fix: fix ?? null }));

    if (to === "on_scene" && inc.status === "dispatched") {
      inc = await moveIncident(tx, record, actor, inc, "on_scene", { first_on_scene_at: inc.first_on_scene_at ?? now });
    }
    if (ends) inc = await clearIfDone(tx, record, actor, inc, now);
    return { inc, a: { ...a, status: to, [stamp]: now }, callsign: unit.callsign };
  });
  if (fix) ctx.travel.setOrigin(unitId, fix);
  return { incident: await incidentView(ctx, out.inc), assignment: toAssignmentView(out.a as AssignmentsTable, out.callsign) };
}

/** When the last active unit leaves, the incident is cleared (awaiting its disposition). */
async function clearIfDone(
  tx: Transaction<Database>,
  record: (e: NewEvent) => void,
  actor: Actor,
  inc: IncidentsTable,
  now: string,
): Promise<IncidentsTable> {
  const active = await tx
    .selectFrom("assignments")
    .select("id")
    .where("incident_id", "=", inc.id)
    .where("status", "in", [...ACTIVE_ASSIGNMENT])
    .executeTakeFirst();
  if (active || !["dispatched", "on_scene"].includes(inc.status)) return inc;
  return moveIncident(tx, record, actor, inc, "cleared", { cleared_at: now });
}

/** Cancels an incident and releases every unit still on it. */
export async function cancelIncident(ctx: AppContext, actor: Actor, incidentId: string, reason: string): Promise<IncidentView> {
  if (!reason?.trim()) throw problems.validation("reason", "a reason is required to cancel", "取消须填写原因");
  const row = await transact(ctx, async (tx, record) => {
    // Under the lock, the assignments read below include every dispatch committed before it.
    const inc = await lockIncident(ctx, tx, actor, incidentId);
    const now = isoNow(ctx.clock);
    const active = await tx
      .selectFrom("assignments")
      .innerJoin("units", "units.id", "assignments.unit_id")
      .select(["assignments.id", "assignments.unit_id", "units.status", "units.org_path", "units.version", "units.callsign"])
      .where("assignments.incident_id", "=", incidentId)
      .where("assignments.status", "in", [...ACTIVE_ASSIGNMENT])
      .execute();
    const updated = await moveIncident(tx, record, actor, inc, "cancelled", { cancelled_at: now }, { reason });
    for (const a of active) {
      await tx
        .updateTable("assignments")
        .set({ status: "cancelled", cancelled_at: now, active_unit_id: null })
        .where("id", "=", a.id)
        .execute();
      await tx
        .updateTable("units")
        .set({ status: "available", status_since: now, incident_id: null, dest_lat: null, dest_lon: null, version: a.version + 1 })
        .where("id", "=", a.unit_id)
        .execute();
      record(assignmentEvent(inc, actor, "assignment.cancelled", { unitId: a.unit_id, callsign: a.callsign }));
      record(
        unitEvent({ id: a.unit_id, org_path: a.org_path }, actor, "unit.status_changed", { from: a.status, to: "available", incidentId }),
      );
    }
    return updated;
  });
  return incidentView(ctx, row);
}
