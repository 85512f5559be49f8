import { createSocket } from "node:dgram";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../platform/config.ts";
import type { AccountConfig } from "./classify.ts";
import { buildDc09Frame, type Dc09Message, parseDc09Frame } from "./dc09-frame.ts";
import { Dc09FrameScanner } from "./frame-scanner.ts";
import type { AlarmSignal } from "./model.ts";
import { AlarmReceiver, type AlarmReceiverOptions, connectionSource, type RejectEvent } from "./receiver.ts";

const receiverLimitsFromEnv = (env: Record<string, string>) => loadConfig(env).dc09.limits;

const KEY = Buffer.from("0123456789ABCDEF0123456789ABCDEF");
const accounts: Record<string, AccountConfig> = { "1234": {}, "5678": {}, BEEF: { key: KEY } };

function frame(m: Partial<Dc09Message> = {}): Buffer {
  return buildDc09Frame(
    { token: "SIA-DCS", sequence: 1, line: "0", account: "1234", data: "#1234|Nri1/BA3", timestamp: Date.now(), ...m },
    { key: m.encrypted ? KEY : null },
  );
}

/** A panel's side of a TCP connection: send bytes, await answer frames in order. */
class Panel {
  readonly socket: Socket;
  private readonly scanner = new Dc09FrameScanner(4096);
  private readonly frames: Buffer[] = [];
  private waiters: Array<(b: Buffer) => void> = [];
  readonly closed: Promise<void>;

  /** `localAddress` picks the source address: loopback answers on the whole of 127.0.0.0/8. */
  constructor(port: number, localAddress?: string) {
    this.socket = connect({ port, host: "127.0.0.1", ...(localAddress ? { localAddress } : {}) });
    this.socket.on("data", (chunk) => {
      for (const f of this.scanner.push(chunk).frames) {
        const w = this.waiters.shift();
        if (w) w(f);
        else this.frames.push(f);
      }
    });
    this.socket.on("error", () => {});
    this.closed = new Promise((resolve) => this.socket.on("close", () => resolve()));
  }

  async ready(): Promise<void> {
    if (!this.socket.connecting) return;
    await new Promise<void>((resolve) => this.socket.once("connect", () => resolve()));
  }

