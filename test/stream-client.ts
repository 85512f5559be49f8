/**
 * A live-stream client for tests that behaves as the console does: it keeps the highest seq it
 * has seen (from events and from hello) and reconnects with `since=` that position.
 */
import WebSocket from "ws";

export interface StreamedEvent {
  seq: number | null;
  type: string;
  stream: string;
  streamId: string;
  orgPath: string;
  data: Record<string, unknown>;
}

export class StreamClient {
  /** Every event received, over every connection, in arrival order. */
  readonly events: StreamedEvent[] = [];
  position = 0;
  hellos = 0;
  closeCode: number | null = null;
  private ws: WebSocket | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Opens a socket (resuming from the position after the first) and resolves at hello. */
  connect(resume = this.hellos > 0): Promise<void> {
    const since = resume ? `&since=${this.position}` : "";
    const ws = new WebSocket(`${this.baseUrl.replace("http", "ws")}/api/v1/stream?token=${this.token}${since}`);
    this.ws = ws;
    this.closeCode = null;
    return new Promise((resolve, reject) => {
      ws.on("error", reject);
      ws.on("close", (code) => {
        this.closeCode = code;
        this.wake();
      });
      ws.on("message", (raw) => {
        const msg = JSON.parse(String(raw));
        if (msg.kind === "event") {
          this.events.push(msg.event);
          if (msg.event.seq !== null) this.position = Math.max(this.position, msg.event.seq);
        } else if (msg.kind === "hello") {
          this.position = Math.max(this.position, msg.lastSeq);
          this.hellos++;
          resolve();
        }
        this.wake();
      });
    });
  }

  /** Closes the socket and resolves once it is closed. */
  disconnect(): Promise<void> {
    const ws = this.ws;
    this.ws = null;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once("close", () => resolve());
      ws.close();
    });
  }

  /** Resolves when `pred` holds, re-checked at every message or close; rejects after `ms`. */
  async until(pred: () => boolean, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The stored events' seqs in arrival order. */
  seqs(): number[] {
    return this.events.filter((e) => e.seq !== null).map((e) => e.seq as number);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
