import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type Routes } from "../platform/http.ts";
import { errors, IdParams } from "../platform/schemas.ts";
import { ResponseFiguresQuery, ResponseFiguresView, ResponseSummaryView } from "./figure-schemas.ts";
import { incidentFigures, responseFigures } from "./figures.ts";

export const figureRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/incidents/:id/figures",
    {
      config: { permission: "incident:read" },
      schema: { tags: ["dispatch"], params: IdParams, response: { 200: ResponseFiguresView, ...errors } },
    },
    async (req) => incidentFigures(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.get(
    "/analytics/response",
    {
      config: { permission: "analytics:read" },
      schema: { tags: ["analytics"], querystring: ResponseFiguresQuery, response: { 200: ResponseSummaryView, ...errors } },
    },
    async (req) => {
      const { groupBy = "zone", from, to } = req.query;
      return responseFigures(ctx, actorOf<Actor>(req), { groupBy, from, to });
    },
  );
};
