/**
 * What the sites module keeps in memory per process: its settings, and the device directory
 * (who exists, their heartbeat interval, when each was last heard). Heartbeats arrive by the tens
 * of thousands per second, so they only touch typed arrays here; `flushLastSeen` writes them to
 * the database in batches.
 */
import { sql } from "kysely";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import type { SitesSettings } from "../platform/config.ts";
import { acquireSiteLease, releaseSiteLease } from "./lease.ts";
import { DEVICE_TYPES, type DeviceType } from "./model.ts";

/** Read with the rest of the configuration (platform/config.ts); `configureSites` changes it per process. */
export type { SitesSettings };

/** The actor alarm signals and sweeps act as: city-wide, recorded as `system:sites` in created_by. */
export const SITES_ACTOR: Actor = {
  userId: "system:sites",
  username: "system:sites",
  displayName: "智安场所 sites",
  role: "admin",
  orgId: "system",
  orgPath: "/",
  unitId: null,
};

export interface AccountEntry {
  siteId: string;
  deviceId: string;
  key?: Buffer;
}

const TYPE_INDEX = new Map<string, number>(DEVICE_TYPES.map((t, i) => [t, i]));

/**
 * Devices as parallel typed arrays indexed by a slot number; a Map finds the slot from the id.
 * 500,000 devices cost a few MB of arrays instead of 500,000 objects.
 */
export class DeviceDirectory {
  loaded = false;
  private readonly slots = new Map<string, number>();
  private readonly siteSlots = new Map<string, number>();
  private siteIds: string[] = [];
  private ids: string[] = [];
  private capacity = 0;
  size = 0;
  siteOf = new Int32Array(0);
  heartbeatS = new Uint32Array(0);
  type = new Uint8Array(0);
  /** Epoch ms last heard (0 = never), in memory. */
  lastSeen = new Float64Array(0);
  /** Epoch ms of the value last written to the database. */
  persisted = new Float64Array(0);
  /** 1 when the device was heard after being offline: worth writing at the next flush. */
  cameBack = new Uint8Array(0);
  /** Kept in step with SitesSettings.onlineFactor. */
  onlineFactor = 2;
  readonly accounts = new Map<string, AccountEntry>();

  private grow(min: number): void {
    const cap = Math.max(min, this.capacity * 2, 1024);
    const g = <T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(cap);
      b.set(a);
      return b;
    };
    this.siteOf = g(this.siteOf, Int32Array);
    this.heartbeatS = g(this.heartbeatS, Uint32Array);
    this.type = g(this.type, Uint8Array);
    this.lastSeen = g(this.lastSeen, Float64Array);
    this.persisted = g(this.persisted, Float64Array);
    this.cameBack = g(this.cameBack, Uint8Array);
    this.capacity = cap;
  }

  siteSlot(siteId: string): number {
    let s = this.siteSlots.get(siteId);
    if (s === undefined) {
      s = this.siteIds.length;
      this.siteIds.push(siteId);
      this.siteSlots.set(siteId, s);
    }
    return s;
  }

  hasSite(siteId: string): boolean {
    return this.siteSlots.has(siteId);
  }

  put(d: { id: string; siteId: string; type: string; heartbeatS: number; lastSeenAt: string | null }): number {
    let slot = this.slots.get(d.id);
    if (slot === undefined) {
      if (this.size >= this.capacity) this.grow(this.size + 1);
      slot = this.size++;
      this.slots.set(d.id, slot);
      this.ids[slot] = d.id;
      const seen = d.lastSeenAt ? Date.parse(d.lastSeenAt) : 0;
      this.lastSeen[slot] = seen;
      this.persisted[slot] = seen;
    }
    this.siteOf[slot] = this.siteSlot(d.siteId);
    this.heartbeatS[slot] = d.heartbeatS;
    this.type[slot] = TYPE_INDEX.get(d.type) ?? 0;
    return slot;
  }

  /** Removed devices keep their slot (ids are never reused) but stop resolving. */
  remove(id: string): void {
    this.slots.delete(id);
    for (const [acct, e] of this.accounts) if (e.deviceId === id) this.accounts.delete(acct);
  }

  /** The device's slot when it exists and belongs to the site, else -1. */
  find(siteId: string, deviceId: string): number {
    const slot = this.slots.get(deviceId);
    if (slot === undefined) return -1;
    return this.siteIds[this.siteOf[slot]] === siteId ? slot : -1;
  }

  slotOf(deviceId: string): number {
    return this.slots.get(deviceId) ?? -1;
  }

  idOf(slot: number): string {
    return this.ids[slot];
  }

  typeOf(slot: number): DeviceType {
    return DEVICE_TYPES[this.type[slot]];
  }

  heard(slot: number, atMs: number): void {
    const prev = this.lastSeen[slot];
    if (atMs <= prev) return;
    if (atMs - prev > this.onlineFactor * this.heartbeatS[slot] * 1000) this.cameBack[slot] = 1;
    this.lastSeen[slot] = atMs;
  }
}

export interface SitesRuntime {
  settings: SitesSettings;
  directory: DeviceDirectory;
  /** Per-site promise chain: signals of one site are handled one at a time, so two cannot both open an incident. */
  siteLocks: Map<string, Promise<unknown>>;
}

