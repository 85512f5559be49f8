import type { AppContext } from "../context.ts";
import type { Routes } from "../platform/http.ts";
import { StreetLabelsLayer } from "./street-label-schemas.ts";
import { streetLabels } from "./street-labels.ts";

export const mapLabelRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Built once per road graph: the anchors depend on the graph and its names only.
  let cached: { graph: unknown; layer: StreetLabelsLayer } | null = null;
  app.get(
    "/map/street-labels",
    {
      config: { permission: "org:read" },
      schema: {
        tags: ["map"],
        description:
          "Where the base map writes street names (zh-CN and en), with the names' required credit. Empty on a graph without names.",
        response: { 200: StreetLabelsLayer },
      },
    },
    async (_req, reply) => {
      const graph = ctx.roads;
      if (!graph || !ctx.streets) return { attribution: null, labels: [] };
      if (cached?.graph !== graph) cached = { graph, layer: streetLabels(graph, ctx.streets) };
      reply.header("cache-control", "private, max-age=3600");
      return cached.layer;
    },
  );
};
