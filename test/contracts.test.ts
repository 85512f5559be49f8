/**
 * The API's contract holds: /openapi.json is a valid OpenAPI document in which every operation
 * says, field by field, what its success answer is; and the suite's response check (every test
 * request is held to its route's declared schema) really catches an answer that drifted.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp, type HttpApp } from "../src/platform/http.ts";
import { type Lantern, startLantern } from "./harness.ts";

type Schema = { type?: string; properties?: object; items?: Schema; anyOf?: Schema[]; $ref?: string; additionalProperties?: unknown };

/** A schema says what it holds: not an object of unnamed fields, at any depth of array or union. */
function typed(s: Schema | undefined): boolean {
  if (!s) return false;
  if (s.anyOf) return s.anyOf.every(typed);
  if (s.type === "array") return typed(s.items);
  if (s.type === "object" || s.properties) return Object.keys(s.properties ?? {}).length > 0 || typeof s.additionalProperties === "object";
  return true;
}

describe("the API's declared contract", () => {
  let l: Lantern;
  beforeAll(async () => {
    l = await startLantern("sqlite");
  });
  afterAll(() => l?.close());

  it("/openapi.json validates as OpenAPI 3 and every operation has a typed 2xx answer", async () => {
    const r = await l.api(null)("GET", "/openapi.json");
    expect(r.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(r.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const untyped: string[] = [];
    let operations = 0;
    for (const [path, ops] of Object.entries(r.body.paths as Record<string, Record<string, { responses: Record<string, any> }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        operations++;
        const ok = Object.entries(op.responses).filter(([status]) => /^2|^101$/.test(status));
        // A 204 has no body and the stream's 101 upgrade carries messages, not a body; anything else names its fields.
        const bodiless = (status: string) => status === "204" || status === "101";
        const isTyped = ok.some(([status, res]) => bodiless(status) || Object.values(res.content ?? {}).some((c: any) => typed(c.schema)));
        if (!isTyped) untyped.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(operations).toBeGreaterThan(30);
    expect(untyped).toEqual([]);
  });
});

describe("the response check", () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await createHttpApp({ authenticate: async () => null, allows: () => true }, { checkResponses: true });
    const View = Type.Object({ id: Type.String(), count: Type.Integer() });
    app.get("/as-declared", { config: { permission: "public" }, schema: { response: { 200: View } } }, async () => ({ id: "a", count: 1 }));
    // Each of these drifts from its declaration the way code does: a new field, a wrong type, no schema at all.
    const drifted = { id: "a", count: 1, secret: "x" } as unknown as { id: string; count: number };
    app.get("/extra-field", { config: { permission: "public" }, schema: { response: { 200: View } } }, async () => drifted);
    const wrongType = { id: "a", count: "1" } as unknown as { id: string; count: number };
    app.get("/wrong-type", { config: { permission: "public" }, schema: { response: { 200: View } } }, async () => wrongType);
    app.get("/undeclared", { config: { permission: "public" } }, async () => ({ id: "a" }));
    await app.ready();
  });
  afterAll(() => app?.close());

  it("passes an answer that matches its schema", async () => {
    const r = await app.inject({ method: "GET", url: "/as-declared" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: "a", count: 1 });
  });

  it.each([
    ["/extra-field", /GET \/extra-field 200: .*(secret|additional)/],
    ["/wrong-type", /GET \/wrong-type 200: \/count/],
    ["/undeclared", /GET \/undeclared answered 200, which its schema does not declare/],
  ])("turns %s into a 500 that names the route and the mismatch", async (url, detail) => {
    const r = await app.inject({ method: "GET", url });
    expect(r.statusCode).toBe(500);
    expect(r.json().code).toBe("response_schema");
    expect(r.json().detail).toMatch(detail);
  });
});
