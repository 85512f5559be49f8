/** The site and device registry: create, read, update, delete, scoped by org path. */
import type { Transaction } from "kysely";
import type { AppContext } from "../context.ts";
import { placeOf } from "../incidents/service.ts";
import { type Actor, inScope } from "../org/model.ts";
import { appendAudit } from "../platform/audit.ts";
import { isUniqueViolation } from "../platform/db.ts";
import { transact } from "../platform/events.ts";
import { newId } from "../platform/ids.ts";
import { Problem, problems } from "../platform/problem.ts";
import { pageSize, underOrg } from "../platform/scope.ts";
import type { Database } from "../schema.ts";
import {
  ACCOUNT_PATTERN,
  CONTACT_ROLES,
  type Contact,
  DEVICE_TYPE_NAMES,
  DEVICE_TYPES,
  type DeviceState,
  type DeviceType,
  ID_PATTERN,
  KEY_HEX_PATTERN,
  MODES,
  type Mode,
  maskContact,
  SITE_TYPE_NAMES,
  SITE_TYPES,
  type SiteType,
} from "./model.ts";
import { sitesRuntime } from "./runtime.ts";
import type { DevicePatch, DeviceView, NewDevice, NewSite, SitePatch, SiteView } from "./schemas.ts";
import type { SiteDevicesTable, SitesTable } from "./tables.ts";

const DEFAULT_HEARTBEAT_S = 300;

