import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import type { AppContext } from "../context.ts";
import { loadIncidentRow } from "../incidents/service.ts";
import type { Actor } from "../org/model.ts";
import { codeFilter } from "../platform/code-filter.ts";
import { actorOf } from "../platform/http.ts";
import { problems } from "../platform/problem.ts";
import { AnyArray, AnyObject, errors, Fix, IdParams } from "../platform/schemas.ts";
import { advanceAssignment, assignmentsOf, cancelIncident, dispatchUnits } from "./assignments.ts";
import { incidentFigures, responseFigures } from "./figures.ts";
import { ASSIGNMENT_STATUSES, UNIT_TYPES } from "./model.ts";
import { listPlans, upsertPlan } from "./plans.ts";
import { recommend } from "./recommend.ts";
import { listTargets } from "./response-targets.ts";
import { getUnit, listUnits, loadUnitFor, reportPosition, setUnitStatus, unitStatuses } from "./units.ts";

const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Dispatch = Type.Object(
  { unitIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 50 })) },
  { additionalProperties: false, description: "Omit unitIds to dispatch the whole recommended response plan." },
);
const Step = Type.Object(
  { status: lit(ASSIGNMENT_STATUSES.filter((s) => s !== "dispatched")), fix: Type.Optional(Fix) },
  { additionalProperties: false },
);
const UnitStatus = Type.Object(
  {
    status: Type.String({ minLength: 1, maxLength: 40 }),
    fix: Type.Optional(Fix),
    destination: Type.Optional(
      Type.Union([
        Type.Object(
          { lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
const Plan = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1 }),
    priority: lit(["in_progress", "urgent", "routine"]),
    areaType: Type.Union([lit(["core", "urban", "suburban"]), Type.Null()]),
    requirements: Type.Array(
      Type.Object(
        { unitType: lit(Object.keys(UNIT_TYPES)), count: Type.Integer({ minimum: 1, maximum: 20 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);

const idOf = (req: { params: unknown }) => (req.params as { id: string }).id;

export async function dispatchRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const tags = ["dispatch"];
  app.get(
    "/incidents/:id/recommendation",
    {
      config: { permission: "dispatch:recommend" },
      schema: {
        tags,
        description: "Recommended units per response-plan line, with ETA and reasons.",
        params: IdParams,
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => recommend(ctx, actorOf<Actor>(req), idOf(req)),
  );
  app.post(
    "/incidents/:id/dispatch",
    {
      config: { permission: "dispatch:assign" },
      schema: { tags, params: IdParams, body: Dispatch, response: { 200: AnyObject, ...errors } },
    },
    async (req) => dispatchUnits(ctx, actorOf<Actor>(req), idOf(req), (req.body as Static<typeof Dispatch>).unitIds),
  );
  app.get(
    "/incidents/:id/assignments",
    { config: { permission: "incident:read" }, schema: { tags, params: IdParams, response: { 200: AnyArray, ...errors } } },
    async (req) => {
      await loadIncidentRow(ctx, actorOf<Actor>(req), idOf(req));
      return assignmentsOf(ctx, idOf(req));
    },
  );
  app.post(
    "/incidents/:id/units/:unitId/status",
    {
      config: { permission: ["unit:status:own", "unit:status"] },
      schema: {
        tags,
        description: "A unit's next step on the incident: acknowledged, en_route, on_scene, cleared (or cancelled).",
        params: Type.Object({ id: Type.String(), unitId: Type.String() }),
        body: Step,
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => {
      const { id, unitId } = req.params as { id: string; unitId: string };
      const b = req.body as Static<typeof Step>;
      return advanceAssignment(ctx, actorOf<Actor>(req), id, unitId, b.status as never, b.fix);
    },
  );
  app.get(
    "/incidents/:id/figures",
    { config: { permission: "incident:read" }, schema: { tags, params: IdParams, response: { 200: AnyObject, ...errors } } },
    async (req) => incidentFigures(ctx, actorOf<Actor>(req), idOf(req)),
  );
  app.post(
    "/incidents/:id/cancel",
    {
      config: { permission: "incident:cancel" },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => cancelIncident(ctx, actorOf<Actor>(req), idOf(req), (req.body as { reason: string }).reason),
  );

  app.get("/units", { config: { permission: "unit:read" }, schema: { tags, response: { 200: AnyArray } } }, async (req) =>
    listUnits(ctx, actorOf<Actor>(req)),
  );
  app.get(
    "/units/:id",
    { config: { permission: "unit:read" }, schema: { tags, params: IdParams, response: { 200: AnyObject, ...errors } } },
    async (req) => getUnit(ctx, actorOf<Actor>(req), idOf(req)),
  );
  app.get(
    "/units/:id/route",
    {
      config: { permission: "unit:read" },
      schema: {
        tags,
        description: "The route line from the unit to its destination, for the map.",
        params: IdParams,
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => {
      const u = await loadUnitFor(ctx.db, actorOf<Actor>(req), idOf(req), "read");
      if (u.lat === null || u.lon === null || u.dest_lat === null || u.dest_lon === null) {
        throw problems.notFound("route", idOf(req));
      }
      const route = ctx.travel.route({ lat: u.lat, lon: u.lon }, { lat: u.dest_lat, lon: u.dest_lon });
      if (!route) throw problems.notFound("route", idOf(req));
      return { unitId: u.id, method: ctx.travel.method, ...route };
    },
  );
  app.post(
    "/units/:id/status",
    {
      config: { permission: ["unit:status:own", "unit:status"] },
      schema: { tags, params: IdParams, body: UnitStatus, response: { 200: AnyObject, ...errors } },
    },
    async (req) => setUnitStatus(ctx, actorOf<Actor>(req), idOf(req), req.body as Static<typeof UnitStatus>),
  );
  app.post(
    "/units/:id/position",
    {
      config: { permission: "unit:avl" },
      schema: { tags, description: "An AVL position report.", params: IdParams, body: Fix, response: { 202: AnyObject, ...errors } },
    },
    async (req, reply) => {
      const stored = await reportPosition(ctx, actorOf<Actor>(req), idOf(req), req.body as Static<typeof Fix>);
      // `stored: false`: older than the position already held, so neither stored nor sent out.
      return reply.status(202).send({ accepted: true, stored });
    },
  );
  app.get("/unit-statuses", { config: { permission: "unit:read" }, schema: { tags, response: { 200: AnyArray } } }, async () => [
    ...(await unitStatuses(ctx)).values(),
  ]);
  app.get("/unit-types", { config: { permission: "unit:read" }, schema: { tags, response: { 200: AnyArray } } }, async () =>
    Object.entries(UNIT_TYPES).map(([code, n]) => ({ code, nameZh: n.zh, nameEn: n.en })),
  );
  app.get("/response-plans", { config: { permission: "plan:read" }, schema: { tags, response: { 200: AnyArray } } }, async () =>
    listPlans(ctx),
  );
  app.put(
    "/response-plans",
    { config: { permission: "plan:admin" }, schema: { tags, body: Plan, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await upsertPlan(ctx, req.body as Static<typeof Plan>);
      return reply.status(204).send();
    },
  );
  app.get("/response-targets", { config: { permission: "plan:read" }, schema: { tags, response: { 200: AnyArray } } }, async () =>
    listTargets(ctx),
  );
  app.get(
    "/analytics/response",
    {
      config: { permission: "analytics:read" },
      schema: {
        tags: ["analytics"],
        querystring: Type.Object(
          {
            groupBy: Type.Optional(codeFilter("grouping", ["zone", "station", "district", "all"])),
            from: Type.Optional(Type.String({ format: "date-time" })),
            to: Type.Optional(Type.String({ format: "date-time" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => {
      const q = req.query as { groupBy?: "zone" | "station" | "district" | "all"; from?: string; to?: string };
      return responseFigures(ctx, actorOf<Actor>(req), { groupBy: q.groupBy ?? "zone", from: q.from, to: q.to });
    },
  );
}
