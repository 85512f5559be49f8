/**
 * `npm run bench -- ingest [--json]`: MQTT ingestion of smart-safe site devices through Mosquitto.
 *
 * A separate load-generator process (this file, forked with LANTERN_INGEST_LOADGEN=1) publishes
 * heartbeats for N devices (QoS 0, raw MQTT packets written straight to a socket so the generator
 * is not the bottleneck) plus an alarm stream (QoS 1, mqtt.js, persistent session). Two phases in
 * one run, same broker, same generator:
 *   1. baseline: a bare mqtt.js subscriber that only counts heartbeats (the broker's ceiling here);
 *   2. Lantern: startSiteIngestion on a fresh SQLite database with N registered devices.
 * Measured in phase 2: messages processed per second (heartbeats + alarms) over the window, the
 * alarm latency from publish to "incident committed and event emitted" (the bus event), CPU of
 * Lantern, the generator and Mosquitto, RSS, and alarms sent vs committed (counted in the DB).
 * `--restart-broker` kills and restarts Mosquitto halfway through phase 2 and checks no alarm is lost.
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import { type AppContext, createContext } from "../src/context.ts";
import { DEMO_BBOX, seedDemo } from "../src/demo/city.ts";
import { warmTravelTimes } from "../src/dispatch/units.ts";
import { loadConfig } from "../src/platform/config.ts";
import { startSiteIngestion } from "../src/sites/ingestion.ts";
import { configureSites, warmSites } from "../src/sites/runtime.ts";
import type { SiteDevicesTable, SitesTable } from "../src/sites/tables.ts";
import { recordResult } from "./results.ts";

const DEVICES_PER_SITE = 100;
const wallMs = () => performance.timeOrigin + performance.now();

interface Options {
  devices: number;
  seconds: number;
  baselineSeconds: number;
  rate: number;
  alarmRate: number;
  alarmSites: number;
  url: string;
  restartBroker: boolean;
  record: boolean;
  json: boolean;
}

const HELP = `usage: npm run bench -- ingest [options]

  --devices N           heartbeat devices (default 500000, ${DEVICES_PER_SITE} per site)
  --seconds S           measured Lantern phase (default 60)
  --baseline-seconds S  bare-subscriber baseline phase (default 20)
  --rate N              heartbeats offered per second; 0 = as fast as the broker takes them (default 60000)
  --alarm-rate N        alarms per second (default 20)
  --alarm-sites N       sites the alarms rotate over, one device each (default 2000)
  --restart-broker      kill and restart Mosquitto halfway through the Lantern phase (127.0.0.1 only)
  --no-record           do not append to bench/RESULTS.md (smoke runs)
  --json                print one JSON object as the last line
Broker: MQTT_URL or mqtt://127.0.0.1:1883.`;

function parseArgs(argv: string[]): Options | null {
  const o: Options = {
    devices: 500_000,
    seconds: 60,
    baselineSeconds: 20,
    rate: 60_000,
    alarmRate: 20,
    alarmSites: 2000,
    url: process.env.MQTT_URL || "mqtt://127.0.0.1:1883",
    restartBroker: false,
    record: true,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === "--help" || a === "-h") return null;
    else if (a === "--devices") o.devices = num();
    else if (a === "--seconds") o.seconds = num();
    else if (a === "--baseline-seconds") o.baselineSeconds = num();
    else if (a === "--rate") o.rate = num();
    else if (a === "--alarm-rate") o.alarmRate = num();
    else if (a === "--alarm-sites") o.alarmSites = num();
    else if (a === "--restart-broker") o.restartBroker = true;
    else if (a === "--json") o.json = true;
    else if (a === "--no-record") o.record = false;
    else throw new Error(`unknown option ${a}\n\n${HELP}`);
  }
  return o;
}

// ---------------------------------------------------------------- the load generator (child process)

type ToGenerator = { cmd: "heartbeats"; rate: number } | { cmd: "alarms"; rate: number; phase: string } | { cmd: "stop" };
type FromGenerator =
  | { kind: "ready" }
  | { kind: "tick"; hbSent: number; alarmsSent: number; alarmsAcked: number }
  | { kind: "done"; hbSent: number; alarmsSent: number; alarmsAcked: number; cpuMs: number };

function varint(n: number, out: Buffer, at: number): number {
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out[at++] = b;
  } while (n > 0);
  return at;
}

/** Heartbeats as raw QoS 0 PUBLISH packets: one buffer per batch, no per-message objects. */
class RawPublisher {
  private sock: Socket | null = null;
  private readonly buf = Buffer.allocUnsafe(4 << 20);
  sent = 0;
  private cursor = 0;
  running = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly devices: number,
  ) {}

  private async open(): Promise<Socket> {
    for (;;) {
      try {
        return await new Promise<Socket>((resolve, reject) => {
          const s = connect(this.port, this.host);
          s.setNoDelay(true);
          s.once("error", reject);
          s.once("connect", () => {
            const id = Buffer.from(`lantern-bench-hb-${process.pid}`);
            const body = Buffer.concat([
              Buffer.from([0, 4, 77, 81, 84, 84, 4, 2, 0, 0]),
              Buffer.from([id.length >> 8, id.length & 255]),
              id,
            ]);
            s.write(Buffer.concat([Buffer.from([0x10, body.length]), body]));
            s.once("data", (d) => {
              if (d[0] !== 0x20 || d[3] !== 0) return reject(new Error("CONNACK refused"));
              s.removeAllListeners("error");
              s.on("error", () => {});
              resolve(s);
            });
          });
        });
      } catch {
        await new Promise((r) => setTimeout(r, 300)); // broker restarting
      }
    }
  }

  private fill(count: number): number {
    let at = 0;
    const buf = this.buf;
    for (let k = 0; k < count && at < buf.length - 200; k++) {
      const i = this.cursor++ % this.devices;
      const site = Math.floor(i / DEVICES_PER_SITE);
      const topic = `lantern/sites/b${site}/devices/b${site}-${i % DEVICES_PER_SITE}/heartbeat`;
      const tlen = topic.length;
      buf[at++] = 0x30;
      at = varint(2 + tlen, buf, at);
      buf[at++] = tlen >> 8;
      buf[at++] = tlen & 255;
      at += buf.write(topic, at, "latin1");
    }
    return at;
  }

  async run(rate: number): Promise<void> {
    this.running = true;
    const started = performance.now();
    let base = this.sent;
    while (this.running) {
      if (!this.sock || this.sock.destroyed) {
        this.sock = await this.open();
        base = this.sent - rate * ((performance.now() - started) / 1000);
      }
      const due = rate > 0 ? Math.min(20_000, Math.floor(base + (rate * (performance.now() - started)) / 1000) - this.sent) : 5000;
      if (due <= 0) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const before = this.cursor;
      const len = this.fill(due);
      const n = this.cursor - before;
      const ok = this.sock.write(Buffer.from(this.buf.subarray(0, len)));
      this.sent += n;
      if (!ok) {
        const sock = this.sock;
        await new Promise<void>((r) => {
          const done = () => {
            sock.off("drain", done);
            sock.off("close", done);
            r();
          };
          sock.once("drain", done);
          sock.once("close", done);
        });
      } else await new Promise((r) => setImmediate(r));
    }
  }

  stop(): void {
    this.running = false;
    this.sock?.end();
  }
}

