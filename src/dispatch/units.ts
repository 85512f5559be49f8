/** Units (警力), their statuses and AVL positions. */
import type { Kysely, Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { type Actor, can, inScope } from "../org/model.ts";
import { getOrg } from "../org/service.ts";
import { isoNow, secondsBetween } from "../platform/clock.ts";
import { type NewEvent, transact } from "../platform/events.ts";
import { isValidLatLon } from "../platform/geodesy.ts";
import { problems } from "../platform/problem.ts";
import { underOrg } from "../platform/scope.ts";
import { clientTime, latestPlausible } from "../platform/time-bounds.ts";
import type { Database } from "../schema.ts";
import { ACTIVE_ASSIGNMENT, type BaseType, type Fix, SEED_UNIT_STATUSES, UNIT_TYPES, type UnitStatusDef, type UnitType } from "./model.ts";
import type { UnitStatusRequest, UnitView } from "./schemas.ts";
import type { UnitsTable } from "./tables.ts";

export type { UnitView };

export async function seedUnitStatuses(ctx: AppContext, defs = SEED_UNIT_STATUSES): Promise<void> {
  for (const d of defs) {
    await ctx.db
      .insertInto("unit_statuses")
      .values({
        code: d.code,
        base_type: d.baseType,
        name_zh: d.nameZh,
        name_en: d.nameEn,
        warn_after_s: d.warnAfterS,
        alert_after_s: d.alertAfterS,
      })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
  }
}

/** The unit statuses' names, for a message a person reads. */
export function statusLabels(statuses: Map<string, UnitStatusDef>): Record<string, { zh: string; en: string }> {
  return Object.fromEntries([...statuses.values()].map((s) => [s.code, { zh: s.nameZh, en: s.nameEn }]));
}

export async function unitStatuses(ctx: AppContext | Transaction<Database>): Promise<Map<string, UnitStatusDef>> {
  const db = "db" in ctx ? ctx.db : ctx;
  const rows = await db.selectFrom("unit_statuses").selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.code,
      {
        code: r.code,
        baseType: r.base_type as BaseType,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        warnAfterS: r.warn_after_s,
        alertAfterS: r.alert_after_s,
      },
    ]),
  );
}

export function toUnitView(r: UnitsTable, statuses: Map<string, UnitStatusDef>, now: Date, staleAfterS: number): UnitView {
  const s = statuses.get(r.status);
  const inStatusS = secondsBetween(r.status_since, now.toISOString()) ?? 0;
  const level =
    s?.alertAfterS != null && inStatusS >= s.alertAfterS ? "alert" : s?.warnAfterS != null && inStatusS >= s.warnAfterS ? "warn" : "ok";
  const ageS = r.avl_at ? (secondsBetween(r.avl_at, now.toISOString()) ?? 0) : 0;
  return {
    id: r.id,
    callsign: r.callsign,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    type: r.type as UnitType,
    stationId: r.station_id,
    status: {
      code: r.status,
      baseType: s?.baseType ?? "unavailable",
      nameZh: s?.nameZh ?? r.status,
      nameEn: s?.nameEn ?? r.status,
      since: r.status_since,
      level,
    },
    incidentId: r.incident_id,
    position:
      r.lat !== null && r.lon !== null && r.avl_at
        ? { lat: r.lat, lon: r.lon, at: r.avl_at, ageS, stale: ageS > staleAfterS, staleAfterS }
        : null,
    destination: r.dest_lat !== null && r.dest_lon !== null ? { lat: r.dest_lat, lon: r.dest_lon } : null,
    orgPath: r.org_path,
    version: r.version,
  };
}

export interface NewUnit {
  id: string;
  callsign: string;
  nameZh: string;
  nameEn: string;
  type: UnitType;
  stationId: string;
  status?: string;
  position?: Fix;
}

export async function createUnit(ctx: AppContext, u: NewUnit): Promise<void> {
  if (!(u.type in UNIT_TYPES)) throw problems.unknownCode("type", "unit type", u.type);
  const station = await getOrg(ctx, u.stationId);
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto("units")
    .values({
      id: u.id,
      callsign: u.callsign,
      name_zh: u.nameZh,
      name_en: u.nameEn,
      type: u.type,
      station_id: station.id,
      org_path: station.path,
      status: u.status ?? "available",
      status_since: now,
      incident_id: null,
      lat: u.position?.lat ?? null,
      lon: u.position?.lon ?? null,
      avl_at: u.position ? (u.position.at ?? now) : null,
      dest_lat: null,
      dest_lon: null,
      version: 1,
    })
    .execute();
  if (u.position) ctx.travel.setOrigin(u.id, u.position);
}

export async function addUnitMember(ctx: AppContext, unitId: string, userId: string): Promise<void> {
  await ctx.db.insertInto("unit_members").values({ unit_id: unitId, user_id: userId }).execute();
}

