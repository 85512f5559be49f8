/**
 * Routing routes: triage (its own plugin), where an incident goes and routing it there, the
 * one-click 12345 transfer and the transfers made, and the routing rules.
 */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import { loadIncidentRow } from "../../incidents/service.ts";
import type { Actor } from "../../org/model.ts";
import { actorOf, type Routes } from "../../platform/http.ts";
import { errors, IdParams } from "../../platform/schemas.ts";
import { bodyOptional } from "../body-optional.ts";
import { Reason } from "../schemas.ts";
import { viewOf } from "../work-orders/work-orders.ts";
import { decideRoute, getTransfer, listTransfers, routeIncident, transferTo12345 } from "./routing.ts";
import { ruleRoutes } from "./rule-routes.ts";
import { RouteBody, RouteDecision, RoutedView, RouteQuery, TransferView } from "./schemas.ts";
import { triageRoutes } from "./triage-routes.ts";

const tags = ["triage"];

export const routingRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(triageRoutes, { ctx });
  await app.register(routeDecisionRoutes, { ctx });
  await app.register(ruleRoutes, { ctx });
};

const routeDecisionRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/triage/incidents/:id/route",
    {
      config: { permission: "incident:read" },
      schema: {
        tags,
        description: "Where this incident would be routed, and why (no change).",
        params: IdParams,
        querystring: RouteQuery,
        response: { 200: RouteDecision, ...errors },
      },
    },
    async (req) => {
      const inc = await loadIncidentRow(ctx, actorOf<Actor>(req), req.params.id);
      return decideRoute(ctx, inc, { townCode: req.query.townCode });
    },
  );
  app.post(
    "/triage/incidents/:id/route",
    {
      ...bodyOptional,
      config: { permission: "incident:update" },
      schema: {
        tags,
        description:
          "Route a new incident: police (nothing changes), urgent non-police (police first, recorded), town centre (work order; incident closed as diverted_non_police) or 12345 (transfer; incident closed as transferred).",
        params: IdParams,
        body: RouteBody,
        response: { 200: RoutedView, ...errors },
      },
    },
    async (req) => {
      const r = await routeIncident(ctx, actorOf<Actor>(req), req.params.id, req.body);
      return {
        decision: r.decision,
        workOrder: r.workOrder ? await viewOf(ctx, r.workOrder) : null,
        transfer: r.transfer,
      };
    },
  );
  app.post(
    "/triage/incidents/:id/transfer-12345",
    {
      config: { permission: "incident:update" },
      schema: {
        tags,
        description: "One click: transfer to the 12345 hotline with a reason, linked both ways.",
        params: IdParams,
        body: Reason,
        response: { 200: TransferView, ...errors },
      },
    },
    async (req) => transferTo12345(ctx, actorOf<Actor>(req), req.params.id, req.body.reason),
  );
  app.get(
    "/transfers-12345",
    {
      config: { permission: "incident:read" },
      schema: { tags, description: "12345 transfers in your area.", response: { 200: Type.Array(TransferView), ...errors } },
    },
    async (req) => listTransfers(ctx, actorOf<Actor>(req)),
  );
  app.get(
    "/transfers-12345/:id",
    { config: { permission: "incident:read" }, schema: { tags, params: IdParams, response: { 200: TransferView, ...errors } } },
    async (req) => getTransfer(ctx, actorOf<Actor>(req), req.params.id),
  );
};
