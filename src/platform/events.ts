/**
 * The append-only event log and the in-process bus. Every state change writes its row change and
 * its event in one transaction (`transact`); the bus hears about it only after the commit, so a
 * subscriber never sees a change that was rolled back. The log is the timeline, the audit trail
 * of operations, and the replay source for clients that reconnect (`readEvents`).
 */
import { EventEmitter } from "node:events";
import { type Kysely, PostgresAdapter, sql, type Transaction } from "kysely";
import { isoNow } from "./clock.ts";
import { underOrg } from "./scope.ts";

export interface EventsTable {
  seq: number;
  type: string;
  stream: string;
  stream_id: string;
  at: string;
  actor_id: string | null;
  /** Org path of the thing the event is about, so the stream can filter by the reader's scope. */
  org_path: string;
  data: string;
}

export interface PlatformEventTables {
  events: EventsTable;
}

export interface NewEvent {
  type: string;
  stream: string;
  streamId: string;
  orgPath: string;
  actorId: string | null;
  data: Record<string, unknown>;
  at?: string;
}

export interface StoredEvent {
  seq: number;
  type: string;
  stream: string;
  streamId: string;
  at: string;
  actorId: string | null;
  orgPath: string;
  data: Record<string, unknown>;
}

/** Events that are not stored (AVL positions): too many to log, useful only live. */
export interface TransientEvent extends Omit<StoredEvent, "seq"> {
  seq: null;
}

export type BusEvent = StoredEvent | TransientEvent;

export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly outbound: ((events: readonly BusEvent[]) => void)[] = [];

  constructor() {
    // Every WebSocket client is one listener; a busy command room has hundreds.
    this.emitter.setMaxListeners(0);
  }

  /** Events that happened in this process: delivered here and sent to every other process. */
  publish(events: readonly BusEvent[]): void {
    this.deliver(events);
    for (const send of this.outbound) send(events);
  }

  /** Events from another process: delivered here only. */
  deliver(events: readonly BusEvent[]): void {
    for (const e of events) this.emitter.emit("event", e);
  }

  /** A bridge to other processes (NATS) registers here. */
  addOutbound(send: (events: readonly BusEvent[]) => void): () => void {
    this.outbound.push(send);
    return () => this.outbound.splice(this.outbound.indexOf(send), 1);
  }

  subscribe(fn: (e: BusEvent) => void): () => void {
    this.emitter.on("event", fn);
    return () => this.emitter.off("event", fn);
  }
}

// Platform code sees only its own tables; modules pass their fuller Kysely in.
type AnyDb = Kysely<any> | Transaction<any>;

/**
 * The key of the PostgreSQL advisory lock that serialises event appends. Held from a
 * transaction's first event to its commit, it makes `seq` order the commit order: a seq is drawn
 * only by the one transaction holding the lock, and the next writer draws only after that one
 * has committed or rolled back. So once any seq is visible, every lower seq is final, and a
 * reader that has everything up to N never has to look below N again (docs/architecture.md).
 * SQLite needs no lock: it has one writer at a time, and its seq is drawn inside that writer.
 */
export const EVENT_SEQUENCER_LOCK = 7_110_110;

/**
 * Whether the handle talks to PostgreSQL. Kysely's executor is marked internal but is the one
 * place that knows the dialect of a transaction handle, and events must never be appended
 * without the lock there.
 */
function onPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function appendEvents(tx: AnyDb, events: readonly NewEvent[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  if (!tx.isTransaction) throw new Error("events are appended inside the transaction that makes the change");
  if (onPostgres(tx)) await sql`select pg_advisory_xact_lock(${EVENT_SEQUENCER_LOCK})`.execute(tx);
  const db = tx as Kysely<PlatformEventTables>;
  const stored: StoredEvent[] = [];
  for (const e of events) {
    const at = e.at ?? isoNow();
    const row = await db
      .insertInto("events")
      .values({
        type: e.type,
        stream: e.stream,
        stream_id: e.streamId,
        at,
        actor_id: e.actorId,
        org_path: e.orgPath,
        data: JSON.stringify(e.data),
      } as never)
      .returning("seq")
      .executeTakeFirstOrThrow();
    stored.push({ ...e, at, seq: Number(row.seq) });
  }
  return stored;
}

export function toStoredEvent(r: EventsTable): StoredEvent {
  return {
    seq: Number(r.seq),
    type: r.type,
    stream: r.stream,
    streamId: r.stream_id,
    at: r.at,
    actorId: r.actor_id,
    orgPath: r.org_path,
    data: JSON.parse(r.data),
  };
}

export async function eventsFor(db: AnyDb, stream: string, streamId: string): Promise<StoredEvent[]> {
  const rows = await (db as Kysely<PlatformEventTables>)
    .selectFrom("events")
    .selectAll()
    .where("stream", "=", stream)
    .where("stream_id", "=", streamId)
    .orderBy("seq")
    .execute();
  return rows.map(toStoredEvent);
}

export interface EventQuery {
  /** Only events with a seq above this one. */
  after: number;
  /** Only events inside this org subtree (a materialised path prefix). */
  orgPathPrefix?: string;
  /** Only these event types. */
  types?: readonly string[];
  limit: number;
}

/**
 * A page of the log in commit order. Because seq order is commit order, a reader that keeps the
 * last seq it read and asks for the next page misses nothing: no event can later appear below it.
 */
export async function readEvents(db: AnyDb, q: EventQuery): Promise<StoredEvent[]> {
  let query = (db as Kysely<PlatformEventTables>).selectFrom("events").selectAll().where("seq", ">", q.after);
  if (q.orgPathPrefix) query = query.where(underOrg("org_path", q.orgPathPrefix));
  if (q.types) query = query.where("type", "in", [...q.types]);
  const rows = await query.orderBy("seq").limit(q.limit).execute();
  return rows.map(toStoredEvent);
}

/** The newest seq in the log (0 when it is empty). */
export async function headSeq(db: AnyDb): Promise<number> {
  const d = db as Kysely<PlatformEventTables>;
  const row = await d.selectFrom("events").select(d.fn.max("seq").as("seq")).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export interface Transactor {
  db: Kysely<any>;
  bus: EventBus;
}

/**
 * Runs `work` in one transaction with an event recorder. The events are stored in the same
 * transaction and published only once it has committed.
 */
export async function transact<DB, T>(
  ctx: { db: Kysely<DB>; bus: EventBus },
  work: (tx: Transaction<DB>, record: (e: NewEvent) => void) => Promise<T>,
): Promise<T> {
  const pending: NewEvent[] = [];
  const { result, stored } = await ctx.db.transaction().execute(async (tx) => {
    const result = await work(tx, (e) => pending.push(e));
    const stored = await appendEvents(tx, pending);
    return { result, stored };
  });
  ctx.bus.publish(stored);
  return result;
}
