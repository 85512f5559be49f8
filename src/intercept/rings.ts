/** Rings and checkpoints: validated admin operations, reads and the map layer. */
import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { isoNow } from "../platform/clock.ts";
import { type NewEvent, transact } from "../platform/events.ts";
import { isValidLatLon } from "../platform/geodesy.ts";
import { newId } from "../platform/ids.ts";
import { problems } from "../platform/problem.ts";
import type { Database } from "../schema.ts";
import { CHECKPOINT_KINDS, type CheckpointKind, RING_LEVELS, type RingLevel } from "./model.ts";
import { MAX_CHECKPOINT_SNAP_M } from "./planner.ts";
import { boundariesIntersect, type Position, polygonFault } from "./polygon.ts";
import { interceptProblems, roadNetworkOf, withDetail } from "./problems.ts";
import type {
  CheckpointBody,
  CheckpointFeature,
  CheckpointPatch,
  CheckpointView,
  InterceptLayerView,
  RingBody,
  RingFeature,
  RingPatch,
  RingView,
} from "./schemas.ts";
import type { InterceptCheckpointsTable, InterceptRingsTable } from "./tables.ts";

export type RingInput = Omit<RingBody, "id">;
export type CheckpointInput = Omit<CheckpointBody, "id">;

const ringEvent = (id: string, orgPath: string, actor: Actor | null, type: string, data: Record<string, unknown>) => ({
  type,
  stream: "intercept",
  streamId: id,
  orgPath,
  actorId: actor?.userId ?? null,
  data,
});

function toRingView(r: InterceptRingsTable, checkpointCount: number): RingView {
  return {
    id: r.id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    level: r.level as RingLevel,
    polygon: JSON.parse(r.polygon),
    checkpointCount,
    version: r.version,
  };
}

export function toCheckpointView(r: InterceptCheckpointsTable): CheckpointView {
  return {
    id: r.id,
    ringId: r.ring_id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    kind: r.kind as CheckpointKind,
    lat: r.lat,
    lon: r.lon,
    snapMeters: Math.round(r.snap_m),
    staffing: r.staffing,
    activationMinutes: r.activation_minutes,
    active: r.active === 1,
    activatedAt: r.activated_at,
    version: r.version,
  };
}

function checkRingInput(input: Partial<RingInput>): void {
  if (input.nameZh !== undefined && !input.nameZh.trim()) throw problems.validation("nameZh", "must not be empty", "不能为空");
  if (input.level !== undefined && !RING_LEVELS.includes(input.level))
    throw problems.unknownCode("level", "ring level", String(input.level));
  if (input.polygon !== undefined) {
    const why = polygonFault(input.polygon);
    if (why) throw withDetail(problems.validation("polygon", why.reason, why.reasonZh), `polygon ${why.reason}`);
  }
}

/** Rings of one level must nest or be apart: a crossing boundary makes "inside the ring" ambiguous. */
async function checkOverlap(ctx: AppContext, polygon: RingInput["polygon"], level: string, exceptId: string | null): Promise<void> {
  // A checked polygon's positions hold [lon, lat] first (an altitude after them is ignored).
  const outer = polygon[0].map(([lon, lat]): Position => [lon, lat]);
  const others = await ctx.db.selectFrom("intercept_rings").selectAll().where("level", "=", level).execute();
  for (const o of others) {
    if (o.id === exceptId) continue;
    const ring = (JSON.parse(o.polygon) as Position[][])[0];
    if (boundariesIntersect(outer, ring)) throw interceptProblems.ringOverlap("polygon", o.name_zh, level);
  }
}

