/**
 * Bad input gets a clear problem+json error naming the field, and changes nothing: the incident,
 * assignment and event counts are the same before and after every rejected request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type Lantern, ManualClock, startLantern } from "./harness.ts";

describe.each(backends)("bad input on %s", (backend) => {
  const clock = new ManualClock(Date.parse("2026-11-01T08:00:00Z"));
  let l: Lantern;
  let api: ReturnType<Lantern["api"]>;
  const valid = { channel: "call_110", categoryCode: "alarm.theft", location: { lat: 30.255, lon: 120.17 } };

  beforeAll(async () => {
    l = await startLantern(backend, { clock });
    api = l.api(await l.login("dispatcher"));
  });
  afterAll(() => l?.close());

  const counts = async () => {
    const n = async (t: "incidents" | "events" | "assignments") =>
      Number(
        (
          await l.ctx.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { incidents: await n("incidents"), events: await n("events"), assignments: await n("assignments") };
  };

  /** Sends the request, expects the problem, and checks nothing was written. */
  const rejects = async (
    req: [string, string, unknown?, Record<string, string>?],
    status: number,
    match: { code?: string; field?: string; allowed?: string[]; permission?: string },
    token?: string | null,
  ) => {
    const before = await counts();
    const r = await (token === undefined ? api : l.api(token))(...req);
    expect(r.status).toBe(status);
    expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status, ...match });
    expect(typeof r.body.title).toBe("string");
    expect(r.body.titles["zh-CN"]).toBeTruthy();
    expect(r.body.titles.en).toBeTruthy();
    expect(await counts()).toEqual(before);
    return r.body;
  };

  it("malformed JSON", async () => {
    await rejects(["POST", "/api/v1/incidents", '{"channel": "call_110",'], 400, { code: "malformed_json", field: "body" });
  });

  it("wrong types and unknown fields", async () => {
    const wrongType = await rejects(["POST", "/api/v1/incidents", { ...valid, location: { lat: "30.2", lon: 120.1 } }], 400, {
      field: "location.lat",
    });
    // Each language reads the whole message in its own words, the schema's reason included.
    expect(wrongType.titles).toEqual({
      "zh-CN": "字段 location.lat 无效：应当是 number 类型",
      en: "Field location.lat is invalid: must be number",
    });
    await rejects(["POST", "/api/v1/incidents", { ...valid, channel: "pigeon" }], 400, { field: "channel" });
    await rejects(["POST", "/api/v1/incidents", { ...valid, surprise: 1 }], 400, { field: "surprise" });
    await rejects(["POST", "/api/v1/incidents", { channel: "call_110", location: valid.location }], 400, { field: "categoryCode" });
  });

  it("unknown category codes", async () => {
    const p = await rejects(["POST", "/api/v1/incidents", { ...valid, categoryCode: "alarm.ufo" }], 422, {
      code: "unknown_code",
      field: "categoryCode",
    });
    expect(p.titles.en).toBe("Unknown category code: alarm.ufo");
  });

  it("coordinates out of range or outside the city", async () => {
    await rejects(["POST", "/api/v1/incidents", { ...valid, location: { lat: 95, lon: 120.17 } }], 400, { field: "location.lat" });
    await rejects(["POST", "/api/v1/incidents", { ...valid, location: { lat: 31.5, lon: 121.4 } }], 422, {
      code: "outside_city",
      field: "location.lat",
    });
  });

  it("missing, unknown and expired tokens", async () => {
    await rejects(["POST", "/api/v1/incidents", valid], 401, { code: "unauthenticated" }, null);
    await rejects(["POST", "/api/v1/incidents", valid], 401, { code: "unauthenticated" }, "not-a-token");
    const token = await l.login("calltaker");
    expect((await l.api(token)("GET", "/api/v1/me")).status).toBe(200);
    clock.advance(12 * 3600 + 1);
    await rejects(["POST", "/api/v1/incidents", valid], 401, { code: "unauthenticated" }, token);
    // Every session of this suite expired with that one; sign the dispatcher in again.
    api = l.api(await l.login("dispatcher"));
  });

  it("a role without the permission, and another district's incident", async () => {
    await rejects(
      ["POST", "/api/v1/incidents", valid],
      403,
      { code: "forbidden", permission: "incident:create" },
      await l.login("analyst"),
    );
    const xihu = await api("POST", "/api/v1/incidents", { ...valid, location: { lat: 30.3, lon: 120.08 } });
    expect(xihu.status).toBe(201);
    const sc = await l.login("dispatcher-sc");
    await rejects(["GET", `/api/v1/incidents/${xihu.body.id}`], 403, { code: "out_of_scope" }, sc);
    await rejects(["PATCH", `/api/v1/incidents/${xihu.body.id}`, { narrative: "x" }], 403, { code: "out_of_scope" }, sc);
    await rejects(["POST", `/api/v1/incidents/${xihu.body.id}/dispatch`, {}], 403, { code: "out_of_scope" }, sc);
    await rejects(["POST", "/api/v1/incidents", { ...valid, location: { lat: 30.3, lon: 120.08 } }], 403, { code: "out_of_scope" }, sc);
  });

  it("dispatching an unavailable unit: all or nothing", async () => {
    const a = await api("POST", "/api/v1/incidents", valid);
    const b = await api("POST", "/api/v1/incidents", valid);
    expect((await api("POST", `/api/v1/incidents/${a.body.id}/dispatch`, { unitIds: ["kaixuan-p1"] })).status).toBe(200);
    // kaixuan-p2 is free, kaixuan-p1 is not: nothing is dispatched and the error names the second unit.
    const p = await rejects(["POST", `/api/v1/incidents/${b.body.id}/dispatch`, { unitIds: ["kaixuan-p2", "kaixuan-p1"] }], 409, {
      code: "unit_unavailable",
      field: "unitIds/1",
    });
    expect(p.titles.en).toContain("KAIXUAN-P1");
    const bNow = await api("GET", `/api/v1/incidents/${b.body.id}`);
    expect(bNow.body.status).toBe("new");
    expect((await api("GET", "/api/v1/units/kaixuan-p2")).body.status.code).toBe("available");
    await rejects(["POST", `/api/v1/incidents/${b.body.id}/dispatch`, { unitIds: ["kaixuan-p2", "kaixuan-p2"] }], 400, {
      field: "unitIds",
    });
    await rejects(["POST", `/api/v1/units/kaixuan-p1/status`, { status: "off_duty" }], 409, { code: "illegal_transition" });
  });

  it("illegal status transitions name the allowed ones", async () => {
    const a = await api("POST", "/api/v1/incidents", valid);
    await api("POST", `/api/v1/incidents/${a.body.id}/dispatch`, { unitIds: ["zhalongkou-p1"] });
    const p = await rejects(["POST", `/api/v1/incidents/${a.body.id}/close`, { disposition: "case_filed" }], 409, {
      code: "illegal_transition",
      allowed: ["on_scene", "cleared", "cancelled"],
    });
    expect(p.titles.en).toBe('Cannot move from "Dispatched" to "Closed"; allowed: On scene, Cleared, Cancelled');
    await rejects(["POST", `/api/v1/incidents/${a.body.id}/units/zhalongkou-p1/status`, { status: "cleared" }], 409, {
      code: "illegal_transition",
      allowed: ["acknowledged", "en_route", "cancelled"],
    });
    await rejects(["POST", `/api/v1/incidents/${a.body.id}/close`, { disposition: "made_up" }], 400, { field: "disposition" });
  });

  it("two dispatchers, one unit, two incidents, the same moment: exactly one wins", async () => {
    const other = l.api(await l.login("dispatcher-sc"));
    for (let round = 0; round < 8; round++) {
      const x = await api("POST", "/api/v1/incidents", valid);
      const y = await api("POST", "/api/v1/incidents", valid);
      const before = await counts();
      const [r1, r2] = await Promise.all([
        api("POST", `/api/v1/incidents/${x.body.id}/dispatch`, { unitIds: ["zhalongkou-c1"] }),
        other("POST", `/api/v1/incidents/${y.body.id}/dispatch`, { unitIds: ["zhalongkou-c1"] }),
      ]);
      expect([r1.status, r2.status].sort()).toEqual([200, 409]);
      const loser = r1.status === 409 ? r1 : r2;
      expect(loser.body.code).toBe("unit_unavailable");
      expect((await counts()).assignments).toBe(before.assignments + 1);
      const winner = r1.status === 200 ? x : y;
      const unit = await api("GET", "/api/v1/units/zhalongkou-c1");
      expect(unit.body.incidentId).toBe(winner.body.id);
      await api("POST", `/api/v1/incidents/${winner.body.id}/cancel`, { reason: "test round" });
    }
  });

  it("the same create sent twice, or at once, with one Idempotency-Key makes one incident", async () => {
    const before = await counts();
    const h = { "Idempotency-Key": `k-${backend}-1` };
    const first = await api("POST", "/api/v1/incidents", valid, h);
    const again = await api("POST", "/api/v1/incidents", valid, h);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.id).toBe(first.body.id);
    const h2 = { "Idempotency-Key": `k-${backend}-2` };
    const burst = await Promise.all(Array.from({ length: 6 }, () => api("POST", "/api/v1/incidents", valid, h2)));
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect(burst.every((r) => r.status === 201)).toBe(true);
    expect((await counts()).incidents).toBe(before.incidents + 2);
    await rejects(["POST", "/api/v1/incidents", { ...valid, narrative: "different" }, h], 422, {
      code: "idempotency_mismatch",
      field: "Idempotency-Key",
    });
  });

  it("English errors on request", async () => {
    const r = await api("POST", "/api/v1/incidents", { ...valid, categoryCode: "nope" }, { "Accept-Language": "en-GB,en;q=0.9" });
    expect(r.body.title).toBe("Unknown category code: nope");
    const zh = await api("POST", "/api/v1/incidents", { ...valid, categoryCode: "nope" });
    expect(zh.body.title).toBe("未知的警情类别代码：nope");
  });
});
