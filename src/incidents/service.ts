/** Incident intake, reads, updates and the life cycle. Org scope is enforced here, not in routes. */
import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { AppContext } from "../context.ts";
import { listTargets, targetMinutes } from "../dispatch/response-targets.ts";
import { type Actor, type AreaType, can, inScope } from "../org/model.ts";
import { actorsByIds, getOrg, zoneIndex } from "../org/service.ts";
import { appendAudit } from "../platform/audit.ts";
import { isoNow } from "../platform/clock.ts";
import { eventsFor, type NewEvent, transact } from "../platform/events.ts";
import { haversineMeters, isValidLatLon } from "../platform/geodesy.ts";
import { onceForKey } from "../platform/idempotency.ts";
import { newId } from "../platform/ids.ts";
import { Problem, problems } from "../platform/problem.ts";
import { pageSize, underOrg } from "../platform/scope.ts";
import { clientTime } from "../platform/time-bounds.ts";
import type { Database } from "../schema.ts";
import { CATEGORY_KINDS, type Category, type CategoryKind } from "./categories.ts";
import {
  type Channel,
  DISPOSITIONS,
  type Disposition,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TRANSITIONS,
  INVALID_REASONS,
  type IncidentStatus,
  maskName,
  maskPhone,
  type Priority,
} from "./model.ts";
import type { CallerView, CategoryView, IncidentView, NearbyIncident, NoteView, TimelineEntry } from "./schemas.ts";
import type { IncidentsTable } from "./tables.ts";
import { describeTimeline } from "./timeline-lines.ts";

// Other modules answer with incidents too: the view is the contract's, re-exported for them.
export type { IncidentView };

export interface NewIncident {
  channel: Channel;
  categoryCode: string;
  priority?: Priority;
  caller?: { name?: string | null; phone?: string | null };
  location: { lat: number; lon: number; address?: string | null };
  narrative?: string | null;
  /** When the call started ringing; defaults to now. Call processing time is measured from it. */
  receivedAt?: string;
  flags?: { valid?: boolean; invalidReason?: string | null; police?: boolean };
}

const bool = (v: number | null) => (v === null ? null : v === 1);

export async function categoryByCode(ctx: AppContext, code: string): Promise<Category | null> {
  const r = await ctx.db.selectFrom("categories").selectAll().where("code", "=", code).executeTakeFirst();
  return r
    ? {
        code: r.code,
        kind: r.kind as CategoryKind,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        defaultPriority: r.default_priority as Priority,
        police: r.police === 1,
      }
    : null;
}

export async function listCategories(ctx: AppContext): Promise<CategoryView[]> {
  const rows = await ctx.db.selectFrom("categories").selectAll().where("active", "=", 1).orderBy("code").execute();
  return rows.map((r) => ({
    code: r.code,
    kind: r.kind as CategoryKind,
    kindZh: CATEGORY_KINDS[r.kind as CategoryKind]?.zh ?? r.kind,
    kindEn: CATEGORY_KINDS[r.kind as CategoryKind]?.en ?? r.kind,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    defaultPriority: r.default_priority as Priority,
    police: r.police === 1,
  }));
}

export async function seedCategories(ctx: AppContext, categories: Category[]): Promise<void> {
  for (const c of categories) {
    await ctx.db
      .insertInto("categories")
      .values({
        code: c.code,
        kind: c.kind,
        name_zh: c.nameZh,
        name_en: c.nameEn,
        default_priority: c.defaultPriority,
        police: c.police ? 1 : 0,
        active: 1,
      })
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
  }
}

type CategoryRow = { kind: string; name_zh: string; name_en: string };

