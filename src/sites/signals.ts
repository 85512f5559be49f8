/**
 * One entry point for alarm signals from every path (MQTT devices, DC-09 panels): a signal becomes
 * a police incident, joins an open one, opens a guard or grid-worker task, or is only logged.
 * Every signal is stored once under its idempotency key (site_signals), so a redelivered MQTT
 * message or a retransmitted DC-09 frame finds its earlier outcome instead of making a second one.
 */
import { createHash } from "node:crypto";
import type { AppContext } from "../context.ts";
import { type Recommendation, recommend } from "../dispatch/recommend.ts";
import { OPEN_STATUSES, type Priority } from "../incidents/model.ts";
import { createIncident, getIncident, type IncidentView, incidentEvent, updateIncident } from "../incidents/service.ts";
import { isUniqueViolation } from "../platform/db.ts";
import { type NewEvent, transact } from "../platform/events.ts";
import { newId } from "../platform/ids.ts";
import { problems } from "../platform/problem.ts";
import { MAX_AGE_H } from "../platform/time-bounds.ts";
import {
  type AlarmSignalInput,
  DEVICE_TYPE_NAMES,
  type DeviceState,
  type DeviceType,
  interpretSignal,
  maskContact,
  PRIORITY_RANK,
  QUALIFIERS,
  type Route,
  routeFor,
  type SignalKind,
  type SignalMeaning,
} from "./model.ts";
import { parseContacts } from "./registry.ts";
import { type AccountEntry, SITES_ACTOR, sitesRuntime, warmSites, withSiteLock } from "./runtime.ts";
import type { SiteTaskView } from "./schemas.ts";
import type { SiteDevicesTable, SiteSignalsTable, SitesTable } from "./tables.ts";
import { openTask, taskView } from "./tasks.ts";

export type SignalOutcome = "incident" | "correlated" | "restore" | "task" | "test_mode" | "flapping" | "status" | "fault";

export interface SignalResult {
  outcome: SignalOutcome;
  signalId: string;
  /** True when this signal had been handled before (same idempotency key): nothing new was done. */
  replayed: boolean;
  meaning: SignalMeaning;
  route: Route;
  incident: IncidentView | null;
  /** For in-progress incidents opened by this signal: the response plan's units, at once. */
  recommendation: Recommendation | null;
  task: SiteTaskView | null;
}

/** Stable key of a signal: the sender's own when given, else a hash of what identifies it. */
export function signalKey(s: AlarmSignalInput): string {
  if (s.idempotencyKey) return s.idempotencyKey;
  const h = createHash("sha256")
    .update(JSON.stringify([s.source, s.siteId, s.deviceId ?? null, s.eventCode, s.qualifier, s.zone ?? null, s.user ?? null, s.at]))
    .digest("hex")
    .slice(0, 32);
  return `${s.source}:${s.siteId}:${s.deviceId ?? "-"}:${h}`;
}

/** Synchronous DC-09 account table for the alarm receiver; kept current as devices change in this process. */
export async function dc09AccountLookup(ctx: AppContext): Promise<(account: string) => AccountEntry | null> {
  const directory = await warmSites(ctx);
  return (account) => directory.accounts.get(account.toUpperCase()) ?? null;
}

function attachment(
  site: SitesTable,
  device: SiteDevicesTable | null,
  s: AlarmSignalInput,
  key: string,
  route: Route,
  meaning: SignalMeaning,
) {
  return {
    site: { id: site.id, name: site.name, type: site.type, address: site.address },
    device: device
      ? {
          id: device.id,
          type: device.type,
          typeName: DEVICE_TYPE_NAMES[device.type as DeviceType],
          name: device.name,
          location: device.location,
        }
      : null,
    signal: {
      source: s.source,
      key,
      eventCode: s.eventCode,
      qualifier: s.qualifier,
      meaning,
      zone: s.zone ?? null,
      user: s.user ?? null,
      at: s.at,
      raw: s.raw,
    },
    route: { to: route.to, why: route.why },
    // Guard contacts travel with the alarm, masked; the full numbers need a reason (GET /sites/:id/contacts).
    contacts: parseContacts(site.contacts).map(maskContact),
  };
}