const runtimes = new WeakMap<AppContext, SitesRuntime>();

export function sitesRuntime(ctx: AppContext): SitesRuntime {
  let r = runtimes.get(ctx);
  if (!r) {
    r = { settings: { ...ctx.config.sites }, directory: new DeviceDirectory(), siteLocks: new Map() };
    r.directory.onlineFactor = r.settings.onlineFactor;
    runtimes.set(ctx, r);
  }
  return r;
}

export function configureSites(ctx: AppContext, settings: Partial<SitesSettings>): SitesSettings {
  const r = sitesRuntime(ctx);
  Object.assign(r.settings, settings);
  r.directory.onlineFactor = r.settings.onlineFactor;
  return r.settings;
}

/** Loads every site and device into the directory (once; later changes are applied in process). */
export async function warmSites(ctx: AppContext, force = false): Promise<DeviceDirectory> {
  const { directory } = sitesRuntime(ctx);
  if (directory.loaded && !force) return directory;
  const sites = await ctx.db.selectFrom("sites").select("id").execute();
  for (const s of sites) directory.siteSlot(s.id);
  const devices = await ctx.db
    .selectFrom("site_devices")
    .select(["id", "site_id", "type", "heartbeat_s", "last_seen_at", "dc09_account", "dc09_key_hex"])
    .execute();
  for (const d of devices) {
    directory.put({ id: d.id, siteId: d.site_id, type: d.type, heartbeatS: d.heartbeat_s, lastSeenAt: d.last_seen_at });
    if (d.dc09_account) {
      directory.accounts.set(d.dc09_account.toUpperCase(), {
        siteId: d.site_id,
        deviceId: d.id,
        ...(d.dc09_key_hex ? { key: Buffer.from(d.dc09_key_hex, "hex") } : {}),
      });
    }
  }
  directory.loaded = true;
  return directory;
}

/**
 * Serialises work per site: in this process by a promise chain (SitesRuntime.siteLocks), and
 * across processes sharing a PostgreSQL database by a lease row (lease.ts). SQLite is one
 * process's database, so the chain alone suffices there.
 */
export async function withSiteLock<T>(ctx: AppContext, siteId: string, work: () => Promise<T>): Promise<T> {
  const { siteLocks } = sitesRuntime(ctx);
  const leased = async () => {
    if (ctx.backend !== "postgres") return work();
    const holder = await acquireSiteLease(ctx, siteId);
    try {
      return await work();
    } finally {
      if (holder) await releaseSiteLease(ctx, siteId, holder);
    }
  };
  const prev = siteLocks.get(siteId) ?? Promise.resolve();
  const next = prev.then(leased, leased);
  const tail = next.catch(() => {});
  siteLocks.set(siteId, tail);
  try {
    return await next;
  } finally {
    if (siteLocks.get(siteId) === tail) siteLocks.delete(siteId);
  }
}

/**
 * Writes last-seen times that moved by persistSeenAfterS, or of devices heard again after being
 * offline (a state change worth sharing at once), in chunks of 250 rows, yielding between chunks
 * so alarms are not held up. Everything else stays in memory: the database copy is for restarts and
 * for other processes, not the live online rate. What a crash loses: at most persistSeenAfterS of
 * last-seen per device, so after a restart a device may show offline until its next heartbeat.
 */
export async function flushLastSeen(ctx: AppContext, maxRows = 20_000): Promise<number> {
  const { directory: d, settings } = sitesRuntime(ctx);
  const minMove = settings.persistSeenAfterS * 1000;
  const batch: [string, string][] = [];
  let written = 0;
  const write = async () => {
    if (!batch.length) return;
    if (ctx.backend === "postgres") {
      // One statement per chunk; PostgreSQL plans it as a hash join on the primary key.
      const values = sql.join(batch.map(([id, at]) => sql`(${id}, ${at})`));
      await sql`update site_devices set last_seen_at = v.column2 from (values ${values}) as v where site_devices.id = v.column1`.execute(
        ctx.db,
      );
    } else {
      // SQLite may plan UPDATE … FROM (VALUES …) as a scan of the whole table per row; one
      // transaction of primary-key updates is both simple and fast there (one fsync per chunk).
      await ctx.db.transaction().execute(async (tx) => {
        for (const [id, at] of batch) await tx.updateTable("site_devices").set({ last_seen_at: at }).where("id", "=", id).execute();
      });
    }
    written += batch.length;
    batch.length = 0;
    await new Promise((r) => setImmediate(r));
  };
  for (let i = 0; i < d.size; i++) {
    const seen = d.lastSeen[i];
    const stored = d.persisted[i];
    if (seen <= stored) continue;
    if (seen - stored < minMove && d.cameBack[i] === 0) continue;
    d.persisted[i] = seen;
    d.cameBack[i] = 0;
    batch.push([d.idOf(i), new Date(seen).toISOString()]);
    if (batch.length >= 250) await write();
    // A cold start hears every device at once; spread that first write over several flushes.
    if (written >= maxRows) break;
  }
  await write();
  return written;
}