/** Category rows by code, loaded once for a list instead of once per incident. */
async function categoryRows(db: AppContext["db"]): Promise<Map<string, CategoryRow>> {
  const rows = await db.selectFrom("categories").select(["code", "kind", "name_zh", "name_en"]).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

async function toView(
  ctx: AppContext | Transaction<Database>,
  r: IncidentsTable,
  categories?: Map<string, CategoryRow>,
): Promise<IncidentView> {
  const db = "db" in ctx ? ctx.db : ctx;
  const cat =
    categories?.get(r.category_code) ??
    (await db.selectFrom("categories").selectAll().where("code", "=", r.category_code).executeTakeFirst());
  const disp = r.disposition ? DISPOSITIONS[r.disposition as Disposition] : null;
  return {
    id: r.id,
    number: r.number,
    channel: r.channel as Channel,
    status: r.status as IncidentStatus,
    category: {
      code: r.category_code,
      kind: cat?.kind ?? "",
      nameZh: cat?.name_zh ?? r.category_code,
      nameEn: cat?.name_en ?? r.category_code,
    },
    priority: r.priority as Priority,
    caller: { name: maskName(r.caller_name), phone: maskPhone(r.caller_phone), masked: true },
    location: {
      lat: r.lat,
      lon: r.lon,
      address: r.address,
      zoneId: r.zone_id,
      stationId: r.station_id,
      districtId: r.district_id,
      areaType: r.area_type as AreaType,
    },
    flags: {
      valid: bool(r.valid),
      invalidReason: r.invalid_reason as IncidentView["flags"]["invalidReason"],
      police: bool(r.police),
      duplicateOf: r.duplicate_of,
    },
    narrative: r.narrative,
    disposition:
      r.disposition && disp ? { code: r.disposition as Disposition, nameZh: disp.zh, nameEn: disp.en, note: r.disposition_note } : null,
    times: {
      receivedAt: r.received_at,
      createdAt: r.created_at,
      firstDispatchedAt: r.first_dispatched_at,
      firstOnSceneAt: r.first_on_scene_at,
      clearedAt: r.cleared_at,
      closedAt: r.closed_at,
      cancelledAt: r.cancelled_at,
      dispatchOverdueAt: r.dispatch_overdue_at,
      arrivalOverdueAt: r.arrival_overdue_at,
    },
    orgPath: r.org_path,
    version: r.version,
  };
}

/** Where a point is: its zone, station, district and area type, or a 422 naming the field. */
export async function placeOf(ctx: AppContext, lat: number, lon: number, field = "location") {
  if (!isValidLatLon(lat, lon)) throw problems.validation(`${field}.lat`, "latitude/longitude out of range", "纬度/经度超出范围");
  const index = await zoneIndex(ctx);
  const zone = index.find(lat, lon, "zone");
  const city = index.find(lat, lon, "city");
  if (!zone && !city) throw problems.outsideCity(`${field}.lat`, lat, lon);
  if (!zone) {
    const root = city!;
    return { zoneId: null, stationId: null, districtId: null, areaType: root.areaType ?? "urban", orgPath: root.path };
  }
  const parts = zone.path.split("/").filter(Boolean);
  const station = await getOrg(ctx, parts[parts.length - 2]);
  return {
    zoneId: zone.id,
    stationId: station.id,
    districtId: station.parentId,
    areaType: zone.areaType ?? "urban",
    orgPath: zone.path,
  };
}

async function nextIncidentNumber(tx: Transaction<Database>, now: Date): Promise<string> {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  const name = `incident:${day}`;
  const row = await tx
    .insertInto("counters")
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value: sql`counters.value + 1` }))
    .returning("value")
    .executeTakeFirstOrThrow();
  return `J${day}${String(row.value).padStart(6, "0")}`;
}

export function incidentEvent(
  r: Pick<IncidentsTable, "id" | "org_path">,
  actor: Actor | null,
  type: string,
  data: Record<string, unknown>,
): NewEvent {
  return { type, stream: "incident", streamId: r.id, orgPath: r.org_path, actorId: actor?.userId ?? null, data };
}

export async function createIncident(
  ctx: AppContext,
  actor: Actor,
  input: NewIncident,
  idempotencyKey?: string,
): Promise<{ status: number; incident: IncidentView; replayed: boolean }> {
  const category = await categoryByCode(ctx, input.categoryCode);
  if (!category) throw problems.unknownCode("categoryCode", "category", input.categoryCode);
  if (input.flags?.invalidReason && !INVALID_REASONS.includes(input.flags.invalidReason as never)) {
    throw problems.unknownCode("flags.invalidReason", "invalid-call reason", input.flags.invalidReason);
  }
  const place = await placeOf(ctx, input.location.lat, input.location.lon);
  if (!inScope(actor, place.orgPath)) throw problems.outOfScope("location");
  const now = ctx.clock.now();
  const receivedAt = clientTime(ctx.clock, "receivedAt", input.receivedAt);

  const result = await onceForKey<IncidentView>(
    ctx.db,
    { actorId: actor.userId, key: idempotencyKey, scope: "incident.create", payload: input },
    (storeKey) =>
      transact(ctx, async (tx, record) => {
        const id = newId();
        const row: IncidentsTable = {
          id,
          number: await nextIncidentNumber(tx, now),
          channel: input.channel,
          status: "new",
          category_code: category.code,
          priority: input.priority ?? category.defaultPriority,
          caller_name: input.caller?.name ?? null,
          caller_phone: input.caller?.phone ?? null,
          lat: input.location.lat,
          lon: input.location.lon,
          address: input.location.address ?? null,
          zone_id: place.zoneId,
          station_id: place.stationId,
          district_id: place.districtId,
          area_type: place.areaType,
          org_path: place.orgPath,
          valid: input.flags?.valid === undefined ? null : input.flags.valid ? 1 : 0,
          invalid_reason: input.flags?.invalidReason ?? null,
          police: input.flags?.police === undefined ? (category.police ? 1 : 0) : input.flags.police ? 1 : 0,
          duplicate_of: null,
          narrative: input.narrative ?? null,
          disposition: null,
          disposition_note: null,
          received_at: receivedAt,
          created_at: now.toISOString(),
          first_dispatched_at: null,
          first_on_scene_at: null,
          cleared_at: null,
          closed_at: null,
          cancelled_at: null,
          dispatch_overdue_at: null,
          arrival_overdue_at: null,
          created_by: actor.userId,
          version: 1,
        };
        await tx.insertInto("incidents").values(row).execute();
        record(
          incidentEvent(row, actor, "incident.created", {
            number: row.number,
            channel: row.channel,
            categoryCode: row.category_code,
            priority: row.priority,
            lat: row.lat,
            lon: row.lon,
            address: row.address,
            zoneId: row.zone_id,
            stationId: row.station_id,
          }),
        );
        const view = await toView(tx, row);
        await storeKey(tx, 201, view);
        return view;
      }),
  );
  return { status: result.status, incident: result.body, replayed: result.replayed };
}

