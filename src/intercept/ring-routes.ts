/** Routes of rings (圈层), checkpoints (检查站/卡点) and the map layer that shows both. */
import { Type } from "typebox";
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { actorOf, type Routes } from "../platform/http.ts";
import { errors, IdParams } from "../platform/schemas.ts";
import {
  createCheckpoint,
  createRing,
  interceptLayer,
  listCheckpoints,
  listRings,
  setCheckpointsActive,
  updateCheckpoint,
  updateRing,
} from "./rings.ts";
import {
  Activation,
  CheckpointBody,
  CheckpointPatch,
  CheckpointQuery,
  CheckpointView,
  InterceptLayerView,
  RingBody,
  RingPatch,
  RingView,
} from "./schemas.ts";

const tags = ["intercept"];
/** Who may read rings and checkpoints: planners and dispatchers. */
const read = ["plan:read", "dispatch:recommend"];

export const ringRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get("/intercept/rings", { config: { permission: read }, schema: { tags, response: { 200: Type.Array(RingView) } } }, async () =>
    listRings(ctx),
  );
  app.post(
    "/intercept/rings",
    { config: { permission: "plan:admin" }, schema: { tags, body: RingBody, response: { 201: RingView, ...errors } } },
    async (req, reply) => {
      const { id, ...ring } = req.body;
      reply.status(201);
      return createRing(ctx, actorOf<Actor>(req), ring, id);
    },
  );
  app.patch(
    "/intercept/rings/:id",
    { config: { permission: "plan:admin" }, schema: { tags, params: IdParams, body: RingPatch, response: { 200: RingView, ...errors } } },
    async (req) => updateRing(ctx, actorOf<Actor>(req), req.params.id, req.body),
  );
  app.get(
    "/intercept/layer",
    {
      config: { permission: read },
      schema: {
        tags,
        description: "Rings (polygons) and checkpoints (points) as one GeoJSON FeatureCollection.",
        response: { 200: InterceptLayerView },
      },
    },
    async () => interceptLayer(ctx),
  );
};

export const checkpointRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/intercept/checkpoints",
    {
      config: { permission: [...read, "unit:status:own"] },
      schema: { tags, querystring: CheckpointQuery, response: { 200: Type.Array(CheckpointView), ...errors } },
    },
    async (req) => {
      const { ringId, active } = req.query;
      return listCheckpoints(ctx, { ringId, active: active === undefined ? undefined : active === "true" });
    },
  );
  app.post(
    "/intercept/checkpoints",
    {
      config: { permission: "plan:admin" },
      schema: {
        tags,
        description: "A checkpoint on a road: it is snapped onto the road graph and refused when more than 150 m from any road.",
        body: CheckpointBody,
        response: { 201: CheckpointView, ...errors },
      },
    },
    async (req, reply) => {
      const { id, ...checkpoint } = req.body;
      reply.status(201);
      return createCheckpoint(ctx, actorOf<Actor>(req), checkpoint, id);
    },
  );
  app.patch(
    "/intercept/checkpoints/:id",
    {
      config: { permission: "plan:admin" },
      schema: { tags, params: IdParams, body: CheckpointPatch, response: { 200: CheckpointView, ...errors } },
    },
    async (req) => updateCheckpoint(ctx, actorOf<Actor>(req), req.params.id, req.body),
  );
  app.post(
    "/intercept/checkpoints/activation",
    {
      config: { permission: "dispatch:assign" },
      schema: {
        tags,
        description: "Switch checkpoints on or off.",
        body: Activation,
        response: { 200: Type.Array(CheckpointView), ...errors },
      },
    },
    async (req) => {
      const b = req.body;
      return setCheckpointsActive(ctx, actorOf<Actor>(req), b.checkpointIds, b.active, b.reason ?? null);
    },
  );
};
