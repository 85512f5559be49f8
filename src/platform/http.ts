/**
 * The Fastify app factory: problem+json errors in the caller's language, bearer-token auth, a
 * declared permission on every route (the server refuses to start otherwise), and OpenAPI.
 */
import { STATUS_CODES } from "node:http";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import { CODES_KEYWORD, codesKeyword, type UnknownCodeParams } from "./code-filter.ts";
import { loadConfig } from "./config.ts";
import { applyConnectionCap, type EdgeLimits, timeoutOptions } from "./edge-limits.ts";
import { hasTemplate, type Locale, pickLocale, render } from "./messages.ts";
import { Problem, problems } from "./problem.ts";
import { checkResponses } from "./response-check.ts";
import { OpenApiDocument } from "./schemas.ts";
import { securityHeaders } from "./security-headers.ts";
import { forbiddenTextProblem } from "./text-guard.ts";

/** `public`: no session; `authenticated`: any signed-in user; else permission names (any of). */
export type RoutePermission = "public" | "authenticated" | string | string[];

declare module "fastify" {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** Set for WebSocket routes: only their upgrade may carry the token as `?token=`. */
    webSocket?: boolean;
  }
}

export interface HttpAuth<A> {
  authenticate(token: string): Promise<A | null>;
  allows(actor: A, permission: string): boolean;
}

/**
 * A validation problem's reason without the field's pointer, in both languages: a form shows it
 * after the label the reader sees ("报警人姓名：长度不能超过 50 个字符"), while `field` stays the
 * machine-readable pointer.
 */
function reasonsOf(p: Problem): { reasons?: { "zh-CN": string; en: string } } {
  if (p.code !== "validation" || typeof p.params.reason !== "string") return {};
  const en = p.params.reason;
  const zh = typeof p.params.reasonZh === "string" ? p.params.reasonZh : en;
  return { reasons: { "zh-CN": zh, en } };
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
    ...reasonsOf(p),
    detail,
  };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: Problem) {
  return reply
    .status(p.status)
    .type("application/problem+json; charset=utf-8")
    .send(problemBody(p, pickLocale(req.headers["accept-language"]), pathOf(req)));
}

/** The request's path without its query, which may hold a token: what a problem's `instance` names. */
export function pathOf(req: FastifyRequest): string {
  return req.url.split("?")[0];
}

/**
 * The session token a request presents: the Authorization header, or `?token=` on the upgrade of
 * a WebSocket route only (a browser cannot set headers there). A query token anywhere else is
 * ignored, since URLs end up in logs, histories and Referer headers.
 */
export function presentedToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7);
  const upgrade = req.method === "GET" && req.headers.upgrade?.toLowerCase() === "websocket";
  // Read from the URL itself: this runs before the route's query schema has typed anything.
  if (upgrade && req.routeOptions.config?.webSocket) return new URL(req.url, "http://request").searchParams.get("token");
  return null;
}