async function generatorMain(): Promise<void> {
  const url = new URL(process.env.LANTERN_INGEST_URL!);
  const devices = Number(process.env.LANTERN_INGEST_DEVICES);
  const alarmSites = Number(process.env.LANTERN_INGEST_ALARM_SITES);
  const send = (m: FromGenerator) => {
    if (process.connected) process.send!(m);
  };
  // The measuring process is gone: nothing left to do.
  process.on("disconnect", () => process.exit(0));
  const role = process.env.LANTERN_INGEST_LOADGEN;
  const hb = new RawPublisher(url.hostname, Number(url.port || 1883), devices);
  const alarms = mqtt.connect(url.toString(), { clientId: `lantern-bench-alarms-${process.pid}`, clean: false, reconnectPeriod: 300 });
  alarms.on("error", () => {});
  let alarmsSent = 0;
  let alarmsAcked = 0;
  let alarmTimer: NodeJS.Timeout | null = null;
  const cpu0 = process.cpuUsage();
  const tick = setInterval(() => send({ kind: "tick", hbSent: hb.sent, alarmsSent, alarmsAcked }), 1000);
  process.on("message", (m: ToGenerator) => {
    if (m.cmd === "heartbeats" && role === "heartbeats") void hb.run(m.rate);
    if (m.cmd === "alarms" && role === "alarms") {
      // Each phase counts from zero and tags its alarm ids, so the phases never mix.
      if (alarmTimer) clearInterval(alarmTimer);
      alarmsSent = 0;
      alarmsAcked = 0;
      const started = performance.now();
      const phase = m.phase;
      alarmTimer = setInterval(() => {
        const due = Math.floor((m.rate * (performance.now() - started)) / 1000) - alarmsSent;
        for (let k = 0; k < due; k++) {
          const i = alarmsSent++;
          const site = i % alarmSites;
          const payload = JSON.stringify({ id: `${phase}-${i}`, at: new Date().toISOString(), event: "alarm", sentAt: wallMs() });
          alarms.publish(`lantern/sites/ba${site}/devices/ba${site}-d/events`, payload, { qos: 1 }, (err) => {
            if (!err) alarmsAcked++;
          });
        }
      }, 10);
    }
    if (m.cmd === "stop") {
      hb.stop();
      if (alarmTimer) clearInterval(alarmTimer);
      clearInterval(tick);
      // Give queued QoS 1 alarms time to reach the broker before leaving.
      const finish = async () => {
        for (let i = 0; i < 300 && alarmsAcked < alarmsSent; i++) await new Promise((r) => setTimeout(r, 100));
        const c = process.cpuUsage(cpu0);
        send({ kind: "done", hbSent: hb.sent, alarmsSent, alarmsAcked, cpuMs: (c.user + c.system) / 1000 });
        await alarms.endAsync();
        // The publisher's session is not needed after the run.
        await mqtt
          .connectAsync(url.toString(), { clientId: `lantern-bench-alarms-${process.pid}`, clean: true })
          .then((c2) => c2.endAsync());
        process.exit(0);
      };
      void finish();
    }
  });
  alarms.once("connect", () => send({ kind: "ready" }));
}

