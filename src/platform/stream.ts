/**
 * The live event stream over WebSocket: `GET /api/v1/stream?token=…&since=SEQ`.
 *
 * The guarantee (docs/api.md): every committed event inside the reader's org subtree arrives
 * exactly once, in seq order, which is commit order. A reconnecting client passes the last seq it
 * saw and first receives everything it missed, page by page from the log, then the live events.
 * The live events come from the process's commit-order feed, which is subscribed before the
 * catch-up query runs and buffered meanwhile, so the seam has no gap and no duplicate.
 *
 * A socket lives only as long as its session: it is closed when the session ends (logout,
 * deactivation, revocation: the org module announces `session.ended`) and, checked at every
 * heartbeat, when it has expired.
 */
import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { WebSocket } from "ws";
import { CommitOrderFeed } from "./event-feed.ts";
import { type BusEvent, type EventBus, readEvents, type StoredEvent } from "./events.ts";
import { actorOf, sendProblem, tokenOf } from "./http.ts";
import { Problem } from "./problem.ts";

/** Announced (never stored, never forwarded) when sessions of `data.userId` have ended. */
export const SESSION_ENDED = "session.ended";
/** The close code a client gets when its session is over: sign in again. */
export const CLOSE_SESSION_ENDED = 4401;
const CATCH_UP_PAGE = 1000;

export interface StreamOptions<A> {
  db: Kysely<any>;
  bus: EventBus;
  /** The same check the REST routes use, asked again for an open socket. */
  authenticate(token: string): Promise<A | null>;
  heartbeatMs?: number;
}

/** Sends and resolves once the frame is handed to the socket, so a long catch-up is paced. */
function sendNow(socket: WebSocket, msg: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState !== 1) return resolve();
    socket.send(JSON.stringify(msg), () => resolve());
  });
}

export async function streamRoutes<A extends { orgPath: string; userId: string }>(app: FastifyInstance, opts: StreamOptions<A>) {
  await app.register(websocket);
  const feed = new CommitOrderFeed(opts.db, opts.bus);
  app.addHook("onClose", () => feed.stop());
  app.route({
    method: "GET",
    url: "/stream",
    config: { permission: "events:stream" },
    // A plain GET (no upgrade) gets a problem telling the client what to do.
    handler: async (req, reply) =>
      sendProblem(
        reply,
        req,
        new Problem(
          426,
          "validation",
          { field: "connection", reason: "use a WebSocket upgrade", reasonZh: "请使用 WebSocket 连接" },
          { field: "connection" },
        ),
      ),
    schema: {
      tags: ["live"],
      description:
        "WebSocket. Pass the session token as ?token= (browsers cannot set headers on WebSocket) and ?since=SEQ to catch up. Messages: {kind:'hello'|'event'|'ping', …}. Every committed event in the reader's scope arrives exactly once, in seq (commit) order; hello.lastSeq is the position to resume from.",
      querystring: {
        type: "object",
        properties: { token: { type: "string" }, since: { type: "string", pattern: "^[0-9]+$" } },
        additionalProperties: false,
      },
      // A WebSocket answers its upgrade with 101; the messages are described above.
      response: { 101: { description: "Switching Protocols: the live stream", type: "null" } },
    },
    wsHandler: async (socket, req) => {
      const actor = actorOf<A>(req);
      const token = tokenOf(req);
      const scope = actor.orgPath;
      // The query schema above has checked `since` is digits; the upgrade handler reads it from the URL.
      const sinceText = new URL(req.url, "http://request").searchParams.get("since") ?? undefined;
      const send = (msg: unknown) => socket.readyState === 1 && socket.send(JSON.stringify(msg));
      const inScope = (e: BusEvent) => e.orgPath.startsWith(scope);

      // Ends the socket when its session no longer authenticates.
      let checking = false;
      const recheckSession = async () => {
        if (checking || socket.readyState !== 1) return;
        checking = true;
        try {
          if (!(await opts.authenticate(token))) socket.close(CLOSE_SESSION_ENDED, "session ended");
        } finally {
          checking = false;
        }
      };

      let catchingUp = sinceText !== undefined;
      const buffer: BusEvent[] = [];
      // The newest seq this socket has sent (or knows it need not send): events arrive above it.
      let sent = 0;
      const deliver = (e: BusEvent) => {
        if (e.type === SESSION_ENDED) {
          if ((e.data as { userId?: string }).userId === actor.userId) void recheckSession();
          return;
        }
        if (e.seq !== null) {
          if (e.seq <= sent) return;
          sent = e.seq;
        }
        if (inScope(e)) send({ kind: "event", event: e });
      };
      await feed.start();
      const unsubscribe = feed.subscribe((e) => (catchingUp ? buffer.push(e) : deliver(e)));
      // Everything up to here has been committed, so the catch-up below covers it.
      const feedAtSubscribe = feed.position;
      const heartbeat = setInterval(() => {
        send({ kind: "ping", at: new Date().toISOString() });
        void recheckSession();
      }, opts.heartbeatMs ?? 15_000);
      socket.on("close", () => {
        unsubscribe();
        clearInterval(heartbeat);
      });

      if (catchingUp) {
        sent = Number(sinceText);
        for (;;) {
          const page: StoredEvent[] = await readEvents(opts.db, { after: sent, orgPathPrefix: scope, limit: CATCH_UP_PAGE });
          if (socket.readyState !== 1) return;
          for (const e of page) await sendNow(socket, { kind: "event", event: e });
          if (page.length > 0) sent = page[page.length - 1].seq;
          if (page.length < CATCH_UP_PAGE) break;
        }
        // The last page was read after subscribing, so it saw every event the feed had passed.
        sent = Math.max(sent, feedAtSubscribe);
        catchingUp = false;
        for (const e of buffer.splice(0)) deliver(e);
      } else sent = feedAtSubscribe;
      send({ kind: "hello", lastSeq: sent, scope });
    },
  });
}