export async function listUnits(ctx: AppContext, actor: Actor): Promise<UnitView[]> {
  const [rows, statuses] = await Promise.all([
    ctx.db.selectFrom("units").selectAll().where(underOrg("org_path", actor.orgPath)).orderBy("callsign").execute(),
    unitStatuses(ctx),
  ]);
  const now = ctx.clock.now();
  return rows.map((r) => toUnitView(r, statuses, now, ctx.config.avlStaleAfterS));
}

/** Officers act on their own unit; dispatchers on any unit in their subtree. */
export async function loadUnitFor(
  db: AppContext["db"] | Transaction<Database>,
  actor: Actor,
  unitId: string,
  mode: "read" | "act",
): Promise<UnitsTable> {
  const r = await db.selectFrom("units").selectAll().where("id", "=", unitId).executeTakeFirst();
  if (!r) throw problems.notFound("unit", unitId);
  const own = actor.unitId === unitId;
  if (mode === "act" && !own && !can(actor, "unit:status")) throw problems.forbidden("unit:status");
  if (!own && !inScope(actor, r.org_path)) throw problems.outOfScope("unit");
  return r;
}

/** Each listed unit's org path (who may see it is decided by the caller, with today's right). */
export async function unitOrgPathsOf(ctx: AppContext, unitIds: readonly string[]): Promise<Map<string, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom("units")
    .select(["id", "org_path"])
    .where("id", "in", [...unitIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.org_path]));
}

/** The units now committed to an incident. */
export async function unitIdsOnIncident(ctx: AppContext, incidentId: string): Promise<string[]> {
  return (await ctx.db.selectFrom("units").select("id").where("incident_id", "=", incidentId).execute()).map((r) => r.id);
}

/** A unit's last reported position (null before its first fix); the unit must exist. */
export async function unitPosition(ctx: AppContext, unitId: string): Promise<{ lat: number | null; lon: number | null }> {
  return ctx.db.selectFrom("units").select(["lat", "lon"]).where("id", "=", unitId).executeTakeFirstOrThrow();
}

export async function getUnit(ctx: AppContext, actor: Actor, unitId: string): Promise<UnitView> {
  const r = await loadUnitFor(ctx.db, actor, unitId, "read");
  return toUnitView(r, await unitStatuses(ctx), ctx.clock.now(), ctx.config.avlStaleAfterS);
}

export function unitEvent(
  r: Pick<UnitsTable, "id" | "org_path">,
  actor: Actor | null,
  type: string,
  data: Record<string, unknown>,
): NewEvent {
  return { type, stream: "unit", streamId: r.id, orgPath: r.org_path, actorId: actor?.userId ?? null, data };
}

function checkFix(fix: Fix | undefined, field: string): void {
  if (fix && !isValidLatLon(fix.lat, fix.lon))
    throw problems.validation(`${field}.lat`, "latitude/longitude out of range", "纬度/经度超出范围");
}

/**
 * A status change outside an assignment (available, at station, meal break, off duty …). Steps on
 * an incident go through the assignment instead, so the incident's clocks stay right.
 */