// ---------------------------------------------------------------- the measuring process

function mosquittoPid(): number | null {
  try {
    const pid = Number(readFileSync("/run/mosquitto/mosquitto.pid", "utf8").trim());
    return existsSync(`/proc/${pid}`) && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("mosquitto") ? pid : null;
  } catch {
    return null;
  }
}

function procCpuMs(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}

async function restartMosquitto(host: string): Promise<number> {
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error("--restart-broker only restarts a broker on 127.0.0.1");
  const pid = mosquittoPid();
  if (!pid) throw new Error("no running mosquitto found (/run/mosquitto/mosquitto.pid)");
  const t0 = performance.now();
  process.kill(pid, "SIGTERM"); // SIGTERM: Mosquitto saves its persistence file on the way out
  while (existsSync(`/proc/${pid}`)) await new Promise((r) => setTimeout(r, 20));
  execFileSync("mosquitto", ["-d", "-c", "/etc/mosquitto/mosquitto.conf"]);
  for (;;) {
    const up = await new Promise<boolean>((r) => {
      const s = connect(1883, "127.0.0.1");
      s.once("connect", () => {
        s.end();
        r(true);
      });
      s.once("error", () => r(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - t0;
}

async function seed(ctx: AppContext, o: Options, log: (m: string) => void): Promise<void> {
  const now = new Date().toISOString();
  const rand = (() => {
    let a = 9;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  })();
  const siteRow = (id: string, type: string): SitesTable => {
    const lat = DEMO_BBOX.minLat + 0.001 + rand() * (DEMO_BBOX.maxLat - DEMO_BBOX.minLat - 0.002);
    const lon = DEMO_BBOX.minLon + 0.001 + rand() * (DEMO_BBOX.maxLon - DEMO_BBOX.minLon - 0.002);
    return {
      id,
      name: id,
      type,
      lat,
      lon,
      address: null,
      zone_id: null,
      station_id: null,
      district_id: null,
      org_path: "/hz/",
      contacts: JSON.stringify([{ role: "guard", name: "保安", phone: "13800000000" }]),
      guard_ack_s: null,
      grid_worker_ack_s: null,
      mode: "normal",
      created_at: now,
      updated_at: now,
      version: 1,
    };
  };
  const dev = (id: string, siteId: string, type: string): SiteDevicesTable => ({
    id,
    site_id: siteId,
    type,
    name: id,
    location: null,
    lat: null,
    lon: null,
    heartbeat_s: 60,
    dc09_account: null,
    dc09_key_hex: null,
    mode: "normal",
    state: "normal",
    state_since: null,
    last_seen_at: null,
    created_at: now,
    updated_at: now,
  });
  const { placeOf } = await import("../src/incidents/service.ts");
  const types = ["smoke", "camera_health", "door_contact", "perimeter_intrusion", "electrical_fire_risk", "ebike_charging", "gas"];
  const siteCount = Math.ceil(o.devices / DEVICES_PER_SITE);
  // Places first: on SQLite a query outside the transaction would wait for it forever.
  const place = async (s: SitesTable): Promise<SitesTable> => {
    const p = await placeOf(ctx, s.lat, s.lon);
    return { ...s, zone_id: p.zoneId, station_id: p.stationId, district_id: p.districtId, org_path: p.orgPath };
  };
  const sites: SitesTable[] = [];
  for (let k = 0; k < siteCount; k++) sites.push(await place(siteRow(`b${k}`, k % 10 === 0 ? "campus" : "compound")));
  const alarmSites: SitesTable[] = [];
  for (let k = 0; k < o.alarmSites; k++) alarmSites.push(await place(siteRow(`ba${k}`, "compound")));
  await ctx.db.transaction().execute(async (tx) => {
    for (let k = 0; k < siteCount; k++) {
      await tx.insertInto("sites").values(sites[k]).execute();
      const devs: SiteDevicesTable[] = [];
      for (let j = 0; j < DEVICES_PER_SITE && k * DEVICES_PER_SITE + j < o.devices; j++)
        devs.push(dev(`b${k}-${j}`, `b${k}`, types[j % types.length]));
      await tx.insertInto("site_devices").values(devs).execute();
      if (k % 500 === 0) log(`seeding: ${k * DEVICES_PER_SITE} devices`);
    }
    for (let k = 0; k < o.alarmSites; k++) {
      await tx.insertInto("sites").values(alarmSites[k]).execute();
      await tx
        .insertInto("site_devices")
        .values(dev(`ba${k}-d`, `ba${k}`, k % 2 ? "smoke" : "perimeter_intrusion"))
        .execute();
    }
  });
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

const log = (m: string) => process.stderr.write(`${m}\n`);

type Ingestion = Awaited<ReturnType<typeof startSiteIngestion>>;

/** The two forked generator processes and the counts they last reported. */
interface Generators {
  gens: ChildProcess[];
  stats: { hbSent: number; alarmsSent: number; alarmsAcked: number };
  dones: Extract<FromGenerator, { kind: "done" }>[];
  ready: Promise<unknown>;
  send: (m: ToGenerator) => void;
}

// Two generator processes: heartbeats at full tilt must not delay the alarms' publish times.
function forkGenerators(o: Options): Generators {
  const forkGenerator = (role: "heartbeats" | "alarms") =>
    fork(fileURLToPath(import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        LANTERN_INGEST_LOADGEN: role,
        LANTERN_INGEST_URL: o.url,
        LANTERN_INGEST_DEVICES: String(o.devices),
        LANTERN_INGEST_ALARM_SITES: String(o.alarmSites),
      },
    });
  const gens = [forkGenerator("heartbeats"), forkGenerator("alarms")];
  const stats = { hbSent: 0, alarmsSent: 0, alarmsAcked: 0 };
  const dones: Extract<FromGenerator, { kind: "done" }>[] = [];
  const ready = Promise.all(
    gens.map(
      (g) =>
        new Promise<void>((resolve) =>
          g.on("message", (m: FromGenerator) => {
            if (m.kind === "ready") resolve();
            if (m.kind === "tick" || m.kind === "done") {
              if (g === gens[0]) stats.hbSent = m.hbSent;
              else Object.assign(stats, { alarmsSent: m.alarmsSent, alarmsAcked: m.alarmsAcked });
            }
            if (m.kind === "done") dones.push(m);
          }),
        ),
    ),
  );
  const send = (m: ToGenerator) => {
    for (const g of gens) if (g.connected) g.send(m);
  };
  return { gens, stats, dones, ready, send };
}

async function seedAll(ctx: AppContext, o: Options): Promise<void> {
  log(`seeding the demo city and ${o.devices} devices (+${o.alarmSites} alarm devices) into SQLite…`);
  const t0 = performance.now();
  await seedDemo(ctx, { officers: "few" });
  await warmTravelTimes(ctx);
  await seed(ctx, o, log);
  log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

interface Baseline {
  rate: number;
  /** Alarm publish → bare subscriber, ms. */
  alarms: number[];
}

/** Phase 1: the baseline, a subscriber that only counts heartbeats, and one that only times alarms. */
async function baselinePhase(o: Options, gen: Generators): Promise<Baseline> {
  log(`baseline: bare mqtt.js subscribers counting heartbeats and timing alarms for ${o.baselineSeconds} s…`);
  const counter = await mqtt.connectAsync(o.url, { clientId: `lantern-bench-count-${process.pid}`, clean: true });
  let counted = 0;
  counter.on("message", () => counted++);
  await counter.subscribeAsync("lantern/sites/+/devices/+/heartbeat", { qos: 0 });
  const alarmTimer = await mqtt.connectAsync(o.url, { clientId: `lantern-bench-alarmtimer-${process.pid}`, clean: true });
  const baselineAlarms: number[] = [];
  alarmTimer.on("message", (_t, payload) => {
    const sentAt = (JSON.parse(payload.toString("utf8")) as { sentAt?: number }).sentAt;
    if (sentAt) baselineAlarms.push(wallMs() - sentAt);
  });
  await alarmTimer.subscribeAsync("lantern/sites/+/devices/+/events", { qos: 1 });
  gen.send({ cmd: "heartbeats", rate: o.rate });
  gen.send({ cmd: "alarms", rate: o.alarmRate, phase: "baseline" });
  await new Promise((r) => setTimeout(r, 2000)); // warm-up
  const b0 = counted;
  const bt0 = performance.now();
  await new Promise((r) => setTimeout(r, o.baselineSeconds * 1000));
  const baselineRate = ((counted - b0) * 1000) / (performance.now() - bt0);
  await counter.endAsync();
  gen.send({ cmd: "alarms", rate: 0, phase: "pause" });
  await alarmTimer.endAsync();
  log(`baseline: ${Math.round(baselineRate)} msg/s; alarms through the broker alone p99 ${r1(pct(baselineAlarms, 99))} ms`);
  return { rate: baselineRate, alarms: baselineAlarms };
}

/** Alarm latencies in Lantern, ms: publish → committed (the bus event), split at Lantern's handler. */
interface AlarmProbes {
  latencies: number[];
  toLantern: number[];
  inLantern: number[];
}

/** Phase 2 set-up: Lantern's site ingestion, with probes on the bus and on the handler. */
async function startLantern(ctx: AppContext, o: Options): Promise<{ ingestion: Ingestion; probes: AlarmProbes }> {
  configureSites(ctx, { flushIntervalMs: Number(process.env.BENCH_FLUSH_MS ?? 5000) });
  await warmSites(ctx, true);
  const latencies: number[] = [];
  ctx.bus.subscribe((e) => {
    if (e.type !== "incident.site_alarm" && e.type !== "incident.site_signal") return;
    const sentAt = ((e.data.signal as { raw?: { payload?: { sentAt?: number } } })?.raw?.payload?.sentAt ?? null) as number | null;
    if (sentAt) latencies.push(wallMs() - sentAt);
  });
  // Where the time goes: publish → Lantern's handler (generator, broker, sockets) and handler → commit.
  const toLantern: number[] = [];
  const inLantern: number[] = [];
  const ingestion = await startSiteIngestion(ctx, {
    mqttUrl: o.url,
    clientId: `lantern-bench-${process.pid}`,
    onSignal: (r, _topic, receivedAt, payload) => {
      if (r.replayed) return;
      const sentAt = (JSON.parse(payload.toString("utf8")) as { sentAt?: number }).sentAt;
      if (!sentAt) return;
      toLantern.push(receivedAt - sentAt);
      inLantern.push(wallMs() - receivedAt);
    },
  });
  return { ingestion, probes: { latencies, toLantern, inLantern } };
}

/** What the measured window of phase 2 saw. */
interface LanternWindow {
  perSecond: number[];
  elapsed: number;
  cpu: NodeJS.CpuUsage;
  mq0: number | null;
  mq1: number | null;
  msgs: number;
  offered: number;
  rssMax: number;
  restartMs: number | null;
  loopDelay: IntervalHistogram;
  gcPauses: number[];
}

/** Phase 2: Lantern under the same load for o.seconds, sampled each second (with the optional broker restart halfway). */
async function lanternPhase(
  o: Options,
  brokerHost: string,
  gen: Generators,
  ingestion: Ingestion,
  probes: AlarmProbes,
): Promise<LanternWindow> {
  log(`Lantern phase: ${o.seconds} s of heartbeats (offered ${o.rate || "max"}/s) and ${o.alarmRate} alarms/s…`);
  gen.send({ cmd: "alarms", rate: o.alarmRate, phase: "lantern" });
  await new Promise((r) => setTimeout(r, 2000)); // warm-up: the first flush writes every device heard
  // Event-loop stalls and GC pauses in Lantern's process: what delays an alarm behind the heartbeats.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const gcPauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push(e.duration);
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  const perSecond: number[] = [];
  const processed = () => ingestion.stats.heartbeats + ingestion.stats.events;
  const cpu0 = process.cpuUsage();
  const mq0 = procCpuMs(mosquittoPid());
  const p0 = processed();
  const hb0 = gen.stats.hbSent;
  const start = performance.now();
  let rssMax = 0;
  let last = p0;
  let restartMs: number | null = null;
  for (let s = 1; s <= o.seconds; s++) {
    await new Promise((r) => setTimeout(r, start + s * 1000 - performance.now()));
    const now = processed();
    perSecond.push(now - last);
    last = now;
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    if (s % 10 === 0)
      log(`  ${s} s: ${perSecond.slice(-10).reduce((a, b) => a + b, 0) / 10} msg/s, alarms committed ${probes.latencies.length}`);
    if (o.restartBroker && s === Math.floor(o.seconds / 2)) {
      log("  restarting Mosquitto…");
      restartMs = await restartMosquitto(brokerHost);
      log(`  Mosquitto back after ${Math.round(restartMs)} ms`);
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  loopDelay.disable();
  gcObserver.disconnect();
  const cpu = process.cpuUsage(cpu0);
  const mq1 = procCpuMs(mosquittoPid());
  const msgs = processed() - p0;
  const offered = (gen.stats.hbSent - hb0) / elapsed;
  return { perSecond, elapsed, cpu, mq0, mq1, msgs, offered, rssMax, restartMs, loopDelay, gcPauses };
}

interface Drained {
  sent: number;
  committed: number;
  generatorCpuMs: number;
}

/** Drain: every alarm the generator sent must be committed. */
async function drainAlarms(ctx: AppContext, gen: Generators): Promise<Drained> {
  gen.send({ cmd: "stop" });
  const deadline = performance.now() + 60_000;
  while (gen.dones.length < 2 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const sent = gen.stats.alarmsSent;
  const generatorCpuMs = gen.dones.reduce((a, d) => a + d.cpuMs, 0);
  const count = async () =>
    Number(
      (
        await ctx.db
          .selectFrom("site_signals")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("source", "=", "mqtt")
          .where("key", "like", "mqtt:ba%:lantern-%")
          .executeTakeFirstOrThrow()
      ).n,
    );
  let committed = await count();
  while (committed < sent && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    committed = await count();
  }
  return { sent, committed, generatorCpuMs };
}

interface Measured {
  o: Options;
  baseline: Baseline;
  probes: AlarmProbes;
  w: LanternWindow;
  drained: Drained;
  ingestion: Ingestion;
  gen: Generators;
}

/** The JSON row recorded in RESULTS.md; keys and their order are what earlier results are compared by. */
async function ingestResult({ o, baseline, probes, w, drained, ingestion, gen }: Measured) {
  const { latencies, toLantern, inLantern } = probes;
  const { perSecond, elapsed, cpu, mq0, mq1, restartMs, loopDelay, gcPauses } = w;
  const { sent, committed } = drained;
  const baselineRate = baseline.rate;
  const baselineAlarms = baseline.alarms;
  const rate = w.msgs / elapsed;
  const windows: number[] = [];
  for (let i = 0; i + 5 <= perSecond.length; i++) windows.push(perSecond.slice(i, i + 5).reduce((a, b) => a + b, 0) / 5);
  return {
    bench: "ingest",
    broker: o.url,
    devices: o.devices,
    seconds: o.seconds,
    offered_hb_per_s: Math.round(w.offered),
    msgs_per_s: Math.round(rate),
    min_5s_msgs_per_s: Math.round(Math.min(...windows)),
    baseline_msgs_per_s: Math.round(baselineRate),
    ratio_to_baseline: Math.round((rate / baselineRate) * 1000) / 1000,
    baseline_alarm_p50_ms: r1(pct(baselineAlarms, 50)),
    baseline_alarm_p99_ms: r1(pct(baselineAlarms, 99)),
    alarm_p50_ms: r1(pct(latencies, 50)),
    alarm_p99_ms: r1(pct(latencies, 99)),
    alarm_max_ms: r1(pct(latencies, 100)),
    alarm_to_lantern_p50_ms: r1(pct(toLantern, 50)),
    alarm_to_lantern_p99_ms: r1(pct(toLantern, 99)),
    alarm_in_lantern_p50_ms: r1(pct(inLantern, 50)),
    alarm_in_lantern_p99_ms: r1(pct(inLantern, 99)),
    alarms_sent: sent,
    alarms_acked_by_broker: gen.stats.alarmsAcked,
    alarms_committed: committed,
    alarms_lost: sent - committed,
    event_loop_delay_p99_ms: r1(loopDelay.percentile(99) / 1e6),
    event_loop_delay_max_ms: r1(loopDelay.max / 1e6),
    gc_pause_total_ms: Math.round(gcPauses.reduce((a, b) => a + b, 0)),
    gc_pause_max_ms: r1(gcPauses.length ? Math.max(...gcPauses) : 0),
    lantern_cpu_pct: Math.round(((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100),
    generator_cpu_s: Math.round(drained.generatorCpuMs / 100) / 10,
    mosquitto_cpu_pct: mq0 !== null && mq1 !== null && !o.restartBroker ? Math.round(((mq1 - mq0) / (elapsed * 1000)) * 100) : null,
    rss_mb: Math.round(w.rssMax / 1048576),
    dead_letters: ingestion.stats.deadLetters,
    broker_restarted: o.restartBroker,
    broker_down_ms: restartMs === null ? null : Math.round(restartMs),
    cores: (await import("node:os")).cpus().length,
    loadavg: (await import("node:os")).loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

type IngestResult = Awaited<ReturnType<typeof ingestResult>>;

/** The markdown table printed and recorded next to the JSON row. */
function ingestSummary(o: Options, { sent, committed }: Drained, result: IngestResult): string {
  return [
    `MQTT ingestion through ${o.url}: ${o.devices.toLocaleString("en")} heartbeat devices (${DEVICES_PER_SITE}/site, QoS 0, raw packets from a forked generator) + ${o.alarmRate} alarms/s over ${o.alarmSites} sites (QoS 1, persistent session), ${o.seconds} s measured on SQLite.${o.restartBroker ? ` Mosquitto killed (SIGTERM) and restarted at ${Math.floor(o.seconds / 2)} s, down ${result.broker_down_ms} ms.` : ""}`,
    "",
    "| figure | value |",
    "|---|---|",
    `| messages processed by Lantern | ${result.msgs_per_s.toLocaleString("en")} msg/s (lowest 5 s window ${result.min_5s_msgs_per_s.toLocaleString("en")}) |`,
    `| offered heartbeats | ${result.offered_hb_per_s.toLocaleString("en")} msg/s |`,
    `| baseline: bare counting subscriber | ${result.baseline_msgs_per_s.toLocaleString("en")} msg/s; ratio ${result.ratio_to_baseline} |`,
    `| baseline: alarm publish → bare subscriber (broker path alone, same heartbeat load) | p50 ${result.baseline_alarm_p50_ms} ms, p99 ${result.baseline_alarm_p99_ms} ms |`,
    `| alarm publish → incident committed + event | p50 ${result.alarm_p50_ms} ms, p99 ${result.alarm_p99_ms} ms, max ${result.alarm_max_ms} ms |`,
    `| of which publish → Lantern's handler (generator, broker, sockets) | p50 ${result.alarm_to_lantern_p50_ms} ms, p99 ${result.alarm_to_lantern_p99_ms} ms |`,
    `| of which handler → committed (incident, signal, plan recommendation) | p50 ${result.alarm_in_lantern_p50_ms} ms, p99 ${result.alarm_in_lantern_p99_ms} ms |`,
    `| alarms sent / committed / lost | ${sent} / ${committed} / ${result.alarms_lost} |`,
    `| CPU | Lantern ${result.lantern_cpu_pct}% of a core, Mosquitto ${result.mosquitto_cpu_pct ?? "n/a"}%, generators ${result.generator_cpu_s} s CPU over the whole run (both phases) |`,
    `| Lantern event loop | delay p99 ${result.event_loop_delay_p99_ms} ms, max ${result.event_loop_delay_max_ms} ms; GC pauses ${result.gc_pause_total_ms} ms in total, longest ${result.gc_pause_max_ms} ms |`,
    `| RSS (Lantern, max) | ${result.rss_mb} MB |`,
    `| machine | ${result.cores} cores, load ${result.loadavg.join(" ")} |`,
  ].join("\n");
}

/** Stop the generators and Lantern, drop the bench's MQTT session, the database and its directory. */
async function shutDown(o: Options, gen: Generators, ingestion: Ingestion | null, ctx: AppContext, dir: string): Promise<void> {
  if (gen.dones.length < 2) gen.send({ cmd: "stop" });
  for (const g of gen.gens) setTimeout(() => g.kill(), 5000).unref();
  if (ingestion) {
    await ingestion.stop();
    // The bench's persistent session is not needed after the run.
    await mqtt
      .connectAsync(o.url, { clientId: `lantern-bench-${process.pid}-events`, clean: true, reconnectPeriod: 0 })
      .then((c) => c.endAsync())
      .catch(() => {});
  }
  await ctx.db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

export async function run(argv: string[]): Promise<void> {
  const o = parseArgs(argv);
  if (!o) {
    console.log(HELP);
    return;
  }
  const brokerHost = new URL(o.url).hostname;
  const dir = mkdtempSync(join(tmpdir(), "lantern-bench-ingest-"));
  const ctx = await createContext(loadConfig({}, { dataDir: dir, databaseUrl: null }));
  const gen = forkGenerators(o);
  let ingestion: Ingestion | null = null;
  try {
    await seedAll(ctx, o);
    await gen.ready;
    const baseline = await baselinePhase(o, gen);
    const lantern = await startLantern(ctx, o);
    ingestion = lantern.ingestion;
    const w = await lanternPhase(o, brokerHost, gen, ingestion, lantern.probes);
    const drained = await drainAlarms(ctx, gen);
    const result = await ingestResult({ o, baseline, probes: lantern.probes, w, drained, ingestion, gen });
    const summary = ingestSummary(o, drained, result);
    console.log(summary);
    if (o.record) recordResult(o.restartBroker ? "ingest (Mosquitto restarted mid-run)" : "ingest", summary, result);
    if (o.json) console.log(JSON.stringify(result));
  } finally {
    await shutDown(o, gen, ingestion, ctx, dir);
  }
}

if (process.env.LANTERN_INGEST_LOADGEN) void generatorMain();
