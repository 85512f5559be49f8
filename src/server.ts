/** Assembles the HTTP server: platform, every module's routes, the live stream and the web app. */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { addressRoutes } from "./addresses/routes.ts";
import { figureRoutes } from "./analytics/figure-routes.ts";
import { kpiRoutes } from "./analytics/kpi-routes.ts";
import type { AppContext } from "./context.ts";
import { dispatchRoutes } from "./dispatch/routes.ts";
import { governanceRoutes } from "./governance/routes.ts";
import { incidentRoutes } from "./incidents/routes.ts";
import { interceptRoutes } from "./intercept/routes.ts";
import { mapLabelRoutes } from "./map/label-routes.ts";
import { mapRoutes } from "./map/routes.ts";
import { type Actor, can, type Permission } from "./org/model.ts";
import { orgRoutes } from "./org/routes.ts";
import { authenticate } from "./org/service.ts";
import { auditRoutes } from "./platform/audit-routes.ts";
import { createHttpApp, sendProblem } from "./platform/http.ts";
import { Problem } from "./platform/problem.ts";
import { Health } from "./platform/schemas.ts";
import { streamRoutes } from "./platform/stream.ts";
import { sitesRoutes } from "./sites/routes.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function buildServer(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = await createHttpApp<Actor>(
    {
      authenticate: (token) => authenticate(ctx, token),
      allows: (actor, p) => can(actor, p as Permission),
    },
    {
      ...opts,
      limits: ctx.config,
      mapTileSources: ctx.config.mapTileSources,
      checkResponses: ctx.config.checkResponses,
      debug: ctx.config.debug,
    },
  );
  app.get(
    "/healthz",
    {
      config: { permission: "public" },
      schema: { tags: ["platform"], description: "Liveness and readiness (database reachable).", response: { 200: Health, 503: Health } },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(ctx.db);
        return { status: "ok" as const, database: ctx.backend, travelTimes: ctx.travel.method };
      } catch {
        return reply.status(503).send({ status: "unavailable" as const, database: ctx.backend });
      }
    },
  );
  await app.register(
    async (api) => {
      await api.register(orgRoutes, { ctx });
      await api.register(incidentRoutes, { ctx });
      await api.register(dispatchRoutes, { ctx });
      await api.register(figureRoutes, { ctx });
      await api.register(addressRoutes, { ctx });
      await api.register(mapRoutes, { ctx });
      await api.register(mapLabelRoutes, { ctx });
      await api.register(sitesRoutes, { ctx });
      await api.register(governanceRoutes, { ctx });
      await api.register(kpiRoutes, { ctx });
      await api.register(interceptRoutes, { ctx });
      await api.register(auditRoutes, { db: ctx.db, config: ctx.config });
      await api.register(streamRoutes<Actor>, { db: ctx.db, bus: ctx.bus, authenticate: (token) => authenticate(ctx, token) });
    },
    { prefix: "/api/v1" },
  );
  const webDist = join(root, "web", "dist");
  if (existsSync(join(webDist, "index.html"))) {
    await app.register(fastifyStatic, { root: webDist, prefix: "/", wildcard: false });
    // The console is a single-page app: unknown non-API paths get index.html.
    app.get("/*", { config: { permission: "public" }, schema: { hide: true } }, (req, reply) =>
      // An unknown API path is an API error, not the console's page.
      req.url.startsWith("/api/")
        ? sendProblem(reply, req, new Problem(404, "not_found", { what: "route", id: `GET ${req.url.split("?")[0]}` }))
        : reply.sendFile("index.html"),
    );
  } else {
    app.get("/", { config: { permission: "public" }, schema: { hide: true } }, async (_req, reply) =>
      reply
        .type("text/html; charset=utf-8")
        .send(
          `<!doctype html><meta charset="utf-8"><title>Lantern 万家灯火</title><h1>Lantern 万家灯火</h1><p>The API is up: <a href="/docs">/docs</a>. The web console has not been built (web/dist is missing).</p>`,
        ),
    );
  }
  return app;
}
