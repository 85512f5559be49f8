/**
 * Holds every answer to the schema its route declares, so a declared response cannot drift from
 * what the code sends. On in the test suite (LANTERN_CHECK_RESPONSES=1): an answer whose status
 * has no declared schema, or whose body does not match it, becomes a 500 naming the route, the
 * status and the first mismatch, and the test that made the request fails. Objects are checked
 * closed (a field the schema does not declare is a mismatch) unless the schema says otherwise,
 * so a new field has to be declared before it ships. Off in production: the schema never
 * rewrites an answer, since answers are serialized with JSON.stringify whatever they declare.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Compile } from "typebox/compile";

type Validator = ReturnType<typeof Compile>;
const compiled = new WeakMap<object, Validator>();

/** A copy of a JSON schema in which every object without its own `additionalProperties` is closed. */
export function closedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedSchema);
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    // `properties` and `patternProperties` map names to schemas; everything else is walked as is.
    out[k] =
      (k === "properties" || k === "patternProperties") && v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, closedSchema(s)]))
        : closedSchema(v);
  }
  const isObject = out.type === "object" || (out.properties !== undefined && out.type === undefined);
  if (isObject && out.additionalProperties === undefined && out.patternProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

function validatorFor(schema: object): Validator {
  let v = compiled.get(schema);
  if (!v) {
    v = Compile(closedSchema(schema) as Parameters<typeof Compile>[0]);
    compiled.set(schema, v);
  }
  return v;
}

function declaredSchema(req: FastifyRequest, status: number): object | null | undefined {
  const response = (req.routeOptions.schema as { response?: Record<string, object> } | undefined)?.response;
  if (!response) return undefined;
  return response[String(status)] ?? response[`${String(status)[0]}XX`] ?? response.default;
}

/** Why this answer does not match its declared schema, or null when it does. */
export function responseMismatch(req: FastifyRequest, reply: FastifyReply, payload: unknown): string | null {
  const status = reply.statusCode;
  const schema = declaredSchema(req, status);
  const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
  // Hidden routes with no declared answer are the API documentation's own pages (/docs/…).
  const hidden = (req.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true;
  if (!schema) return status < 300 && !hidden ? `${route} answered ${status}, which its schema does not declare` : null;
  // JSON.stringify's view of the payload: dates become strings, undefined fields vanish.
  const wire = JSON.parse(JSON.stringify(payload) ?? "null");
  const v = validatorFor(schema);
  if (v.Check(wire)) return null;
  const first = [...v.Errors(wire)][0];
  return `${route} ${status}: ${first?.instancePath || "/"} ${first?.message ?? "does not match"}`;
}

export function checkResponses(app: FastifyInstance) {
  app.addHook("preSerialization", async (req, reply, payload) => {
    // Problem bodies this check itself produced are not checked again.
    if ((reply as { responseChecked?: boolean }).responseChecked) return payload;
    const mismatch = responseMismatch(req, reply, payload);
    if (!mismatch) return payload;
    (reply as { responseChecked?: boolean }).responseChecked = true;
    req.log.error({ mismatch }, "response does not match its schema");
    console.error(`response does not match its schema: ${mismatch}`);
    reply.status(500).type("application/problem+json; charset=utf-8");
    return { type: "about:blank", title: "response schema mismatch", status: 500, code: "response_schema", detail: mismatch };
  });
}
