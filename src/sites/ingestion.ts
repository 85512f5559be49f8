/**
 * MQTT ingestion of site devices. Two connections to the broker:
 * - events: QoS 1, persistent session (clean: false), and the PUBACK goes out only after the
 *   signal is committed (mqtt.js `handleMessage` holds the ack until its callback), so what was
 *   not acknowledged is redelivered. The client id is this process's own: two processes with one
 *   id take the session from each other at every reconnect. A stable id per process
 *   (MQTT_CLIENT_ID) keeps the session, and the events queued in it, across a restart.
 * - heartbeats: QoS 0, clean session, read by HeartbeatReader (a minimal parser, see there). A
 *   missed heartbeat is replaced by the next one; keeping them on their own connection means a
 *   flood of heartbeats never queues in front of an alarm.
 * Bad messages go to site_dead_letters with the reason and ingestion carries on.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { hostname } from "node:os";
import { Aedes } from "aedes";
import mqtt, { type MqttClient } from "mqtt";
import type { AppContext } from "../context.ts";
import { newId } from "../platform/ids.ts";
import { Problem } from "../platform/problem.ts";
import { HeartbeatReader } from "./heartbeat-reader.ts";
import { sweepOnlineDaily } from "./online.ts";
import {
  checkEventPayload,
  checkHeartbeatPayload,
  EVENTS_FILTER,
  eventToSignal,
  HEARTBEAT_FILTER,
  heartbeatTopicIds,
  parseTopic,
} from "./payload.ts";
import { type DeviceDirectory, flushLastSeen, type SitesSettings, sitesRuntime, warmSites } from "./runtime.ts";
import { handleAlarmSignal, type SignalResult } from "./signals.ts";
import { sweepSiteTasks } from "./tasks.ts";

export interface IngestionOptions {
  /** External broker (production: Mosquitto/EMQX). Without it an embedded Aedes broker is started. */
  mqttUrl?: string;
  /** Port of the embedded broker; default 18830, 0 picks a free one. */
  embeddedPort?: number;
  /**
   * Client id prefix (MQTT_CLIENT_ID); the events session is `${prefix}-events`. Unique to each
   * process: two processes with one id take each other's session. Keep it the same across a
   * process's restarts so the broker queues its events meanwhile. Default: generated per process
   * (`lantern-sites-<host>-<pid>-<random>`), and the session is removed again at stop().
   */
  clientId?: string;
  /** Run the periodic sweeps (last-seen flush, task escalation, daily online rate). Default true. */
  sweeps?: boolean;
  /**
   * Called after each event message is handled (tests and the benchmark listen here), with the
   * time (performance.timeOrigin + performance.now()) the message reached Lantern.
   */
  onSignal?: (r: SignalResult, topic: string, receivedAtMs: number, payload: Buffer) => void;
}

export interface IngestionStats {
  events: number;
  heartbeats: number;
  deadLetters: number;
  retries: number;
  /** The events connection closed while running, and reconnect attempts: a shared client id shows here. */
  disconnects: number;
  reconnects: number;
}

export interface SiteIngestion {
  brokerUrl: string;
  /** The events session's client id. */
  clientId: string;
  stats: IngestionStats;
  stop(): Promise<void>;
  /** Writes buffered last-seen times and dead letters now. */
  flush(): Promise<void>;
}