export async function setUnitStatus(ctx: AppContext, actor: Actor, unitId: string, input: UnitStatusRequest): Promise<UnitView> {
  checkFix(input.fix, "fix");
  const fixAt = input.fix ? clientTime(ctx.clock, "fix.at", input.fix.at) : null;
  const statuses = await unitStatuses(ctx);
  const target = statuses.get(input.status);
  if (!target) throw problems.unknownCode("status", "unit status", input.status);
  if (target.baseType === "committed") {
    const allowed = [...statuses.values()].filter((s) => s.baseType !== "committed").map((s) => s.code);
    throw problems.illegalTransition("-", input.status, allowed, statusLabels(statuses));
  }
  const row = await transact(ctx, async (tx, record) => {
    const r = await loadUnitFor(tx, actor, unitId, "act");
    if (r.incident_id) {
      throw problems.illegalTransition(r.status, input.status, [], statusLabels(statuses));
    }
    if (input.version !== undefined && input.version !== r.version)
      throw problems.conflict("stale version", "数据版本已过期，请刷新后重试", "version");
    const now = isoNow(ctx.clock);
    const set: Partial<UnitsTable> = {
      status: input.status,
      status_since: now,
      dest_lat: input.destination?.lat ?? null,
      dest_lon: input.destination?.lon ?? null,
      version: r.version + 1,
    };
    if (input.fix) Object.assign(set, { lat: input.fix.lat, lon: input.fix.lon, avl_at: fixAt });
    const res = await tx.updateTable("units").set(set).where("id", "=", unitId).where("version", "=", r.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the unit changed meanwhile; reload it", "警力状态已被他人修改，请刷新后重试");
    record(
      unitEvent(r, actor, "unit.status_changed", {
        from: r.status,
        to: input.status,
        fix: input.fix ?? null,
        destination: input.destination ?? null,
        onBehalf: actor.unitId !== unitId,
      }),
    );
    return { ...r, ...set };
  });
  if (input.fix) ctx.travel.setOrigin(unitId, input.fix);
  return toUnitView(row, statuses, ctx.clock.now(), ctx.config.avlStaleAfterS);
}

/**
 * Points a unit already on an incident at a new destination (an intercept point, a cordon post),
 * inside the caller's transaction. Only a unit assigned to that incident is redirected. Its
 * assignment's ETA becomes the time to the new destination (`etaS`, null when the caller has
 * none): the console's assignment list must not keep the time to the scene.
 */
export async function setUnitDestination(
  tx: Transaction<Database>,
  record: (e: NewEvent) => void,
  actor: Actor,
  unitId: string,
  incidentId: string,
  destination: { lat: number; lon: number },
  data: Record<string, unknown> & { etaS?: number | null } = {},
): Promise<void> {
  const row = await tx.selectFrom("units").selectAll().where("id", "=", unitId).executeTakeFirst();
  if (!row) throw problems.notFound("unit", unitId);
  const res = await tx
    .updateTable("units")
    .set({ dest_lat: destination.lat, dest_lon: destination.lon, version: row.version + 1 })
    .where("id", "=", unitId)
    .where("incident_id", "=", incidentId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw problems.conflict(`unit ${row.callsign} is not on this incident`, `警力 ${row.callsign} 不在本警情中`, "unitId");
  await tx
    .updateTable("assignments")
    .set({ eta_s: data.etaS ?? null })
    .where("unit_id", "=", unitId)
    .where("incident_id", "=", incidentId)
    .where("status", "in", [...ACTIVE_ASSIGNMENT])
    .execute();
  record(unitEvent(row, actor, "unit.destination_changed", { incidentId, destination, ...data }));
}

/** A unit's state as a confirmation fingerprints it: what it is doing, and where it is headed. */
export interface UnitDutyState {
  id: string;
  callsign: string;
  status: string;
  incidentId: string | null;
  destination: { lat: number; lon: number } | null;
}

/**
 * The listed units' states, read in the caller's transaction (or outside one), so a confirmed
 * dispatch can check under its locks that nothing changed since the dispatcher confirmed.
 */
export async function unitDutyStates(db: Kysely<Database> | Transaction<Database>, unitIds: readonly string[]): Promise<UnitDutyState[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom("units")
    .select(["id", "callsign", "status", "incident_id", "dest_lat", "dest_lon"])
    .where("id", "in", [...unitIds])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    callsign: r.callsign,
    status: r.status,
    incidentId: r.incident_id,
    destination: r.dest_lat !== null && r.dest_lon !== null ? { lat: r.dest_lat, lon: r.dest_lon } : null,
  }));
}

/**
 * An AVL position report. Positions are not state changes: they update the row and go out live,
 * but are not written to the event log (a city's fleet reports every few seconds). A report older
 * than the stored position is accepted but neither stored nor published: the live map must never
 * show a position the database does not hold. Returns whether it was stored.
 */
export async function reportPosition(ctx: AppContext, actor: Actor, unitId: string, fix: Fix): Promise<boolean> {
  checkFix(fix, "");
  const r = await loadUnitFor(ctx.db, actor, unitId, "act");
  const at = clientTime(ctx.clock, "at", fix.at);
  // Out-of-order reports (a phone catching up after a tunnel) must not move the unit backwards.
  // A stored time beyond the clock's skew came from a bad clock before times were bounded; it
  // must not hold off real reports until that day comes.
  const res = await ctx.db
    .updateTable("units")
    .set({ lat: fix.lat, lon: fix.lon, avl_at: at })
    .where("id", "=", unitId)
    .where((eb) => eb.or([eb("avl_at", "is", null), eb("avl_at", "<=", at), eb("avl_at", ">", latestPlausible(ctx.clock))]))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  ctx.travel.setOrigin(unitId, fix);
  ctx.bus.publish([
    {
      seq: null,
      type: "unit.position",
      stream: "unit",
      streamId: unitId,
      at,
      actorId: actor.userId,
      orgPath: r.org_path,
      data: { lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracyM ?? null },
    },
  ]);
  return true;
}

/** Loads every unit's last position into the travel-time engine (at start-up). */
export async function warmTravelTimes(ctx: AppContext): Promise<number> {
  const rows = await ctx.db.selectFrom("units").select(["id", "lat", "lon"]).execute();
  let n = 0;
  for (const r of rows) {
    if (r.lat !== null && r.lon !== null) {
      ctx.travel.setOrigin(r.id, { lat: r.lat, lon: r.lon });
      n++;
    }
  }
  return n;
}