/**
 * Other modules may grant access to incidents outside the actor's subtree (dispatch does: an
 * officer sent across a boundary must see the incident he was sent to).
 */
type AccessGrant = (db: AppContext["db"] | Transaction<Database>, actor: Actor, incidentId: string) => Promise<boolean>;
const accessGrants: AccessGrant[] = [];
export function grantIncidentAccess(grant: AccessGrant): void {
  accessGrants.push(grant);
}

async function hasAccessGrant(db: AppContext["db"] | Transaction<Database>, actor: Actor, id: string): Promise<boolean> {
  for (const grant of accessGrants) if (await grant(db, actor, id)) return true;
  return false;
}

async function checkAccess(
  db: AppContext["db"] | Transaction<Database>,
  actor: Actor | null,
  id: string,
  r: IncidentsTable | undefined,
): Promise<IncidentsTable> {
  if (!r) throw problems.notFound("incident", id);
  if (actor && !inScope(actor, r.org_path) && !(await hasAccessGrant(db, actor, id))) throw problems.outOfScope("incident");
  return r;
}

/** Loads an incident the actor may see, or throws 404/403. */
export async function loadIncidentRow(ctx: AppContext | Transaction<Database>, actor: Actor | null, id: string): Promise<IncidentsTable> {
  const db = "db" in ctx ? ctx.db : ctx;
  return checkAccess(db, actor, id, await db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst());
}

/**
 * Loads an incident the actor may see and holds its row until `tx` ends. Every transaction that
 * changes an incident's state or attaches something to it (a unit, a note, a work order, a
 * transfer) starts here, so changes of one incident run one after another and each sees what
 * the one before it committed: a cancel sees the unit a racing dispatch just added, a dispatch
 * sees the cancel. PostgreSQL: SELECT … FOR UPDATE. SQLite: Kysely runs every transaction on the
 * one connection and holds it until the commit, so transactions are serial already (and SQLite
 * has no FOR UPDATE).
 */
export async function lockIncident(
  ctx: Pick<AppContext, "backend">,
  tx: Transaction<Database>,
  actor: Actor | null,
  id: string,
): Promise<IncidentsTable> {
  const r = await tx
    .selectFrom("incidents")
    .selectAll()
    .where("id", "=", id)
    .$if(ctx.backend === "postgres", (q) => q.forUpdate())
    .executeTakeFirst();
  return checkAccess(tx, actor, id, r);
}

export async function getIncident(ctx: AppContext, actor: Actor, id: string): Promise<IncidentView> {
  return toView(ctx, await loadIncidentRow(ctx, actor, id));
}

export interface IncidentFilter {
  status?: IncidentStatus[];
  open?: boolean;
  from?: string;
  to?: string;
  limit?: number;
}

export async function listIncidents(ctx: AppContext, actor: Actor, f: IncidentFilter = {}): Promise<IncidentView[]> {
  let q = ctx.db.selectFrom("incidents").selectAll().where(underOrg("org_path", actor.orgPath));
  if (f.open) q = q.where("status", "in", ["new", "dispatched", "on_scene", "cleared"]);
  if (f.status?.length) q = q.where("status", "in", f.status);
  if (f.from) q = q.where("received_at", ">=", f.from);
  if (f.to) q = q.where("received_at", "<", f.to);
  const rows = await q.orderBy("received_at", "desc").limit(pageSize(f.limit)).execute();
  const categories = await categoryRows(ctx.db);
  return Promise.all(rows.map((r) => toView(ctx, r, categories)));
}

