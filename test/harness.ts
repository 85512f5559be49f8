/**
 * Starts a real Lantern server for a test: a real SQLite file, or a fresh PostgreSQL database
 * when TEST_DATABASE_URL is set, listening on a real socket on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { type AppContext, createContext } from "../src/context.ts";
import { DEMO_PASSWORD, seedDemo } from "../src/demo/city.ts";
import { warmTravelTimes } from "../src/dispatch/units.ts";
import type { TravelTimes } from "../src/geo/travel-times.ts";
import type { Clock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import { buildServer } from "../src/server.ts";

export type BackendName = "sqlite" | "postgres";

const pgUrl = process.env.TEST_DATABASE_URL;
export const backends: BackendName[] = pgUrl ? ["sqlite", "postgres"] : ["sqlite"];
if (!pgUrl) console.log("PostgreSQL suites skipped: set TEST_DATABASE_URL (e.g. postgres://root@127.0.0.1:5432/test) to run them.");

export interface Lantern {
  url: string;
  /** The PostgreSQL database this server uses, when it uses one. */
  databaseUrl: string | null;
  ctx: AppContext;
  app: FastifyInstance;
  login(username: string, password?: string): Promise<string>;
  api(token: string | null): Api;
  close(): Promise<void>;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export type Api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lantern_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startLantern(
  backend: BackendName,
  opts: { clock?: Clock; travel?: TravelTimes; seed?: boolean; databaseUrl?: string } = {},
): Promise<Lantern> {
  const dir = mkdtempSync(join(tmpdir(), "lantern-test-"));
  // A given databaseUrl is shared with another server (and dropped by whoever created it).
  const pgDb = backend === "postgres" && !opts.databaseUrl ? await freshPostgres() : null;
  const config = loadConfig({}, { dataDir: dir, databaseUrl: opts.databaseUrl ?? pgDb?.url ?? null, port: 0, checkResponses: true });
  const ctx = await createContext(config, { clock: opts.clock, travel: opts.travel });
  if (opts.seed !== false) await seedDemo(ctx, { officers: "few" });
  await warmTravelTimes(ctx);
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${addr.port}`;
  const api =
    (token: string | null): Api =>
    async (method, path, body, headers = {}) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {}
      return { status: res.status, body: parsed, headers: res.headers };
    };
  return {
    url,
    databaseUrl: config.databaseUrl,
    ctx,
    app,
    api,
    async login(username, password = DEMO_PASSWORD) {
      const r = await api(null)("POST", "/api/v1/auth/login", { username, password });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async close() {
      await app.close();
      await ctx.db.destroy();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand, so response-target figures are exact. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}
