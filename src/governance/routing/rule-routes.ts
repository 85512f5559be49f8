/** The routing rules: which non-police categories go where (town centre or 12345), per area. */
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import type { Routes } from "../../platform/http.ts";
import { errors, IdParams } from "../../platform/schemas.ts";
import { deleteRule, listRules, setRule } from "./routing.ts";
import { RuleBody, RuleView, SavedRuleView } from "./schemas.ts";

const tags = ["governance"];

export const ruleRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/governance/routing-rules",
    { config: { permission: ["incident:read", "workorder:read"] }, schema: { tags, response: { 200: Type.Array(RuleView), ...errors } } },
    async () => listRules(ctx),
  );
  app.put(
    "/governance/routing-rules",
    {
      config: { permission: "plan:admin" },
      schema: {
        tags,
        description: "Set the routing rule for a category pattern (code, kind.* or *) and an area (org path prefix).",
        body: RuleBody,
        response: { 200: SavedRuleView, ...errors },
      },
    },
    async (req) => setRule(ctx, req.body),
  );
  app.delete(
    "/governance/routing-rules/:id",
    { config: { permission: "plan:admin" }, schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await deleteRule(ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