/**
 * Open incidents near a point, received recently: the call-taker's duplicate hint. A nearby
 * incident of the same category, or of the same kind (报警/求助/投诉), is marked as similar.
 */
export async function nearbyIncidents(
  ctx: AppContext,
  actor: Actor,
  q: { lat: number; lon: number; radiusM: number; categoryCode?: string; withinMinutes: number },
): Promise<NearbyIncident[]> {
  if (!isValidLatLon(q.lat, q.lon)) throw problems.validation("lat", "latitude/longitude out of range", "纬度/经度超出范围");
  const dLat = q.radiusM / 111_320;
  const dLon = q.radiusM / (111_320 * Math.cos((q.lat * Math.PI) / 180));
  const since = new Date(ctx.clock.now().getTime() - q.withinMinutes * 60_000).toISOString();
  const rows = await ctx.db
    .selectFrom("incidents")
    .selectAll()
    .where(underOrg("org_path", actor.orgPath))
    .where("status", "in", ["new", "dispatched", "on_scene", "cleared"])
    .where("received_at", ">=", since)
    .where("lat", ">=", q.lat - dLat)
    .where("lat", "<=", q.lat + dLat)
    .where("lon", ">=", q.lon - dLon)
    .where("lon", "<=", q.lon + dLon)
    .execute();
  const kind = q.categoryCode?.split(".")[0];
  const categories = await categoryRows(ctx.db);
  const out = [];
  for (const r of rows) {
    const distanceM = haversineMeters(q, r);
    if (distanceM > q.radiusM) continue;
    const similar =
      r.category_code === q.categoryCode ? "same_category" : kind && r.category_code.startsWith(`${kind}.`) ? "same_kind" : null;
    out.push({ ...(await toView(ctx, r, categories)), distanceM: Math.round(distanceM), similar } as const);
  }
  return out.sort((a, b) => Number(!a.similar) - Number(!b.similar) || a.distanceM - b.distanceM);
}

export async function timeline(ctx: AppContext, actor: Actor, id: string): Promise<TimelineEntry[]> {
  const r = await loadIncidentRow(ctx, actor, id);
  const events = await eventsFor(ctx.db, "incident", id);
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((a): a is string => !!a))];
  const tiers = await listTargets(ctx);
  const minutes = (stage: "dispatch" | "arrival") => targetMinutes(tiers, stage, r.priority, r.area_type);
  return describeTimeline(events, {
    actors: await actorsByIds(ctx, actorIds),
    receivedAt: r.received_at,
    metAt: { dispatch: r.first_dispatched_at, arrival: r.first_on_scene_at },
    targetMinutes: { dispatch: minutes("dispatch"), arrival: minutes("arrival") },
  });
}

/** The unmasked caller, for a stated reason, written to the audit chain in the same transaction. */
export async function readCaller(ctx: AppContext, actor: Actor, id: string, reason: string | undefined): Promise<CallerView> {
  if (!reason || reason.trim().length < 2) throw new Problem(400, "reason_required", {}, { field: "reason" });
  const r = await loadIncidentRow(ctx, actor, id);
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, {
      actorId: actor.userId,
      action: "caller.read",
      subjectType: "incident",
      subjectId: id,
      reason: reason.trim(),
      orgPath: r.org_path,
    }),
  );
  return { name: r.caller_name, phone: r.caller_phone };
}

/**
 * A free-text note on the incident's timeline (an officer's scene notes, a dispatcher's remark).
 * Whoever may update incidents notes any in their subtree; an officer (unit:status:own only)
 * notes just the incidents his unit is or was sent to, which is what the access grants record.
 */
export async function addNote(ctx: AppContext, actor: Actor, id: string, text: string): Promise<NoteView> {
  const clean = text.trim();
  if (!clean) throw problems.validation("text", "the note is empty", "备注不能为空");
  await transact(ctx, async (tx, record) => {
    const r = await lockIncident(ctx, tx, actor, id);
    if (!can(actor, "incident:update") && !(await hasAccessGrant(tx, actor, id))) throw problems.forbidden("incident:update");
    record(incidentEvent(r, actor, "incident.note_added", { text: clean, unitId: actor.unitId, author: actor.displayName }));
  });
  return { incidentId: id, text: clean };
}

