/** The work-order timers' settings: the defaults, and overrides per stage for all categories or one. */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import type { Routes } from "../../platform/http.ts";
import { errors } from "../../platform/schemas.ts";
import { TimerBody, TimerClearQuery, TimerOverride, TimerParams, TimerSettingsView } from "./schemas.ts";
import { clearTimer, listTimerSettings, setTimer } from "./timers.ts";

const tags = ["governance"];

export const timerRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/governance/timers",
    { config: { permission: ["workorder:read", "incident:read"] }, schema: { tags, response: { 200: TimerSettingsView, ...errors } } },
    async () => listTimerSettings(ctx),
  );
  app.put(
    "/governance/timers",
    {
      config: { permission: "plan:admin" },
      schema: {
        tags,
        description: "Override a work-order timer, for every category or one.",
        body: TimerBody,
        response: { 200: TimerOverride, ...errors },
      },
    },
    async (req) => setTimer(ctx, req.body),
  );
  app.delete(
    "/governance/timers/:stage",
    {
      config: { permission: "plan:admin" },
      schema: {
        tags,
        description: "Remove a timer override (for one category, or for all categories): the stage falls back to the next setting.",
        params: TimerParams,
        querystring: TimerClearQuery,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await clearTimer(ctx, req.params.stage, req.query.categoryCode ?? null);
      return reply.status(204).send(null);
    },
  );
};
