/**
 * The Fastify app factory: problem+json errors in the caller's language, bearer-token auth, a
 * declared permission on every route (the server refuses to start otherwise), and OpenAPI.
 */
import { createRequire } from "node:module";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { hasTemplate, type Locale, pickLocale, render } from "./messages.ts";
import { Problem } from "./problem.ts";

/** `public`: no session; `authenticated`: any signed-in user; else permission names (any of). */
export type RoutePermission = "public" | "authenticated" | string | string[];

declare module "fastify" {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
}

export interface HttpAuth<A> {
  authenticate(token: string): Promise<A | null>;
  allows(actor: A, permission: string): boolean;
}

export function problemBody(p: Problem, locale: Locale, instance: string) {
  const title = render(p.code, p.params, locale);
  // A module's own `detail` text stands in only until the catalogue has a template for its code.
  const { detail: ownDetail, detailZh, ...extra } = p.extra as { detail?: string; detailZh?: string };
  const detail = hasTemplate(p.code) ? title : ((locale === "zh-CN" ? (detailZh ?? ownDetail) : ownDetail) ?? title);
  return {
    type: `https://lantern.invalid/problems/${p.code}`,
    title,
    status: p.status,
    instance,
    code: p.code,
    // Both languages travel with the error, so a console can switch language without a refetch.
    titles: { "zh-CN": render(p.code, p.params, "zh-CN"), en: render(p.code, p.params, "en") },
    ...extra,
    detail,
  };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: Problem) {
  return reply
    .status(p.status)
    .type("application/problem+json; charset=utf-8")
    .send(problemBody(p, pickLocale(req.headers["accept-language"]), req.url));
}

function fieldOfValidation(err: FastifyError): string {
  const v = err.validation?.[0];
  if (!v) return "body";
  const base = (v.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  const missing = (v.params as { missingProperty?: string })?.missingProperty;
  const extra = (v.params as { additionalProperty?: string })?.additionalProperty;
  const leaf = missing ?? extra;
  const path = [base, leaf].filter(Boolean).join(".");
  return path || (err.validationContext ?? "body");
}

// ajv-i18n is CommonJS whose typings claim a default export it does not have: load it as CommonJS.
const localizeZh = createRequire(import.meta.url)("ajv-i18n/localize/zh") as (errors: { message?: string }[]) => void;

/** The schema validator's reason in Chinese, from the same error (its English text is kept as `reason`). */
function schemaReasonZh(v: NonNullable<FastifyError["validation"]>[number] | undefined): string | undefined {
  if (!v) return undefined;
  const copy = { ...v };
  localizeZh([copy]);
  return copy.message;
}

export function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  const e = err as FastifyError;
  if (e.validation) {
    const field = fieldOfValidation(e);
    const first = e.validation[0];
    return new Problem(400, "validation", { field, reason: first?.message ?? "invalid", reasonZh: schemaReasonZh(first) }, { field });
  }
  if (e.code === "FST_ERR_CTP_INVALID_JSON_BODY" || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return new Problem(400, "malformed_json", {}, { field: "body" });
  }
  if (e.code === "FST_ERR_CTP_EMPTY_JSON_BODY") return new Problem(400, "malformed_json", {}, { field: "body" });
  if (e.statusCode === 415)
    return new Problem(
      415,
      "validation",
      { field: "content-type", reason: "use application/json", reasonZh: "请使用 application/json" },
      { field: "content-type" },
    );
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own message is for developers; a Chinese reader gets the gist.
    const reasonZh = e.statusCode === 413 ? "请求体过大" : "请求无法处理";
    return new Problem(e.statusCode, "validation", { field: "request", reason: e.message, reasonZh }, { field: "request" });
  }
  return new Problem(500, "internal");
}

export async function createHttpApp<A>(auth: HttpAuth<A>, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: "warn" } : false,
    bodyLimit: 1024 * 1024,
    ajv: {
      // Wrong types are errors, not silently coerced; unknown fields are errors, not dropped.
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
    },
  });
  app.decorateRequest("actor", null);
  // Every route the app has, so a test can check that OpenAPI describes each one.
  const routeList: { method: string; url: string; hidden: boolean }[] = [];
  app.decorate("routeList", routeList);

  app.addHook("onRoute", (route) => {
    const url = route.url;
    for (const method of [route.method].flat()) {
      routeList.push({ method, url, hidden: !!(route.schema as { hide?: boolean } | undefined)?.hide });
    }
    // The API browser and the web app's static files (registered per file by @fastify/static,
    // which marks them with config.file) are public; everything else must say what it needs.
    const staticFile = !!(route.config as { file?: string } | undefined)?.file;
    if (url.startsWith("/docs") || url === "/openapi.json" || staticFile) {
      route.config = { ...(route.config ?? {}), permission: "public" };
      return;
    }
    if (!route.config?.permission) throw new Error(`route ${route.method} ${url} declares no permission`);
  });

  app.addHook("onRequest", async (req, reply) => {
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === "public") return;
    // A refused WebSocket upgrade is answered on a socket the HTTP server no longer tracks: close
    // it once the answer is written, or every refusal leaks a socket and close() never finishes.
    const refuse = (p: Problem) => {
      if (req.headers.upgrade?.toLowerCase() === "websocket") reply.raw.once("finish", () => req.raw.socket.destroy());
      return sendProblem(reply, req, p);
    };
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : (req.query as { token?: string })?.token;
    const actor = token ? await auth.authenticate(token) : null;
    if (!actor) return refuse(new Problem(401, "unauthenticated"));
    (req as unknown as { actor: A }).actor = actor;
    if (permission === "authenticated") return;
    const needed = Array.isArray(permission) ? permission : [permission];
    if (!needed.some((p) => auth.allows(actor, p))) {
      return refuse(new Problem(403, "forbidden", { permission: needed.join(" | ") }, { permission: needed.join(" | ") }));
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const p = toProblem(err);
    if (p.status >= 500) req.log.error(err);
    if (p.status >= 500 && process.env.LANTERN_DEBUG) console.error(err);
    return sendProblem(reply, req, p);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, new Problem(404, "not_found", { what: "route", id: `${req.method} ${req.url.split("?")[0]}` })),
  );

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Lantern API (万家灯火)",
        version: "0.1.0",
        description:
          "Public-safety command platform. Errors are RFC 9457 problem+json. zh-CN by default; send Accept-Language: en for English.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true }, config: { permission: "public" } }, async () => app.swagger());
  return app;
}

export function actorOf<A>(req: FastifyRequest): A {
  return (req as unknown as { actor: A }).actor;
}