export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (!INCIDENT_TRANSITIONS[from].includes(to))
    throw problems.illegalTransition(from, to, [...INCIDENT_TRANSITIONS[from]], INCIDENT_STATUS_LABELS);
}

/**
 * Moves an incident to a new status inside the caller's transaction, on a row the caller took
 * with `lockIncident`. The version check stays as a second line: a change made from a row read
 * without the lock loses with 409 rather than overwrite.
 */
export async function moveIncident(
  tx: Transaction<Database>,
  record: (e: NewEvent) => void,
  actor: Actor | null,
  r: IncidentsTable,
  to: IncidentStatus,
  set: Partial<IncidentsTable>,
  data: Record<string, unknown> = {},
): Promise<IncidentsTable> {
  assertTransition(r.status as IncidentStatus, to);
  const res = await tx
    .updateTable("incidents")
    .set({ ...set, status: to, version: r.version + 1 })
    .where("id", "=", r.id)
    .where("version", "=", r.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw problems.conflict("the incident changed meanwhile; reload it", "警情已被他人修改，请刷新后重试");
  record(incidentEvent(r, actor, "incident.status_changed", { from: r.status, to, ...data }));
  return { ...r, ...set, status: to, version: r.version + 1 };
}

export interface IncidentPatch {
  categoryCode?: string;
  priority?: Priority;
  narrative?: string | null;
  address?: string | null;
  flags?: { valid?: boolean; invalidReason?: string | null; police?: boolean; duplicateOf?: string | null };
  version?: number;
}

export async function updateIncident(ctx: AppContext, actor: Actor, id: string, p: IncidentPatch): Promise<IncidentView> {
  if (p.categoryCode && !(await categoryByCode(ctx, p.categoryCode))) {
    throw problems.unknownCode("categoryCode", "category", p.categoryCode);
  }
  if (p.flags?.invalidReason && !INVALID_REASONS.includes(p.flags.invalidReason as never)) {
    throw problems.unknownCode("flags.invalidReason", "invalid-call reason", p.flags.invalidReason);
  }
  const updated = await transact(ctx, async (tx, record) => {
    const r = await lockIncident(ctx, tx, actor, id);
    if (p.version !== undefined && p.version !== r.version)
      throw problems.conflict("stale version", "数据版本已过期，请刷新后重试", "version");
    if (r.status === "closed" || r.status === "cancelled") throw problems.illegalTransition(r.status, r.status, [], INCIDENT_STATUS_LABELS);
    if (p.flags?.duplicateOf) {
      if (p.flags.duplicateOf === id)
        throw problems.validation("flags.duplicateOf", "an incident cannot duplicate itself", "警情不能标为自身的重复警情");
      await loadIncidentRow(tx, actor, p.flags.duplicateOf);
    }
    const set: Partial<IncidentsTable> = {};
    if (p.categoryCode !== undefined) set.category_code = p.categoryCode;
    if (p.priority !== undefined) set.priority = p.priority;
    if (p.narrative !== undefined) set.narrative = p.narrative;
    if (p.address !== undefined) set.address = p.address;
    if (p.flags?.valid !== undefined) set.valid = p.flags.valid ? 1 : 0;
    if (p.flags?.invalidReason !== undefined) set.invalid_reason = p.flags.invalidReason;
    if (p.flags?.police !== undefined) set.police = p.flags.police ? 1 : 0;
    if (p.flags?.duplicateOf !== undefined) set.duplicate_of = p.flags.duplicateOf;
    const res = await tx
      .updateTable("incidents")
      .set({ ...set, version: r.version + 1 })
      .where("id", "=", id)
      .where("version", "=", r.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the incident changed meanwhile; reload it", "警情已被他人修改，请刷新后重试");
    const changes = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, { from: r[k as keyof IncidentsTable], to: v }]));
    record(incidentEvent(r, actor, "incident.updated", { changes }));
    return { ...r, ...set, version: r.version + 1 };
  });
  return toView(ctx, updated);
}

export async function closeIncident(
  ctx: AppContext,
  actor: Actor,
  id: string,
  disposition: string,
  note?: string | null,
): Promise<IncidentView> {
  if (!(disposition in DISPOSITIONS)) throw problems.unknownCode("disposition", "disposition", disposition);
  const row = await transact(ctx, async (tx, record) => {
    const r = await lockIncident(ctx, tx, actor, id);
    return moveIncident(
      tx,
      record,
      actor,
      r,
      "closed",
      { disposition, disposition_note: note ?? null, closed_at: isoNow(ctx.clock) },
      { disposition, note: note ?? null },
    );
  });
  return toView(ctx, row);
}

export { toView as incidentView };
