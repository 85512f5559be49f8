/**
 * Open311 GeoReport v2 under /api/v1/open311/v2, in JSON and XML by suffix (`services.json`,
 * `services.xml`), as the spec defines. Errors are Open311 error lists with the spec's HTTP
 * codes (400, 403, 404), not problem+json: this plugin has its own error handler, and a route
 * of its own for every other path under the prefix (the console's page, when built, answers
 * every GET no route takes, which a not-found handler never sees).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import { Problem } from "../../platform/problem.ts";
import { fromJson, parseUrlEncoded } from "./form.ts";
import {
  checkReadKey,
  createRequest,
  getRequest,
  type Locale,
  listRequests,
  listServices,
  Open311Error,
  open311ErrorOf,
  type RequestQuery,
  requestIdFromToken,
  serviceDefinition,
} from "./service.ts";
import { open311Settings } from "./settings.ts";
import { schemaErrorTexts } from "./validation-text.ts";
import { type JsonLike, xmlDocument } from "./xml.ts";

const Format = Type.Union([Type.Literal("json"), Type.Literal("xml")]);
const Loose = Type.Object({}, { additionalProperties: true });
const tags = ["open311"];
const jurisdiction = { jurisdiction_id: Type.Optional(Type.String({ maxLength: 200 })) };
/** Reads may carry the client's api_key: required when the operator says so (OPEN311_READ_API_KEY). */
const readKey = { api_key: Type.Optional(Type.String({ maxLength: 200 })) };

const formatOf = (req: FastifyRequest): "json" | "xml" => (/\.xml(\?|$)/.test(req.url) ? "xml" : "json");
/** Names and notes: Chinese unless the reader asks for English. */
const localeOf = (req: FastifyRequest): Locale => (/^\s*en/i.test(String(req.headers["accept-language"] ?? "")) ? "en" : "zh-CN");
/** Error descriptions: English, as clients written against the spec expect, unless the reader asks for Chinese. */
const errorLocaleOf = (req: FastifyRequest): Locale => (/^\s*zh/i.test(String(req.headers["accept-language"] ?? "")) ? "zh-CN" : "en");
const apiKeyOf = (req: FastifyRequest) => (req.query as { api_key?: string }).api_key;

function send(reply: FastifyReply, format: "json" | "xml", root: string, body: JsonLike, status = 200) {
  if (format === "xml") return reply.status(status).type("text/xml; charset=utf-8").send(xmlDocument(root, body));
  return reply.status(status).type("application/json; charset=utf-8").send(JSON.stringify(body));
}

export function sendOpen311Error(reply: FastifyReply, req: FastifyRequest, err: Open311Error) {
  return send(reply, formatOf(req), "errors", [{ code: err.status, description: err.describe(errorLocaleOf(req)) }], err.status);
}

function noSuchResource(req: FastifyRequest): Open311Error {
  const what = `${req.method} ${req.url.split("?")[0]}`;
  return new Open311Error(404, `No such Open311 resource: ${what}`, `没有这个 Open311 资源：${what}`);
}

/** Whatever a route threw, as an Open311 error. */
function toOpen311Error(err: unknown, req: FastifyRequest): Open311Error {
  if (err instanceof Open311Error) return err;
  if (err instanceof Problem) return open311ErrorOf(err);
  const e = err as {
    code?: string;
    statusCode?: number;
    validation?: Parameters<typeof schemaErrorTexts>[0][];
    validationContext?: string;
  };
  if (e.validation) {
    const t = schemaErrorTexts(e.validation[0], e.validationContext);
    return new Open311Error(400, t.en, t.zh);
  }
  if (e.code === "FST_ERR_CTP_INVALID_JSON_BODY" || e.code === "FST_ERR_CTP_EMPTY_JSON_BODY")
    return new Open311Error(400, "The request body is not valid JSON", "请求体不是合法的 JSON");
  if (e.statusCode === 413) return new Open311Error(400, "The request body is too large", "请求体过大");
  if (e.statusCode === 415)
    return new Open311Error(
      400,
      "Send the request as application/x-www-form-urlencoded or application/json",
      "请以 application/x-www-form-urlencoded 或 application/json 提交请求",
    );
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return new Open311Error(400, "The request could not be read", "无法读取该请求");
  req.log.error(err);
  return new Open311Error(400, "General service error: the request could not be processed", "服务出错：无法处理该请求");
}

