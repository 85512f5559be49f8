/** Routes of watch orders (布控): push to checkpoints, read, lift, and the posts' hit or pass-through reports. */
import { Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type Routes } from "../platform/http.ts";
import { errors, IdParams } from "../platform/schemas.ts";
import { planForReader } from "./plans.ts";
import { KeyHeader, LiftBody, ReportBody, WatchOrderBody, WatchOrderQuery, WatchOrderView, WatchReportView } from "./schemas.ts";
import { createWatchOrder, getWatchOrder, liftWatchOrder, listWatchOrders, reportAtCheckpoint } from "./watch-orders.ts";

const tags = ["intercept"];
/** Dispatchers, and the staff of the posts an order is pushed to. */
const readers = ["dispatch:recommend", "unit:status:own"];

export const watchOrderRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/incidents/:id/watch-orders",
    {
      config: { permission: "dispatch:assign" },
      schema: { tags, params: IdParams, headers: KeyHeader, body: WatchOrderBody, response: { 201: WatchOrderView, ...errors } },
    },
    async (req, reply) => {
      const order = await createWatchOrder(ctx, actorOf<Actor>(req), req.params.id, req.body, req.headers["idempotency-key"]);
      reply.status(201);
      return order;
    },
  );
  app.get(
    "/watch-orders",
    {
      config: { permission: readers },
      schema: { tags, querystring: WatchOrderQuery, response: { 200: Type.Array(WatchOrderView), ...errors } },
    },
    async (req) => listWatchOrders(ctx, actorOf<Actor>(req), req.query),
  );
  app.get(
    "/watch-orders/:id",
    { config: { permission: readers }, schema: { tags, params: IdParams, response: { 200: WatchOrderView, ...errors } } },
    async (req) => getWatchOrder(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.post(
    "/watch-orders/:id/lift",
    {
      config: { permission: "dispatch:assign" },
      schema: { tags, params: IdParams, body: LiftBody, response: { 200: WatchOrderView, ...errors } },
    },
    async (req) => liftWatchOrder(ctx, actorOf<Actor>(req), req.params.id, req.body.reason),
  );
  app.post(
    "/watch-orders/:id/reports",
    {
      config: { permission: ["dispatch:assign", "unit:status:own"] },
      schema: {
        tags,
        description:
          "Checkpoint staff report a hit or a pass-through; the incident is updated and the plan recomputed from the checkpoint.",
        params: IdParams,
        headers: KeyHeader,
        body: ReportBody,
        response: { 201: WatchReportView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf<Actor>(req);
      const r = await reportAtCheckpoint(ctx, actor, req.params.id, req.body, req.headers["idempotency-key"]);
      reply.status(201);
      // The re-plan is made in the incident's area; the reporter sees of it what their own area allows.
      return { ...r, plan: r.plan && (await planForReader(ctx, actor, r.plan)) };
    },
  );
};
