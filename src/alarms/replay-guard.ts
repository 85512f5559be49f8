/**
 * Remembers messages that were committed and acknowledged, so a retransmission (the panel did not
 * get our ACK) is acknowledged again without creating a second signal. Keys are the signal's
 * idempotency key: account, account prefix, sequence number and the data itself, so a panel that
 * restarts its sequence numbers with a different event is not mistaken for a repeat.
 */

export const DEFAULT_DUPLICATE_WINDOW_MS = 5 * 60_000;
const DEFAULT_MAX_ENTRIES = 200_000;

export class ReplayGuard {
  // Insertion order is time order (entries are added with the current clock), so expiry only
  // ever has to look at the front of the Map.
  private readonly expiresAt = new Map<string, number>();
  readonly windowMs: number;
  readonly maxEntries: number;

  constructor(windowMs = DEFAULT_DUPLICATE_WINDOW_MS, maxEntries = DEFAULT_MAX_ENTRIES) {
    this.windowMs = windowMs;
    this.maxEntries = maxEntries;
  }

  has(key: string, now: number): boolean {
    const t = this.expiresAt.get(key);
    return t !== undefined && t > now;
  }

  remember(key: string, now: number): void {
    this.sweep(now);
    this.expiresAt.delete(key);
    this.expiresAt.set(key, now + this.windowMs);
    if (this.expiresAt.size > this.maxEntries) {
      const oldest = this.expiresAt.keys().next().value;
      if (oldest !== undefined) this.expiresAt.delete(oldest);
    }
  }

  get size(): number {
    return this.expiresAt.size;
  }

  private sweep(now: number): void {
    for (const [k, t] of this.expiresAt) {
      if (t > now) break;
      this.expiresAt.delete(k);
    }
  }
}
