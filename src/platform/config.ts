/**
 * Runtime configuration, read once from the environment with embedded defaults for a laptop.
 * This is the only reader of the environment: modules get their settings from here (sites,
 * Open311, the alarm receiver, the MQTT link), so what a process runs with is one value.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The sites module's timings and thresholds (SITES_*). */
export interface SitesSettings {
  /** Signals from one site within this many seconds join one open incident. */
  correlationWindowS: number;
  /** A device with this many alarm/restore signals within flapWindowS is flapping: logged, not dispatched. */
  flapThreshold: number;
  flapWindowS: number;
  /** Default seconds the guard, then the grid worker, have to acknowledge a task (a site may override). */
  guardAckS: number;
  gridWorkerAckS: number;
  /** A device is online when heard within onlineFactor × its heartbeat interval. */
  onlineFactor: number;
  /** Device timestamps further than this in the future are refused (dead letter). */
  futureToleranceS: number;
  /** Last-seen is written to the database when it moved by this much, or the device came back. */
  persistSeenAfterS: number;
  /** How often the in-memory last-seen and buffered dead letters are flushed. */
  flushIntervalMs: number;
  /** How often the task-escalation and online-rate sweeps run. */
  sweepIntervalMs: number;
}

/** The SIA DC-09 receiver's connection limits (DC09_*); unset ones keep the receiver's defaults. */
export interface Dc09Limits {
  maxConnections?: number;
  maxConnectionsPerSource?: number;
  firstFrameTimeoutMs?: number;
  idleTimeoutMs?: number;
}

export interface Config {
  port: number;
  host: string;
  /** postgres://… for production; unset means the embedded SQLite file under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** Session lifetime. A command-room shift is 12 h; re-login after that is expected. */
  sessionTtlMs: number;
  /**
   * Sign-in attempts one client address may make per minute (POST /auth/login). A command room
   * behind one NAT address signs in together at a shift change, so not lower than its headcount.
   */
  loginAttemptsPerMinute: number;
  /** AVL positions older than this are flagged in recommendations. */
  avlStaleAfterS: number;
  /** Road graph file; when unset the demo city's generated network is used. */
  graphFile: string | null;
  /** Seconds between response-target clock sweeps. */
  clockSweepS: number;
  /** nats://… to fan events out between several Lantern processes; unset for one process. */
  natsUrl: string | null;
  /**
   * The whole request, headers and body, must arrive within this. 60 s lets a 5 MB work-order
   * photo through a 1 Mbit/s phone uplink; a client that trickles its body is cut then (408).
   */
  requestTimeoutMs: number;
  /** The request headers must arrive within this (slow-headers attacks); at most requestTimeoutMs. */
  headersTimeoutMs: number;
  /**
   * An idle keep-alive connection is closed after this: short, since every held connection counts
   * against the per-address cap. Behind a load balancer, set it above the balancer's idle timeout.
   */
  keepAliveTimeoutMs: number;
  /**
   * A socket with no traffic either way for this long is closed. Longer than the slowest answer
   * (an interception plan); the WebSocket stream is exempt (its library clears the timer).
   */
  socketIdleTimeoutMs: number;
  /**
   * Connections one client address may hold at once; 0 turns the cap off. A browser holds at most
   * six connections to the server plus the stream, so 256 serves a command room of about 35
   * consoles behind one NAT address. Behind a reverse proxy every connection comes from the
   * proxy: set 0 there and limit at the proxy.
   */
  maxConnectionsPerAddress: number;
  /**
   * Where the console may load map tiles from, as content-security-policy sources (MAP_TILE_SOURCES,
   * space-separated). The console draws its own base map; a browser may be set to use a tile
   * server besides (docs/console.md), so any HTTPS origin is allowed unless this names the one.
   */
  mapTileSources: string[];
  /**
   * The key that signs the audit chain's checkpoints (AUDIT_KEY). Unset: a key file created in
   * dataDir on first start, which shares the machine with a SQLite database; in production the
   * key comes from a secret store, never from the database or its host's data volume.
   */
  auditKey: string | null;
  /** Where signed audit checkpoints are appended; null means dataDir/audit-checkpoints.jsonl. */
  auditCheckpointFile: string | null;
  /** Seconds between audit checkpoints (one is written only when the chain grew). */
  auditCheckpointS: number;
  /** Hold every HTTP answer to its declared schema (LANTERN_CHECK_RESPONSES=1); the test suite sets it. */
  checkResponses: boolean;
  /** Print the stack of every internal error to the console (LANTERN_DEBUG=1). */
  debug: boolean;
  sites: SitesSettings;
  /**
   * The interception planner's guardrails, city-wide (a request may set its own within limits):
   * available units per station a plan never takes (INTERCEPT_RESERVE_PER_STATION, default 1),
   * and the least share of escape routes a unit must add to be sent (INTERCEPT_MIN_GAIN, 0.02).
   */
  intercept: { reservePerStation: number; minGain: number };
  /**
   * What Open311 shows to whom (OPEN311_PUBLIC_DESCRIPTION, OPEN311_READ_API_KEY), as written;
   * governance/open311/settings.ts checks the values and refuses to start on an unknown one.
   */
  open311: { publicDescription: string | null; readApiKey: string | null };
  /** The SIA DC-09 receiver's port (DC09_PORT, TCP and UDP; null: the command decides) and limits. */
  dc09: { port: number | null; limits: Dc09Limits };
  /** An external MQTT broker (MQTT_URL; null: the embedded one) and this process's client id (MQTT_CLIENT_ID). */
  mqtt: { url: string | null; clientId: string | null };
  /**
   * Dispatch settings, as written (DISPATCH_STREET_UNIT_TYPES: the unit types that may go first to an
   * in-progress or urgent call, comma- or space-separated; null: the dispatch module's default list).
   * dispatch/settings.ts checks the codes and refuses to start on an unknown one.
   */
  dispatch: { streetUnitTypes: string[] | null };
  /** The language of command-line answers, from the shell's locale (LC_ALL, LC_MESSAGES, LANG). */
  cliLocale: "zh-CN" | "en";
}

