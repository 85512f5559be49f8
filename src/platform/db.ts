/**
 * One Kysely instance over either the embedded SQLite file (laptop, demo, tests) or PostgreSQL
 * (a city deployment). Everything above this file is written once for both.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";

export type Backend = "sqlite" | "postgres";

export interface DbHandle<DB> {
  db: Kysely<DB>;
  backend: Backend;
  /** Human-readable location for start-up output, without credentials. */
  where: string;
}

// PostgreSQL returns int8 (bigserial, count(*)) as strings; our counts and sequence numbers fit
// comfortably in a double, and both back ends must hand the same types to the services.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openDatabase<DB>(opts: { databaseUrl: string | null; dataDir: string; sqliteFile?: string }): DbHandle<DB> {
  if (opts.databaseUrl) {
    const url = new URL(opts.databaseUrl);
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client dropped by the server (restart, failover) must not crash the process: the
    // pool replaces it on the next query.
    pool.on("error", (err) => console.error(`database connection lost: ${err.message}`));
    return {
      db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
      backend: "postgres",
      where: `postgres://${url.host}${url.pathname}`,
    };
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const file = opts.sqliteFile ?? join(opts.dataDir, "lantern.sqlite");
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes a commit survive even a power
  // loss, which is what "accept only after commit" promises a caller whose incident got a 201.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return { db: new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) }), backend: "sqlite", where: file };
}

export async function migrateToLatest<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** A unique-constraint violation from either back end: the loser of a race, or a duplicate. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
