/**
 * Open311 over real HTTP, on each back end: what anyone reading a citizen's report gets (the
 * spec's public fields, the citizen's text filtered or withheld, no staff notes, ids that do not
 * count), reads that may require an api_key, and errors in Open311's own format and words on
 * every path under the prefix, also when the console is built (its page answers every other GET).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type Lantern, startLantern } from "../../../test/harness.ts";
import { townAt } from "../../../test/towns.ts";
import { loadConfig } from "../../platform/config.ts";
import { createHttpApp, sendProblem } from "../../platform/http.ts";
import { Problem } from "../../platform/problem.ts";
import { DEMO_OPEN311_KEY, seedGovernanceDemo } from "../demo.ts";
import { open311Routes } from "./routes.ts";
import { configureOpen311, open311SettingsFrom } from "./settings.ts";

const open311SettingsFromEnv = (env: Record<string, string>) => open311SettingsFrom(loadConfig(env).open311);

const AT = { lat: 30.2558, lon: 120.1575 };
/** GeoReport v2's GET requests response fields: nothing else may be shown. */
const SPEC_FIELDS = [
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "service_notice",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "address_id",
  "zipcode",
  "lat",
  "long",
  "media_url",
];
const CITIZEN_TEXT =
  "楼下工地夜间施工，吵得无法入睡。我的电话 13900001111，座机 0571-87654321，身份证 330102199001011234，住 3幢2单元501室，邮箱 zhang.ming@example.com。施工从 2026-11-01 起，每晚 22:30 开始";
const FILTERED_TEXT =
  "楼下工地夜间施工，吵得无法入睡。我的电话 ***，座机 ***，身份证 ***，住 3幢2单元***室，邮箱 ***。施工从 2026-11-01 起，每晚 22:30 开始";
/** Crockford base 32: no I, L, O or U, so an id read out over the phone is not misheard. */
const OPAQUE_ID = /^[0-9A-HJKMNP-TV-Z]{16}$/;

interface Answer {
  status: number;
  type: string;
  text: string;
}

async function call(base: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, headers, body });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** The Open311 error list in either form, as [code, description] pairs. */
function errorsOf(a: Answer): [number, string][] {
  if (a.type.startsWith("text/xml")) {
    const errors = [...a.text.matchAll(/<error>\s*<code>(\d+)<\/code>\s*<description>([^<]*)<\/description>\s*<\/error>/g)];
    expect(a.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<errors>/);
    return errors.map((m) => [Number(m[1]), m[2]]);
  }
  expect(a.type).toMatch(/^application\/json/);
  const body = JSON.parse(a.text) as { code: number; description: string }[];
  for (const e of body) expect(Object.keys(e).sort()).toEqual(["code", "description"]);
  return body.map((e) => [e.code, e.description]);
}

