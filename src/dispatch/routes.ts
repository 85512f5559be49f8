import { Type } from "typebox";
import type { AppContext } from "../context.ts";
import { IncidentView } from "../incidents/schemas.ts";
import { loadIncidentRow } from "../incidents/service.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type HttpApp, type Routes } from "../platform/http.ts";
import { problems } from "../platform/problem.ts";
import { errors, Fix, IdParams } from "../platform/schemas.ts";
import { advanceAssignment, assignmentsOf, cancelIncident, dispatchUnits } from "./assignments.ts";
import { UNIT_TYPE_CODES, UNIT_TYPES } from "./model.ts";
import { listPlans, upsertPlan } from "./plans.ts";
import { recommend } from "./recommend.ts";
import { listTargets } from "./response-targets.ts";
import {
  AssignmentStep,
  AssignmentView,
  CancelRequest,
  DispatchRequest,
  DispatchResult,
  IncidentUnitParams,
  NoContent,
  PlanRequest,
  PlanView,
  PositionAccepted,
  RecommendationView,
  StepResult,
  TargetTierView,
  UnitRouteView,
  UnitStatusRequest,
  UnitStatusView,
  UnitTypeView,
  UnitView,
} from "./schemas.ts";
import { dispatchSettings } from "./settings.ts";
import { getUnit, listUnits, loadUnitFor, reportPosition, setUnitStatus, unitStatuses } from "./units.ts";

const tags = ["dispatch"];

export const dispatchRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Read now, so an unknown unit type in DISPATCH_STREET_UNIT_TYPES stops the start.
  dispatchSettings(ctx);
  registerIncidentDispatch(app, ctx);
  registerUnits(app, ctx);
  registerPlans(app, ctx);
};

/** Recommending and sending units to an incident, and their steps on it. */
function registerIncidentDispatch(app: HttpApp, ctx: AppContext) {
  app.get(
    "/incidents/:id/recommendation",
    {
      config: { permission: "dispatch:recommend" },
      schema: {
        tags,
        description: "Recommended units per response-plan line, with ETA and reasons.",
        params: IdParams,
        response: { 200: RecommendationView, ...errors },
      },
    },
    async (req) => recommend(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.post(
    "/incidents/:id/dispatch",
    {
      config: { permission: "dispatch:assign" },
      schema: { tags, params: IdParams, body: DispatchRequest, response: { 200: DispatchResult, ...errors } },
    },
    async (req) => dispatchUnits(ctx, actorOf<Actor>(req), req.params.id, req.body.unitIds),
  );
  app.get(
    "/incidents/:id/assignments",
    {
      config: { permission: "incident:read" },
      schema: { tags, params: IdParams, response: { 200: Type.Array(AssignmentView), ...errors } },
    },
    async (req) => {
      await loadIncidentRow(ctx, actorOf<Actor>(req), req.params.id);
      return assignmentsOf(ctx, req.params.id);
    },
  );
  app.post(
    "/incidents/:id/units/:unitId/status",
    {
      config: { permission: ["unit:status:own", "unit:status"] },
      schema: {
        tags,
        description: "A unit's next step on the incident: acknowledged, en_route, on_scene, cleared (or cancelled).",
        params: IncidentUnitParams,
        body: AssignmentStep,
        response: { 200: StepResult, ...errors },
      },
    },
    async (req) => advanceAssignment(ctx, actorOf<Actor>(req), req.params.id, req.params.unitId, req.body.status, req.body.fix),
  );
  app.post(
    "/incidents/:id/cancel",
    {
      config: { permission: "incident:cancel" },
      schema: { tags, params: IdParams, body: CancelRequest, response: { 200: IncidentView, ...errors } },
    },
    async (req) => cancelIncident(ctx, actorOf<Actor>(req), req.params.id, req.body.reason),
  );
}

/** Units: where they are, their statuses, and the status vocabulary. */
function registerUnits(app: HttpApp, ctx: AppContext) {
  app.get("/units", { config: { permission: "unit:read" }, schema: { tags, response: { 200: Type.Array(UnitView) } } }, async (req) =>
    listUnits(ctx, actorOf<Actor>(req)),
  );
  app.get(
    "/units/:id",
    { config: { permission: "unit:read" }, schema: { tags, params: IdParams, response: { 200: UnitView, ...errors } } },
    async (req) => getUnit(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.get(
    "/units/:id/route",
    {
      config: { permission: "unit:read" },
      schema: {
        tags,
        description: "The route line from the unit to its destination, for the map.",
        params: IdParams,
        response: { 200: UnitRouteView, ...errors },
      },
    },
    async (req) => {
      const u = await loadUnitFor(ctx.db, actorOf<Actor>(req), req.params.id, "read");
      if (u.lat === null || u.lon === null || u.dest_lat === null || u.dest_lon === null) {
        throw problems.notFound("route", req.params.id);
      }
      const route = ctx.travel.route({ lat: u.lat, lon: u.lon }, { lat: u.dest_lat, lon: u.dest_lon });
      if (!route) throw problems.notFound("route", req.params.id);
      return { unitId: u.id, method: ctx.travel.method, ...route };
    },
  );
  app.post(
    "/units/:id/status",
    {
      config: { permission: ["unit:status:own", "unit:status"] },
      schema: { tags, params: IdParams, body: UnitStatusRequest, response: { 200: UnitView, ...errors } },
    },
    async (req) => {
      const change = req.body;
      return setUnitStatus(ctx, actorOf<Actor>(req), req.params.id, change);
    },
  );
  app.post(
    "/units/:id/position",
    {
      config: { permission: "unit:avl" },
      schema: { tags, description: "An AVL position report.", params: IdParams, body: Fix, response: { 202: PositionAccepted, ...errors } },
    },
    async (req, reply) => {
      const fix = req.body;
      const stored = await reportPosition(ctx, actorOf<Actor>(req), req.params.id, fix);
      // `stored: false`: older than the position already held, so neither stored nor sent out.
      return reply.status(202).send({ accepted: true, stored });
    },
  );
  app.get(
    "/unit-statuses",
    { config: { permission: "unit:read" }, schema: { tags, response: { 200: Type.Array(UnitStatusView) } } },
    async () => [...(await unitStatuses(ctx)).values()],
  );
  app.get("/unit-types", { config: { permission: "unit:read" }, schema: { tags, response: { 200: Type.Array(UnitTypeView) } } }, async () =>
    UNIT_TYPE_CODES.map((code) => ({ code, nameZh: UNIT_TYPES[code].zh, nameEn: UNIT_TYPES[code].en })),
  );
}

/** Response plans (预案) and response targets (快反时限). */
function registerPlans(app: HttpApp, ctx: AppContext) {
  app.get("/response-plans", { config: { permission: "plan:read" }, schema: { tags, response: { 200: Type.Array(PlanView) } } }, async () =>
    listPlans(ctx),
  );
  app.put(
    "/response-plans",
    {
      config: { permission: "plan:admin" },
      schema: {
        tags,
        description:
          "Writes the plan for its category × priority × area type. A substitute naming its own line's type, or named twice, is refused (400).",
        body: PlanRequest,
        response: { 204: NoContent, ...errors },
      },
    },
    async (req, reply) => {
      const plan = req.body;
      await upsertPlan(ctx, plan);
      return reply.status(204).send();
    },
  );
  app.get(
    "/response-targets",
    { config: { permission: "plan:read" }, schema: { tags, response: { 200: Type.Array(TargetTierView) } } },
    async () => listTargets(ctx),
  );
}