type Env = Readonly<Record<string, string | undefined>>;

/** A number when set and not empty, else the fallback. */
function numberOr<T extends number | null | undefined>(env: Env, name: string, fallback: T): number | T {
  const v = env[name];
  return v !== undefined && v !== "" ? Number(v) : fallback;
}

function sitesFrom(env: Env): SitesSettings {
  return {
    correlationWindowS: numberOr(env, "SITES_CORRELATION_WINDOW_S", 300),
    flapThreshold: numberOr(env, "SITES_FLAP_THRESHOLD", 6),
    flapWindowS: numberOr(env, "SITES_FLAP_WINDOW_S", 600),
    guardAckS: numberOr(env, "SITES_GUARD_ACK_S", 300),
    gridWorkerAckS: numberOr(env, "SITES_GRID_WORKER_ACK_S", 600),
    onlineFactor: numberOr(env, "SITES_ONLINE_FACTOR", 2),
    futureToleranceS: numberOr(env, "SITES_FUTURE_TOLERANCE_S", 300),
    persistSeenAfterS: numberOr(env, "SITES_PERSIST_SEEN_AFTER_S", 300),
    flushIntervalMs: numberOr(env, "SITES_FLUSH_INTERVAL_MS", 5000),
    sweepIntervalMs: numberOr(env, "SITES_SWEEP_INTERVAL_MS", 15_000),
  };
}

function dc09LimitsFrom(env: Env): Dc09Limits {
  const limits: Dc09Limits = {
    maxConnections: numberOr(env, "DC09_MAX_CONNECTIONS", undefined),
    maxConnectionsPerSource: numberOr(env, "DC09_MAX_CONNECTIONS_PER_SOURCE", undefined),
    firstFrameTimeoutMs: numberOr(env, "DC09_FIRST_FRAME_TIMEOUT_MS", undefined),
    idleTimeoutMs: numberOr(env, "DC09_IDLE_TIMEOUT_MS", undefined),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

/** A comma- or space-separated list when set and not empty, else null. */
function listOrNull(v: string | undefined): string[] | null {
  const items = (v ?? "").split(/[\s,]+/).filter(Boolean);
  return items.length ? items : null;
}

function cliLocaleFrom(env: Env): "zh-CN" | "en" {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return lang.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(env.DATA_DIR ?? "data");
  return {
    port: Number(env.PORT ?? 8110),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    sessionTtlMs: Number(env.SESSION_TTL_MS ?? 12 * 3600 * 1000),
    loginAttemptsPerMinute: Number(env.LOGIN_ATTEMPTS_PER_MINUTE ?? 30),
    avlStaleAfterS: Number(env.AVL_STALE_AFTER_S ?? 120),
    graphFile: env.GRAPH_FILE || null,
    clockSweepS: Number(env.CLOCK_SWEEP_S ?? 5),
    natsUrl: env.NATS_URL || null,
    requestTimeoutMs: Number(env.REQUEST_TIMEOUT_MS ?? 60_000),
    headersTimeoutMs: Number(env.HEADERS_TIMEOUT_MS ?? 10_000),
    keepAliveTimeoutMs: Number(env.KEEP_ALIVE_TIMEOUT_MS ?? 10_000),
    socketIdleTimeoutMs: Number(env.SOCKET_IDLE_TIMEOUT_MS ?? 120_000),
    maxConnectionsPerAddress: Number(env.MAX_CONNECTIONS_PER_ADDRESS ?? 256),
    mapTileSources: (env.MAP_TILE_SOURCES ?? "https:").split(/\s+/).filter(Boolean),
    auditKey: env.AUDIT_KEY || null,
    auditCheckpointFile: env.AUDIT_CHECKPOINT_FILE ? resolve(env.AUDIT_CHECKPOINT_FILE) : null,
    auditCheckpointS: Number(env.AUDIT_CHECKPOINT_S ?? 60),
    checkResponses: env.LANTERN_CHECK_RESPONSES === "1",
    debug: !!env.LANTERN_DEBUG,
    sites: sitesFrom(env),
    intercept: {
      reservePerStation: numberOr(env, "INTERCEPT_RESERVE_PER_STATION", 1),
      minGain: numberOr(env, "INTERCEPT_MIN_GAIN", 0.02),
    },
    open311: { publicDescription: env.OPEN311_PUBLIC_DESCRIPTION || null, readApiKey: env.OPEN311_READ_API_KEY || null },
    dc09: { port: numberOr(env, "DC09_PORT", null), limits: dc09LimitsFrom(env) },
    mqtt: { url: env.MQTT_URL || null, clientId: env.MQTT_CLIENT_ID || null },
    dispatch: { streetUnitTypes: listOrNull(env.DISPATCH_STREET_UNIT_TYPES) },
    cliLocale: cliLocaleFrom(env),
    ...overrides,
  };
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Where the shared real-world data sets live (LANTERN_SHARED_DATA, or ../shared/data next to the
 * repository). Only tests, benchmarks and the evaluation commands read them; the server never does.
 */
export function sharedDataDir(env: Env = process.env): string {
  return env.LANTERN_SHARED_DATA ?? join(repoRoot, "..", "shared", "data");
}
