/**
 * A minimal MQTT 3.1.1 subscriber for heartbeats (QoS 0, clean session) that parses PUBLISH
 * packets straight from socket chunks. Tens of thousands of heartbeats a second through a general
 * client cost a packet object and a process.nextTick each, and its parse loop can hold the event
 * loop for a long burst, during which an alarm on the other connection waits. Here each socket
 * chunk is parsed in one pass (no per-packet objects beyond the two id strings) and the loop
 * returns to I/O after every chunk.
 */
import { connect, type Socket } from "node:net";

export interface HeartbeatReaderOptions {
  url: string;
  clientId: string;
  filter: string;
  /** Called for every PUBLISH: the topic bytes and payload are views into the chunk, valid only during the call. */
  onPublish(topic: Buffer, payload: Buffer): void;
  onError?(err: Error): void;
}

function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function str(s: string): Buffer {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]);
}

export class HeartbeatReader {
  private sock: Socket | null = null;
  private pending: Buffer | null = null;
  private stopped = false;
  private ping: NodeJS.Timeout | null = null;
  private readyResolve: (() => void) | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly o: HeartbeatReaderOptions) {
    this.ready = new Promise((r) => {
      this.readyResolve = r;
    });
    this.open();
  }

  private open(): void {
    const url = new URL(this.o.url);
    const sock = connect(Number(url.port || 1883), url.hostname);
    this.sock = sock;
    this.pending = null;
    sock.setNoDelay(true);
    sock.on("connect", () => {
      // CONNECT: protocol "MQTT" level 4, clean session, keep-alive 60 s.
      const body = Buffer.concat([Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 60]), str(this.o.clientId)]);
      sock.write(Buffer.concat([Buffer.from([0x10, ...remainingLength(body.length)]), body]));
      // SUBSCRIBE (packet id 1) at QoS 0.
      const sub = Buffer.concat([Buffer.from([0, 1]), str(this.o.filter), Buffer.from([0])]);
      sock.write(Buffer.concat([Buffer.from([0x82, ...remainingLength(sub.length)]), sub]));
      this.ping = setInterval(() => sock.write(Buffer.from([0xc0, 0])), 30_000);
      this.ping.unref();
    });
    sock.on("data", (chunk: Buffer) => this.parse(chunk));
    sock.on("error", (err) => this.o.onError?.(err));
    sock.on("close", () => {
      if (this.ping) clearInterval(this.ping);
      if (!this.stopped) setTimeout(() => this.open(), 1000).unref();
    });
  }

  private parse(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    const end = buf.length;
    while (at + 2 <= end) {
      const b0 = buf[at];
      // Remaining length: 1-4 bytes, 7 bits each.
      let len = 0;
      let mul = 1;
      let p = at + 1;
      let complete = false;
      for (let i = 0; i < 4 && p < end; i++) {
        const b = buf[p++];
        len += (b & 0x7f) * mul;
        mul *= 128;
        if ((b & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || p + len > end) break;
      const type = b0 >> 4;
      if (type === 3) {
        const tlen = (buf[p] << 8) | buf[p + 1];
        const qos = (b0 >> 1) & 3;
        const topicStart = p + 2;
        const payloadStart = topicStart + tlen + (qos > 0 ? 2 : 0);
        this.o.onPublish(buf.subarray(topicStart, topicStart + tlen), buf.subarray(payloadStart, p + len));
      } else if (type === 9) {
        this.readyResolve?.();
        this.readyResolve = null;
      } else if (type === 2 && buf[p + 1] !== 0) {
        this.o.onError?.(new Error(`the broker refused the heartbeat connection (CONNACK ${buf[p + 1]})`));
      }
      at = p + len;
    }
    if (at < end) {
      // Keep the partial packet; copy it, the chunk's memory is reused by the caller otherwise.
      this.pending = Buffer.from(buf.subarray(at));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ping) clearInterval(this.ping);
    const sock = this.sock;
    if (!sock || sock.destroyed) return;
    await new Promise<void>((r) => {
      sock.once("close", () => r());
      sock.end(Buffer.from([0xe0, 0])); // DISCONNECT
      setTimeout(() => sock.destroy(), 1000).unref();
    });
  }
}