export function siteView(ctx: AppContext, r: SitesTable): SiteView {
  const { settings } = sitesRuntime(ctx);
  return {
    id: r.id,
    name: r.name,
    type: r.type as SiteType,
    typeName: SITE_TYPE_NAMES[r.type as SiteType] ?? { zh: r.type, en: r.type },
    location: { lat: r.lat, lon: r.lon, address: r.address, zoneId: r.zone_id, stationId: r.station_id, districtId: r.district_id },
    contacts: parseContacts(r.contacts).map((c) => ({ ...maskContact(c), masked: true as const })),
    escalation: {
      chain: ["guard", "grid_worker", "police"],
      guardAckS: r.guard_ack_s ?? settings.guardAckS,
      gridWorkerAckS: r.grid_worker_ack_s ?? settings.gridWorkerAckS,
    },
    mode: r.mode as Mode,
    orgPath: r.org_path,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function deviceView(ctx: AppContext, r: SiteDevicesTable): DeviceView {
  const { directory } = sitesRuntime(ctx);
  const slot = directory.slotOf(r.id);
  const mem = slot >= 0 ? directory.lastSeen[slot] : 0;
  const stored = r.last_seen_at ? Date.parse(r.last_seen_at) : 0;
  const seen = Math.max(mem, stored);
  return {
    id: r.id,
    siteId: r.site_id,
    type: r.type as DeviceType,
    typeName: DEVICE_TYPE_NAMES[r.type as DeviceType] ?? { zh: r.type, en: r.type },
    name: r.name,
    location: r.location,
    lat: r.lat,
    lon: r.lon,
    heartbeatS: r.heartbeat_s,
    dc09Account: r.dc09_account,
    dc09Encrypted: !!r.dc09_key_hex,
    mode: r.mode as Mode,
    state: r.state as DeviceState,
    stateSince: r.state_since,
    lastSeenAt: seen ? new Date(seen).toISOString() : null,
  };
}

export function parseContacts(json: string): Contact[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function checkContacts(contacts: Contact[] | undefined, field = "contacts"): void {
  for (const [i, c] of (contacts ?? []).entries()) {
    if (!CONTACT_ROLES.includes(c.role)) throw problems.unknownCode(`${field}.${i}.role`, "contact role", String(c.role));
    if (!c.name?.trim()) throw problems.validation(`${field}.${i}.name`, "a name is required", "请填写名称");
    if (!/^[0-9+\-() ]{3,32}$/.test(c.phone ?? ""))
      throw problems.validation(
        `${field}.${i}.phone`,
        "digits, + - ( ) and spaces, 3-32 characters",
        "只能包含数字、+ - ( ) 和空格，3-32 个字符",
      );
  }
}

function checkSite(s: NewSite | SitePatch): void {
  if ("id" in s && s.id !== undefined && !ID_PATTERN.test(s.id)) {
    throw problems.validation(
      "id",
      "letters, digits, '_', '.', '-' (max 64), starting with a letter or digit",
      "只能包含字母、数字、“_”“.”“-”（最多 64 个字符），且须以字母或数字开头",
    );
  }
  if (s.type !== undefined && !SITE_TYPES.includes(s.type)) throw problems.unknownCode("type", "site type", s.type);
  if (s.mode !== undefined && !MODES.includes(s.mode)) throw problems.unknownCode("mode", "mode", s.mode);
  if (s.name !== undefined && !s.name.trim()) throw problems.validation("name", "a name is required", "请填写名称");
  checkContacts(s.contacts);
  for (const k of ["guardAckS", "gridWorkerAckS"] as const) {
    const v = s.escalation?.[k];
    if (v !== undefined && v !== null && (!Number.isInteger(v) || v < 0 || v > 7 * 86400)) {
      throw problems.validation(
        `escalation.${k}`,
        "whole seconds, 0 to 604800 (0 skips the step)",
        "须为 0 到 604800 之间的整数秒（0 表示跳过此步）",
      );
    }
  }
}

export function checkDevice(d: NewDevice | DevicePatch): void {
  if ("id" in d && d.id !== undefined && !ID_PATTERN.test(d.id)) {
    throw problems.validation(
      "id",
      "letters, digits, '_', '.', '-' (max 64), starting with a letter or digit",
      "只能包含字母、数字、“_”“.”“-”（最多 64 个字符），且须以字母或数字开头",
    );
  }
  if (d.type !== undefined && !DEVICE_TYPES.includes(d.type)) throw problems.unknownCode("type", "device type", d.type);
  if (d.mode !== undefined && !MODES.includes(d.mode)) throw problems.unknownCode("mode", "mode", d.mode);
  if (d.name !== undefined && !d.name.trim()) throw problems.validation("name", "a name is required", "请填写名称");
  if (d.heartbeatS !== undefined && (!Number.isInteger(d.heartbeatS) || d.heartbeatS < 5 || d.heartbeatS > 7 * 86400)) {
    throw problems.validation("heartbeatS", "whole seconds, 5 to 604800", "须为 5 到 604800 之间的整数秒");
  }
  if ((d.lat === undefined || d.lat === null) !== (d.lon === undefined || d.lon === null)) {
    throw problems.validation("lat", "give both lat and lon, or neither", "lat 与 lon 须同时填写或同时留空");
  }
  if (d.dc09Account && !ACCOUNT_PATTERN.test(d.dc09Account))
    throw problems.validation("dc09Account", "3-16 hex digits", "须为 3-16 位十六进制数字");
  if (d.dc09KeyHex && !KEY_HEX_PATTERN.test(d.dc09KeyHex))
    throw problems.validation(
      "dc09KeyHex",
      "32, 48 or 64 hex digits (AES-128/192/256)",
      "须为 32、48 或 64 位十六进制数字（AES-128/192/256）",
    );
  if ((d.dc09Account || d.dc09KeyHex) && d.type !== undefined && d.type !== "alarm_panel") {
    throw problems.validation("dc09Account", "only alarm_panel devices have a DC-09 account", "只有报警主机（alarm_panel）才有 DC-09 账号");
  }
}

async function loadSiteRow(db: AppContext["db"] | Transaction<Database>, actor: Actor | null, id: string): Promise<SitesTable> {
  const r = await db.selectFrom("sites").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) throw problems.notFound("site", id);
  if (actor && !inScope(actor, r.org_path)) throw problems.outOfScope("site");
  return r;
}

/** A checked, placed site row: one way to build it for a single create and for a bulk import. */
async function siteRow(ctx: AppContext, actor: Actor, s: NewSite, now: string): Promise<SitesTable> {
  checkSite(s);
  const place = await placeOf(ctx, s.location.lat, s.location.lon);
  if (!inScope(actor, place.orgPath)) throw problems.outOfScope("location");
  return {
    id: s.id ?? newId(),
    name: s.name.trim(),
    type: s.type,
    lat: s.location.lat,
    lon: s.location.lon,
    address: s.location.address ?? null,
    zone_id: place.zoneId,
    station_id: place.stationId,
    district_id: place.districtId,
    org_path: place.orgPath,
    contacts: JSON.stringify(s.contacts ?? []),
    guard_ack_s: s.escalation?.guardAckS ?? null,
    grid_worker_ack_s: s.escalation?.gridWorkerAckS ?? null,
    mode: s.mode ?? "normal",
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

export async function createSite(ctx: AppContext, actor: Actor, s: NewSite): Promise<SiteView> {
  const row = await siteRow(ctx, actor, s, ctx.clock.now().toISOString());
  await transact(ctx, async (tx, record) => {
    await tx.insertInto("sites").values(row).execute();
    record({
      type: "site.created",
      stream: "site",
      streamId: row.id,
      orgPath: row.org_path,
      actorId: actor.userId,
      data: { name: row.name, type: row.type },
    });
  }).catch((err) => {
    if (isUniqueViolation(err)) throw problems.conflict(`site ${row.id} exists`, `智安小区 ${row.id} 已存在`, "id");
    throw err;
  });
  sitesRuntime(ctx).directory.siteSlot(row.id);
  return siteView(ctx, row);
}

export async function getSite(ctx: AppContext, actor: Actor, id: string): Promise<SiteView> {
  return siteView(ctx, await loadSiteRow(ctx.db, actor, id));
}

export async function listSites(
  ctx: AppContext,
  actor: Actor,
  f: { type?: string; limit?: number; offset?: number } = {},
): Promise<SiteView[]> {
  let q = ctx.db.selectFrom("sites").selectAll().where(underOrg("org_path", actor.orgPath));
  if (f.type) q = q.where("type", "=", f.type);
  const rows = await q
    .orderBy("id")
    .limit(pageSize(f.limit))
    .offset(f.offset ?? 0)
    .execute();
  return rows.map((r) => siteView(ctx, r));
}

export async function updateSite(ctx: AppContext, actor: Actor, id: string, p: SitePatch): Promise<SiteView> {
  checkSite(p);
  const place = p.location ? await placeOf(ctx, p.location.lat, p.location.lon) : null;
  if (place && !inScope(actor, place.orgPath)) throw problems.outOfScope("location");
  const row = await transact(ctx, async (tx, record) => {
    const r = await loadSiteRow(tx, actor, id);
    if (p.version !== undefined && p.version !== r.version)
      throw problems.conflict("stale version", "数据版本已过期，请刷新后重试", "version");
    const set: Partial<SitesTable> = { updated_at: ctx.clock.now().toISOString(), version: r.version + 1 };
    if (p.name !== undefined) set.name = p.name.trim();
    if (p.type !== undefined) set.type = p.type;
    if (p.mode !== undefined) set.mode = p.mode;
    if (p.contacts !== undefined) set.contacts = JSON.stringify(p.contacts);
    if (p.escalation?.guardAckS !== undefined) set.guard_ack_s = p.escalation.guardAckS;
    if (p.escalation?.gridWorkerAckS !== undefined) set.grid_worker_ack_s = p.escalation.gridWorkerAckS;
    if (p.location && place) {
      Object.assign(set, {
        lat: p.location.lat,
        lon: p.location.lon,
        address: p.location.address ?? null,
        zone_id: place.zoneId,
        station_id: place.stationId,
        district_id: place.districtId,
        org_path: place.orgPath,
      });
    }
    const res = await tx.updateTable("sites").set(set).where("id", "=", id).where("version", "=", r.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw problems.conflict("the site changed meanwhile; reload it", "智安小区信息已被他人修改，请刷新后重试");
    // Contacts are personal data: the event says they changed, not what they are.
    const changed = Object.keys(p).filter((k) => k !== "version");
    record({
      type: "site.updated",
      stream: "site",
      streamId: id,
      orgPath: set.org_path ?? r.org_path,
      actorId: actor.userId,
      data: { changed, mode: set.mode ?? r.mode },
    });
    return { ...r, ...set } as SitesTable;
  });
  return siteView(ctx, row);
}

export async function deleteSite(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const { directory } = sitesRuntime(ctx);
  const devices = await transact(ctx, async (tx, record) => {
    const r = await loadSiteRow(tx, actor, id);
    const ds = await tx.selectFrom("site_devices").select("id").where("site_id", "=", id).execute();
    await tx.deleteFrom("site_devices").where("site_id", "=", id).execute();
    await tx.deleteFrom("sites").where("id", "=", id).execute();
    record({
      type: "site.deleted",
      stream: "site",
      streamId: id,
      orgPath: r.org_path,
      actorId: actor.userId,
      data: { devices: ds.length },
    });
    return ds;
  });
  for (const d of devices) directory.remove(d.id);
}

/** The unmasked guard and grid-worker contacts, for a stated reason, written to the audit chain. */
export async function readSiteContacts(ctx: AppContext, actor: Actor, id: string, reason: string | undefined): Promise<Contact[]> {
  if (!reason || reason.trim().length < 2) throw new Problem(400, "reason_required", {}, { field: "reason" });
  const r = await loadSiteRow(ctx.db, actor, id);
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, {
      actorId: actor.userId,
      action: "site_contacts.read",
      subjectType: "site",
      subjectId: id,
      reason: reason.trim(),
      orgPath: r.org_path,
    }),
  );
  return parseContacts(r.contacts);
}

function deviceRow(ctx: AppContext, siteId: string, d: NewDevice): SiteDevicesTable {
  const now = ctx.clock.now().toISOString();
  return {
    id: d.id ?? newId(),
    site_id: siteId,
    type: d.type,
    name: d.name.trim(),
    location: d.location ?? null,
    lat: d.lat ?? null,
    lon: d.lon ?? null,
    heartbeat_s: d.heartbeatS ?? DEFAULT_HEARTBEAT_S,
    dc09_account: d.dc09Account ? d.dc09Account.toUpperCase() : null,
    dc09_key_hex: d.dc09KeyHex ? d.dc09KeyHex.toLowerCase() : null,
    mode: d.mode ?? "normal",
    state: "normal",
    state_since: null,
    last_seen_at: null,
    created_at: now,
    updated_at: now,
  };
}

export function rememberDevice(ctx: AppContext, r: SiteDevicesTable): void {
  const { directory } = sitesRuntime(ctx);
  directory.put({ id: r.id, siteId: r.site_id, type: r.type, heartbeatS: r.heartbeat_s, lastSeenAt: r.last_seen_at });
  for (const [acct, e] of directory.accounts) if (e.deviceId === r.id) directory.accounts.delete(acct);
  if (r.dc09_account) {
    directory.accounts.set(r.dc09_account, {
      siteId: r.site_id,
      deviceId: r.id,
      ...(r.dc09_key_hex ? { key: Buffer.from(r.dc09_key_hex, "hex") } : {}),
    });
  }
}

function deviceConflict(err: unknown, id: string): never {
  if (isUniqueViolation(err)) {
    const msg = String((err as Error).message ?? "");
    if (msg.includes("dc09_account"))
      throw problems.conflict("that DC-09 account belongs to another device", "该 DC-09 报警账号已属于另一台设备", "dc09Account");
    throw problems.conflict(`device ${id} exists`, `设备 ${id} 已存在`, "id");
  }
  throw err;
}

export async function createDevice(ctx: AppContext, actor: Actor, siteId: string, d: NewDevice): Promise<DeviceView> {
  checkDevice(d);
  const row = deviceRow(ctx, siteId, d);
  await transact(ctx, async (tx, record) => {
    const site = await loadSiteRow(tx, actor, siteId);
    await tx.insertInto("site_devices").values(row).execute();
    record({
      type: "site.device_added",
      stream: "site",
      streamId: siteId,
      orgPath: site.org_path,
      actorId: actor.userId,
      data: { deviceId: row.id, type: row.type },
    });
  }).catch((err) => deviceConflict(err, row.id));
  rememberDevice(ctx, row);
  return deviceView(ctx, row);
}

async function loadDeviceRow(ctx: AppContext, actor: Actor, siteId: string, id: string): Promise<SiteDevicesTable> {
  await loadSiteRow(ctx.db, actor, siteId);
  const r = await ctx.db.selectFrom("site_devices").selectAll().where("id", "=", id).where("site_id", "=", siteId).executeTakeFirst();
  if (!r) throw problems.notFound("device", id);
  return r;
}

export async function getDevice(ctx: AppContext, actor: Actor, siteId: string, id: string): Promise<DeviceView> {
  return deviceView(ctx, await loadDeviceRow(ctx, actor, siteId, id));
}

export async function listDevices(ctx: AppContext, actor: Actor, siteId: string): Promise<DeviceView[]> {
  await loadSiteRow(ctx.db, actor, siteId);
  const rows = await ctx.db.selectFrom("site_devices").selectAll().where("site_id", "=", siteId).orderBy("id").execute();
  return rows.map((r) => deviceView(ctx, r));
}

export async function updateDevice(ctx: AppContext, actor: Actor, siteId: string, id: string, p: DevicePatch): Promise<DeviceView> {
  const r = await loadDeviceRow(ctx, actor, siteId, id);
  checkDevice({ ...p, type: p.type ?? (r.type as DeviceType) });
  const set: Partial<SiteDevicesTable> = { updated_at: ctx.clock.now().toISOString() };
  if (p.type !== undefined) set.type = p.type;
  if (p.name !== undefined) set.name = p.name.trim();
  if (p.location !== undefined) set.location = p.location;
  if (p.lat !== undefined) set.lat = p.lat;
  if (p.lon !== undefined) set.lon = p.lon;
  if (p.heartbeatS !== undefined) set.heartbeat_s = p.heartbeatS;
  if (p.dc09Account !== undefined) set.dc09_account = p.dc09Account ? p.dc09Account.toUpperCase() : null;
  if (p.dc09KeyHex !== undefined) set.dc09_key_hex = p.dc09KeyHex ? p.dc09KeyHex.toLowerCase() : null;
  if (p.mode !== undefined) set.mode = p.mode;
  const site = await loadSiteRow(ctx.db, actor, siteId);
  await transact(ctx, async (tx, record) => {
    await tx.updateTable("site_devices").set(set).where("id", "=", id).execute();
    const changed = Object.keys(p).filter((k) => k !== "dc09KeyHex");
    record({
      type: "site.device_updated",
      stream: "site",
      streamId: siteId,
      orgPath: site.org_path,
      actorId: actor.userId,
      data: { deviceId: id, changed },
    });
  }).catch((err) => deviceConflict(err, id));
  const row = { ...r, ...set };
  rememberDevice(ctx, row);
  return deviceView(ctx, row);
}

export async function deleteDevice(ctx: AppContext, actor: Actor, siteId: string, id: string): Promise<void> {
  await loadDeviceRow(ctx, actor, siteId, id);
  const site = await loadSiteRow(ctx.db, actor, siteId);
  await transact(ctx, async (tx, record) => {
    await tx.deleteFrom("site_devices").where("id", "=", id).execute();
    record({
      type: "site.device_removed",
      stream: "site",
      streamId: siteId,
      orgPath: site.org_path,
      actorId: actor.userId,
      data: { deviceId: id },
    });
  });
  sitesRuntime(ctx).directory.remove(id);
}

/**
 * Bulk import in one transaction: all rows or none. Sites that exist are updated, devices that
 * exist are replaced. Returns counts; `onProgress` is called every 1000 rows.
 */
export async function importSites(
  ctx: AppContext,
  actor: Actor,
  input: { sites: NewSite[]; devices: (NewDevice & { siteId: string })[] },
  onProgress?: (done: number, total: number) => void,
): Promise<{ sites: number; devices: number }> {
  const total = input.sites.length + input.devices.length;
  const now = ctx.clock.now().toISOString();
  const placed: SitesTable[] = [];
  let done = 0;
  for (const s of input.sites) {
    placed.push(await siteRow(ctx, actor, s, now));
  }
  const deviceRows = input.devices.map((d) => {
    checkDevice(d);
    return deviceRow(ctx, d.siteId, d);
  });
  await transact(ctx, async (tx, record) => {
    for (const row of placed) {
      const { created_at: _c, version: _v, ...update } = row;
      await tx
        .insertInto("sites")
        .values(row)
        .onConflict((oc) => oc.column("id").doUpdateSet(update))
        .execute();
      record({
        type: "site.imported",
        stream: "site",
        streamId: row.id,
        orgPath: row.org_path,
        actorId: actor.userId,
        data: { name: row.name, type: row.type },
      });
      if (++done % 1000 === 0) onProgress?.(done, total);
    }
    const known = new Set(placed.map((p) => p.id));
    const CHUNK = 500;
    for (let i = 0; i < deviceRows.length; i += CHUNK) {
      const chunk = deviceRows.slice(i, i + CHUNK);
      for (const d of chunk) {
        if (known.has(d.site_id)) continue;
        const s = await tx.selectFrom("sites").select(["id", "org_path"]).where("id", "=", d.site_id).executeTakeFirst();
        if (!s) throw problems.notFound("site", d.site_id);
        if (!inScope(actor, s.org_path)) throw problems.outOfScope("site");
        known.add(d.site_id);
      }
      await tx
        .insertInto("site_devices")
        .values(chunk)
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            site_id: eb.ref("excluded.site_id"),
            type: eb.ref("excluded.type"),
            name: eb.ref("excluded.name"),
            location: eb.ref("excluded.location"),
            lat: eb.ref("excluded.lat"),
            lon: eb.ref("excluded.lon"),
            heartbeat_s: eb.ref("excluded.heartbeat_s"),
            dc09_account: eb.ref("excluded.dc09_account"),
            dc09_key_hex: eb.ref("excluded.dc09_key_hex"),
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .execute();
      const before = done;
      done += chunk.length;
      if (Math.floor(done / 1000) > Math.floor(before / 1000)) onProgress?.(done, total);
    }
  }).catch((err) => deviceConflict(err, "?"));
  onProgress?.(total, total);
  const { directory } = sitesRuntime(ctx);
  for (const s of placed) directory.siteSlot(s.id);
  for (const d of deviceRows) rememberDevice(ctx, d);
  return { sites: placed.length, devices: deviceRows.length };
}
