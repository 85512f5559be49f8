/**
 * Slow clients cannot hold the server's sockets: a request whose headers or body trickle in is
 * cut after the (here: short, configured) timeout, and one address may hold only so many
 * connections at once. The live stream, a long-lived upgraded socket, is not cut by either.
 * These are properties of the HTTP edge, not of the database, so they run on SQLite only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type AppContext, createContext } from "../src/context.ts";
import { DEMO_PASSWORD, seedDemo } from "../src/demo/city.ts";
import { type Config, loadConfig } from "../src/platform/config.ts";
import { buildServer } from "../src/server.ts";

interface Edge {
  port: number;
  url: string;
  ctx: AppContext;
  close(): Promise<void>;
}

/** A real server with the given edge limits (the shared harness starts one with the defaults). */
async function startWith(limits: Partial<Config>, seed: boolean): Promise<Edge> {
  const dir = mkdtempSync(join(tmpdir(), "lantern-edge-"));
  const ctx = await createContext(loadConfig({}, { dataDir: dir, databaseUrl: null, port: 0, ...limits }));
  if (seed) await seedDemo(ctx, { officers: "few" });
  const app: FastifyInstance = await buildServer(ctx);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    ctx,
    async close() {
      await app.close();
      await ctx.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Ended {
  /** Everything the server wrote before the socket closed. */
  received: string;
  /** How many bytes of the trickle were written before the server cut it. */
  trickled: number;
}

/** Sends `head`, then one byte of `trickle` every 100 ms, until the server closes the socket. */
function trickle(port: number, head: string, body: string): Promise<Ended> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    const received: Buffer[] = [];
    let trickled = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on("connect", () => {
      socket.write(head);
      timer = setInterval(() => {
        if (trickled < body.length && socket.writable) socket.write(body[trickled++]);
      }, 100);
    });
    socket.on("data", (d) => received.push(d));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ received: Buffer.concat(received).toString("utf8"), trickled });
    });
  });
}

interface Held {
  socket: net.Socket;
  /** What happened to the connection: answered (with the response's first line) or closed unanswered. */
  outcome: Promise<{ answered: string | null }>;
}

/** Opens a keep-alive connection from `localAddress` and asks GET /healthz on it. */
function hold(port: number, localAddress = "127.0.0.1"): Held {
  const socket = net.connect({ port, host: "127.0.0.1", localAddress });
  socket.on("error", () => {});
  const outcome = new Promise<{ answered: string | null }>((resolve) => {
    let received = "";
    socket.on("data", (d) => {
      received += d.toString("latin1");
      if (received.includes("\r\n\r\n")) resolve({ answered: received.split("\r\n")[0] });
    });
    socket.on("close", () => resolve({ answered: null }));
  });
  socket.on("connect", () => socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"));
  return { socket, outcome };
}

/** The head of a sign-in whose body of `length` bytes is still to come. */
const slowLogin = (length: number) =>
  `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

const closed = (s: net.Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once("close", () => r())));

describe("request timeouts", () => {
  let edge: Edge;
  beforeAll(async () => {
    edge = await startWith(
      { requestTimeoutMs: 700, headersTimeoutMs: 400, keepAliveTimeoutMs: 300, socketIdleTimeoutMs: 500, maxConnectionsPerAddress: 256 },
      true,
    );
  });
  afterAll(() => edge?.close());

  it("cuts a request whose body trickles in, answering 408", { timeout: 20_000 }, async () => {
    const body = JSON.stringify({ username: "dispatcher", password: DEMO_PASSWORD }).padEnd(200, " ");
    const ended = await trickle(edge.port, slowLogin(body.length), body);
    expect(ended.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(ended.trickled).toBeLessThan(body.length);
    // Answered as a problem like every other error, in both languages.
    const [head, answer] = ended.received.split("\r\n\r\n");
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(answer)).toMatchObject({
      status: 408,
      code: "request_timeout",
      titles: { "zh-CN": "请求未能在时限内传完，连接已关闭", en: "The request did not arrive in time; the connection was closed" },
    });
  });

  it("cuts a request whose headers trickle in", { timeout: 20_000 }, async () => {
    const ended = await trickle(edge.port, "GET /healthz HTTP/1.1\r\n", `Host: 127.0.0.1\r\nX-Slow: ${"a".repeat(200)}\r\n\r\n`);
    expect(ended.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("keeps the live stream open past every timeout, and it still delivers", { timeout: 20_000 }, async () => {
    const login = await fetch(`${edge.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "dispatcher", password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const ws = new WebSocket(`ws://127.0.0.1:${edge.port}/api/v1/stream?token=${token}`);
    const messages: { kind: string; event?: { type: string; streamId: string } }[] = [];
    ws.on("message", (m) => messages.push(JSON.parse(String(m))));
    await expect.poll(() => messages.some((m) => m.kind === "hello"), { timeout: 5000 }).toBe(true);

    // A slow request started after the stream is cut: by then the stream's own request is older
    // than the request timeout, and the stream has been silent for longer than the idle timeout.
    const body = "x".repeat(200);
    const slow = await trickle(edge.port, slowLogin(body.length), body);
    expect(slow.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(ws.readyState).toBe(WebSocket.OPEN);

    const created = await fetch(`${edge.url}/api/v1/incidents`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ channel: "call_110", categoryCode: "alarm.theft", location: { lat: 30.255, lon: 120.17 } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await expect
      .poll(() => messages.some((m) => m.event?.type === "incident.created" && m.event.streamId === id), { timeout: 5000 })
      .toBe(true);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});

describe("connections per address", () => {
  let edge: Edge;
  const cap = 4;
  beforeAll(async () => {
    edge = await startWith({ maxConnectionsPerAddress: cap }, false);
  });
  afterAll(() => edge?.close());

  it("refuses a connection over the cap, serves other addresses, and accepts again once one closes", { timeout: 20_000 }, async () => {
    const held = Array.from({ length: cap }, () => hold(edge.port));
    for (const h of held) expect((await h.outcome).answered).toBe("HTTP/1.1 200 OK");

    const over = hold(edge.port);
    expect((await over.outcome).answered).toBeNull();
    await closed(over.socket);

    // Another address (loopback has many) has its own allowance.
    const neighbour = hold(edge.port, "127.0.0.2");
    expect((await neighbour.outcome).answered).toBe("HTTP/1.1 200 OK");
    neighbour.socket.destroy();

    // Once one of the held connections closes, the address may connect again (the server sees
    // the close a moment after the client does, hence the bounded retry).
    held[0].socket.destroy();
    const attempt = async () => {
      const h = hold(edge.port);
      const { answered } = await h.outcome;
      h.socket.destroy();
      return answered;
    };
    await expect.poll(attempt, { timeout: 5000, interval: 50 }).toBe("HTTP/1.1 200 OK");
    for (const h of held) h.socket.destroy();
  });
});
