/**
 * The console's live picture: reference data, units and incidents, kept current by the event
 * stream. A change event triggers a refetch of that one incident or unit (the API's view is the
 * truth, events only say what moved); transient AVL positions are applied directly. When the
 * socket drops, the state says so at once; on reconnect it asks for `since=` the last seq it saw
 * and refreshes positions, which are not in the durable log.
 */
import { useSyncExternalStore } from "react";
import { defaultTargets } from "../../../src/dispatch/target-defaults.ts";
import { OPEN_STATUSES } from "../../../src/incidents/model.ts";
import type { TargetTier, Unit, UnitStatusDef, UnitType } from "../dispatch/types.ts";
import type { Category, Disposition, Incident } from "../incidents/types.ts";
import type { Org } from "../org/types.ts";
import { api, can, getSession } from "./api.ts";
import type { StreamEvent } from "./types.ts";

export type Topic = "units" | "incidents" | "conn" | "ref";
export type ConnState = "connecting" | "live" | "down";

/** The city's targets until its own are read: the server's defaults, from the one table both use. */
const DEFAULT_TARGETS: TargetTier[] = defaultTargets();

async function optional<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch {
    return fallback;
  }
}

export class LiveStore {
  units = new Map<string, Unit>();
  incidents = new Map<string, Incident>();
  orgs: Org[] = [];
  orgById = new Map<string, Org>();
  categories: Category[] = [];
  statuses: UnitStatusDef[] = [];
  unitTypes: UnitType[] = [];
  dispositions: Disposition[] = [];
  targets: TargetTier[] = DEFAULT_TARGETS;
  conn: ConnState = "connecting";
  /** When the picture was last known to be live (shown while the connection is down). */
  liveAsOf = Date.now();
  lastSeq = 0;
  caughtUp = 0;
  ready = false;
  /** Counts every stream event applied; tests and the dashboard watch it. */
  eventsApplied = 0;

  private versions: Record<Topic, number> = { units: 0, incidents: 0, conn: 0, ref: 0 };
  private listeners: Record<Topic, Set<() => void>> = { units: new Set(), incidents: new Set(), conn: new Set(), ref: new Set() };
  private eventListeners = new Set<(e: StreamEvent) => void>();
  private dirty = new Set<Topic>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private positionTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingIncidents = new Set<string>();
  private pendingUnits = new Set<string>();
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;
  private ws: WebSocket | null = null;
  private retryMs = 1000;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private lastMessageAt = 0;
  private stopped = true;
  private everConnected = false;

  version(topic: Topic): number {
    return this.versions[topic];
  }

  subscribe(topic: Topic, fn: () => void): () => void {
    this.listeners[topic].add(fn);
    return () => this.listeners[topic].delete(fn);
  }