/** Unique per process: the host and pid say whose it is in the broker's log, the random part keeps it unique. */
export function defaultClientIdPrefix(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, "_")
      .slice(0, 40) || "host";
  return `lantern-sites-${host}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** Ends a persistent session: a clean connect with its client id, then a disconnect. */
async function removeSession(url: string, clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4 });
  await c.endAsync();
}

interface DeadLetter {
  topic: string;
  payload: string;
  reason: string;
}

/** What the steps of one running ingestion share. */
interface Ingesting {
  ctx: AppContext;
  opts: IngestionOptions;
  settings: SitesSettings;
  directory: DeviceDirectory;
  stats: IngestionStats;
  brokerUrl: string;
  /** Set at stop(): in-flight events are then never acknowledged, so the broker redelivers them. */
  stopping: boolean;
  /** Heartbeat dead letters, written in batches with the last-seen flush (the hot path does no I/O). */
  pendingDead: DeadLetter[];
}

export async function startSiteIngestion(ctx: AppContext, opts: IngestionOptions = {}): Promise<SiteIngestion> {
  const { settings } = sitesRuntime(ctx);
  const directory = await warmSites(ctx);
  const stats: IngestionStats = { events: 0, heartbeats: 0, deadLetters: 0, retries: 0, disconnects: 0, reconnects: 0 };
  const embedded = opts.mqttUrl ? null : await startEmbeddedBroker(opts.embeddedPort ?? 18830);
  const brokerUrl = embedded?.url ?? opts.mqttUrl ?? "";
  const run: Ingesting = { ctx, opts, settings, directory, stats, brokerUrl, stopping: false, pendingDead: [] };

  const prefix = opts.clientId ?? defaultClientIdPrefix();
  const eventsClientId = `${prefix}-events`;
  const events = await connectEvents(run, eventsClientId);
  const heartbeats = await startHeartbeats(run, prefix);

  const flush = async () => {
    const letters = run.pendingDead.splice(0, run.pendingDead.length);
    await writeDeadLetters(run, letters);
    await flushLastSeen(ctx);
  };
  const timers = startSweeps(run, flush);

  return {
    brokerUrl,
    clientId: eventsClientId,
    stats,
    flush,
    async stop() {
      run.stopping = true;
      for (const t of timers) clearInterval(t);
      // Close without waiting for in-flight handlers: unacknowledged messages stay with the broker.
      await Promise.all([events.endAsync(true), heartbeats.stop()]);
      // A generated id is never used again: its session would hold a queue at the broker for good.
      if (opts.clientId === undefined)
        await removeSession(brokerUrl, eventsClientId).catch((err) =>
          console.error(`sites: removing the MQTT session ${eventsClientId} failed:`, (err as Error).message),
        );
      await flush().catch((err) => console.error("sites: final flush failed:", (err as Error).message));
      if (embedded) await new Promise<void>((r) => embedded.broker.close(() => r()));
      if (embedded) await new Promise<void>((r) => embedded.server.close(() => r()));
    },
  };
}

/** Without an external broker: an Aedes broker in this process, on 127.0.0.1. */
async function startEmbeddedBroker(port: number): Promise<{ broker: Aedes; server: Server; url: string }> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { broker, server, url: `mqtt://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function writeDeadLetters({ ctx, stats }: Ingesting, letters: DeadLetter[]): Promise<void> {
  if (!letters.length) return;
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto("site_dead_letters")
    .values(
      letters.map((l) => ({
        id: newId(),
        at,
        source: "mqtt",
        topic: l.topic.slice(0, 512),
        payload: l.payload.slice(0, 4096),
        reason: l.reason.slice(0, 500),
      })),
    )
    .execute();
  stats.deadLetters += letters.length;
}

/** One event message: checked, then handled as an alarm signal, or written as a dead letter. */
async function handleEvent(run: Ingesting, topic: string, payload: Buffer, receivedAtMs: number): Promise<void> {
  const { ctx, directory, settings, stats, opts } = run;
  const text = payload.toString("utf8");
  const t = parseTopic(topic);
  if (t?.channel !== "events")
    return writeDeadLetters(run, [{ topic, payload: text, reason: "topic is not lantern/sites/{site}/devices/{device}/events" }]);
  const slot = directory.find(t.siteId, t.deviceId);
  if (slot < 0) {
    const reason = directory.hasSite(t.siteId) ? `unknown device ${t.deviceId} at site ${t.siteId}` : `unknown site ${t.siteId}`;
    return writeDeadLetters(run, [{ topic, payload: text, reason }]);
  }
  const now = ctx.clock.now().getTime();
  const checked = checkEventPayload(payload, now, settings.futureToleranceS * 1000);
  if (!checked.ok) return writeDeadLetters(run, [{ topic, payload: text, reason: checked.reason }]);
  const p = checked.value;
  const { eventCode, qualifier } = eventToSignal(p, directory.typeOf(slot));
  // The device's event id when it sends one; else the exact bytes, which a redelivery repeats.
  const id = p.id ?? createHash("sha256").update(text).digest("hex").slice(0, 32);
  try {
    const r = await handleAlarmSignal(ctx, {
      source: "mqtt",
      siteId: t.siteId,
      deviceId: t.deviceId,
      eventCode,
      qualifier,
      zone: p.zone ?? null,
      user: p.user ?? null,
      at: p.at,
      raw: { topic, payload: JSON.parse(text) },
      idempotencyKey: `mqtt:${t.siteId}:${t.deviceId}:${id}`,
    });
    stats.events++;
    opts.onSignal?.(r, topic, receivedAtMs, payload);
  } catch (err) {
    // A signal Lantern refuses (a 4xx problem) is a dead letter; anything else (the database
    // is down) is retried by the caller and the message stays unacknowledged.
    if (err instanceof Problem && err.status < 500)
      return writeDeadLetters(run, [{ topic, payload: text, reason: `${err.code}: ${err.message}` }]);
    throw err;
  }
}

