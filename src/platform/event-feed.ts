/**
 * One process's view of the event log in commit order: every stored event exactly once, in seq
 * order, however the bus delivered it. The bus is fast but promises no order (two transactions
 * of this process may publish in either order; NATS brings other processes' events whenever it
 * does, and may drop some). The log is the truth: because seq order is commit order
 * (`appendEvents`), a visible seq N means every seq below N is final, so whenever the bus shows
 * a gap the feed reads the gap from the log and moves on. A slow poll of the log catches events
 * the bus never brought at all (a lost NATS message, a process without NATS).
 *
 * Transient events (AVL positions) are not in the log and are passed on at once.
 */
import type { Kysely } from "kysely";
import { type BusEvent, type EventBus, headSeq, readEvents, type StoredEvent } from "./events.ts";

export interface FeedOptions {
  /** How long a gap may wait for the bus to close it before the log is read. */
  gapWaitMs?: number;
  /** How often the log is read even without a gap. */
  pollMs?: number;
  /** Events read from the log per query. */
  pageSize?: number;
}

export class CommitOrderFeed {
  /** Every stored event with seq ≤ position has been emitted (or never existed). */
  private head = 0;
  private started: Promise<void> | null = null;
  /** Stored events that arrived ahead of a gap, by seq. */
  private readonly ahead = new Map<number, StoredEvent>();
  private readonly early: BusEvent[] = [];
  private readonly listeners = new Set<(e: BusEvent) => void>();
  private unsubscribeBus: (() => void) | null = null;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private stopped = false;

  constructor(
    private readonly db: Kysely<any>,
    private readonly bus: EventBus,
    private readonly opts: FeedOptions = {},
  ) {}

  get position(): number {
    return this.head;
  }

  /** Starts listening (once): the position is the log's head at start. */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.unsubscribeBus = this.bus.subscribe((e) => (this.pollTimer ? this.accept(e) : this.early.push(e)));
      this.head = await headSeq(this.db);
      this.pollTimer = setInterval(() => this.readLog(), this.opts.pollMs ?? 1000);
      this.pollTimer.unref();
      for (const e of this.early.splice(0)) this.accept(e);
    })();
    return this.started;
  }

  subscribe(fn: (e: BusEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeBus?.();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    await this.reading;
  }

  private emit(e: BusEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  private accept(e: BusEvent): void {
    if (e.seq === null) {
      this.emit(e);
      return;
    }
    if (e.seq <= this.head) return;
    this.ahead.set(e.seq, e);
    this.drain();
    this.waitForGap();
  }

  /** A gap the bus has not closed soon is read from the log. */
  private waitForGap(): void {
    if (this.ahead.size === 0 || this.gapTimer || this.stopped) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      this.readLog();
    }, this.opts.gapWaitMs ?? 25);
  }

  /** Emits what follows the head without a gap. */
  private drain(): void {
    for (let next = this.ahead.get(this.head + 1); next; next = this.ahead.get(this.head + 1)) {
      this.ahead.delete(next.seq);
      this.head = next.seq;
      this.emit(next);
    }
  }

  /** Reads the log past the head, page by page, and emits it; one read at a time. */
  private readLog(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = (async () => {
      try {
        const pageSize = this.opts.pageSize ?? 1000;
        for (;;) {
          const page = await readEvents(this.db, { after: this.head, limit: pageSize });
          for (const e of page) {
            if (e.seq <= this.head) continue;
            this.ahead.delete(e.seq);
            this.head = e.seq;
            this.emit(e);
          }
          for (const seq of this.ahead.keys()) if (seq <= this.head) this.ahead.delete(seq);
          this.drain();
          if (page.length < pageSize || this.stopped) break;
        }
      } catch {
        // The database is away for a moment (restart, failover): the next poll tries again.
      } finally {
        this.reading = null;
      }
      if (this.readAgain && !this.stopped) {
        this.readAgain = false;
        this.readLog();
      } else this.waitForGap();
    })();
  }
}