  onEvent(fn: (e: StreamEvent) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  /** Marks a topic changed; listeners run once per 50 ms batch, so an AVL burst is one redraw. */
  touch(topic: Topic): void {
    this.dirty.add(topic);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const topics = [...this.dirty];
      this.dirty.clear();
      for (const t of topics) {
        this.versions[t]++;
        for (const fn of this.listeners[t]) fn();
      }
    }, 50);
  }

  /**
   * AVL moves are coalesced for 250 ms: at hundreds of positions a second, redrawing the map for
   * each 50 ms batch costs frames while a dispatcher pans, and a quarter second is far below the
   * reporting interval of any vehicle terminal.
   */
  private touchPositions(): void {
    if (this.positionTimer) return;
    this.positionTimer = setTimeout(() => {
      this.positionTimer = null;
      this.touch("units");
    }, 250);
  }

  openIncidents(): Incident[] {
    return [...this.incidents.values()].filter((i) => OPEN_STATUSES.includes(i.status));
  }

  upsertIncident(i: Incident): void {
    const old = this.incidents.get(i.id);
    if (old && old.version > i.version) return;
    this.incidents.set(i.id, i);
    this.touch("incidents");
  }

  upsertUnit(u: Unit): void {
    const old = this.units.get(u.id);
    // A position that arrived over the stream may be newer than the row the server read.
    if (old?.position && u.position && Date.parse(old.position.at) > Date.parse(u.position.at)) u = { ...u, position: old.position };
    this.units.set(u.id, u);
    this.touch("units");
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.connect();
    // A failed first load (server restarting, network blip) is retried rather than left empty.
    for (let wait = 1000; !this.stopped; wait = Math.min(wait * 2, 10_000)) {
      try {
        await this.loadSnapshot();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    const ws = this.ws;
    this.ws = null;
    ws?.close();
  }

  async loadSnapshot(): Promise<void> {
    const [orgs, categories, statuses, unitTypes, dispositions, targets] = await Promise.all([
      can("org:read") ? optional(api<Org[]>("GET", "/orgs"), []) : [],
      can("incident:read") ? optional(api<Category[]>("GET", "/categories"), []) : [],
      can("unit:read") ? optional(api<UnitStatusDef[]>("GET", "/unit-statuses"), []) : [],
      can("unit:read") ? optional(api<UnitType[]>("GET", "/unit-types"), []) : [],
      can("incident:read") ? optional(api<Disposition[]>("GET", "/dispositions"), []) : [],
      can("plan:read") ? optional(api<TargetTier[]>("GET", "/response-targets"), DEFAULT_TARGETS) : DEFAULT_TARGETS,
    ]);
    this.orgs = orgs;
    this.orgById = new Map(orgs.map((o) => [o.id, o]));
    this.categories = categories;
    this.statuses = statuses;
    this.unitTypes = unitTypes;
    this.dispositions = dispositions;
    this.targets = targets.length ? targets : DEFAULT_TARGETS;
    this.touch("ref");
    await Promise.all([this.reloadUnits(), this.reloadIncidents()]);
    this.ready = true;
    this.touch("ref");
  }

  async reloadUnits(): Promise<void> {
    if (!can("unit:read")) return;
    const units = await api<Unit[]>("GET", "/units");
    const next = new Map<string, Unit>();
    for (const u of units) next.set(u.id, u);
    this.units = next;
    this.touch("units");
  }

  async reloadIncidents(): Promise<void> {
    if (!can("incident:read")) return;
    const open = await api<Incident[]>("GET", "/incidents?open=true&limit=2000");
    const next = new Map<string, Incident>();
    for (const i of open) next.set(i.id, i);
    // Keep closed incidents someone is looking at; they drop off the queue by status anyway.
    for (const [id, i] of this.incidents) if (!next.has(id) && !OPEN_STATUSES.includes(i.status)) next.set(id, i);
    this.incidents = next;
    this.touch("incidents");
  }

  async refreshIncident(id: string): Promise<Incident | null> {
    try {
      const i = await api<Incident>("GET", `/incidents/${encodeURIComponent(id)}`);
      this.upsertIncident(i);
      return i;
    } catch {
      return null;
    }
  }

  async refreshUnit(id: string): Promise<void> {
    try {
      this.upsertUnit(await api<Unit>("GET", `/units/${encodeURIComponent(id)}`));
    } catch {}
  }

  private setConn(c: ConnState): void {
    if (this.conn === c) return;
    if (this.conn === "live" && c !== "live") this.liveAsOf = Date.now();
    this.conn = c;
    this.touch("conn");
    // The banner must appear at once, not after the batch delay.
    this.versions.conn++;
    for (const fn of this.listeners.conn) fn();
    this.dirty.delete("conn");
  }

  private connect(): void {
    if (this.stopped) return;
    const s = getSession();
    if (!s) return;
    // Roles without the live stream (field workers) poll their own views instead.
    if (!can("events:stream")) return;
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const since = this.everConnected ? `&since=${this.lastSeq}` : "";
    const ws = new WebSocket(`${proto}://${location.host}/api/v1/stream?token=${encodeURIComponent(s.token)}${since}`);
    this.ws = ws;
    let reconnecting = this.everConnected;
    let caught = 0;
    ws.onmessage = (m) => {
      if (ws !== this.ws) return;
      this.lastMessageAt = Date.now();
      const msg = JSON.parse(String(m.data)) as { kind: string; lastSeq?: number; event?: StreamEvent };
      if (msg.kind === "event" && msg.event) {
        if (reconnecting) caught++;
        this.apply(msg.event);
      } else if (msg.kind === "hello") {
        this.lastSeq = Math.max(this.lastSeq, msg.lastSeq ?? 0);
        this.retryMs = 1000;
        if (reconnecting) {
          this.caughtUp = caught;
          // Positions are transient (not in the log): take a fresh snapshot of them.
          void this.reloadUnits();
        }
        reconnecting = false;
        this.everConnected = true;
        this.setConn("live");
      }
    };
    ws.onclose = () => this.lost(ws);
    ws.onerror = () => ws.close();
    this.lastMessageAt = Date.now();
    if (!this.watchdog) {
      // The server pings every 15 s; silence for 40 s means a dead link that never said so.
      this.watchdog = setInterval(() => {
        // A dead link can take long to report its close: give it up now and reconnect.
        if (this.ws && this.conn === "live" && Date.now() - this.lastMessageAt > 40_000) this.lost(this.ws, true);
      }, 5000);
    }
  }

  /** The socket is gone (or given up): say so at once and schedule the reconnect. */
  private lost(ws: WebSocket, close = false): void {
    if (ws !== this.ws) return;
    this.ws = null;
    if (close) ws.close();
    this.setConn("down");
    if (this.stopped) return;
    // A refused socket may mean the session ended: a cheap authenticated call finds out.
    void api("GET", "/me").catch(() => {});
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
  }

  /** For tests and diagnostics: drop the socket as a network failure would. */
  dropConnection(): void {
    this.ws?.close();
  }

  private apply(e: StreamEvent): void {
    if (e.seq !== null) this.lastSeq = Math.max(this.lastSeq, e.seq);
    this.eventsApplied++;
    if (e.type === "unit.position") {
      const u = this.units.get(e.streamId);
      const { lat, lon } = e.data;
      // Moved in place only when the unit already has a position, which carries the server's
      // stale threshold; a first position (or an odd event) is read with the unit instead.
      if (u?.position && typeof lat === "number" && typeof lon === "number") {
        this.units.set(u.id, { ...u, position: { ...u.position, lat, lon, at: e.at, ageS: 0, stale: false } });
        this.touchPositions();
      } else this.pendingUnits.add(e.streamId);
    } else if (e.stream === "unit") {
      this.pendingUnits.add(e.streamId);
    } else if (e.stream === "incident") {
      this.pendingIncidents.add(e.streamId);
      if (e.type.startsWith("assignment.") && typeof e.data.unitId === "string") this.pendingUnits.add(e.data.unitId);
    }
    for (const fn of this.eventListeners) fn(e);
    this.scheduleRefetch();
  }

  private scheduleRefetch(): void {
    if (this.refetchTimer || (!this.pendingIncidents.size && !this.pendingUnits.size)) return;
    this.refetchTimer = setTimeout(async () => {
      this.refetchTimer = null;
      const incidents = [...this.pendingIncidents];
      const units = [...this.pendingUnits];
      this.pendingIncidents.clear();
      this.pendingUnits.clear();
      const jobs: Promise<unknown>[] = [];
      if (incidents.length > 40) jobs.push(this.reloadIncidents().catch(() => {}));
      else for (const id of incidents) jobs.push(this.refreshIncident(id));
      if (units.length > 40) jobs.push(this.reloadUnits().catch(() => {}));
      else for (const id of units) jobs.push(this.refreshUnit(id));
      await Promise.all(jobs);
      this.scheduleRefetch();
    }, 120);
  }
}

export let store = new LiveStore();

/** A fresh store per session, so one user's picture never leaks into the next login. */
export function resetStore(): LiveStore {
  store.stop();
  store = new LiveStore();
  (window as unknown as { __lantern?: LiveStore }).__lantern = store;
  return store;
}

export function useTopic(...topics: Topic[]): number {
  const s = store;
  return useSyncExternalStore(
    (fn) => {
      const offs = topics.map((t) => s.subscribe(t, fn));
      return () => {
        for (const off of offs) off();
      };
    },
    () => topics.reduce((sum, t) => sum + s.version(t), 0),
  );
}
