/** HTTP routes of ring check-and-control (圈层查控): rings, checkpoints, watch orders, plans. */
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { codeFilter } from "../platform/code-filter.ts";
import { actorOf } from "../platform/http.ts";
import { AnyArray, AnyObject, errors, IdParams } from "../platform/schemas.ts";
import { CHECKPOINT_KINDS, REPORT_KINDS, RING_LEVELS, TRAVEL_MODES, WATCH_ORDER_STATUSES } from "./model.ts";
import { computePlan, dispatchPlan, latestPlan, planForReader, recordSighting } from "./plans.ts";
import {
  createCheckpoint,
  createRing,
  interceptLayer,
  listCheckpoints,
  listRings,
  setCheckpointsActive,
  updateCheckpoint,
  updateRing,
} from "./rings.ts";
import { createWatchOrder, getWatchOrder, liftWatchOrder, listWatchOrders, reportAtCheckpoint } from "./watch-orders.ts";

const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Id = Type.String({ minLength: 1, maxLength: 100 });
const Polygon = Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }), { maxItems: 2000 }), {
  maxItems: 10,
  description: "GeoJSON Polygon coordinates ([lon, lat]); one closed outer ring, at least 4 positions, not self-intersecting.",
});
const RingBody = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$" })),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    level: lit(RING_LEVELS),
    polygon: Polygon,
  },
  { additionalProperties: false },
);
const RingPatch = Type.Object(
  {
    nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    level: Type.Optional(lit(RING_LEVELS)),
    polygon: Type.Optional(Polygon),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
const CheckpointBody = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$" })),
    ringId: Type.Optional(Type.Union([Id, Type.Null()])),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    kind: lit(CHECKPOINT_KINDS),
    lat: Type.Number(),
    lon: Type.Number(),
    staffing: Type.Optional(Type.Integer()),
    activationMinutes: Type.Optional(Type.Number()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const CheckpointPatch = Type.Object(
  {
    nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    staffing: Type.Optional(Type.Integer()),
    activationMinutes: Type.Optional(Type.Number()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
const Activation = Type.Object(
  {
    checkpointIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
    active: Type.Boolean(),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const PlanBody = Type.Object(
  {
    minutesSinceFlight: Type.Number({ description: "Minutes since the suspect left the incident location (or the given origin)." }),
    horizonMinutes: Type.Optional(Type.Number({ description: "How far ahead to plan; default 30 (city) or 180 (ring); at most 720." })),
    scope: Type.Optional(lit(["city", "ring"])),
    speedFactor: Type.Optional(Type.Number({ description: "Suspect speed relative to free flow (1 = free flow)." })),
    travelMode: Type.Optional(lit(Object.keys(TRAVEL_MODES))),
    routes: Type.Optional(Type.Integer({ description: "Simulated escape routes (default 1000)." })),
    maxActivations: Type.Optional(Type.Integer({ description: "At most this many checkpoints to switch on (default 8)." })),
    origin: Type.Optional(
      Type.Object({ lat: Type.Number(), lon: Type.Number() }, { additionalProperties: false, description: "Last known position." }),
    ),
    seed: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const DispatchBody = Type.Object(
  {
    unitIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50 })),
    activateCheckpoints: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: "Omit unitIds to send every unit the latest plan places." },
);
const SightingBody = Type.Object(
  {
    lat: Type.Number(),
    lon: Type.Number(),
    at: Type.Optional(Type.String({ maxLength: 40 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const WatchOrderBody = Type.Object(
  {
    plate: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    vehicle: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    description: Type.String({ maxLength: 1000 }),
    ringIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    checkpointIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
    reachable: Type.Optional(
      Type.Object(
        {
          minutesSinceFlight: Type.Number(),
          horizonMinutes: Type.Optional(Type.Number()),
          speedFactor: Type.Optional(Type.Number()),
          origin: Type.Optional(
            Type.Object(
              { lat: Type.Number(), lon: Type.Number() },
              { additionalProperties: false, description: "The last known position; the incident's location when omitted." },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    expiresInMinutes: Type.Optional(Type.Number()),
  },
  { additionalProperties: false, description: "Push to chosen rings/checkpoints, or to every checkpoint reachable in time." },
);
const ReportBody = Type.Object(
  {
    checkpointId: Id,
    kind: lit(REPORT_KINDS),
    at: Type.Optional(Type.String({ maxLength: 40 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    stopped: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const KeyHeader = Type.Object({ "idempotency-key": Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

const idOf = (req: { params: unknown }) => (req.params as { id: string }).id;

export async function interceptRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const tags = ["intercept"];
  const read = ["plan:read", "dispatch:recommend"];

  // ---- rings and checkpoints ----
  app.get("/intercept/rings", { config: { permission: read }, schema: { tags, response: { 200: AnyArray } } }, async () => listRings(ctx));
  app.post(
    "/intercept/rings",
    { config: { permission: "plan:admin" }, schema: { tags, body: RingBody, response: { 201: AnyObject, ...errors } } },
    async (req, reply) => {
      const b = req.body as Static<typeof RingBody>;
      reply.status(201);
      return createRing(ctx, actorOf<Actor>(req), b as never, b.id);
    },
  );
  app.patch(
    "/intercept/rings/:id",
    { config: { permission: "plan:admin" }, schema: { tags, params: IdParams, body: RingPatch, response: { 200: AnyObject, ...errors } } },
    async (req) => updateRing(ctx, actorOf<Actor>(req), idOf(req), req.body as never),
  );
  app.get(
    "/intercept/checkpoints",
    {
      config: { permission: [...read, "unit:status:own"] },
      schema: {
        tags,
        querystring: Type.Object(
          { ringId: Type.Optional(Id), active: Type.Optional(lit(["true", "false"])) },
          { additionalProperties: false },
        ),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => {
      const q = req.query as { ringId?: string; active?: string };
      return listCheckpoints(ctx, { ringId: q.ringId, active: q.active === undefined ? undefined : q.active === "true" });
    },
  );
  app.post(
    "/intercept/checkpoints",
    {
      config: { permission: "plan:admin" },
      schema: {
        tags,
        description: "A checkpoint on a road: it is snapped onto the road graph and refused when more than 150 m from any road.",
        body: CheckpointBody,
        response: { 201: AnyObject, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body as Static<typeof CheckpointBody>;
      reply.status(201);
      return createCheckpoint(ctx, actorOf<Actor>(req), b as never, b.id);
    },
  );
  app.patch(
    "/intercept/checkpoints/:id",
    {
      config: { permission: "plan:admin" },
      schema: { tags, params: IdParams, body: CheckpointPatch, response: { 200: AnyObject, ...errors } },
    },
    async (req) => updateCheckpoint(ctx, actorOf<Actor>(req), idOf(req), req.body as never),
  );
  app.post(
    "/intercept/checkpoints/activation",
    {
      config: { permission: "dispatch:assign" },
      schema: { tags, description: "Switch checkpoints on or off.", body: Activation, response: { 200: AnyArray, ...errors } },
    },
    async (req) => {
      const b = req.body as Static<typeof Activation>;
      return setCheckpointsActive(ctx, actorOf<Actor>(req), b.checkpointIds, b.active, b.reason ?? null);
    },
  );
  app.get(
    "/intercept/layer",
    {
      config: { permission: read },
      schema: {
        tags,
        description: "Rings (polygons) and checkpoints (points) as one GeoJSON FeatureCollection.",
        response: { 200: AnyObject },
      },
    },
    async () => interceptLayer(ctx),
  );

  // ---- watch orders ----
  app.post(
    "/incidents/:id/watch-orders",
    {
      config: { permission: "dispatch:assign" },
      schema: { tags, params: IdParams, headers: KeyHeader, body: WatchOrderBody, response: { 201: AnyObject, ...errors } },
    },
    async (req, reply) => {
      const key = req.headers["idempotency-key"] as string | undefined;
      const order = await createWatchOrder(ctx, actorOf<Actor>(req), idOf(req), req.body as never, key);
      reply.status(201);
      return order;
    },
  );
  app.get(
    "/watch-orders",
    {
      config: { permission: ["dispatch:recommend", "unit:status:own"] },
      schema: {
        tags,
        querystring: Type.Object(
          {
            incidentId: Type.Optional(Id),
            checkpointId: Type.Optional(Id),
            status: Type.Optional(codeFilter("watch-order status", WATCH_ORDER_STATUSES)),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyArray, ...errors },
      },
    },
    async (req) => listWatchOrders(ctx, actorOf<Actor>(req), req.query as never),
  );
  app.get(
    "/watch-orders/:id",
    {
      config: { permission: ["dispatch:recommend", "unit:status:own"] },
      schema: { tags, params: IdParams, response: { 200: AnyObject, ...errors } },
    },
    async (req) => getWatchOrder(ctx, actorOf<Actor>(req), idOf(req)),
  );
  app.post(
    "/watch-orders/:id/lift",
    {
      config: { permission: "dispatch:assign" },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => liftWatchOrder(ctx, actorOf<Actor>(req), idOf(req), (req.body as { reason: string }).reason),
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
        response: { 201: AnyObject, ...errors },
      },
    },
    async (req, reply) => {
      const key = req.headers["idempotency-key"] as string | undefined;
      const actor = actorOf<Actor>(req);
      const r = await reportAtCheckpoint(ctx, actor, idOf(req), req.body as never, key);
      reply.status(201);
      // The re-plan is made in the incident's area; the reporter sees of it what their own area allows.
      return { ...r, plan: r.plan && (await planForReader(ctx, actor, r.plan)) };
    },
  );

  // ---- plans ----
  app.post(
    "/incidents/:id/intercept-plan",
    {
      config: { permission: "dispatch:recommend" },
      schema: {
        tags,
        description:
          "Compute an interception plan: simulated escapes, one intercept point per available unit, checkpoints to switch on, " +
          "the interception probability with a 95 % interval from an independent sample, and the escape cone for the map. " +
          "A newer request for the same incident cancels a running one (409 plan_superseded). " +
          "Units outside the reader's org subtree appear only in `capacity`, counted per owning org.",
        params: IdParams,
        body: PlanBody,
        response: { 201: AnyObject, ...errors, 503: AnyObject },
      },
    },
    async (req, reply) => {
      const actor = actorOf<Actor>(req);
      const plan = await computePlan(ctx, actor, idOf(req), req.body as never);
      reply.status(201);
      return planForReader(ctx, actor, plan);
    },
  );
  app.get(
    "/incidents/:id/intercept-plan",
    {
      config: { permission: "dispatch:recommend" },
      schema: {
        tags,
        description:
          "The latest plan, as the reader may see it: units outside the reader's org subtree only as `capacity` (a count per owning org).",
        params: IdParams,
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf<Actor>(req);
      return planForReader(ctx, actor, await latestPlan(ctx, actor, idOf(req)));
    },
  );
  app.post(
    "/incidents/:id/intercept-plan/dispatch",
    {
      config: { permission: "dispatch:assign" },
      schema: {
        tags,
        description:
          "Dispatch the latest plan's units to their intercept points (destination set) and switch on its checkpoints. " +
          "A reader sends the units of their own org subtree; the others are counted in `outsideArea`.",
        params: IdParams,
        body: DispatchBody,
        headers: KeyHeader,
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) =>
      dispatchPlan(ctx, actorOf<Actor>(req), idOf(req), req.body as never, req.headers["idempotency-key"] as string | undefined),
  );
  app.post(
    "/incidents/:id/sightings",
    {
      config: { permission: "dispatch:recommend" },
      schema: {
        tags,
        description: "A sighting of the suspect: recorded, then the plan is recomputed from it.",
        params: IdParams,
        body: SightingBody,
        headers: KeyHeader,
        response: { 201: AnyObject, ...errors },
      },
    },
    async (req, reply) => {
      const key = req.headers["idempotency-key"] as string | undefined;
      const actor = actorOf<Actor>(req);
      const r = await recordSighting(ctx, actor, idOf(req), req.body as never, key);
      reply.status(201);
      return { ...r, plan: await planForReader(ctx, actor, r.plan) };
    },
  );
}