export async function open311Routes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  // The spec posts forms; JSON is accepted too (Fastify's own parser).
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) =>
    done(null, parseUrlEncoded(String(body))),
  );
  // Read now, so a misspelt OPEN311_* setting stops the start instead of showing more than meant.
  open311Settings(ctx);
  app.setErrorHandler((err, req, reply) => sendOpen311Error(reply, req, toOpen311Error(err, req)));
  app.setNotFoundHandler((req, reply) => sendOpen311Error(reply, req, noSuchResource(req)));

  const pub = { permission: "public" };
  // Any other path or method under the prefix: an Open311 404 in the format its extension asks for.
  const other = { config: pub, schema: { hide: true } };
  app.all("/", other, async (req) => {
    throw noSuchResource(req);
  });
  app.all("/*", other, async (req) => {
    throw noSuchResource(req);
  });

  app.get(
    "/services.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: the service list.",
        params: Type.Object({ format: Format }),
        querystring: Type.Object(jurisdiction),
      },
    },
    async (req, reply) =>
      send(reply, (req.params as { format: "json" | "xml" }).format, "services", await listServices(ctx, localeOf(req))),
  );

  app.get(
    "/services/:serviceCode.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: a service definition (its attributes).",
        params: Type.Object({ serviceCode: Type.String({ minLength: 1, maxLength: 64 }), format: Format }),
        querystring: Type.Object(jurisdiction),
      },
    },
    async (req, reply) => {
      const p = req.params as { serviceCode: string; format: "json" | "xml" };
      return send(reply, p.format, "service_definition", (await serviceDefinition(ctx, p.serviceCode)) as unknown as JsonLike);
    },
  );

  app.post(
    "/requests.:format",
    {
      config: pub,
      schema: {
        tags,
        description:
          "Open311: create a service request (application/x-www-form-urlencoded or JSON; api_key required). Send an Idempotency-Key header so a retry never makes a duplicate.",
        params: Type.Object({ format: Format }),
        body: Loose,
      },
    },
    async (req, reply) => {
      const format = (req.params as { format: "json" | "xml" }).format;
      const body = req.body as unknown;
      const form =
        body && typeof body === "object" && "fields" in body && "attributes" in body
          ? (body as ReturnType<typeof parseUrlEncoded>)
          : fromJson(body);
      const q = req.query as Record<string, unknown>;
      if (!form.fields.api_key && typeof q.api_key === "string") form.fields.api_key = q.api_key;
      const key = req.headers["idempotency-key"];
      const result = await createRequest(ctx, form, typeof key === "string" && key ? key.slice(0, 200) : undefined, localeOf(req));
      return send(reply, format, "service_requests", result as unknown as JsonLike);
    },
  );

  app.get(
    "/requests.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: requests by id list, or by service code, date range (at most 90 days) and status.",
        params: Type.Object({ format: Format }),
        querystring: Type.Object({
          ...jurisdiction,
          ...readKey,
          service_request_id: Type.Optional(Type.String({ maxLength: 4000 })),
          service_code: Type.Optional(Type.String({ maxLength: 1000 })),
          start_date: Type.Optional(Type.String({ maxLength: 40 })),
          end_date: Type.Optional(Type.String({ maxLength: 40 })),
          status: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
    },
    async (req, reply) => {
      await checkReadKey(ctx, apiKeyOf(req));
      return send(
        reply,
        (req.params as { format: "json" | "xml" }).format,
        "service_requests",
        (await listRequests(ctx, req.query as RequestQuery, localeOf(req))) as unknown as JsonLike,
      );
    },
  );

  app.get(
    "/requests/:serviceRequestId.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: one request's status.",
        params: Type.Object({ serviceRequestId: Type.String({ minLength: 1, maxLength: 64 }), format: Format }),
        querystring: Type.Object({ ...jurisdiction, ...readKey }),
      },
    },
    async (req, reply) => {
      await checkReadKey(ctx, apiKeyOf(req));
      const p = req.params as { serviceRequestId: string; format: "json" | "xml" };
      return send(reply, p.format, "service_requests", (await getRequest(ctx, p.serviceRequestId, localeOf(req))) as unknown as JsonLike);
    },
  );

  app.get(
    "/tokens/:token.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: the service_request_id behind a token.",
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 64 }), format: Format }),
        querystring: Type.Object({ ...jurisdiction, ...readKey }),
      },
    },
    async (req, reply) => {
      await checkReadKey(ctx, apiKeyOf(req));
      const p = req.params as { token: string; format: "json" | "xml" };
      return send(reply, p.format, "service_requests", (await requestIdFromToken(ctx, p.token)) as unknown as JsonLike);
    },
  );
}
