/**
 * `npm run bench -- events [--writers N] [--seconds S] [--json]`: what keeping seq order equal to
 * commit order costs writers on PostgreSQL.
 *
 * N concurrent writers each run transactions shaped like a state change: update a row, append
 * two events, commit. Two phases in one run, one fresh database:
 *   1. baseline: the events are inserted with a plain sequence (the code before the sequencer);
 *   2. Lantern: `appendEvents`, which holds the sequencer lock from the first event to the commit.
 * Reported: transactions per second, commit latency p50/p99, and the ratio of phase 2 to phase 1.
 * Needs DATABASE_URL or TEST_DATABASE_URL (a database is created and dropped).
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { migrations } from "../src/migrations.ts";
import { migrateToLatest } from "../src/platform/db.ts";
import { appendEvents, type NewEvent } from "../src/platform/events.ts";
import { recordResult } from "./results.ts";

const HELP = `usage: npm run bench -- events [options]

  --writers N    concurrent writing transactions (default 10)
  --seconds S    length of each phase (default 10)
  --no-record    do not append to bench/RESULTS.md
  --json         print one JSON object as the last line
Database: DATABASE_URL or TEST_DATABASE_URL (PostgreSQL; a scratch database is created and dropped).`;

interface Phase {
  txPerS: number;
  p50Ms: number;
  p99Ms: number;
}

const event = (w: number, i: number): NewEvent => ({
  type: "incident.note_added",
  stream: "bench",
  streamId: `w${w}`,
  orgPath: "/hz/",
  actorId: null,
  data: { i },
});

async function phase(db: Kysely<any>, writers: number, seconds: number, locked: boolean): Promise<Phase> {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  const writer = async (w: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const t0 = performance.now();
      await db.transaction().execute(async (tx) => {
        await sql`update bench_rows set n = n + 1 where id = ${w}`.execute(tx);
        const events = [event(w, i), event(w, i + 1)];
        if (locked) await appendEvents(tx, events);
        else
          for (const e of events)
            await sql`insert into events (type, stream, stream_id, at, actor_id, org_path, data)
              values (${e.type}, ${e.stream}, ${e.streamId}, ${new Date().toISOString()}, null, ${e.orgPath}, ${JSON.stringify(e.data)})`.execute(
              tx,
            );
      });
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10;
  return { txPerS: Math.round(latencies.length / elapsedS), p50Ms: at(0.5), p99Ms: at(0.99) };
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) return console.log(HELP);
  const opt = (name: string, dflt: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const writers = opt("--writers", 10);
  const seconds = opt("--seconds", 10);
  const base = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("set DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server");
  const name = `lantern_bench_events_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: writers });
  // Dropping the scratch database at the end ends any connection still open; that is expected.
  pool.on("error", () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  try {
    console.log(`events: ${writers} writers, ${seconds} s per phase, database ${url.host}/${name}`);
    await migrateToLatest(db, migrations);
    await sql`create table bench_rows (id int primary key, n int not null)`.execute(db);
    await sql`insert into bench_rows select g, 0 from generate_series(0, ${writers - 1}) g`.execute(db);
    console.log("phase 1: baseline (events inserted without the sequencer) …");
    const baseline = await phase(db, writers, seconds, false);
    console.log(`  ${baseline.txPerS} tx/s, commit p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`);
    console.log("phase 2: appendEvents (sequencer lock to commit) …");
    const lantern = await phase(db, writers, seconds, true);
    console.log(`  ${lantern.txPerS} tx/s, commit p50 ${lantern.p50Ms} ms, p99 ${lantern.p99Ms} ms`);
    const ratio = Math.round((lantern.txPerS / baseline.txPerS) * 1000) / 1000;
    console.log(`throughput ratio (sequencer ÷ baseline): ${ratio}`);
    const json = { bench: "events", writers, seconds, baseline, lantern, ratio, cores: (await import("node:os")).cpus().length };
    const summary = [
      `- ${writers} writers, ${seconds} s per phase, each transaction: one row update + two events`,
      `- baseline (no sequencer): ${baseline.txPerS} tx/s, commit p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`,
      `- appendEvents (sequencer): ${lantern.txPerS} tx/s, commit p50 ${lantern.p50Ms} ms, p99 ${lantern.p99Ms} ms`,
      `- ratio ${ratio}`,
    ].join("\n");
    if (!argv.includes("--no-record")) recordResult("events (PostgreSQL commit order)", summary, json);
    if (argv.includes("--json")) console.log(JSON.stringify(json));
  } finally {
    await db.destroy();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
