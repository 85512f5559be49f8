/** HTTP routes of ring check-and-control (圈层查控): rings, checkpoints, watch orders, plans. */
import type { AppContext } from "../context.ts";
import type { Routes } from "../platform/http.ts";
import { planRoutes } from "./plan-routes.ts";
import { checkpointRoutes, ringRoutes } from "./ring-routes.ts";
import { watchOrderRoutes } from "./watch-order-routes.ts";

export const interceptRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(ringRoutes, { ctx });
  await app.register(checkpointRoutes, { ctx });
  await app.register(watchOrderRoutes, { ctx });
  await app.register(planRoutes, { ctx });
};
