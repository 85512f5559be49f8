/** Runtime configuration, read once from the environment with embedded defaults for a laptop. */
import { resolve } from "node:path";

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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
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
    ...overrides,
  };
}
