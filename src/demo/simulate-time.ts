/**
 * How simulated time passes. The live simulator waits on timers (`realTime`); a test runs the same
 * simulator on a manual clock (`VirtualTime`), jumping from one due step to the next, so an hour
 * of the city runs in seconds with no real waiting.
 *
 * Virtual time may only jump when every simulated activity is waiting: otherwise a step still
 * writing would see the clock move under it. So `VirtualTime` counts the branches that are
 * running; a branch runs from `spawn` (or a `parallel` fork) to its end, and stops counting while
 * it waits. A simulated activity must therefore fork only through `parallel`, never through a bare
 * `Promise.all` of its own waits.
 */

export interface SimTime {
  /** Lets `ms` of simulated time pass for this activity. */
  wait(ms: number): Promise<void>;
  /** Runs the steps side by side and resolves with all their results (rejects with the first failure, once all are done). */
  parallel<T>(steps: readonly (() => Promise<T>)[]): Promise<T[]>;
  /** Starts an activity of its own (a call, a unit's crew); its failure is reported, not thrown. */
  spawn(activity: () => Promise<unknown>): void;
}

export const STOPPED = new Error("simulator stopped");

/** Runs the steps and settles once every one has, so no step is still running when the caller goes on. */
async function allSettled<T>(steps: readonly (() => Promise<T>)[], ended: () => void = () => {}): Promise<T[]> {
  const results = await Promise.allSettled(steps.map((s) => Promise.resolve().then(s).finally(ended)));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Timers on the wall clock: the live simulator. `stop()` rejects every pending wait with STOPPED. */
export function realTime(onFailure: (err: unknown) => void): SimTime & { stop(): void } {
  let stopped = false;
  const pending = new Map<NodeJS.Timeout, (err: Error) => void>();
  return {
    wait: (ms) =>
      new Promise<void>((resolve, reject) => {
        if (stopped) return reject(STOPPED);
        const t = setTimeout(() => {
          pending.delete(t);
          resolve();
        }, ms);
        pending.set(t, reject);
      }),
    parallel: (steps) => allSettled(steps),
    spawn: (activity) => {
      if (stopped) return;
      void Promise.resolve()
        .then(activity)
        .catch((err) => {
          if (!stopped && err !== STOPPED) onFailure(err);
        });
    },
    stop: () => {
      stopped = true;
      for (const [t, reject] of pending) {
        clearTimeout(t);
        reject(STOPPED);
      }
      pending.clear();
    },
  };
}

interface Due {
  at: number;
  order: number;
  resume: () => void;
}

/**
 * Simulated time on a clock the caller moves (a test's manual clock). `runUntil` resumes the
 * waits in time order, each once nothing else is running; activities wait forever once it
 * returns, so nothing is left running after it.
 */
export class VirtualTime implements SimTime {
  private running = 0;
  private order = 0;
  private readonly due: Due[] = [];
  private idle: (() => void) | null = null;
  /** Failures of spawned activities, for the test to assert there are none. */
  readonly failures: unknown[] = [];

  constructor(private readonly clock: { now(): Date; advance(seconds: number): void }) {}

  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.due.push({ at: this.clock.now().getTime() + Math.max(0, ms), order: this.order++, resume: resolve });
      this.stopRunning();
    });
  }

  async parallel<T>(steps: readonly (() => Promise<T>)[]): Promise<T[]> {
    if (steps.length === 0) return [];
    // The caller's running slot passes to its branches; the last branch to end hands it back.
    this.running += steps.length - 1;
    let left = steps.length;
    return allSettled(steps, () => {
      if (--left > 0) this.stopRunning();
    });
  }

  spawn(activity: () => Promise<unknown>): void {
    this.running++;
    void Promise.resolve()
      .then(activity)
      .catch((err) => this.failures.push(err))
      .finally(() => this.stopRunning());
  }

  private stopRunning(): void {
    this.running--;
    if (this.running === 0 && this.idle) {
      const idle = this.idle;
      this.idle = null;
      idle();
    }
  }

  private settled(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve));
  }

  /** Lets simulated time run to `untilMs` (epoch milliseconds), and returns once everything due by then is done. */
  async runUntil(untilMs: number): Promise<void> {
    for (;;) {
      await this.settled();
      this.due.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.due[0];
      if (!next || next.at > untilMs) break;
      this.due.shift();
      const now = this.clock.now().getTime();
      if (next.at > now) this.clock.advance((next.at - now) / 1000);
      this.running++;
      next.resume();
    }
    const now = this.clock.now().getTime();
    if (untilMs > now) this.clock.advance((untilMs - now) / 1000);
  }
}
