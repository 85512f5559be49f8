/**
 * The alarm receiver (报警接收机): SIA DC-09 over TCP and UDP, as an alarm receiving centre runs it.
 *
 * The ACK is the receiver's promise that the alarm is safe, so it is sent only after `onSignal`
 * has resolved (the incident is committed). If `onSignal` throws, the receiver sends nothing:
 * - the panel then retries after its ACK timeout and, if Lantern keeps failing, fails over to its
 *   backup path or backup receiver, which is exactly what should happen while Lantern cannot
 *   store alarms;
 * - NAK is not used because DC-09 reserves it for timestamp failures: the panel would reset its
 *   clock and resend at once, hammering a store that is already failing;
 * - DUH is not used because it tells the panel the message can never be processed, and some
 *   panels then discard the event, the one outcome an alarm must never have.
 *
 * A retransmission that arrives while the first copy is still being committed waits for that
 * commit instead of creating a second signal; one that arrives after the commit gets a fresh ACK
 * from the replay guard.
 *
 * TCP connections carry any number of frames, in order. Clocks protect the listener: an idle
 * timeout closes connections that send nothing (short until the first frame: a panel connects to
 * send, and one that says nothing is not a panel at work; longer between frames, for panels that
 * keep the line open), and a frame deadline closes connections that start a frame (or send any
 * bytes) and do not finish it in time, so a slowloris client that trickles bytes cannot hold a
 * connection, while other clients are served meanwhile. Connections are capped per source address
 * as well as in all, so one host holding idle sockets cannot keep the other panels out.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from "node:dgram";
import { createServer, isIPv6, type Server, type Socket } from "node:net";
import { type AccountLookup, type Classification, classify, type RejectionReason, type TimestampWindow } from "./classify.ts";
import { Dc09Error } from "./dc09-errors.ts";
import { DEFAULT_MAX_FRAME_BYTES } from "./dc09-frame.ts";
import { Dc09FrameScanner } from "./frame-scanner.ts";
import type { AlarmSignal } from "./model.ts";
import { DEFAULT_DUPLICATE_WINDOW_MS, ReplayGuard } from "./replay-guard.ts";

export interface AlarmReceiverOptions {
  lookupAccount: AccountLookup;
  /** Commit the signal (create or update the incident). The ACK waits for this promise. */
  onSignal(signal: AlarmSignal): Promise<void>;
  /** Interface to listen on; default 0.0.0.0. */
  host?: string;
  /** TCP port; 0 picks a free one; null disables TCP. Default null. */
  tcpPort?: number | null;
  /** UDP port; 0 picks a free one; null disables UDP. Default null. */
  udpPort?: number | null;
  /** Largest frame accepted, LF and CR included. Default 1024. */
  maxFrameBytes?: number;
  /** Close a TCP connection after this long without any byte, once it has sent a frame. Default 60 s. */
  idleTimeoutMs?: number;
  /**
   * Close a TCP connection that has not yet sent a whole frame after this long without any byte.
   * Default 10 s (or idleTimeoutMs when shorter): a panel sends as soon as it has connected.
   */
  firstFrameTimeoutMs?: number;
  /** Close a TCP connection whose started frame is not complete this long after its first byte. Default 10 s. */
  frameTimeoutMs?: number;
  /** Refuse TCP connections beyond this many open at once. Default 1000. */
  maxConnections?: number;
  /** Refuse TCP connections beyond this many open at once from one source address (an IPv6 /64). Default 32. */
  maxConnectionsPerSource?: number;
  /** Pause reading a TCP connection while this many of its frames wait for commit. Default 32. */
  maxPendingFramesPerConnection?: number;
  /**
   * Give up on an `onSignal` that has not settled after this long: no ACK, and the next
   * retransmission calls `onSignal` again (so its idempotency key matters). Default 30 s.
   */
  commitTimeoutMs?: number;
  /** Ignore UDP datagrams while this many wait for commit (the panels retry). Default 1000. */
  maxPendingDatagrams?: number;
  window?: TimestampWindow;
  duplicateWindowMs?: number;
  requireTimestamp?: boolean;
  now?: () => number;
  /** Called for every rejected frame (metrics, logs). */
  onReject?(event: RejectEvent): void;
  /** Called when onSignal throws; the frame gets no answer. */
  onCommitError?(error: unknown, signal: AlarmSignal): void;
}

export interface RejectEvent {
  reason: RejectionReason | "slow-client" | "idle" | "too-many-connections" | "too-many-from-source" | "udp-backlog" | "internal-error";
  detail: string;
  transport: "tcp" | "udp";
  remoteAddress: string;
  responseType: "NAK" | "DUH" | null;
}

export interface ReceiverStats {
  frames: number;
  accepted: number;
  duplicates: number;
  commitFailures: number;
  rejected: Record<string, number>;
  connections: number;
  droppedConnections: number;
}

export interface ListeningPorts {
  tcpPort: number | null;
  udpPort: number | null;
}

export const DEFAULT_MAX_CONNECTIONS = 1000;
export const DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 32;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_FIRST_FRAME_TIMEOUT_MS = 10_000;