/** The token the request was authenticated with (logout ends that session). */
export function tokenOf(req: FastifyRequest): string {
  return (req as unknown as { sessionToken: string }).sessionToken;
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
    if (first?.keyword === CODES_KEYWORD) {
      const { what, code } = first.params as unknown as UnknownCodeParams;
      return problems.unknownCode(field, what, code);
    }
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

/**
 * The app every route is declared on: TypeBox schemas type each handler's body, params, query and
 * reply, so no handler casts what it was sent.
 */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A module's routes plugin: its handlers are typed by the TypeBox schemas they declare. */
export type Routes<Options extends Record<never, never>> = FastifyPluginAsyncTypebox<Options>;

export interface HttpAppOptions {
  logger?: boolean;
  limits?: EdgeLimits;
  mapTileSources?: readonly string[];
  /** Hold every answer to its declared schema (platform/response-check.ts); on in the test suite. */
  checkResponses?: boolean;
  /** Print the stack of every 500 to the console (LANTERN_DEBUG). */
  debug?: boolean;
}

export async function createHttpApp<A>(auth: HttpAuth<A>, opts: HttpAppOptions = {}): Promise<HttpApp> {
  const defaults = loadConfig({});
  const limits = opts.limits ?? defaults;
  const app = Fastify({
    logger: opts.logger ? { level: "warn" } : false,
    ...timeoutOptions(limits),
    clientErrorHandler: answerClientError,
    bodyLimit: 1024 * 1024,
    // A `__proto__` (or `constructor.prototype`) key is parsed as a plain key and refused by the
    // text guard below with its path as a `validation` problem; the parser's own refusal would
    // surface as an indistinguishable "malformed JSON".
    onProtoPoisoning: "ignore",
    onConstructorPoisoning: "ignore",
    ajv: {
      // Wrong types are errors, not silently coerced; unknown fields are errors, not dropped.
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
      // `x-codes`: a filter's unknown code is 422 unknown_code, not an empty list (code-filter.ts).
      plugins: [codesKeyword],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // A response schema documents and (in the suite) checks an answer; it never rewrites one, so a
  // field it forgot is caught by the check instead of silently dropped for the client.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  if (opts.checkResponses) checkResponses(app);
  applyConnectionCap(app.server, limits);
  await securityHeaders(app, { mapTileSources: opts.mapTileSources ?? defaults.mapTileSources });
  app.decorateRequest("actor", null);
  app.decorateRequest("sessionToken", null);
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
    if ((route as { wsHandler?: unknown }).wsHandler) route.config = { ...(route.config ?? {}), webSocket: true };
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
    const token = presentedToken(req);
    const actor = token ? await auth.authenticate(token) : null;
    if (!actor) return refuse(new Problem(401, "unauthenticated"));
    Object.assign(req, { actor, sessionToken: token });
    if (permission === "authenticated") return;
    const needed = Array.isArray(permission) ? permission : [permission];
    if (!needed.some((p) => auth.allows(actor, p))) {
      return refuse(new Problem(403, "forbidden", { permission: needed.join(" | ") }, { permission: needed.join(" | ") }));
    }
  });

  guardRequestText(app);

  app.setErrorHandler((err, req, reply) => {
    const p = toProblem(err);
    if (p.status >= 500) req.log.error(err);
    if (p.status >= 500 && opts.debug) console.error(err);
    return sendProblem(reply, req, p);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, new Problem(404, "not_found", { what: "route", id: `${req.method} ${req.url.split("?")[0]}` })),
  );

  await app.register(swagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema, so a nullable field is written as TypeBox writes it.
      openapi: "3.1.0",
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
  app.get("/openapi.json", { schema: { hide: true, response: { 200: OpenApiDocument } }, config: { permission: "public" } }, async () =>
    app.swagger(),
  );
  return app;
}

/**
 * Answers what Node refuses before Fastify sees a request (one that did not arrive within the
 * header or request timeout, headers too large, a malformed request) as a problem like every
 * other error. No header has been parsed, so the title is Chinese; `titles` carries both.
 */
function answerClientError(err: Error & { code?: string }, socket: Socket) {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const p =
    err.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? new Problem(408, "request_timeout")
      : err.code === "HPE_HEADER_OVERFLOW"
        ? new Problem(
            431,
            "validation",
            { field: "headers", reason: "the headers are too large", reasonZh: "请求头过大" },
            { field: "headers" },
          )
        : new Problem(
            400,
            "validation",
            { field: "request", reason: "not a valid HTTP request", reasonZh: "不是有效的 HTTP 请求" },
            { field: "request" },
          );
  const body = JSON.stringify(problemBody(p, "zh-CN", ""));
  const head = `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status]}\r\nContent-Type: application/problem+json; charset=utf-8`;
  if (socket.writable) socket.write(`${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  socket.destroy(err);
}

/**
 * Refuses a NUL, a lone surrogate or a prototype key anywhere in the path parameters, query or
 * body of every route, before schema validation and before any handler, so nothing is written.
 * It runs after authentication, so an anonymous caller learns nothing about a route's fields.
 */
function guardRequestText(app: FastifyInstance) {
  app.addHook("preValidation", async (req, reply) => {
    const p = forbiddenTextProblem(req);
    if (!p) return;
    // As for a refused upgrade in the auth hook: the socket must be closed once the answer is out.
    if (req.headers.upgrade?.toLowerCase() === "websocket") reply.raw.once("finish", () => req.raw.socket.destroy());
    // Thrown, not sent, so a plugin with its own error format (Open311) renders it its way.
    throw p;
  });
}

export function actorOf<A>(req: FastifyRequest): A {
  return (req as unknown as { actor: A }).actor;
}
