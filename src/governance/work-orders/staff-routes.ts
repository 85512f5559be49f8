/**
 * What the centre works with: its towns, its field staff and their skills, and the work-order
 * states with their allowed moves.
 */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import { type Actor, inScope } from "../../org/model.ts";
import { actorOf, type Routes } from "../../platform/http.ts";
import { problems } from "../../platform/problem.ts";
import { errors, IdParams } from "../../platform/schemas.ts";
import { SKILL_CODES, SKILLS, WORK_ORDER_STATUSES, WORK_ORDER_TRANSITIONS, type WorkOrderStatus } from "../model.ts";
import { SkillView, TownView, WorkerBody, WorkersQuery, WorkerView, WorkflowView } from "./schemas.ts";
import { listTowns, listWorkers, registerWorker, toTownView } from "./towns.ts";

const tags = ["governance"];

/** The moves as a fresh copy: the view's lists are the client's, the table stays read-only. */
function workflow(): WorkflowView {
  const transitions = {} as WorkflowView["transitions"];
  for (const s of Object.keys(WORK_ORDER_TRANSITIONS) as WorkOrderStatus[]) transitions[s] = [...WORK_ORDER_TRANSITIONS[s]];
  return { statuses: [...WORK_ORDER_STATUSES], transitions };
}

export const staffRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/governance/skills",
    { config: { permission: "authenticated" }, schema: { tags, response: { 200: Type.Array(SkillView), ...errors } } },
    async () => SKILL_CODES.map((code) => ({ code, nameZh: SKILLS[code].zh, nameEn: SKILLS[code].en })),
  );
  app.get(
    "/governance/workflow",
    {
      config: { permission: "authenticated" },
      schema: { tags, description: "Work-order states and allowed moves.", response: { 200: WorkflowView, ...errors } },
    },
    async () => workflow(),
  );
  app.get(
    "/governance/towns",
    {
      config: { permission: ["workorder:read", "incident:read"] },
      schema: { tags, description: "Town centres and their areas.", response: { 200: Type.Array(TownView), ...errors } },
    },
    async () => (await listTowns(ctx)).map(toTownView),
  );
  app.get(
    "/governance/workers",
    {
      config: { permission: "workorder:read" },
      schema: {
        tags,
        description: "Field staff in your area, optionally with a skill.",
        querystring: WorkersQuery,
        response: { 200: Type.Array(WorkerView), ...errors },
      },
    },
    async (req) => {
      const { townId, skill } = req.query;
      const workers = await listWorkers(ctx, actorOf<Actor>(req).orgPath, skill);
      return townId ? workers.filter((w) => w.townId === townId) : workers;
    },
  );
  app.put(
    "/governance/workers/:id",
    {
      config: { permission: "workorder:manage" },
      schema: {
        tags,
        description: "Register a user as field staff of a town with skills (the user must belong to that town or one of its villages).",
        params: IdParams,
        body: WorkerBody,
        response: { 200: WorkerView, ...errors },
      },
    },
    async (req) => {
      const town = (await listTowns(ctx)).find((t) => t.id === req.body.townId);
      if (!town) throw problems.notFound("org", req.body.townId);
      if (!inScope(actorOf<Actor>(req), town.path)) throw problems.outOfScope("org");
      return registerWorker(ctx, { userId: req.params.id, ...req.body });
    },
  );
};