function checkSignal(s: AlarmSignalInput): void {
  if (s.source !== "mqtt" && s.source !== "dc09") throw problems.validation("source", "mqtt or dc09", "须为 mqtt 或 dc09");
  if (!QUALIFIERS.includes(s.qualifier)) throw problems.unknownCode("qualifier", "qualifier", String(s.qualifier));
  if (typeof s.eventCode !== "string" || !/^[A-Za-z0-9_]{1,32}$/.test(s.eventCode))
    throw problems.validation("eventCode", "1-32 letters, digits or '_'", "须为 1-32 位字母、数字或“_”");
  if (typeof s.at !== "string" || Number.isNaN(Date.parse(s.at)))
    throw problems.validation("at", "an ISO-8601 time", "须为 ISO-8601 格式的时间");
}

async function replayOf(ctx: AppContext, row: SiteSignalsTable): Promise<SignalResult> {
  const { meaning } = { meaning: row.meaning as SignalMeaning };
  const task = row.task_id ? await ctx.db.selectFrom("site_tasks").selectAll().where("id", "=", row.task_id).executeTakeFirst() : null;
  return {
    outcome: row.outcome as SignalOutcome,
    signalId: row.id,
    replayed: true,
    meaning,
    route: routeFor(meaning, row.at),
    incident: row.incident_id ? await getIncident(ctx, SITES_ACTOR, row.incident_id) : null,
    recommendation: null,
    task: task ? taskView(task) : null,
  };
}

export async function handleAlarmSignal(ctx: AppContext, s: AlarmSignalInput): Promise<SignalResult> {
  checkSignal(s);
  const key = signalKey(s);
  const earlier = await ctx.db.selectFrom("site_signals").selectAll().where("key", "=", key).executeTakeFirst();
  if (earlier) return replayOf(ctx, earlier);
  return withSiteLock(ctx, s.siteId, () => handleLocked(ctx, s, key));
}

/** What every step of handling one signal works from: the signal, its site and device, what it means. */
interface Handling {
  ctx: AppContext;
  s: AlarmSignalInput;
  key: string;
  site: SitesTable;
  device: SiteDevicesTable | null;
  now: Date;
  nowIso: string;
  meaning: SignalMeaning;
  kind: SignalKind;
  route: Route;
  attach: ReturnType<typeof attachment>;
  /** The row this signal is stored as; each outcome fills in its own fields. */
  base: SiteSignalsTable;
  /** The answer so far; each outcome fills in its own fields. */
  result: SignalResult;
}

/** The open incident this site's recent signals went to, if any. */
type RecentIncident = { id: string; org_path: string; priority: string; received_at: string };

async function handleLocked(ctx: AppContext, s: AlarmSignalInput, key: string): Promise<SignalResult> {
  // A retry may have waited for the lock behind the original.
  const earlier = await ctx.db.selectFrom("site_signals").selectAll().where("key", "=", key).executeTakeFirst();
  if (earlier) return replayOf(ctx, earlier);
  const h = await beginHandling(ctx, s, key);
  const recent = await recentSiteIncident(h);
  const { site, device, base, result } = h;

  const mode = site.mode !== "normal" ? site.mode : device && device.mode !== "normal" ? device.mode : null;
  if (mode) {
    result.outcome = "test_mode";
    return (await storeSignal(h, { ...base, outcome: "test_mode" })) ?? result;
  }
  if (h.kind === "status") {
    const outcome: SignalOutcome = h.meaning === "fault" ? "fault" : "status";
    result.outcome = outcome;
    return (await storeSignal(h, { ...base, outcome }, h.meaning === "fault" ? "fault" : undefined)) ?? result;
  }
  if (h.kind === "restore") return handleRestore(h, recent);

  // An alarm. Flapping: a device that keeps toggling is logged, not dispatched again.
  if (device && (await isFlapping(h, device))) {
    result.outcome = "flapping";
    return (await storeSignal(h, { ...base, outcome: "flapping", incident_id: recent?.id ?? null }, "alarm")) ?? result;
  }
  if (recent) return handleCorrelated(h, recent);
  if (h.route.to === "log") {
    return (await storeSignal(h, { ...base, outcome: "status" })) ?? result;
  }
  if (h.route.to === "guard" || h.route.to === "grid_worker") {
    result.outcome = "task";
    const task = await openTask(ctx, site, device, h.route, base.id, h.attach);
    result.task = task;
    return (await storeSignal(h, { ...base, outcome: "task", task_id: task.id }, "alarm")) ?? result;
  }
  return handlePoliceAlarm(h);
}

