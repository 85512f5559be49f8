/**
 * A NUL character (U+0000) or an unpaired UTF-16 surrogate anywhere in a request (body values and
 * keys, query, path parameters) is refused at the edge as 400 `validation` naming the field,
 * before any handler runs: PostgreSQL cannot store a NUL in text (it answered 500), and a lone
 * surrogate would be stored as U+FFFD, silently changing what the caller said.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../src/demo/city.ts";
import { type Api, backends, type Lantern, startLantern } from "./harness.ts";

describe.each(backends)("NUL and lone surrogates at the edge on %s", (backend) => {
  let l: Lantern;
  let api: Api;
  let incidentId: string;
  const valid = { channel: "call_110", categoryCode: "alarm.theft", location: { lat: 30.255, lon: 120.17 } };

  beforeAll(async () => {
    l = await startLantern(backend);
    api = l.api(await l.login("dispatcher"));
    const r = await api("POST", "/api/v1/incidents", { ...valid, caller: { name: "张三", phone: "13800000000" } });
    expect(r.status).toBe(201);
    incidentId = r.body.id;
  });
  afterAll(() => l?.close());

  const counts = async () => {
    const n = async (t: "incidents" | "events" | "audit_log" | "sessions") =>
      Number(
        (
          await l.ctx.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { incidents: await n("incidents"), events: await n("events"), audit: await n("audit_log"), sessions: await n("sessions") };
  };

  /** The request is refused as validation of `field`, in both languages, and nothing is written. */
  const refused = async (send: (a: Api) => ReturnType<Api>, field: string) => {
    const before = await counts();
    const r = await send(api);
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 400, code: "validation", field });
    expect(r.body.titles["zh-CN"]).toContain(`字段 ${field} 无效`);
    expect(r.body.titles.en).toContain(`Field ${field} is invalid`);
    expect(await counts()).toEqual(before);
    return r.body;
  };

  it("refuses a NUL in the narrative and the category, in Chinese and English", async () => {
    const p = await refused((a) => a("POST", "/api/v1/incidents", { ...valid, narrative: "有人\u0000打架" }), "narrative");
    expect(p.titles).toEqual({
      "zh-CN": "字段 narrative 无效：含有空字符（U+0000）",
      en: "Field narrative is invalid: contains a NUL character (U+0000)",
    });
    await refused((a) => a("POST", "/api/v1/incidents", { ...valid, categoryCode: "alarm.theft\u0000" }), "categoryCode");
    await refused((a) => a("PATCH", `/api/v1/incidents/${incidentId}`, { narrative: "\u0000" }), "narrative");
    await refused((a) => a("POST", "/api/v1/incidents", { ...valid, caller: { name: "李\u0000四" } }), "caller.name");
  });

  it("refuses an unpaired surrogate, but keeps a paired one (an emoji) intact", async () => {
    const p = await refused(
      (a) =>
        a(
          "POST",
          "/api/v1/incidents",
          '{"channel":"call_110","categoryCode":"alarm.theft","location":{"lat":30.255,"lon":120.17},"narrative":"x\\ud800y"}',
        ),
      "narrative",
    );
    expect(p.titles.en).toBe("Field narrative is invalid: contains an unpaired UTF-16 surrogate");
    expect(p.titles["zh-CN"]).toBe("字段 narrative 无效：含有不成对的代理字符（U+D800–U+DFFF）");
    await refused(
      (a) =>
        a(
          "POST",
          "/api/v1/incidents",
          '{"channel":"call_110","categoryCode":"alarm.theft","location":{"lat":30.255,"lon":120.17},"narrative":"\\udc00"}',
        ),
      "narrative",
    );
    const ok = await api("POST", "/api/v1/incidents", { ...valid, narrative: "报警人说 😀 没事" });
    expect(ok.status).toBe(201);
    expect(ok.body.narrative).toBe("报警人说 😀 没事");
  });

  it("refuses a NUL in a JSON key, naming the key", async () => {
    await refused((a) => a("POST", "/api/v1/incidents", '{"channel":"call_110","narr\\u0000ative":"x"}'), "narr\\u0000ative");
    await refused((a) => a("POST", "/api/v1/incidents", '{"location":{"l\\ud800":1}}'), "location.l\\ud800");
  });

  it("refuses a NUL in the login user name before any session is made", async () => {
    await refused((a) => a("POST", "/api/v1/auth/login", { username: "dispatcher\u0000", password: DEMO_PASSWORD }), "username");
  });

  it("refuses a NUL in the caller-read reason before the audit is written", async () => {
    await refused((a) => a("GET", `/api/v1/incidents/${incidentId}/caller?reason=${encodeURIComponent("回访\u0000核实")}`), "reason");
  });

  it("refuses a NUL in the address query and in path ids", async () => {
    await refused((a) => a("GET", `/api/v1/addresses?q=${encodeURIComponent("解放\u0000路")}`), "q");
    await refused((a) => a("GET", "/api/v1/incidents/abc%00def"), "id");
    await refused((a) => a("GET", "/api/v1/units/kaixuan-p1%00/route"), "id");
    await refused((a) => a("POST", `/api/v1/incidents/${incidentId}/notes`, { text: "ok\u0000" }), "text");
  });
});
