/**
 * Open311 GeoReport v2 under /api/v1/open311/v2, in JSON and XML by suffix (`services.json`,
 * `services.xml`), as the spec defines. Errors are Open311 error lists with the spec's HTTP
 * codes (400, 403, 404), not problem+json: this plugin has its own error handler, and a route
 * of its own for every other path under the prefix (the console's page, when built, answers
 * every GET no route takes, which a not-found handler never sees).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { AppContext } from "../../context.ts";
import type { Routes } from "../../platform/http.ts";
import { Problem } from "../../platform/problem.ts";
import { formOf, parseUrlEncoded } from "./form.ts";
import {
  CreateBody,
  CreateQuery,
  type Format,
  FormatParams,
  JurisdictionQuery,
  type Locale,
  Open311Request,
  Open311Service,
  open311Errors,
  PostResult,
  ReadQuery,
  RequestParams,
  RequestsQuery,
  ServiceDefinition,
  ServiceParams,
  TokenParams,
  TokenView,
} from "./schemas.ts";
import {
  checkReadKey,
  createRequest,
  getRequest,
  listRequests,
  listServices,
  Open311Error,
  open311ErrorOf,
  requestIdFromToken,
  serviceDefinition,
} from "./service.ts";
import { open311Settings } from "./settings.ts";
import { schemaErrorTexts } from "./validation-text.ts";
import { type JsonLike, xmlDocument } from "./xml.ts";

const tags = ["open311"];

const formatOf = (req: FastifyRequest): Format => (/\.xml(\?|$)/.test(req.url) ? "xml" : "json");
/** Names and notes: Chinese unless the reader asks for English. */
const localeOf = (req: FastifyRequest): Locale => (/^\s*en/i.test(String(req.headers["accept-language"] ?? "")) ? "en" : "zh-CN");
/** Error descriptions: English, as clients written against the spec expect, unless the reader asks for Chinese. */
const errorLocaleOf = (req: FastifyRequest): Locale => (/^\s*zh/i.test(String(req.headers["accept-language"] ?? "")) ? "zh-CN" : "en");

/**
 * XML is written here and sent as text; JSON is sent as the value itself, so that (in the test
 * suite) it is held to the route's declared schema before it is serialized.
 */
function send(reply: FastifyReply, format: Format, root: string, body: JsonLike, status = 200) {
  if (format === "xml") return reply.status(status).type("text/xml; charset=utf-8").send(xmlDocument(root, body));
  return reply.status(status).type("application/json; charset=utf-8").send(body);
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

export const open311Routes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
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
  const other = { config: pub, schema: { hide: true, response: open311Errors } };
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
        params: FormatParams,
        querystring: JurisdictionQuery,
        response: { 200: Type.Array(Open311Service), ...open311Errors },
      },
    },
    async (req, reply) => send(reply, req.params.format, "services", await listServices(ctx, localeOf(req))),
  );

  app.get(
    "/services/:serviceCode.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: a service definition (its attributes).",
        params: ServiceParams,
        querystring: JurisdictionQuery,
        response: { 200: ServiceDefinition, ...open311Errors },
      },
    },
    async (req, reply) => {
      const definition: JsonLike = await serviceDefinition(ctx, req.params.serviceCode);
      return send(reply, req.params.format, "service_definition", definition);
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
        params: FormatParams,
        querystring: CreateQuery,
        body: CreateBody,
        response: { 200: Type.Array(PostResult), ...open311Errors },
      },
    },
    async (req, reply) => {
      const form = formOf(req.body);
      const queryKey = req.query.api_key;
      if (!form.fields.api_key && typeof queryKey === "string") form.fields.api_key = queryKey;
      const key = req.headers["idempotency-key"];
      const result = await createRequest(ctx, form, typeof key === "string" && key ? key.slice(0, 200) : undefined, localeOf(req));
      return send(reply, req.params.format, "service_requests", result);
    },
  );

  app.get(
    "/requests.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: requests by id list, or by service code, date range (at most 90 days) and status.",
        params: FormatParams,
        querystring: RequestsQuery,
        response: { 200: Type.Array(Open311Request), ...open311Errors },
      },
    },
    async (req, reply) => {
      await checkReadKey(ctx, req.query.api_key);
      return send(reply, req.params.format, "service_requests", await listRequests(ctx, req.query, localeOf(req)));
    },
  );

  app.get(
    "/requests/:serviceRequestId.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: one request's status.",
        params: RequestParams,
        querystring: ReadQuery,
        response: { 200: Type.Array(Open311Request), ...open311Errors },
      },
    },
    async (req, reply) => {
      await checkReadKey(ctx, req.query.api_key);
      return send(reply, req.params.format, "service_requests", await getRequest(ctx, req.params.serviceRequestId, localeOf(req)));
    },
  );

  app.get(
    "/tokens/:token.:format",
    {
      config: pub,
      schema: {
        tags,
        description: "Open311: the service_request_id behind a token.",
        params: TokenParams,
        querystring: ReadQuery,
        response: { 200: Type.Array(TokenView), ...open311Errors },
      },
    },
    async (req, reply) => {
      await checkReadKey(ctx, req.query.api_key);
      return send(reply, req.params.format, "service_requests", await requestIdFromToken(ctx, req.params.token));
    },
  );
};
