/** Follow-up calls (回访): the caller's list, recording the outcome, and the commander's flags and review. */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import type { Actor } from "../../org/model.ts";
import { actorOf, type Routes } from "../../platform/http.ts";
import { errors, IdParams } from "../../platform/schemas.ts";
import { commanderFlags, getFollowUp, listFollowUps, recordFollowUp, reviewCommanderFlag } from "./followups.ts";
import { CommanderFlagsQuery, FollowUpQuery, FollowUpResult, FollowUpView, OutcomeBody, ReviewBody } from "./schemas.ts";

const tags = ["follow-ups"];

export const followUpRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/followups",
    {
      config: { permission: ["followup:record", "analytics:read"] },
      schema: {
        tags,
        description: "The follow-up caller's list (with a call script).",
        querystring: FollowUpQuery,
        response: { 200: Type.Array(FollowUpView), ...errors },
      },
    },
    async (req) =>
      listFollowUps(ctx, actorOf<Actor>(req), {
        status: req.query.status,
        dueBefore: req.query.due === "now" ? ctx.clock.now().toISOString() : undefined,
        dissatisfied: req.query.dissatisfied === "true",
        subjectType: req.query.subjectType,
      }),
  );
  app.get(
    "/followups/commander-flags",
    {
      config: { permission: ["incident:close", "followup:record"] },
      schema: {
        tags,
        description:
          "Incidents whose callers were dissatisfied, newest call first: for the station commander. Reviewed ones with includeReviewed=true.",
        querystring: CommanderFlagsQuery,
        response: { 200: Type.Array(FollowUpView), ...errors },
      },
    },
    async (req) => commanderFlags(ctx, actorOf<Actor>(req), { includeReviewed: req.query.includeReviewed === "true" }),
  );
  app.post(
    "/followups/:id/review",
    {
      config: { permission: "incident:close" },
      schema: {
        tags,
        description: "The station commander's review of a dissatisfied call: what was done. On the incident's timeline; once per flag.",
        params: IdParams,
        body: ReviewBody,
        response: { 200: FollowUpView, ...errors },
      },
    },
    async (req) => reviewCommanderFlag(ctx, actorOf<Actor>(req), req.params.id, req.body.note),
  );
  app.get(
    "/followups/:id",
    {
      config: { permission: ["followup:record", "analytics:read"] },
      schema: { tags, params: IdParams, response: { 200: FollowUpView, ...errors } },
    },
    async (req) => getFollowUp(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.post(
    "/followups/:id",
    {
      config: { permission: "followup:record" },
      schema: {
        tags,
        description:
          "Record the outcome: reached or not, satisfied or not, a comment. Dissatisfied re-opens the order or flags the incident.",
        params: IdParams,
        body: OutcomeBody,
        response: { 200: FollowUpResult, ...errors },
      },
    },
    async (req) => recordFollowUp(ctx, actorOf<Actor>(req), req.params.id, req.body),
  );
};