/** Loads the signal's site and device, notes the device as heard, and works out what the signal means. */
async function beginHandling(ctx: AppContext, s: AlarmSignalInput, key: string): Promise<Handling> {
  const site = await ctx.db.selectFrom("sites").selectAll().where("id", "=", s.siteId).executeTakeFirst();
  if (!site) throw problems.notFound("site", s.siteId);
  const device = s.deviceId
    ? await ctx.db.selectFrom("site_devices").selectAll().where("id", "=", s.deviceId).where("site_id", "=", s.siteId).executeTakeFirst()
    : null;
  if (s.deviceId && !device) throw problems.notFound("device", s.deviceId);

  const { directory } = sitesRuntime(ctx);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  if (device) {
    const slot = directory.slotOf(device.id);
    if (slot >= 0) directory.heard(slot, now.getTime());
  }
  const { meaning, kind } = interpretSignal(s.eventCode, s.qualifier, (device?.type as DeviceType) ?? null);
  const route = routeFor(meaning, s.at);
  const attach = attachment(site, device ?? null, s, key, route, meaning);
  const signalId = newId();
  const base: SiteSignalsTable = {
    id: signalId,
    key,
    site_id: site.id,
    device_id: device?.id ?? null,
    source: s.source,
    event_code: s.eventCode,
    qualifier: s.qualifier,
    meaning,
    at: s.at,
    received_at: nowIso,
    outcome: "status",
    incident_id: null,
    task_id: null,
    raw: JSON.stringify(s.raw ?? null).slice(0, 16_000),
  };
  const result: SignalResult = {
    outcome: "status",
    signalId,
    replayed: false,
    meaning,
    route,
    incident: null,
    recommendation: null,
    task: null,
  };
  return { ctx, s, key, site, device: device ?? null, now, nowIso, meaning, kind, route, attach, base, result };
}

