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
  /** AVL positions older than this are flagged in recommendations. */
  avlStaleAfterS: number;
  /** Road graph file; when unset the demo city's generated network is used. */
  graphFile: string | null;
  /** Seconds between response-target clock sweeps. */
  clockSweepS: number;
  /** nats://… to fan events out between several Lantern processes; unset for one process. */
  natsUrl: string | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(env.DATA_DIR ?? "data");
  return {
    port: Number(env.PORT ?? 8110),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    sessionTtlMs: Number(env.SESSION_TTL_MS ?? 12 * 3600 * 1000),
    avlStaleAfterS: Number(env.AVL_STALE_AFTER_S ?? 120),
    graphFile: env.GRAPH_FILE || null,
    clockSweepS: Number(env.CLOCK_SWEEP_S ?? 5),
    natsUrl: env.NATS_URL || null,
    ...overrides,
  };
}
