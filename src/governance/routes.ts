/**
 * HTTP routes of the non-police loop, one plugin per part: triage and routing (with 12345
 * transfers and routing rules), work orders (with photos, town staff and timers), follow-up
 * calls, and Open311. The sweep run by hand is the loop's own.
 */
import type { AppContext } from "../context.ts";
import type { Routes } from "../platform/http.ts";
import { errors } from "../platform/schemas.ts";
import { bodyOptional } from "./body-optional.ts";
import { followUpRoutes } from "./followups/routes.ts";
import { open311Routes } from "./open311/routes.ts";
import { routingRoutes } from "./routing/routes.ts";
import { Empty, SweepResult } from "./schemas.ts";
import { runGovernanceSweep } from "./start.ts";
import { workOrderRoutes } from "./work-orders/routes.ts";

export const governanceRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(routingRoutes, { ctx });
  await app.register(sweepRoutes, { ctx });
  await app.register(workOrderRoutes, { ctx });
  await app.register(followUpRoutes, { ctx });
  await app.register(open311Routes, { ctx, prefix: "/open311/v2" });
};

const sweepRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/governance/sweep",
    {
      ...bodyOptional,
      config: { permission: "plan:admin" },
      schema: {
        tags: ["governance"],
        description: "Run the timer sweep and follow-up scheduling now (they also run on a timer).",
        body: Empty,
        response: { 200: SweepResult, ...errors },
      },
    },
    async () => runGovernanceSweep(ctx),
  );
};
