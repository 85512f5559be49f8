/**
 * The live stream's guarantee: every committed event in the reader's scope arrives exactly once,
 * in seq order, live or after a reconnect, however the transactions interleave and in whatever
 * order the bus brings them. On PostgreSQL transactions commit concurrently, so this is where
 * "seq order is commit order" is earned; SQLite runs the same tests.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents, headSeq, type NewEvent, readEvents, type StoredEvent } from "../src/platform/events.ts";
import { backends, type Lantern, startLantern } from "./harness.ts";
import { StreamClient } from "./stream-client.ts";

const SHANGCHENG = "/hz/shangcheng/";
const XIHU = "/hz/xihu/";

const marker = (orgPath: string, note: string): NewEvent => ({
  type: "incident.note_added",
  stream: "test",
  streamId: note,
  orgPath,
  actorId: null,
  data: { note },
});

/** Every stored event in `scope` after `after`, from the log itself: what a client must receive. */
async function logSeqs(l: Lantern, after: number, scope: string): Promise<number[]> {
  const seqs: number[] = [];
  for (let page = await readEvents(l.ctx.db, { after, orgPathPrefix: scope, limit: 1000 }); page.length > 0; ) {
    seqs.push(...page.map((e) => e.seq));
    page = await readEvents(l.ctx.db, { after: seqs[seqs.length - 1], orgPathPrefix: scope, limit: 1000 });
  }
  return seqs;
}

/**
 * Resolves true once `tx` has committed, or false once it is waiting for a lock held by another
 * transaction (PostgreSQL), or at once on SQLite, whose one connection runs one transaction at a time.
 */
async function committedOrWaiting(l: Lantern, tx: Promise<unknown>): Promise<boolean> {
  let done = false;
  void tx.then(() => {
    done = true;
  });
  if (l.ctx.backend === "sqlite") return false;
  const deadline = Date.now() + 10_000;
  while (!done && Date.now() < deadline) {
    const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(l.ctx.db);
    if (waiting.rows[0].n > 0) return false;
    await new Promise((r) => setImmediate(r));
  }
  if (!done) throw new Error("the second transaction neither committed nor waited for a lock");
  return true;
}