/** What src/server.ts adds once the console is built: its page answers every GET no route takes. */
async function consoleShapedServer(l: Lantern): Promise<FastifyInstance> {
  const app = await createHttpApp({ authenticate: async () => null, allows: () => false });
  app.get("/*", { config: { permission: "public" }, schema: { hide: true } }, (req, reply) =>
    req.url.startsWith("/api/")
      ? sendProblem(reply, req, new Problem(404, "not_found", { what: "route", id: `GET ${req.url.split("?")[0]}` }))
      : reply.type("text/html").send("<!doctype html><title>console</title>"),
  );
  await app.register(open311Routes, { ctx: l.ctx, prefix: "/api/v1/open311/v2" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return app;
}

describe("Open311 settings from the environment", () => {
  it("filters descriptions and allows anonymous reads unless told otherwise, and refuses unknown values", () => {
    expect(open311SettingsFromEnv({})).toEqual({ publicDescription: "filtered", readApiKey: "optional" });
    expect(open311SettingsFromEnv({ OPEN311_PUBLIC_DESCRIPTION: "withheld", OPEN311_READ_API_KEY: "required" })).toEqual({
      publicDescription: "withheld",
      readApiKey: "required",
    });
    expect(() => open311SettingsFromEnv({ OPEN311_PUBLIC_DESCRIPTION: "raw" })).toThrow(
      /OPEN311_PUBLIC_DESCRIPTION.*filtered, withheld, full/,
    );
    expect(() => open311SettingsFromEnv({ OPEN311_READ_API_KEY: "yes" })).toThrow(/OPEN311_READ_API_KEY.*optional, required/);
  });
});

for (const backend of backends) {
  describe(`Open311 over HTTP (${backend})`, () => {
    let l: Lantern;
    let base: string;
    let shaped: FastifyInstance;
    let shapedBase: string;
    let town: { id: string; code: string; nameZh: string; polygon: [number, number][][] };
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      call(base, "POST", "/requests.json", new URLSearchParams(fields).toString(), {
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      });
    const report = (extra: Record<string, string> = {}) => ({
      api_key: DEMO_OPEN311_KEY,
      service_code: "noise",
      lat: String(AT.lat),
      long: String(AT.lon),
      address_string: "湖滨路 12 号",
      description: CITIZEN_TEXT,
      first_name: "明",
      last_name: "张",
      phone: "13900001111",
      email: "zhang.ming@example.com",
      device_id: "phone-778899",
      account_id: "citizen-42",
      "attribute[NOISE_SOURCE]": "construction",
      ...extra,
    });
    const read = async (path: string, headers: Record<string, string> = {}) => {
      const r = await call(base, "GET", path, undefined, headers);
      expect(r.status, r.text).toBe(200);
      return JSON.parse(r.text);
    };

    beforeAll(async () => {
      l = await startLantern(backend);
      await seedGovernanceDemo(l.ctx, { centres: "staffed" });
      base = `${l.url}/api/v1/open311/v2`;
      shaped = await consoleShapedServer(l);
      shapedBase = `http://127.0.0.1:${(shaped.server.address() as { port: number }).port}/api/v1/open311/v2`;
      const admin = await l.login("admin");
      town = townAt((await l.api(admin)("GET", "/api/v1/governance/towns")).body, AT);
    });
    afterAll(async () => {
      await shaped?.close();
      await l?.close();
    });

    describe("a citizen's report, read by anyone", () => {
      let id: string;
      let order: { id: string };

      it("shows only the spec's public fields, the citizen's phone, ID card, flat and e-mail masked", async () => {
        const r = await post(report(), { "Idempotency-Key": "privacy-1" });
        expect(r.status, r.text).toBe(200);
        id = JSON.parse(r.text)[0].service_request_id;
        for (const path of ["/requests.json", `/requests/${id}.json`, `/requests.json?service_request_id=${id}`]) {
          const [one] = (await read(path)).filter((x: { service_request_id: string }) => x.service_request_id === id);
          expect(Object.keys(one).filter((k) => !SPEC_FIELDS.includes(k))).toEqual([]);
          expect(one).toMatchObject({ service_code: "noise", status: "open", description: FILTERED_TEXT, address: "湖滨路 12 号" });
        }
        const xml = await call(base, "GET", `/requests/${id}.xml`);
        expect(xml.text).toContain(`<description>${FILTERED_TEXT}</description>`);
        for (const secret of ["13900001111", "87654321", "330102199001011234", "501", "zhang.ming", "phone-778899", "citizen-42", "张"]) {
          expect(xml.text).not.toContain(secret);
          expect((await call(base, "GET", "/requests.json")).text).not.toContain(secret);
        }
      });

      it("withholds the description, or shows it whole, when configured so", async () => {
        try {
          configureOpen311(l.ctx, { publicDescription: "withheld" });
          expect((await read(`/requests/${id}.json`))[0].description).toBeNull();
          configureOpen311(l.ctx, { publicDescription: "full" });
          expect((await read(`/requests/${id}.json`))[0].description).toBe(CITIZEN_TEXT);
        } finally {
          configureOpen311(l.ctx, { publicDescription: "filtered" });
        }
      });

      it("gives opaque ids, the same one for a retried post, none counting up from another", async () => {
        expect(id).toMatch(OPAQUE_ID);
        const retried = JSON.parse((await post(report(), { "Idempotency-Key": "privacy-1" })).text)[0];
        expect(retried.service_request_id).toBe(id);
        const next = JSON.parse((await post(report({ description: "又在施工" }))).text)[0].service_request_id;
        expect(next).toMatch(OPAQUE_ID);
        expect(next).not.toBe(id);
        // A day-stamped counter (20261102000001, …02) shares its head; random ids share next to nothing.
        expect(next.slice(0, 8)).not.toBe(id.slice(0, 8));
        const byToken = await read(`/tokens/${retried.token}.json`);
        expect(byToken).toEqual([{ service_request_id: id, token: retried.token }]);
      });

      it("never shows the town staff's notes: a closed request carries the fixed public text", async () => {
        const centre = await l.login(`town-${town.code}`);
        const worker = await l.login(`worker-${town.code}-cm`);
        const row = await l.ctx.db
          .selectFrom("open311_requests")
          .select("work_order_id")
          .where("service_request_id", "=", id)
          .executeTakeFirstOrThrow();
        order = { id: row.work_order_id! };
        expect((await read(`/requests/${id}.json`))[0].status_notes).toBe("已受理，等待派单");
        const steps: [string, string, object][] = [
          [centre, "dispatch", { teamSkill: "city_management" }],
          [worker, "take", {}],
          [worker, "on-scene", {}],
          [worker, "handled", { note: "业主张明（13900001111）已当面告知施工方" }],
          [worker, "feedback", { note: "已电话回复张明" }],
          [worker, "close", { note: "施工方负责人李四 13611112222 承诺整改，办结" }],
        ];
        const notes: string[] = [];
        for (const [token, step, body] of steps) {
          const r = await l.api(token)("POST", `/api/v1/work-orders/${order.id}/${step}`, body);
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          const seen = (await read(`/requests/${id}.json`))[0];
          notes.push(seen.status_notes);
          expect(JSON.stringify(seen)).not.toMatch(/张明|李四|13611112222|承诺/);
        }
        expect(notes).toEqual(["已派单，等待工作人员接单", "工作人员已接单", "工作人员已到场", "已处置", "已处置并答复", "已办结"]);
        const en = (await read(`/requests/${id}.json`, { "accept-language": "en" }))[0];
        expect(en).toMatchObject({ status: "closed", status_notes: "Resolved" });
      });
    });

    describe("reads that require an api_key", () => {
      it("refuses anonymous reads of requests and tokens when configured, and still lists the services", async () => {
        try {
          configureOpen311(l.ctx, { readApiKey: "required" });
          for (const path of ["/requests.json", "/requests/any.json", "/tokens/any.xml"]) {
            const r = await call(base, "GET", path);
            expect(r.status).toBe(403);
            expect(errorsOf(r)).toEqual([[403, "api_key is required to read service requests"]]);
          }
          const wrong = await call(base, "GET", "/requests.json?api_key=not-a-real-key-at-all");
          expect(errorsOf(wrong)).toEqual([[403, "Invalid api_key received: it is not known or no longer active"]]);
          const zh = await call(base, "GET", "/requests.json", undefined, { "accept-language": "zh-CN" });
          expect(errorsOf(zh)).toEqual([[403, "读取服务请求需要 api_key"]]);
          expect((await call(base, "GET", `/requests.json?api_key=${DEMO_OPEN311_KEY}`)).status).toBe(200);
          expect((await call(base, "GET", "/services.json")).status).toBe(200);
        } finally {
          configureOpen311(l.ctx, { readApiKey: "optional" });
        }
        expect((await call(base, "GET", "/requests.json")).status).toBe(200);
      });
    });

    describe("errors", () => {
      it("answers every unknown path under the prefix with an Open311 404 in the format its extension asks for", async () => {
        for (const root of [shapedBase, base]) {
          const cases: [string, string, RegExp][] = [
            ["GET", "/service/noise.xml", /^text\/xml/],
            ["GET", "/foo.json", /^application\/json/],
            ["GET", "/v2/requests/abc/def.xml", /^text\/xml/],
            ["GET", "/nothing-here", /^application\/json/],
            ["POST", "/foo.xml", /^text\/xml/],
            ["DELETE", "/requests.json", /^application\/json/],
          ];
          for (const [method, path, type] of cases) {
            const r = await call(root, method, path);
            expect([r.status, r.type], `${method} ${path} at ${root}`).toEqual([404, expect.stringMatching(type)]);
            expect(errorsOf(r)).toEqual([[404, `No such Open311 resource: ${method} /api/v1/open311/v2${path}`]]);
          }
          const zh = await call(root, "GET", "/service/noise.xml", undefined, { "accept-language": "zh-CN,zh;q=0.9" });
          expect(errorsOf(zh)).toEqual([[404, "没有这个 Open311 资源：GET /api/v1/open311/v2/service/noise.xml"]]);
        }
      });

      it("says what is wrong with a request in plain words naming the field, in English or in Chinese", async () => {
        const json = { "content-type": "application/json" };
        const cases: [string, string, string | undefined, Record<string, string>, string, string][] = [
          [
            "POST",
            "/requests.json",
            "[1]",
            json,
            "The request body must be a form (application/x-www-form-urlencoded) or a JSON object",
            "请求体须为表单（application/x-www-form-urlencoded）或 JSON 对象",
          ],
          [
            "GET",
            "/services.yaml",
            undefined,
            {},
            "format must be json or xml, e.g. services.json",
            "format 须为 json 或 xml，例如 services.json",
          ],
          ["POST", "/requests.xml", "{not json", json, "The request body is not valid JSON", "请求体不是合法的 JSON"],
          [
            "GET",
            `/requests.json?service_request_id=${"A".repeat(4001)}`,
            undefined,
            {},
            "service_request_id must be at most 4000 characters",
            "service_request_id 不能超过 4000 个字符",
          ],
          [
            "GET",
            `/requests/${"A".repeat(65)}.json`,
            undefined,
            {},
            "service_request_id must be at most 64 characters",
            "service_request_id 不能超过 64 个字符",
          ],
        ];
        for (const [method, path, body, headers, en, zh] of cases) {
          for (const [language, text] of [
            [undefined, en],
            ["zh-CN", zh],
          ] as const) {
            const r = await call(base, method, path, body, { ...headers, ...(language ? { "accept-language": language } : {}) });
            expect(r.status, r.text).toBe(400);
            expect(errorsOf(r)).toEqual([[400, text]]);
          }
        }
      });

      it("words the service's own refusals in Chinese for a Chinese reader", async () => {
        const { api_key: _, ...keyless } = report();
        const r = await post(keyless, { "accept-language": "zh-CN" });
        expect(r.status).toBe(403);
        expect(errorsOf(r)).toEqual([[403, "缺少 api_key，无法提交服务请求"]]);
        const unknown = await post(report({ service_code: "ufo" }), { "accept-language": "zh-CN" });
        expect(errorsOf(unknown)).toEqual([[404, "未找到服务代码 ufo"]]);
      });
    });
  });
}