/** The events connection (QoS 1, persistent session), subscribed; each message is acknowledged after its commit. */
async function connectEvents(run: Ingesting, eventsClientId: string): Promise<MqttClient> {
  const { stats } = run;
  const events: MqttClient = mqtt.connect(run.brokerUrl, {
    clientId: eventsClientId,
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    manualConnect: true,
  });
  // mqtt.js sends the PUBACK when this callback is called: after the commit, never before.
  events.handleMessage = (packet, callback) => {
    const topic = packet.topic;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const receivedAtMs = performance.timeOrigin + performance.now();
    const attempt = async (): Promise<void> => {
      for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
        if (run.stopping) return new Promise(() => {}); // never ack: the broker redelivers after restart
        try {
          await handleEvent(run, topic, payload, receivedAtMs);
          return;
        } catch (err) {
          stats.retries++;
          console.error(`sites: handling ${topic} failed, retrying in ${delay} ms:`, (err as Error).message);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    };
    attempt().then(() => callback(), callback);
  };
  events.on("error", (err) => console.error("sites: MQTT events connection:", err.message));
  events.on("close", () => {
    if (!run.stopping) stats.disconnects++;
  });
  events.on("reconnect", () => {
    stats.reconnects++;
  });
  events.on("offline", () => {
    if (!run.stopping)
      console.warn(
        `sites: MQTT events connection ${eventsClientId} lost; reconnecting (dropped at every reconnect: another client uses this id)`,
      );
  });
  const eventsReady = new Promise<void>((resolve, reject) => {
    events.once("connect", () => resolve());
    events.once("error", reject);
  });
  events.connect();
  await eventsReady;
  await events.subscribeAsync(EVENTS_FILTER, { qos: 1 });
  return events;
}

/** The heartbeat connection (QoS 0): each heartbeat only marks its device as heard, in memory. */
async function startHeartbeats(run: Ingesting, prefix: string): Promise<HeartbeatReader> {
  const { ctx, directory, settings, stats, pendingDead } = run;
  const ids = { siteId: "", deviceId: "" };
  const heartbeats = new HeartbeatReader({
    url: run.brokerUrl,
    clientId: `${prefix}-heartbeat-${process.pid}-${newId().slice(0, 8)}`,
    filter: HEARTBEAT_FILTER,
    onError: (err) => console.error("sites: MQTT heartbeat connection:", err.message),
    // Hot path: a map lookup and a typed-array write; no database.
    onPublish: (topicBytes, payload) => {
      const slot = heartbeatTopicIds(topicBytes, ids) ? directory.find(ids.siteId, ids.deviceId) : -1;
      const now = ctx.clock.now().getTime();
      if (slot < 0) {
        if (pendingDead.length < 10_000) {
          const topic = topicBytes.toString("utf8");
          const t = parseTopic(topic);
          const reason =
            t?.channel !== "heartbeat"
              ? "bad heartbeat topic"
              : directory.hasSite(t.siteId)
                ? `unknown device ${t.deviceId} at site ${t.siteId}`
                : `unknown site ${t.siteId}`;
          pendingDead.push({ topic, payload: payload.toString("utf8"), reason });
        }
        return;
      }
      const bad = checkHeartbeatPayload(payload, now, settings.futureToleranceS * 1000);
      if (bad) {
        if (pendingDead.length < 10_000)
          pendingDead.push({ topic: topicBytes.toString("utf8"), payload: payload.toString("utf8"), reason: bad });
        return;
      }
      directory.heard(slot, now);
      stats.heartbeats++;
    },
  });
  await heartbeats.ready;
  return heartbeats;
}

/** The periodic work: the last-seen flush, and unless turned off the task escalation and online-rate sweeps. */
function startSweeps({ ctx, opts, settings }: Ingesting, flush: () => Promise<void>): NodeJS.Timeout[] {
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
    let running = false;
    const t = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        await fn();
      } catch (err) {
        console.error(`sites: ${name} failed:`, (err as Error).message);
      } finally {
        running = false;
      }
    }, ms);
    t.unref();
    timers.push(t);
  };
  every(settings.flushIntervalMs, "last-seen flush", flush);
  if (opts.sweeps !== false) {
    every(settings.sweepIntervalMs, "task escalation sweep", () => sweepSiteTasks(ctx));
    // The daily series is a time average; one sample every 10 minutes is plenty.
    every(600_000, "online-rate sweep", () => sweepOnlineDaily(ctx));
  }
  return timers;
}