describe.each(backends)("live stream in commit order (%s)", (backend) => {
  let l: Lantern;
  let token: string;
  beforeAll(async () => {
    l = await startLantern(backend);
    token = await l.login("dispatcher-sc");
  });
  afterAll(() => l?.close());

  it("delivers an event whose transaction commits after a later seq's, live and on resume", async () => {
    const live = new StreamClient(l.url, token);
    await live.connect();
    const between = new StreamClient(l.url, token);
    // SQLite's one connection is held by an open transaction, so nobody connects in between there.
    if (l.ctx.backend === "sqlite") await between.connect();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let appended!: () => void;
    const firstAppended = new Promise<void>((r) => {
      appended = r;
    });
    // The first transaction draws its seq, then stays open; the second one draws the next seq.
    const first = l.ctx.db.transaction().execute(async (tx) => {
      const stored = await appendEvents(tx, [marker(SHANGCHENG, "first")]);
      appended();
      await gate;
      return stored;
    });
    await firstAppended;
    const second = l.ctx.db.transaction().execute((tx) => appendEvents(tx, [marker(SHANGCHENG, "second")]));
    await committedOrWaiting(l, second);
    // A console connects between the two commits and remembers where it is.
    if (l.ctx.backend === "postgres") await between.connect();
    release();
    const [s1] = await first;
    const [s2] = await second;
    expect(s2.seq).toBeGreaterThan(s1.seq);
    // The bus brings the later one first, as NATS may between two processes.
    l.ctx.bus.publish([s2]);
    l.ctx.bus.publish([s1]);
    await live.until(() => live.seqs().includes(s2.seq) && live.seqs().includes(s1.seq), "both events live");
    expect(live.seqs()).toEqual([s1.seq, s2.seq]);

    // The one that connected between the commits drops and resumes from its position.
    await between.disconnect();
    await between.connect();
    await between.until(() => between.seqs().includes(s1.seq) && between.seqs().includes(s2.seq), "both events after resume");
    expect(between.seqs()).toEqual([s1.seq, s2.seq]);
    await live.disconnect();
    await between.disconnect();
  });

  it("delivers an event the bus never carried (another process, a lost message)", async () => {
    const live = new StreamClient(l.url, token);
    await live.connect();
    const [quiet] = await l.ctx.db.transaction().execute((tx) => appendEvents(tx, [marker(SHANGCHENG, "never published")]));
    await live.until(() => live.seqs().includes(quiet.seq), "the unpublished event");
    expect(live.events.find((e) => e.seq === quiet.seq)?.streamId).toBe("never published");
    await live.disconnect();
  });

  it("gives every committed event in scope exactly once to a live and a reconnecting client under concurrent writers", async () => {
    const admin = l.api(await l.login("admin"));
    const startSeq = await headSeq(l.ctx.db);
    const live = new StreamClient(l.url, token);
    await live.connect();
    const hopping = new StreamClient(l.url, token);
    await hopping.connect();

    // Incidents inside and outside the reader's scope, then ten writers adding notes to them at once.
    const places = [
      { lat: 30.255, lon: 120.17 }, // Shangcheng
      { lat: 30.3, lon: 120.08 }, // elsewhere
    ];
    const incidents: string[] = [];
    for (const location of [...places, ...places]) {
      const r = await admin("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.theft", location });
      expect(r.status).toBe(201);
      incidents.push(r.body.id);
    }
    let writes = 0;
    const writer = async (w: number) => {
      for (let i = 0; i < 30; i++) {
        const id = incidents[(w + i) % incidents.length];
        const r = await admin("POST", `/api/v1/incidents/${id}/notes`, { text: `writer ${w} note ${i}` });
        expect(r.status).toBe(201);
        writes++;
      }
    };
    // The hopping client drops and resumes while the writers run, as a console on a bad network.
    const hop = async () => {
      for (let round = 0; round < 6; round++) {
        const target = (round + 1) * 40;
        while (writes < target && writes < 300) await new Promise((r) => setImmediate(r));
        await hopping.disconnect();
        await hopping.connect();
      }
    };
    await Promise.all([...Array.from({ length: 10 }, (_, w) => writer(w)), hop()]);

    const expected = await logSeqs(l, startSeq, SHANGCHENG);
    expect(expected.length).toBeGreaterThan(100);
    const last = expected[expected.length - 1];
    await live.until(() => live.position >= last, "the live client to reach the head");
    await hopping.until(() => hopping.position >= last, "the hopping client to reach the head");
    expect(live.seqs()).toEqual(expected);
    expect(hopping.seqs()).toEqual(expected);
    expect(live.events.every((e) => e.orgPath.startsWith(SHANGCHENG))).toBe(true);
    await live.disconnect();
    await hopping.disconnect();
  });

  it("catches up a client further behind than one page, and then goes on live", async () => {
    const before = await headSeq(l.ctx.db);
    // 6,500 events in scope among 650 outside it: more than the old 5,000-event cut.
    const mine: StoredEvent[] = [];
    for (let batch = 0; batch < 13; batch++) {
      const stored = await l.ctx.db
        .transaction()
        .execute((tx) =>
          appendEvents(tx, [
            ...Array.from({ length: 500 }, (_, i) => marker(SHANGCHENG, `backlog ${batch}.${i}`)),
            ...Array.from({ length: 50 }, (_, i) => marker(XIHU, `elsewhere ${batch}.${i}`)),
          ]),
        );
      mine.push(...stored.filter((e) => e.orgPath === SHANGCHENG));
    }
    const client = new StreamClient(l.url, token);
    client.position = before;
    await client.connect(true);
    // Everything missed arrives before hello, in order, once.
    expect(client.seqs()).toEqual(mine.map((e) => e.seq));
    expect(client.position).toBeGreaterThanOrEqual(mine[mine.length - 1].seq);
    // From the position hello gave, the next change arrives and nothing is repeated.
    await client.disconnect();
    await client.connect();
    const [next] = await l.ctx.db.transaction().execute((tx) => appendEvents(tx, [marker(SHANGCHENG, "after the backlog")]));
    l.ctx.bus.publish([next]);
    await client.until(() => client.seqs().includes(next.seq), "the next live event");
    expect(client.seqs()).toEqual([...mine.map((e) => e.seq), next.seq]);
    await client.disconnect();
  });
});
