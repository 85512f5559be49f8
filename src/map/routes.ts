import { gzipSync } from "node:zlib";
import type { AppContext } from "../context.ts";
import type { Routes } from "../platform/http.ts";
import { roadsLayer } from "./roads-layer.ts";
import { RoadsLayer } from "./schemas.ts";

export const mapRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Built once per road graph and kept serialised: every console asks for it at login.
  // Gzipped ahead of time too: ~8 MB of GeoJSON for the demo city travels as ~1 MB.
  let cached: { graph: unknown; json: string; gzip: Buffer } | null = null;
  app.get(
    "/map/roads",
    {
      config: { permission: "org:read" },
      schema: {
        tags: ["map"],
        description: "The road layer of the offline base map: GeoJSON LineStrings with a road class (cls).",
        response: { 200: RoadsLayer },
      },
    },
    async (req, reply) => {
      const graph = ctx.roads;
      if (!graph) return { type: "FeatureCollection" as const, features: [] };
      if (cached?.graph !== graph) {
        const json = JSON.stringify(roadsLayer(graph));
        cached = { graph, json, gzip: gzipSync(json, { level: 6 }) };
      }
      reply.type("application/json; charset=utf-8").header("cache-control", "private, max-age=3600").header("vary", "accept-encoding");
      if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")))
        return reply.header("content-encoding", "gzip").send(bytesOf(cached.gzip));
      return reply.send(bytesOf(cached.json));
    },
  );
};

/** The layer travels pre-serialised (see above); these bytes are a RoadsLayer. */
const bytesOf = (b: Buffer | string) => b as unknown as RoadsLayer;
