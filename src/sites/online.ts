/**
 * Front-end sensor online rate (前端感知设备在线率): a device is online when it was heard within
 * onlineFactor × its heartbeat interval. "Heard" is the newer of the in-memory last-seen (this
 * process's heartbeats) and the stored one (written in batches, or by another process). Devices
 * in maintenance mode are left out: they are known to be off.
 */
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { underOrg } from "../platform/scope.ts";
import { DEVICE_TYPE_NAMES, type DeviceType, type GroupKind, SITE_TYPE_NAMES, type SiteType } from "./model.ts";
import { sitesRuntime } from "./runtime.ts";
import type { OfflineDeviceView, OnlineDayView, OnlineRatesView, OnlineRateView } from "./schemas.ts";

interface DeviceState {
  id: string;
  site_id: string;
  type: string;
  heartbeat_s: number;
  site_type: string;
  site_name: string;
  district_id: string | null;
  lastSeen: number;
  online: boolean;
}

async function deviceStates(ctx: AppContext, orgPath: string): Promise<DeviceState[]> {
  const { directory, settings } = sitesRuntime(ctx);
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db
    .selectFrom("site_devices")
    .innerJoin("sites", "sites.id", "site_devices.site_id")
    .select([
      "site_devices.id",
      "site_devices.site_id",
      "site_devices.type",
      "site_devices.heartbeat_s",
      "site_devices.last_seen_at",
      "site_devices.mode",
      "sites.type as site_type",
      "sites.name as site_name",
      "sites.district_id",
      "sites.mode as site_mode",
    ])
    .where(underOrg("sites.org_path", orgPath))
    .execute();
  const out: DeviceState[] = [];
  for (const r of rows) {
    if (r.mode === "maintenance" || r.site_mode === "maintenance") continue;
    const slot = directory.slotOf(r.id);
    const lastSeen = Math.max(slot >= 0 ? directory.lastSeen[slot] : 0, r.last_seen_at ? Date.parse(r.last_seen_at) : 0);
    const online = lastSeen > 0 && now - lastSeen <= settings.onlineFactor * r.heartbeat_s * 1000;
    out.push({ ...r, lastSeen, online });
  }
  return out;
}

function group(
  states: DeviceState[],
  kind: GroupKind,
  keyOf: (d: DeviceState) => string,
  nameOf: (k: string, d: DeviceState) => string,
): OnlineRateView[] {
  const m = new Map<string, OnlineRateView>();
  for (const d of states) {
    const k = keyOf(d);
    let row = m.get(k);
    if (!row) {
      row = { groupKind: kind, groupId: k, name: nameOf(k, d), devices: 0, online: 0, rate: null };
      m.set(k, row);
    }
    row.devices++;
    if (d.online) row.online++;
  }
  for (const row of m.values()) row.rate = row.devices ? row.online / row.devices : null;
  return [...m.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
}

function ratesOf(ctx: AppContext, states: DeviceState[]): OnlineRatesView {
  const all = group(
    states,
    "all",
    () => "all",
    () => "all",
  )[0] ?? { groupKind: "all", groupId: "all", name: "all", devices: 0, online: 0, rate: null };
  return {
    at: ctx.clock.now().toISOString(),
    onlineFactor: sitesRuntime(ctx).settings.onlineFactor,
    all,
    byDeviceType: group(
      states,
      "device_type",
      (d) => d.type,
      (k) => DEVICE_TYPE_NAMES[k as DeviceType]?.zh ?? k,
    ),
    bySite: group(
      states,
      "site",
      (d) => d.site_id,
      (_k, d) => d.site_name,
    ),
    bySiteType: group(
      states,
      "site_type",
      (d) => d.site_type,
      (k) => SITE_TYPE_NAMES[k as SiteType]?.zh ?? k,
    ),
    byDistrict: group(
      states,
      "district",
      (d) => d.district_id ?? "none",
      (k) => k,
    ),
  };
}

export async function onlineRates(ctx: AppContext, actor: Actor): Promise<OnlineRatesView> {
  return ratesOf(ctx, await deviceStates(ctx, actor.orgPath));
}

export async function offlineDevices(ctx: AppContext, actor: Actor, limit = 500): Promise<OfflineDeviceView[]> {
  const now = ctx.clock.now().getTime();
  return (await deviceStates(ctx, actor.orgPath))
    .filter((d) => !d.online)
    .sort((a, b) => a.lastSeen - b.lastSeen || a.id.localeCompare(b.id))
    .slice(0, Math.min(limit, 5000))
    .map((d) => ({
      deviceId: d.id,
      siteId: d.site_id,
      siteName: d.site_name,
      type: d.type as DeviceType,
      heartbeatS: d.heartbeat_s,
      lastSeenAt: d.lastSeen ? new Date(d.lastSeen).toISOString() : null,
      silentS: d.lastSeen ? Math.round((now - d.lastSeen) / 1000) : null,
    }));
}

/** The local (UTC+8) calendar day of a time, the unit of the daily series. */
export function localDay(t: Date): string {
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Adds one sample to today's row of every group. The day's rate is online_sum / device_sum: the
 * average over the day's sweeps, not a single snapshot.
 */
export async function sweepOnlineDaily(ctx: AppContext): Promise<number> {
  const rates = ratesOf(ctx, await deviceStates(ctx, "/"));
  const day = localDay(ctx.clock.now());
  const at = ctx.clock.now().toISOString();
  const rows = [rates.all, ...rates.byDeviceType, ...rates.bySite, ...rates.bySiteType, ...rates.byDistrict];
  await ctx.db.transaction().execute(async (tx) => {
    for (const r of rows) {
      await tx
        .insertInto("site_online_daily")
        .values({
          day,
          group_kind: r.groupKind,
          group_id: r.groupId,
          samples: 1,
          device_sum: r.devices,
          online_sum: r.online,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(["day", "group_kind", "group_id"]).doUpdateSet((eb) => ({
            samples: eb("site_online_daily.samples", "+", 1),
            device_sum: eb("site_online_daily.device_sum", "+", r.devices),
            online_sum: eb("site_online_daily.online_sum", "+", r.online),
            updated_at: at,
          })),
        )
        .execute();
    }
  });
  return rows.length;
}

export async function onlineSeries(
  ctx: AppContext,
  f: { groupKind?: GroupKind; groupId?: string; from?: string; to?: string },
): Promise<OnlineDayView[]> {
  let q = ctx.db.selectFrom("site_online_daily").selectAll();
  q = q.where("group_kind", "=", f.groupKind ?? "all");
  if (f.groupId) q = q.where("group_id", "=", f.groupId);
  if (f.from) q = q.where("day", ">=", f.from);
  if (f.to) q = q.where("day", "<=", f.to);
  const rows = await q.orderBy("day").orderBy("group_id").limit(10_000).execute();
  return rows.map((r) => ({
    day: r.day,
    groupKind: r.group_kind as GroupKind,
    groupId: r.group_id,
    samples: r.samples,
    rate: r.device_sum ? r.online_sum / r.device_sum : null,
  }));
}
