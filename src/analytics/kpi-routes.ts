/** GET /governance/kpis: the non-police loop's figures within the reader's area. */
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type Routes } from "../platform/http.ts";
import { errors } from "../platform/schemas.ts";
import { KpiQuery, KpiView } from "./kpi-schemas.ts";
import { computeKpis } from "./kpis.ts";

export const kpiRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/governance/kpis",
    {
      config: { permission: "analytics:read" },
      schema: {
        tags: ["governance"],
        description:
          "Invalid share, non-police share, diversion rate, resolution rate, satisfaction and time to close, by station and town.",
        querystring: KpiQuery,
        response: { 200: KpiView, ...errors },
      },
    },
    async (req) => computeKpis(ctx, actorOf<Actor>(req), req.query),
  );
};
