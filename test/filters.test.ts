/**
 * A list filter that takes a code from a closed vocabulary refuses an unknown one as 422
 * `unknown_code` naming the field, instead of answering 200 with an empty list (a dispatcher who
 * mistypes a status must not be told there is nothing to do). A JSON key `__proto__` is a
 * `validation` refusal naming its path, not "malformed JSON".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, backends, type Lantern, startLantern } from "./harness.ts";

/** Every list endpoint with an enumerated filter: path, field, a known value, and the noun in both languages. */
const FILTERS: { path: string; field: string; known: string; zh: string; en: string }[] = [
  { path: "/api/v1/incidents", field: "status", known: "new,dispatched", zh: "警情状态", en: "incident status" },
  { path: "/api/v1/work-orders", field: "status", known: "dispatched", zh: "工单状态", en: "work-order status" },
  { path: "/api/v1/followups", field: "status", known: "pending", zh: "回访状态", en: "follow-up status" },
  { path: "/api/v1/followups", field: "subjectType", known: "incident", zh: "回访对象类型", en: "follow-up subject type" },
  { path: "/api/v1/governance/workers", field: "skill", known: "grid_worker", zh: "技能", en: "skill" },
  { path: "/api/v1/watch-orders", field: "status", known: "active", zh: "布控指令状态", en: "watch-order status" },
  { path: "/api/v1/sites", field: "type", known: "compound", zh: "场所类型", en: "site type" },
  { path: "/api/v1/site-tasks", field: "status", known: "open", zh: "小区处置任务状态", en: "site-task status" },
  { path: "/api/v1/site-online/daily", field: "groupKind", known: "district", zh: "分组方式", en: "grouping" },
  { path: "/api/v1/analytics/response", field: "groupBy", known: "station", zh: "分组方式", en: "grouping" },
];

describe.each(backends)("filters and reserved keys on %s", (backend) => {
  let l: Lantern;
  let api: Api;

  beforeAll(async () => {
    l = await startLantern(backend);
    api = l.api(await l.login("admin"));
  });
  afterAll(() => l?.close());

  it.each(FILTERS)("$path?$field= refuses an unknown code and accepts a known one", async ({ path, field, known, zh, en }) => {
    const ok = await api("GET", `${path}?${field}=${known}`);
    expect(ok.status).toBe(200);
    const r = await api("GET", `${path}?${field}=bogus`);
    expect(r.status).toBe(422);
    expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 422, code: "unknown_code", field });
    expect(r.body.titles).toEqual({ "zh-CN": `未知的${zh}代码：bogus`, en: `Unknown ${en} code: bogus` });
  });

  it("names the unknown code in a comma-separated list", async () => {
    const r = await api("GET", "/api/v1/incidents?status=new,bogus", undefined, { "Accept-Language": "en" });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: "unknown_code", field: "status", title: "Unknown incident status code: bogus" });
    const wo = await api("GET", "/api/v1/work-orders?open=true&status=closed,,nope");
    expect(wo.body).toMatchObject({ status: 422, code: "unknown_code", field: "status" });
    expect(wo.body.titles.en).toBe("Unknown work-order status code: nope");
  });

  it("labels a __proto__ key a validation error naming its path, and writes nothing", async () => {
    const count = async () =>
      Number(
        (
          await l.ctx.db
            .selectFrom("incidents")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [string, string][] = [
      ['{"__proto__":{"x":1}}', "__proto__"],
      ['{"narrative":"x","__proto__":{}}', "__proto__"],
      [
        '{"channel":"call_110","categoryCode":"alarm.theft","location":{"lat":30.255,"lon":120.17},"flags":{"__proto__":{"police":false}}}',
        "flags.__proto__",
      ],
      ['{"constructor":{"prototype":{"x":1}}}', "constructor.prototype"],
    ];
    for (const [body, field] of cases) {
      const r = await api("POST", "/api/v1/incidents", body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: "validation", field });
      expect(r.body.titles["zh-CN"]).toBe(`字段 ${field} 无效：是保留的键名，不能使用`);
      expect(r.body.titles.en).toBe(`Field ${field} is invalid: is a reserved key name`);
    }
    expect(await count()).toBe(before);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    // Truly malformed JSON is still labelled so.
    expect((await api("POST", "/api/v1/incidents", '{"__proto__":')).body).toMatchObject({ status: 400, code: "malformed_json" });
  });
});
