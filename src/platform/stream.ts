/**
 * The live event stream over WebSocket: `GET /api/v1/stream?token=…&since=SEQ`.
 * Each reader gets only events inside their org subtree. A reconnecting client passes the last
 * seq it saw and first receives everything it missed from the event log, then live events, with
 * no gap and no duplicate: live events are buffered while the catch-up query runs.
 */
import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { type BusEvent, type EventBus, eventsSince } from "./events.ts";
import { actorOf, sendProblem } from "./http.ts";
import { Problem } from "./problem.ts";

export async function streamRoutes<A extends { orgPath: string }>(
  app: FastifyInstance,
  opts: { db: Kysely<any>; bus: EventBus; heartbeatMs?: number },
) {
  await app.register(websocket);
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
        "WebSocket. Pass the session token as ?token= (browsers cannot set headers on WebSocket) and ?since=SEQ to catch up. Messages: {kind:'hello'|'event'|'ping', …}.",
      querystring: {
        type: "object",
        properties: { token: { type: "string" }, since: { type: "string", pattern: "^[0-9]+$" } },
        additionalProperties: false,
      },
    },
    wsHandler: async (socket, req) => {
      const actor = actorOf<A>(req);
      const scope = actor.orgPath;
      const since = Number((req.query as { since?: string }).since ?? Number.NaN);
      const send = (msg: unknown) => socket.readyState === 1 && socket.send(JSON.stringify(msg));
      let lastSeq = 0;
      let buffering = Number.isFinite(since);
      const buffer: BusEvent[] = [];
      const deliver = (e: BusEvent) => {
        if (!e.orgPath.startsWith(scope)) return;
        if (e.seq !== null) {
          if (e.seq <= lastSeq) return;
          lastSeq = e.seq;
        }
        send({ kind: "event", event: e });
      };
      const unsubscribe = opts.bus.subscribe((e) => (buffering ? buffer.push(e) : deliver(e)));
      const heartbeat = setInterval(() => send({ kind: "ping", at: new Date().toISOString() }), opts.heartbeatMs ?? 15_000);
      socket.on("close", () => {
        unsubscribe();
        clearInterval(heartbeat);
      });
      if (buffering) {
        lastSeq = since;
        for (const e of await eventsSince(opts.db, since, scope)) deliver(e);
        buffering = false;
        for (const e of buffer.splice(0)) deliver(e);
      }
      const head = await opts.db.selectFrom("events").select(opts.db.fn.max("seq").as("seq")).executeTakeFirst();
      send({ kind: "hello", lastSeq: Math.max(lastSeq, Number(head?.seq ?? 0)), scope });
    },
  });
}