export async function createRing(ctx: AppContext, actor: Actor, input: RingInput, id = newId()): Promise<RingView> {
  checkRingInput(input);
  await checkOverlap(ctx, input.polygon, input.level, null);
  const now = isoNow(ctx.clock);
  const row: InterceptRingsTable = {
    id,
    name_zh: input.nameZh.trim(),
    name_en: (input.nameEn ?? input.nameZh).trim(),
    level: input.level,
    polygon: JSON.stringify(input.polygon),
    org_path: actor.orgPath,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await transact(ctx, async (tx, record) => {
    if (await tx.selectFrom("intercept_rings").select("id").where("id", "=", id).executeTakeFirst())
      throw problems.conflict(`a ring with id ${id} exists`, `编号为 ${id} 的圈层已存在`, "id");
    await tx.insertInto("intercept_rings").values(row).execute();
    record(ringEvent(id, row.org_path, actor, "ring.created", { nameZh: row.name_zh, level: row.level }));
  });
  return toRingView(row, 0);
}

export async function updateRing(ctx: AppContext, actor: Actor, id: string, patch: RingPatch): Promise<RingView> {
  checkRingInput(patch);
  const r = await loadRing(ctx, id);
  if (patch.version !== undefined && patch.version !== r.version)
    throw problems.conflict("stale version", "数据版本已过期，请刷新后重试", "version");
  const level = patch.level ?? r.level;
  const polygon: RingInput["polygon"] = patch.polygon ?? JSON.parse(r.polygon);
  if (patch.level !== undefined || patch.polygon !== undefined) await checkOverlap(ctx, polygon, level, id);
  const set: Partial<InterceptRingsTable> = { updated_at: isoNow(ctx.clock), version: r.version + 1, level };
  if (patch.nameZh !== undefined) set.name_zh = patch.nameZh.trim();
  if (patch.nameEn !== undefined) set.name_en = patch.nameEn.trim();
  if (patch.polygon !== undefined) set.polygon = JSON.stringify(patch.polygon);
  await transact(ctx, async (tx, record) => {
    const res = await tx.updateTable("intercept_rings").set(set).where("id", "=", id).where("version", "=", r.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the ring changed meanwhile; reload it", "圈层已被他人修改，请刷新后重试");
    record(ringEvent(id, r.org_path, actor, "ring.updated", { from: r.level, level, polygonChanged: patch.polygon !== undefined }));
  });
  const row = { ...r, ...set };
  return toRingView(row, await checkpointCount(ctx, id));
}

async function loadRing(ctx: AppContext, id: string): Promise<InterceptRingsTable> {
  const r = await ctx.db.selectFrom("intercept_rings").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw problems.notFound("ring", id);
  return r;
}

async function checkpointCount(ctx: AppContext, ringId: string): Promise<number> {
  const rows = await ctx.db.selectFrom("intercept_checkpoints").select("id").where("ring_id", "=", ringId).execute();
  return rows.length;
}

export async function listRings(ctx: AppContext): Promise<RingView[]> {
  const [rings, cps] = await Promise.all([
    ctx.db.selectFrom("intercept_rings").selectAll().orderBy("name_zh").execute(),
    ctx.db.selectFrom("intercept_checkpoints").select("ring_id").execute(),
  ]);
  const counts = new Map<string, number>();
  for (const c of cps) if (c.ring_id) counts.set(c.ring_id, (counts.get(c.ring_id) ?? 0) + 1);
  return rings.map((r) => toRingView(r, counts.get(r.id) ?? 0));
}

/** Validates a checkpoint and puts it on the road: the stored position is the snapped one. */
async function placeCheckpoint(ctx: AppContext, input: CheckpointInput) {
  if (!input.nameZh?.trim()) throw problems.validation("nameZh", "must not be empty", "不能为空");
  if (!CHECKPOINT_KINDS.includes(input.kind)) throw problems.unknownCode("kind", "checkpoint kind", String(input.kind));
  if (!isValidLatLon(input.lat, input.lon)) throw problems.validation("lat", "latitude/longitude out of range", "纬度/经度超出范围");
  if (input.staffing !== undefined && (!Number.isInteger(input.staffing) || input.staffing < 0 || input.staffing > 500))
    throw problems.validation("staffing", "must be an integer from 0 to 500", "必须是 0 到 500 之间的整数");
  if (
    input.activationMinutes !== undefined &&
    (!Number.isFinite(input.activationMinutes) || input.activationMinutes < 0 || input.activationMinutes > 720)
  )
    throw problems.validation("activationMinutes", "must be between 0 and 720 minutes", "必须在 0 到 720 分钟之间");
  if (input.ringId) await loadRing(ctx, input.ringId);
  const network = roadNetworkOf(ctx);
  const snap = network.snap({ lat: input.lat, lon: input.lon });
  if (!snap || snap.distanceM > MAX_CHECKPOINT_SNAP_M)
    throw interceptProblems.offNetwork(
      "lat",
      snap
        ? `the checkpoint is ${Math.round(snap.distanceM)} m from the nearest road; it must be within ${MAX_CHECKPOINT_SNAP_M} m`
        : "the checkpoint is not near the road network",
      snap ? `卡点距最近道路 ${Math.round(snap.distanceM)} 米，须在 ${MAX_CHECKPOINT_SNAP_M} 米以内` : "卡点不在路网附近",
    );
  return snap;
}

export async function createCheckpoint(ctx: AppContext, actor: Actor, input: CheckpointInput, id = newId()): Promise<CheckpointView> {
  const snap = await placeCheckpoint(ctx, input);
  const now = isoNow(ctx.clock);
  const row: InterceptCheckpointsTable = {
    id,
    ring_id: input.ringId ?? null,
    name_zh: input.nameZh.trim(),
    name_en: (input.nameEn ?? input.nameZh).trim(),
    kind: input.kind,
    lat: snap.lat,
    lon: snap.lon,
    snap_m: snap.distanceM,
    staffing: input.staffing ?? (input.kind === "permanent" ? 6 : 3),
    activation_minutes: input.activationMinutes ?? (input.kind === "permanent" ? 3 : 15),
    active: input.active ? 1 : 0,
    activated_at: input.active ? now : null,
    org_path: actor.orgPath,
    created_at: now,
    version: 1,
  };
  await transact(ctx, async (tx, record) => {
    if (await tx.selectFrom("intercept_checkpoints").select("id").where("id", "=", id).executeTakeFirst())
      throw problems.conflict(`a checkpoint with id ${id} exists`, `编号为 ${id} 的卡点已存在`, "id");
    await tx.insertInto("intercept_checkpoints").values(row).execute();
    record(ringEvent(id, row.org_path, actor, "checkpoint.created", { nameZh: row.name_zh, kind: row.kind, ringId: row.ring_id }));
  });
  return toCheckpointView(row);
}

export async function listCheckpoints(ctx: AppContext, f: { ringId?: string; active?: boolean } = {}): Promise<CheckpointView[]> {
  let q = ctx.db.selectFrom("intercept_checkpoints").selectAll();
  if (f.ringId) q = q.where("ring_id", "=", f.ringId);
  if (f.active !== undefined) q = q.where("active", "=", f.active ? 1 : 0);
  return (await q.orderBy("name_zh").execute()).map(toCheckpointView);
}

export async function loadCheckpoint(ctx: AppContext, id: string): Promise<InterceptCheckpointsTable> {
  const r = await ctx.db.selectFrom("intercept_checkpoints").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw problems.notFound("checkpoint", id);
  return r;
}

/** Switches checkpoints on or off (a commander's order), each with its event. */
export async function setCheckpointsActive(ctx: AppContext, actor: Actor, ids: string[], active: boolean, reason: string | null) {
  await assertCheckpointsExist(ctx, ids);
  await transact(ctx, (tx, record) => setCheckpointsActiveTx(tx, record, actor, ids, active, reason, isoNow(ctx.clock)));
  return Promise.all(ids.map(async (id) => toCheckpointView(await loadCheckpoint(ctx, id))));
}

/** Each unknown id is named by its place in the list. */
export async function assertCheckpointsExist(ctx: AppContext, ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries())
    await loadCheckpoint(ctx, id).catch((e) => {
      throw Object.assign(e, { extra: { ...e.extra, field: `checkpointIds/${i}` } });
    });
}

/** Switches checkpoints inside the caller's transaction; those already so are left alone. */
export async function setCheckpointsActiveTx(
  tx: Transaction<Database>,
  record: (e: NewEvent) => void,
  actor: Actor,
  ids: string[],
  active: boolean,
  reason: string | null,
  now: string,
): Promise<void> {
  for (const id of ids) {
    const r = await tx.selectFrom("intercept_checkpoints").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    if ((r.active === 1) === active) continue;
    await tx
      .updateTable("intercept_checkpoints")
      .set({ active: active ? 1 : 0, activated_at: active ? now : null, version: r.version + 1 })
      .where("id", "=", id)
      .execute();
    record(ringEvent(id, r.org_path, actor, active ? "checkpoint.activated" : "checkpoint.deactivated", { reason }));
  }
}

export async function updateCheckpoint(ctx: AppContext, actor: Actor, id: string, patch: CheckpointPatch): Promise<CheckpointView> {
  const r = await loadCheckpoint(ctx, id);
  if (patch.version !== undefined && patch.version !== r.version)
    throw problems.conflict("stale version", "数据版本已过期，请刷新后重试", "version");
  if (patch.staffing !== undefined && (!Number.isInteger(patch.staffing) || patch.staffing < 0 || patch.staffing > 500))
    throw problems.validation("staffing", "must be an integer from 0 to 500", "必须是 0 到 500 之间的整数");
  if (patch.activationMinutes !== undefined && !(patch.activationMinutes >= 0 && patch.activationMinutes <= 720))
    throw problems.validation("activationMinutes", "must be between 0 and 720 minutes", "必须在 0 到 720 分钟之间");
  if (patch.nameZh !== undefined && !patch.nameZh.trim()) throw problems.validation("nameZh", "must not be empty", "不能为空");
  const set: Partial<InterceptCheckpointsTable> = { version: r.version + 1 };
  if (patch.staffing !== undefined) set.staffing = patch.staffing;
  if (patch.activationMinutes !== undefined) set.activation_minutes = patch.activationMinutes;
  if (patch.nameZh !== undefined) set.name_zh = patch.nameZh.trim();
  if (patch.nameEn !== undefined) set.name_en = patch.nameEn.trim();
  await transact(ctx, async (tx, record) => {
    const res = await tx
      .updateTable("intercept_checkpoints")
      .set(set)
      .where("id", "=", id)
      .where("version", "=", r.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the checkpoint changed meanwhile; reload it", "卡点已被他人修改，请刷新后重试");
    record(ringEvent(id, r.org_path, actor, "checkpoint.updated", { changes: Object.keys(set).filter((k) => k !== "version") }));
  });
  return toCheckpointView({ ...r, ...set });
}

/** The map layer: rings as polygons, checkpoints as points, in one GeoJSON FeatureCollection. */
export async function interceptLayer(ctx: AppContext): Promise<InterceptLayerView> {
  const [rings, cps] = await Promise.all([listRings(ctx), listCheckpoints(ctx)]);
  return {
    type: "FeatureCollection",
    features: [
      ...rings.map(
        (r): RingFeature => ({
          type: "Feature",
          id: r.id,
          geometry: { type: "Polygon", coordinates: r.polygon },
          properties: { layer: "ring", id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, level: r.level, checkpointCount: r.checkpointCount },
        }),
      ),
      ...cps.map(
        (c): CheckpointFeature => ({
          type: "Feature",
          id: c.id,
          geometry: { type: "Point", coordinates: [c.lon, c.lat] },
          properties: {
            layer: "checkpoint",
            id: c.id,
            ringId: c.ringId,
            nameZh: c.nameZh,
            nameEn: c.nameEn,
            kind: c.kind,
            active: c.active,
            staffing: c.staffing,
            activationMinutes: c.activationMinutes,
          },
        }),
      ),
    ],
  };
}