  send(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  received(): number {
    return this.frames.length;
  }

  next(): Promise<Buffer> {
    const f = this.frames.shift();
    if (f) return Promise.resolve(f);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The next answer, or "closed" when the receiver hangs up first. */
  answerOrClose(): Promise<Buffer | "closed"> {
    return Promise.race([this.next(), this.closed.then(() => "closed" as const)]);
  }
}

let receiver: AlarmReceiver | null = null;
const panels: Panel[] = [];

async function startReceiver(extra: Partial<AlarmReceiverOptions> & Pick<AlarmReceiverOptions, "onSignal">) {
  receiver = new AlarmReceiver({
    lookupAccount: (a) => accounts[a] ?? null,
    host: "127.0.0.1",
    tcpPort: 0,
    udpPort: 0,
    ...extra,
  });
  const ports = await receiver.start();
  return { receiver, tcpPort: ports.tcpPort ?? 0, udpPort: ports.udpPort ?? 0 };
}

function panel(port: number, localAddress?: string): Panel {
  const p = new Panel(port, localAddress);
  panels.push(p);
  return p;
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(async () => {
  for (const p of panels.splice(0)) p.socket.destroy();
  await receiver?.stop();
  receiver = null;
});

describe("AlarmReceiver over TCP", () => {
  it("ACKs only after onSignal has resolved", async () => {
    const gate = deferred();
    const called = deferred<AlarmSignal>();
    const { tcpPort } = await startReceiver({
      onSignal: async (s) => {
        if (s.linkTest) return;
        called.resolve(s);
        await gate.promise;
      },
    });
    const a = panel(tcpPort);
    a.send(frame({ sequence: 17 }));
    const signal = await called.promise;
    expect(signal).toMatchObject({ account: "1234", sequence: "0017", transport: "tcp" });
    expect(signal.events[0]).toMatchObject({ code: "BA", zone: 3 });
    // While the commit is pending, another panel's link test goes all the way through, so the
    // receiver has had every chance to answer the first panel, and has not.
    const b = panel(tcpPort);
    b.send(frame({ token: "NULL", account: "5678", data: "" }));
    expect(parseDc09Frame(await b.next()).token).toBe("ACK");
    expect(a.received()).toBe(0);
    gate.resolve();
    const ack = parseDc09Frame(await a.next());
    expect(ack).toMatchObject({ token: "ACK", sequence: "0017", account: "1234", line: "0" });
  });

  it("sends nothing when onSignal fails, so the panel's retry is committed and ACKed", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const { tcpPort, receiver: r } = await startReceiver({
      onSignal: async () => {
        calls++;
        if (calls === 1) throw new Error("database down");
      },
      onCommitError: (e) => errors.push(e),
    });
    const p = panel(tcpPort);
    p.send(frame({ sequence: 3 }));
    p.send(frame({ sequence: 3 }));
    // TCP keeps order: had the failed first copy been answered, that answer would come first.
    const first = parseDc09Frame(await p.next());
    expect(first).toMatchObject({ token: "ACK", sequence: "0003" });
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect(r.stats.commitFailures).toBe(1);
    expect(r.stats.accepted).toBe(1);
  });

  it("gives up on an onSignal that never settles: no ACK, and the retry commits", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const { tcpPort } = await startReceiver({
      commitTimeoutMs: 200,
      onSignal: (): Promise<void> => {
        calls++;
        return calls === 1 ? new Promise<void>(() => {}) : Promise.resolve();
      },
      onCommitError: (e) => errors.push(e),
    });
    const p = panel(tcpPort);
    p.send(frame({ sequence: 5 }));
    p.send(frame({ sequence: 5 }));
    expect(parseDc09Frame(await p.next())).toMatchObject({ token: "ACK", sequence: "0005" });
    expect(calls).toBe(2);
    expect(String(errors[0])).toContain("did not settle within 200 ms");
  });

  it("handles several frames in one packet and a frame split byte by byte, in order", async () => {
    const seen: string[] = [];
    const { tcpPort } = await startReceiver({ onSignal: async (s) => void seen.push(s.sequence) });
    const p = panel(tcpPort);
    await p.ready();
    p.send(Buffer.concat([frame({ sequence: 1 }), frame({ sequence: 2, data: "NFA1" }), frame({ sequence: 3, data: "NPA1" })]));
    for (const seq of ["0001", "0002", "0003"]) expect(parseDc09Frame(await p.next()).sequence).toBe(seq);
    const split = frame({ sequence: 4, data: "NGA2" });
    for (const byte of split) p.send(Buffer.from([byte]));
    expect(parseDc09Frame(await p.next()).sequence).toBe("0004");
    expect(seen).toEqual(["0001", "0002", "0003", "0004"]);
  });

  it("answers a retransmission again without a second signal, also while the first is committing", async () => {
    const gate = deferred();
    let calls = 0;
    const { tcpPort, receiver: r } = await startReceiver({
      onSignal: async () => {
        calls++;
        await gate.promise;
      },
    });
    const f = frame({ sequence: 9 });
    const a = panel(tcpPort);
    const b = panel(tcpPort);
    a.send(f);
    await b.ready();
    b.send(f);
    await new Promise<void>((resolve) => {
      const check = () => (r.stats.frames >= 2 ? resolve() : setImmediate(check));
      check();
    });
    gate.resolve();
    expect(parseDc09Frame(await a.next()).token).toBe("ACK");
    expect(parseDc09Frame(await b.next()).token).toBe("ACK");
    a.send(f);
    expect(parseDc09Frame(await a.next()).token).toBe("ACK");
    expect(calls).toBe(1);
    expect(r.stats.duplicates).toBe(2);
  });

  it("answers bad frames as DC-09 says: NAK for stale time, DUH for unknown account, silence for bad CRC", async () => {
    const rejects: RejectEvent[] = [];
    const { tcpPort } = await startReceiver({ onSignal: async () => {}, onReject: (e) => rejects.push(e) });
    const p = panel(tcpPort);
    const badCrc = frame({ sequence: 1 });
    badCrc[2] = badCrc[2] === 0x30 ? 0x31 : 0x30;
    p.send(badCrc);
    p.send(frame({ sequence: 2, timestamp: Date.now() - 3_600_000 }));
    p.send(frame({ sequence: 3, account: "9999", data: "NBA1" }));
    p.send(frame({ sequence: 4, account: "BEEF", encrypted: true, data: "NBA1" }));
    const nak = parseDc09Frame(await p.next());
    expect(nak).toMatchObject({ token: "NAK", sequence: "0000" });
    expect(parseDc09Frame(await p.next())).toMatchObject({ token: "DUH", sequence: "0003" });
    const ack = parseDc09Frame(await p.next());
    expect(ack).toMatchObject({ token: "ACK", encrypted: true, sequence: "0004" });
    expect(rejects.map((r) => r.reason)).toEqual(["crc", "stale-timestamp", "unknown-account"]);
  });

  it("drops a slowloris client while serving a good one", async () => {
    const rejects: RejectEvent[] = [];
    const { tcpPort } = await startReceiver({
      onSignal: async () => {},
      frameTimeoutMs: 300,
      idleTimeoutMs: 5_000,
      onReject: (e) => rejects.push(e),
    });
    const slow = panel(tcpPort);
    await slow.ready();
    const bytes = frame({ sequence: 1 });
    let i = 0;
    const trickle = setInterval(() => {
      if (i < bytes.length - 1 && !slow.socket.destroyed) slow.send(bytes.subarray(i, ++i));
    }, 40);
    try {
      const good = panel(tcpPort);
      good.send(frame({ sequence: 2, account: "5678", data: "NFA1" }));
      expect(parseDc09Frame(await good.next())).toMatchObject({ token: "ACK", sequence: "0002" });
      await slow.closed;
      expect(slow.received()).toBe(0);
      expect(rejects.some((r) => r.reason === "slow-client")).toBe(true);
      // The good client's connection is still usable after the slow one was dropped.
      good.send(frame({ sequence: 3, account: "5678", data: "NFA1" }));
      expect(parseDc09Frame(await good.next()).sequence).toBe("0003");
    } finally {
      clearInterval(trickle);
    }
  });

  it("closes idle connections", async () => {
    const rejects: RejectEvent[] = [];
    const { tcpPort } = await startReceiver({
      onSignal: async () => {},
      idleTimeoutMs: 200,
      onReject: (e) => rejects.push(e),
    });
    const idle = panel(tcpPort);
    await idle.closed;
    expect(rejects.map((r) => r.reason)).toEqual(["idle"]);
  });

  it("closes a connection that sends a frame over maxFrameBytes, naming the limit", async () => {
    const rejects: RejectEvent[] = [];
    const { tcpPort } = await startReceiver({
      onSignal: async () => {},
      maxFrameBytes: 256,
      onReject: (e) => rejects.push(e),
    });
    const big = panel(tcpPort);
    big.send(Buffer.concat([Buffer.from("\n"), Buffer.alloc(300, 0x41)]));
    await big.closed;
    expect(rejects.map((r) => r.reason)).toEqual(["oversized"]);
    expect(rejects[0].detail).toContain("maxFrameBytes=256");
  });
});

describe("AlarmReceiver connection limit", () => {
  it("refuses connections beyond maxConnections and keeps serving the ones it has", async () => {
    const rejects: RejectEvent[] = [];
    const { tcpPort } = await startReceiver({
      onSignal: async () => {},
      maxConnections: 1,
      onReject: (e) => rejects.push(e),
    });
    const first = panel(tcpPort);
    first.send(frame({ sequence: 1 }));
    expect(parseDc09Frame(await first.next()).sequence).toBe("0001");
    const second = panel(tcpPort);
    await second.closed;
    expect(rejects.map((r) => r.reason)).toEqual(["too-many-connections"]);
    first.send(frame({ sequence: 2, data: "NFA1" }));
    expect(parseDc09Frame(await first.next()).sequence).toBe("0002");
  });
});

describe("AlarmReceiver connections per source address", () => {
  /** Resolves once the receiver has taken or refused `n` connections. */
  const handled = (r: AlarmReceiver, n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (r.stats.connections + r.stats.droppedConnections >= n ? resolve() : setImmediate(check));
      check();
    });

  it("counts an IPv4 address (also IPv4-mapped) as itself and an IPv6 address by its /64", () => {
    expect(connectionSource("10.0.0.8")).toBe("10.0.0.8");
    expect(connectionSource("::ffff:10.0.0.8")).toBe("10.0.0.8");
    expect(connectionSource("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(connectionSource("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(connectionSource("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(connectionSource("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(connectionSource("::1")).toBe("0:0:0:0::/64");
  });

  it("reads its limits from DC09_* variables, leaving unset ones to the defaults", () => {
    expect(receiverLimitsFromEnv({ DC09_MAX_CONNECTIONS_PER_SOURCE: "8", DC09_FIRST_FRAME_TIMEOUT_MS: "" })).toEqual({
      maxConnectionsPerSource: 8,
    });
  });

  it("one address holding its cap of idle sockets does not keep a panel at another address out", async () => {
    const rejects: RejectEvent[] = [];
    // The global cap is one more than the per-source cap: room for exactly one other source.
    const { tcpPort, receiver: r } = await startReceiver({
      onSignal: async () => {},
      maxConnections: 4,
      maxConnectionsPerSource: 3,
      onReject: (e) => rejects.push(e),
    });
    const hog = Array.from({ length: 4 }, () => panel(tcpPort, "127.0.0.2"));
    await Promise.all(hog.map((p) => p.ready()));
    await handled(r, 4);
    const real = panel(tcpPort, "127.0.0.3");
    real.send(frame({ sequence: 7, account: "5678", data: "NBA1" }));
    const answer = await real.answerOrClose();
    expect(answer).not.toBe("closed");
    expect(parseDc09Frame(answer as Buffer)).toMatchObject({ token: "ACK", sequence: "0007" });
    // The fourth socket of the busy address was the one refused, and only it.
    expect(rejects.map((e) => [e.reason, e.remoteAddress.split(":")[0]])).toEqual([["too-many-from-source", "127.0.0.2"]]);
    expect(hog.filter((p) => p.socket.destroyed)).toHaveLength(1);
  });

  it("reaps a socket that sends nothing sooner than a quiet panel between frames", async () => {
    const rejects: RejectEvent[] = [];
    const { tcpPort } = await startReceiver({
      onSignal: async () => {},
      firstFrameTimeoutMs: 200,
      idleTimeoutMs: 60_000,
      onReject: (e) => rejects.push(e),
    });
    const quiet = panel(tcpPort, "127.0.0.4");
    quiet.send(frame({ sequence: 1 }));
    expect(parseDc09Frame(await quiet.next()).token).toBe("ACK");
    const idle = panel(tcpPort, "127.0.0.5");
    // Bounded: today's receiver would hold the idle socket for the full 60 s.
    const reaped = await Promise.race([idle.closed.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5000))]);
    expect(reaped).toBe(true);
    expect(rejects.map((e) => [e.reason, e.remoteAddress.split(":")[0]])).toEqual([["idle", "127.0.0.5"]]);
    // The panel that had sent a frame was quiet at least as long, and is still connected.
    quiet.send(frame({ sequence: 2, data: "NFA1" }));
    expect(parseDc09Frame(await quiet.next()).sequence).toBe("0002");
  });
});

describe("AlarmReceiver over UDP", () => {
  it("answers each datagram, ACK after commit, and ignores corrupted ones", async () => {
    const seen: AlarmSignal[] = [];
    const { udpPort } = await startReceiver({ onSignal: async (s) => void seen.push(s) });
    const client = createSocket("udp4");
    try {
      const answers: Buffer[] = [];
      const got = deferred();
      client.on("message", (m) => {
        answers.push(m);
        if (answers.length === 2) got.resolve();
      });
      const bad = frame({ sequence: 1 });
      bad[3] ^= 0x01;
      const send = (b: Buffer) => new Promise<void>((resolve) => client.send(b, udpPort, "127.0.0.1", () => resolve()));
      await send(bad);
      await send(frame({ sequence: 2, token: "ADM-CID", data: "#1234|1130 01 015" }));
      await send(frame({ sequence: 3, account: "BEEF", encrypted: true, token: "NULL", data: "" }));
      await got.promise;
      const parsed = answers.map((a) => parseDc09Frame(a));
      expect(parsed.map((f) => [f.token, f.sequence, f.encrypted]).sort()).toEqual([
        ["ACK", "0002", false],
        ["ACK", "0003", true],
      ]);
      expect(seen.map((s) => s.transport)).toEqual(["udp", "udp"]);
      expect(seen.find((s) => s.protocol === "ADM-CID")?.events[0]).toMatchObject({
        code: "BA",
        zone: 15,
        partition: 1,
      });
    } finally {
      client.close();
    }
  });
});
