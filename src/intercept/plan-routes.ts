/** Routes of interception plans: compute, read the latest, dispatch it, and re-plan from a sighting. */
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type Routes } from "../platform/http.ts";
import { errors, IdParams, Problem } from "../platform/schemas.ts";
import { dispatchPlan, previewPlanDispatch } from "./plan-dispatch.ts";
import { computePlan, latestPlan, planForReader, recordSighting } from "./plans.ts";
import {
  DispatchBody,
  DispatchPreviewBody,
  DispatchPreviewView,
  KeyHeader,
  PlanBody,
  PlanDispatchView,
  PlanView,
  SightingBody,
  SightingView,
} from "./schemas.ts";

const tags = ["intercept"];

export const planRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
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
        response: { 201: PlanView, ...errors, 503: Problem },
      },
    },
    async (req, reply) => {
      const actor = actorOf<Actor>(req);
      const plan = await computePlan(ctx, actor, req.params.id, req.body);
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
        response: { 200: PlanView, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf<Actor>(req);
      return planForReader(ctx, actor, await latestPlan(ctx, actor, req.params.id));
    },
  );
  app.post(
    "/incidents/:id/intercept-plan/dispatch-preview",
    {
      config: { permission: "dispatch:assign" },
      schema: {
        tags,
        description:
          "The confirmation screen before one-click dispatch: how many units the latest plan takes off normal duty, per district " +
          "and station, what stays available there, and the `confirmation` to send with the dispatch. Changes nothing.",
        params: IdParams,
        body: DispatchPreviewBody,
        response: { 200: DispatchPreviewView, ...errors },
      },
    },
    async (req) => previewPlanDispatch(ctx, actorOf<Actor>(req), req.params.id, req.body),
  );
  app.post(
    "/incidents/:id/intercept-plan/dispatch",
    {
      config: { permission: "dispatch:assign" },
      schema: {
        tags,
        description:
          "Dispatch the latest plan's units to their intercept points (destination and ETA set) and switch on its checkpoints. " +
          "Requires the `confirmation` of a dispatch-preview: when the plan or any of its units changed since, 409 plan_changed " +
          "names each change (`changes`) and nothing is dispatched. " +
          "A reader sends the units of their own org subtree; the others are counted in `outsideArea`.",
        params: IdParams,
        body: DispatchBody,
        headers: KeyHeader,
        response: { 200: PlanDispatchView, ...errors },
      },
    },
    async (req) => dispatchPlan(ctx, actorOf<Actor>(req), req.params.id, req.body, req.headers["idempotency-key"]),
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
        response: { 201: SightingView, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf<Actor>(req);
      const r = await recordSighting(ctx, actor, req.params.id, req.body, req.headers["idempotency-key"]);
      reply.status(201);
      return { ...r, plan: await planForReader(ctx, actor, r.plan) };
    },
  );
};