/**
 * Whose connection it is, for the per-source cap: an IPv4 address (also when IPv4-mapped), or an
 * IPv6 address's /64, because one subscriber is routinely given a whole /64 to pick from.
 */
export function connectionSource(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? "?").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

export class AlarmReceiver {
  private readonly opts: AlarmReceiverOptions;
  private readonly guard: ReplayGuard;
  private readonly inflight = new Map<string, Promise<boolean>>();
  private readonly sockets = new Set<Socket>();
  /** Open TCP connections per source (connectionSource). */
  private readonly perSource = new Map<string, number>();
  private pendingDatagrams = 0;
  private tcp: Server | null = null;
  private udp: UdpSocket | null = null;
  readonly stats: ReceiverStats = {
    frames: 0,
    accepted: 0,
    duplicates: 0,
    commitFailures: 0,
    rejected: {},
    connections: 0,
    droppedConnections: 0,
  };

  constructor(options: AlarmReceiverOptions) {
    this.opts = options;
    this.guard = new ReplayGuard(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS);
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private reject(event: RejectEvent): void {
    this.stats.rejected[event.reason] = (this.stats.rejected[event.reason] ?? 0) + 1;
    this.opts.onReject?.(event);
  }

  /** Classifies one frame, commits it if new, and returns what to send back (or null). */
  async handleFrame(bytes: Uint8Array, transport: "tcp" | "udp", remoteAddress: string): Promise<Buffer | null> {
    this.stats.frames++;
    let c: Classification;
    try {
      c = classify(bytes, this.now(), this.opts.lookupAccount, {
        window: this.opts.window,
        maxFrameBytes: this.opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
        guard: this.guard,
        requireTimestamp: this.opts.requireTimestamp,
      });
    } catch (e) {
      // classify throws only on a bug or when lookupAccount throws. Answer nothing: the panel
      // retries, as it would for any failure to commit.
      this.reject({ reason: "internal-error", detail: String(e), transport, remoteAddress, responseType: null });
      return null;
    }
    if (c.outcome === "reject") {
      this.reject({ reason: c.reason, detail: c.detail, transport, remoteAddress, responseType: c.responseType });
      return c.response;
    }
    if (c.outcome === "duplicate") {
      this.stats.duplicates++;
      return c.response;
    }
    const signal = c.signal;
    signal.transport = transport;
    signal.remoteAddress = remoteAddress;
    const key = signal.idempotencyKey;
    let pending = this.inflight.get(key);
    if (pending) {
      this.stats.duplicates++;
    } else {
      pending = this.commit(signal);
      this.inflight.set(key, pending);
      pending.finally(() => this.inflight.delete(key));
    }
    return (await pending) ? c.response : null;
  }

  private async commit(signal: AlarmSignal): Promise<boolean> {
    const timeoutMs = this.opts.commitTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.opts.onSignal(signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`onSignal did not settle within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (e) {
      this.stats.commitFailures++;
      this.opts.onCommitError?.(e, signal);
      return false;
    } finally {
      clearTimeout(timer);
    }
    this.guard.remember(signal.idempotencyKey, this.now());
    this.stats.accepted++;
    return true;
  }

  async start(): Promise<ListeningPorts> {
    const host = this.opts.host ?? "0.0.0.0";
    const ports: ListeningPorts = { tcpPort: null, udpPort: null };
    if (this.opts.tcpPort != null) {
      const server = createServer((socket) => this.serveConnection(socket));
      this.tcp = server;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(this.opts.tcpPort ?? 0, host, () => {
          server.off("error", reject);
          // Accept failures (e.g. out of file descriptors) must not crash the process.
          server.on("error", () => {});
          resolve();
        });
      });
      const a = server.address();
      ports.tcpPort = typeof a === "object" && a ? a.port : null;
    }
    if (this.opts.udpPort != null) {
      const udp = createSocket(host.includes(":") ? "udp6" : "udp4");
      this.udp = udp;
      udp.on("message", (msg, rinfo) => this.serveDatagram(msg, rinfo));
      udp.on("error", () => {
        /* a send to a vanished peer must not take the listener down */
      });
      await new Promise<void>((resolve, reject) => {
        udp.once("error", reject);
        udp.bind(this.opts.udpPort ?? 0, host, () => {
          udp.off("error", reject);
          resolve();
        });
      });
      ports.udpPort = udp.address().port;
    }
    return ports;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.perSource.clear();
    const tcp = this.tcp;
    this.tcp = null;
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
    const udp = this.udp;
    this.udp = null;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
  }

  private serveDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    const remote = `${rinfo.address}:${rinfo.port}`;
    const limit = this.opts.maxPendingDatagrams ?? 1000;
    if (this.pendingDatagrams >= limit) {
      // Datagrams have no flow control; when commits fall behind, shed load rather than queue
      // without bound. Unanswered panels retry.
      this.reject({
        reason: "udp-backlog",
        detail: `${limit} datagrams waiting`,
        transport: "udp",
        remoteAddress: remote,
        responseType: null,
      });
      return;
    }
    this.pendingDatagrams++;
    this.handleFrame(msg, "udp", remote)
      .then(
        (response) => {
          if (response && this.udp) this.udp.send(response, rinfo.port, rinfo.address);
        },
        () => {},
      )
      .finally(() => {
        this.pendingDatagrams--;
      });
  }

  /** Takes the connection into the counts, or refuses it (and says so) when a cap is reached. */
  private admit(socket: Socket, source: string, remote: string): boolean {
    const maxConnections = this.opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    const maxPerSource = this.opts.maxConnectionsPerSource ?? DEFAULT_MAX_CONNECTIONS_PER_SOURCE;
    const fromSource = this.perSource.get(source) ?? 0;
    const refusal: [RejectEvent["reason"], string] | null =
      fromSource >= maxPerSource
        ? ["too-many-from-source", `limit ${maxPerSource} from ${source}`]
        : this.sockets.size >= maxConnections
          ? ["too-many-connections", `limit ${maxConnections}`]
          : null;
    if (refusal) {
      this.stats.droppedConnections++;
      this.reject({ reason: refusal[0], detail: refusal[1], transport: "tcp", remoteAddress: remote, responseType: null });
      socket.destroy();
      return false;
    }
    this.sockets.add(socket);
    this.perSource.set(source, fromSource + 1);
    this.stats.connections++;
    return true;
  }

  private release(socket: Socket, source: string): void {
    if (!this.sockets.delete(socket)) return;
    const left = (this.perSource.get(source) ?? 1) - 1;
    if (left > 0) this.perSource.set(source, left);
    else this.perSource.delete(source);
  }

  private serveConnection(socket: Socket): void {
    const remote = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    const source = connectionSource(socket.remoteAddress);
    if (!this.admit(socket, source, remote)) return;
    socket.setNoDelay(true);
    const scanner = new Dc09FrameScanner(this.opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
    const frameTimeoutMs = this.opts.frameTimeoutMs ?? 10_000;
    const maxPending = this.opts.maxPendingFramesPerConnection ?? 32;
    let frameTimer: NodeJS.Timeout | null = null;
    let queue: Promise<void> = Promise.resolve();
    let pendingFrames = 0;

    const drop = (reason: RejectEvent["reason"], detail: string) => {
      if (socket.destroyed) return;
      this.stats.droppedConnections++;
      this.reject({ reason, detail, transport: "tcp", remoteAddress: remote, responseType: null });
      socket.destroy();
    };
    const clearFrameTimer = () => {
      if (frameTimer) clearTimeout(frameTimer);
      frameTimer = null;
    };

    const idleTimeoutMs = this.opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const firstFrameTimeoutMs = this.opts.firstFrameTimeoutMs ?? Math.min(DEFAULT_FIRST_FRAME_TIMEOUT_MS, idleTimeoutMs);
    let sentFrame = false;
    socket.setTimeout(firstFrameTimeoutMs);
    socket.on("timeout", () =>
      drop("idle", sentFrame ? `no bytes within ${idleTimeoutMs} ms` : `no frame and no bytes within ${firstFrameTimeoutMs} ms`),
    );
    socket.on("data", (chunk: Buffer) => {
      let result: ReturnType<Dc09FrameScanner["push"]>;
      try {
        result = scanner.push(chunk);
      } catch (e) {
        const detail = e instanceof Dc09Error ? e.message : String(e);
        drop("oversized", detail);
        return;
      }
      for (let i = 0; i < result.abandoned; i++) {
        this.reject({
          reason: "framing",
          detail: "frame cut short by a new LF",
          transport: "tcp",
          remoteAddress: remote,
          responseType: null,
        });
      }
      if (!sentFrame && result.frames.length > 0) {
        sentFrame = true;
        socket.setTimeout(idleTimeoutMs);
      }
      for (const frame of result.frames) {
        pendingFrames++;
        if (pendingFrames >= maxPending) socket.pause();
        queue = queue
          .then(async () => {
            const response = await this.handleFrame(frame, "tcp", remote);
            if (response && !socket.destroyed) socket.write(response);
          })
          .catch(() => {
            /* handleFrame reports its own failures; one bad frame must not stall the queue */
          })
          .finally(() => {
            pendingFrames--;
            if (pendingFrames < maxPending && !socket.destroyed) socket.resume();
          });
      }
      // The frame deadline runs from the first byte after the last complete frame, so trickled
      // garbage without any LF is caught as well as a trickled frame.
      if (scanner.midFrame || (result.frames.length === 0 && result.discardedBytes > 0)) {
        if (!frameTimer) {
          frameTimer = setTimeout(() => drop("slow-client", `frame not completed within ${frameTimeoutMs} ms`), frameTimeoutMs);
        }
      } else {
        clearFrameTimer();
      }
    });
    socket.on("error", () => {
      /* resets by the peer are routine; the close handler cleans up */
    });
    socket.on("close", () => {
      clearFrameTimer();
      this.release(socket, source);
    });
  }
}