async function recentSiteIncident({ ctx, site, now }: Handling): Promise<RecentIncident | undefined> {
  const since = new Date(now.getTime() - sitesRuntime(ctx).settings.correlationWindowS * 1000).toISOString();
  return ctx.db
    .selectFrom("site_signals")
    .innerJoin("incidents", "incidents.id", "site_signals.incident_id")
    .select(["incidents.id", "incidents.org_path", "incidents.priority", "site_signals.received_at"])
    .where("site_signals.site_id", "=", site.id)
    .where("site_signals.received_at", ">=", since)
    .where("incidents.status", "in", [...OPEN_STATUSES])
    .orderBy("site_signals.received_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Stores the signal in one transaction with the device's new state and the incident's event.
 * Returns the earlier outcome when another process stored the same signal meanwhile, else null.
 */
async function storeSignal(
  h: Handling,
  row: SiteSignalsTable,
  deviceState?: DeviceState,
  incidentEventType?: string,
  extra: NewEvent[] = [],
): Promise<SignalResult | null> {
  const { ctx, device, nowIso, attach, key } = h;
  try {
    await transact(ctx, async (tx, record) => {
      await tx.insertInto("site_signals").values(row).execute();
      if (device && deviceState && deviceState !== device.state) {
        await tx.updateTable("site_devices").set({ state: deviceState, state_since: nowIso }).where("id", "=", device.id).execute();
      }
      if (row.incident_id && incidentEventType) {
        const inc = await tx.selectFrom("incidents").select(["id", "org_path"]).where("id", "=", row.incident_id).executeTakeFirstOrThrow();
        record(incidentEvent(inc, null, incidentEventType, { outcome: row.outcome, ...attach }));
      }
      for (const e of extra) record(e);
    });
  } catch (err) {
    // The same signal, handled by another process meanwhile: its outcome stands.
    if (isUniqueViolation(err)) {
      const winner = await ctx.db.selectFrom("site_signals").selectAll().where("key", "=", key).executeTakeFirst();
      if (winner) return replayOf(ctx, winner);
    }
    throw err;
  }
  return null;
}

/** A restoral clears the device alarm, and shows in the timeline of the incident it belongs to. */
async function handleRestore(h: Handling, recent: RecentIncident | undefined): Promise<SignalResult> {
  const { ctx, device, base, result } = h;
  result.outcome = "restore";
  const lastIncident = device
    ? await ctx.db
        .selectFrom("site_signals")
        .innerJoin("incidents", "incidents.id", "site_signals.incident_id")
        .select("incidents.id")
        .where("site_signals.device_id", "=", device.id)
        .where("incidents.status", "in", [...OPEN_STATUSES])
        .orderBy("site_signals.received_at", "desc")
        .limit(1)
        .executeTakeFirst()
    : recent;
  const row = { ...base, outcome: "restore", incident_id: lastIncident?.id ?? null };
  const replay = await storeSignal(h, row, "normal", "incident.site_restore");
  if (replay) return replay;
  if (row.incident_id) result.incident = await getIncident(ctx, SITES_ACTOR, row.incident_id);
  return result;
}

/** Whether the device toggled (alarm, restoral) often enough within the flap window to be ignored. */
async function isFlapping({ ctx, now }: Handling, device: SiteDevicesTable): Promise<boolean> {
  const { settings } = sitesRuntime(ctx);
  const flapSince = new Date(now.getTime() - settings.flapWindowS * 1000).toISOString();
  const toggles = await ctx.db
    .selectFrom("site_signals")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("device_id", "=", device.id)
    .where("received_at", ">=", flapSince)
    .where("qualifier", "in", ["new", "restore"])
    .executeTakeFirstOrThrow();
  return Number(toggles.n) >= settings.flapThreshold;
}

/** An alarm at a site whose recent signals already went to an open incident: it joins that one. */
async function handleCorrelated(h: Handling, recent: RecentIncident): Promise<SignalResult> {
  const { ctx, route, base, result } = h;
  result.outcome = "correlated";
  const replay = await storeSignal(h, { ...base, outcome: "correlated", incident_id: recent.id }, "alarm", "incident.site_signal");
  if (replay) return replay;
  // A more serious signal raises the incident's priority (a smoke alarm after a daytime door alarm).
  if (route.priority && PRIORITY_RANK[route.priority] < PRIORITY_RANK[recent.priority as Priority]) {
    await updateIncident(ctx, SITES_ACTOR, recent.id, { priority: route.priority });
  }
  result.incident = await getIncident(ctx, SITES_ACTOR, recent.id);
  return result;
}

/**
 * A police incident. Its own idempotency key makes a crash between here and storing the signal
 * harmless: the retry gets the same incident back.
 */
async function handlePoliceAlarm(h: Handling): Promise<SignalResult> {
  const { ctx, s, key, site, device, route, now, nowIso, base, result } = h;
  const loc = device?.lat != null && device?.lon != null ? { lat: device.lat, lon: device.lon } : { lat: site.lat, lon: site.lon };
  const where = [site.address ?? site.name, device?.location].filter(Boolean).join(" ");
  const created = await createIncident(
    ctx,
    SITES_ACTOR,
    {
      channel: s.source === "dc09" ? "alarm_device" : "sensor",
      categoryCode: route.categoryCode!,
      priority: route.priority!,
      location: { ...loc, address: where || null },
      narrative: `${site.name}: ${device ? `${DEVICE_TYPE_NAMES[device.type as DeviceType]?.zh ?? device.type} ${device.name}` : "报警主机"} ${s.eventCode} — ${route.why}`,
      // The panel's own time, unless its clock is plainly wrong (ahead, or older than a client
      // time may be): the signal row keeps what the panel said either way.
      receivedAt: plausiblePanelTime(s.at, now) ?? nowIso,
    },
    `site-signal:${key}`,
  );
  result.outcome = "incident";
  result.incident = created.incident;
  // The response plan at once for in-progress incidents; its event commits with the signal, so the
  // console sees the alarm and the recommended units together (one commit, not two).
  const extra: NewEvent[] = [];
  if (created.incident.priority === "in_progress") {
    const rec = await recommend(ctx, SITES_ACTOR, created.incident.id);
    result.recommendation = rec;
    extra.push(
      incidentEvent({ id: created.incident.id, org_path: created.incident.orgPath }, null, "incident.plan_recommended", {
        planId: rec.planId,
        unitIds: rec.unitIds,
        missing: rec.requirements.filter((r) => r.missing > 0).map((r) => ({ unitType: r.unitType, missing: r.missing })),
      }),
    );
  }
  const replay = await storeSignal(
    h,
    { ...base, outcome: "incident", incident_id: created.incident.id },
    "alarm",
    "incident.site_alarm",
    extra,
  );
  return replay ?? result;
}

/** Signals of an incident (its site, devices and raw signals), for the incident view. */
export async function signalsOfIncident(ctx: AppContext, incidentId: string): Promise<SiteSignalsTable[]> {
  return ctx.db.selectFrom("site_signals").selectAll().where("incident_id", "=", incidentId).orderBy("received_at").execute();
}

/** A device's timestamp if it lies between the oldest time a client may give and now, else null. */
function plausiblePanelTime(at: string, now: Date): string | null {
  const t = Date.parse(at);
  return t <= now.getTime() && t >= now.getTime() - MAX_AGE_H * 3600_000 ? at : null;
}
