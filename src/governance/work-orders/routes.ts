/**
 * Work-order routes: the centre's and the worker's reads, the life-cycle steps (派单 → 接单 →
 * on scene → handled → feedback → close, decline, escalate, re-open), photos, and the town
 * staff and timer settings the centre works with.
 */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import { type Actor, inScope } from "../../org/model.ts";
import { actorOf, type Routes } from "../../platform/http.ts";
import { problems } from "../../platform/problem.ts";
import { errors, IdParams } from "../../platform/schemas.ts";
import { bodyOptional } from "../body-optional.ts";
import { Empty, Reason } from "../schemas.ts";
import { photoRoutes } from "./photo-routes.ts";
import { photoUrlOf } from "./photos.ts";
import { DispatchBody, EscalationView, StepBody, WorkerView, WorkOrderEvent, WorkOrderQuery, WorkOrderView } from "./schemas.ts";
import { staffRoutes } from "./staff-routes.ts";
import { timerRoutes } from "./timer-routes.ts";
import { listWorkers } from "./towns.ts";
import {
  declineWorkOrder,
  dispatchWorkOrder,
  escalateWorkOrder,
  getWorkOrder,
  listWorkOrders,
  loadWorkOrder,
  reopenWorkOrder,
  stepWorkOrder,
  takeWorkOrder,
  workOrderTimeline,
} from "./work-orders.ts";

const tags = ["work orders"];
const one = { 200: WorkOrderView, ...errors };

export const workOrderRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(workOrderReadRoutes, { ctx });
  await app.register(workOrderStepRoutes, { ctx });
  await app.register(photoRoutes, { ctx });
  await app.register(staffRoutes, { ctx });
  await app.register(timerRoutes, { ctx });
};

const workOrderReadRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/work-orders",
    {
      config: { permission: "workorder:read" },
      schema: { tags, querystring: WorkOrderQuery, response: { 200: Type.Array(WorkOrderView), ...errors } },
    },
    async (req) =>
      listWorkOrders(ctx, actorOf<Actor>(req), {
        open: req.query.open === "true",
        status: req.query.status?.split(",").filter(Boolean),
        townId: req.query.townId,
        incidentId: req.query.incidentId,
        limit: req.query.limit ? Number(req.query.limit) : undefined,
      }),
  );
  app.get(
    "/work-orders/:id",
    { config: { permission: "workorder:read" }, schema: { tags, params: IdParams, response: one } },
    async (req) => getWorkOrder(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.get(
    "/work-orders/:id/timeline",
    {
      config: { permission: "workorder:read" },
      schema: { tags, params: IdParams, response: { 200: Type.Array(WorkOrderEvent), ...errors } },
    },
    async (req) => workOrderTimeline(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.get(
    "/work-orders/:id/candidates",
    {
      config: { permission: "workorder:manage" },
      schema: {
        tags,
        description: "On-duty staff of the order's town with the skill it needs.",
        params: IdParams,
        response: { 200: Type.Array(WorkerView), ...errors },
      },
    },
    async (req) => {
      const wo = await loadWorkOrder(ctx.db, req.params.id);
      if (!inScope(actorOf<Actor>(req), wo.org_path)) throw problems.outOfScope("work order");
      return (await listWorkers(ctx, wo.org_path, wo.skill)).filter((w) => w.onDuty);
    },
  );
};

const workOrderStepRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/work-orders/:id/dispatch",
    {
      ...bodyOptional,
      config: { permission: "workorder:manage" },
      schema: {
        tags,
        description: "派单: to one worker (assigneeId) or offered to the town's team with a skill (teamSkill; default the order's skill).",
        params: IdParams,
        body: DispatchBody,
        response: one,
      },
    },
    async (req) => dispatchWorkOrder(ctx, actorOf<Actor>(req), req.params.id, req.body),
  );
  app.post(
    "/work-orders/:id/take",
    {
      ...bodyOptional,
      config: { permission: "workorder:work" },
      schema: { tags, description: "接单.", params: IdParams, body: Empty, response: one },
    },
    async (req) => takeWorkOrder(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.post(
    "/work-orders/:id/decline",
    {
      config: { permission: "workorder:work" },
      schema: {
        tags,
        description: "Decline with a reason; the order returns to the centre's queue.",
        params: IdParams,
        body: Reason,
        response: one,
      },
    },
    async (req) => declineWorkOrder(ctx, actorOf<Actor>(req), req.params.id, req.body.reason),
  );
  for (const [path, step, description] of [
    ["on-scene", "on_scene", "The worker is on scene."],
    ["handled", "handled", "Handled, with a note."],
    ["feedback", "feedback", "First feedback to the citizen, with an optional photo URL."],
    ["close", "closed", "Close the order; a follow-up call is scheduled."],
  ] as const) {
    app.post(
      `/work-orders/:id/${path}`,
      {
        ...bodyOptional,
        config: { permission: ["workorder:work", "workorder:manage"] },
        schema: { tags, description, params: IdParams, body: StepBody, response: one },
      },
      async (req) => {
        const { note, photoUrl, photoId } = req.body;
        const url = photoId ? await photoUrlOf(ctx, req.params.id, photoId) : photoUrl;
        return stepWorkOrder(ctx, actorOf<Actor>(req), req.params.id, step, { note, photoUrl: url });
      },
    );
  }
  app.post(
    "/work-orders/:id/escalate",
    {
      config: { permission: ["workorder:work", "workorder:manage"] },
      schema: {
        tags,
        description: "转回公安: one click makes a linked police incident.",
        params: IdParams,
        body: Reason,
        response: { 200: EscalationView, ...errors },
      },
    },
    async (req) => escalateWorkOrder(ctx, actorOf<Actor>(req), req.params.id, req.body.reason),
  );
  app.post(
    "/work-orders/:id/reopen",
    {
      config: { permission: "workorder:manage" },
      schema: { tags, description: "Re-open a closed order.", params: IdParams, body: Reason, response: one },
    },
    async (req) => reopenWorkOrder(ctx, actorOf<Actor>(req), req.params.id, req.body.reason),
  );
};
