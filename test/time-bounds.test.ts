/**
 * Times a client supplies (an AVL report's `at`, a status fix's `at`, an incident's `receivedAt`)
 * lie within 24 h before and 30 s after the server's clock; outside that they are refused with a
 * bilingual 400 naming the field, and nothing is stored or published. An AVL report older than
 * the stored position is neither stored nor published either.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BusEvent } from "../src/platform/events.ts";
import { type Api, type ApiResponse, backends, type Lantern, ManualClock, startLantern } from "./harness.ts";

const KAIXUAN = { lat: 30.2847, lon: 120.1949 };

function expectRefused(r: ApiResponse, field: string): void {
  expect(r.status).toBe(400);
  expect(r.body).toMatchObject({ code: "validation", field });
  expect(r.body.titles.en).toMatch(new RegExp(`^Field ${field.replace(".", "\\.")} is invalid: `));
  expect(r.body.titles["zh-CN"]).toMatch(new RegExp(`^字段 ${field.replace(".", "\\.")} 无效：.*[\\u4e00-\\u9fff]`));
}

describe.each(backends)("client-supplied times on %s", (backend) => {
  const t0 = Date.parse("2026-11-05T08:00:00.000Z");
  const clock = new ManualClock(t0);
  const iso = (offsetS: number) => new Date(clock.now().getTime() + offsetS * 1000).toISOString();
  let l: Lantern;
  let api: Api;
  const published: BusEvent[] = [];

  beforeAll(async () => {
    l = await startLantern(backend, { clock });
    api = l.api(await l.login("dispatcher"));
    l.ctx.bus.subscribe((e) => {
      if (e.type === "unit.position") published.push(e);
    });
  });
  afterAll(() => l?.close());

  const positionOf = async (unitId: string) => (await api("GET", `/api/v1/units/${unitId}`)).body.position;

  it("refuses an AVL report dated in the far future, and keeps taking real reports afterwards", async () => {
    const unit = "kaixuan-p1";
    expect((await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.25, lon: 120.16, at: iso(0) })).status).toBe(202);
    const before = await positionOf(unit);
    published.length = 0;

    const future = await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.26, lon: 120.18, at: "9999-12-31T23:59:59.000Z" });
    expectRefused(future, "at");
    expect(await positionOf(unit)).toEqual(before);
    expect(published).toEqual([]);

    clock.advance(5);
    const real = await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.257, lon: 120.171, at: iso(0) });
    expect(real.status).toBe(202);
    expect(await positionOf(unit)).toMatchObject({ lat: 30.257, lon: 120.171, at: iso(0), ageS: 0 });
    expect(published.map((e) => e.data)).toEqual([{ lat: 30.257, lon: 120.171, accuracyM: null }]);
  });

  it("allows 30 s of clock skew ahead and 24 h behind, and no more", async () => {
    const unit = "kaixuan-p2";
    published.length = 0;
    expectRefused(await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.25, lon: 120.16, at: iso(31) }), "at");
    expectRefused(await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.25, lon: 120.16, at: iso(-24 * 3600 - 1) }), "at");
    expect(published).toEqual([]);
    expect((await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.25, lon: 120.16, at: iso(-24 * 3600) })).status).toBe(202);
    expect((await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.251, lon: 120.161, at: iso(30) })).status).toBe(202);
    expect(await positionOf(unit)).toMatchObject({ lat: 30.251, lon: 120.161, at: iso(30) });
    // A time with an offset is stored as UTC, so it compares with the others as text.
    clock.advance(60);
    const local = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().replace("Z", "+08:00");
    expect((await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.252, lon: 120.162, at: local })).status).toBe(202);
    expect(await positionOf(unit)).toMatchObject({ lat: 30.252, lon: 120.162, at: iso(0) });
  });

  it("neither stores nor publishes a report older than the stored position", async () => {
    const unit = "kaixuan-c1";
    expect((await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.25, lon: 120.16, at: iso(0) })).status).toBe(202);
    const stored = await positionOf(unit);
    published.length = 0;
    const late = await api("POST", `/api/v1/units/${unit}/position`, { lat: 30.3, lon: 120.2, at: iso(-60) });
    expect(late.status).toBe(202);
    expect(published).toEqual([]);
    expect(await positionOf(unit)).toEqual(stored);
    expect(late.body).toMatchObject({ accepted: true, stored: false });
  });

  it("refuses status fixes dated outside the bounds, on and off an incident", async () => {
    const off = await api("POST", "/api/v1/units/kaixuan-f1/status", {
      status: "at_station",
      fix: { lat: 30.25, lon: 120.16, at: "9999-12-31T00:00:00.000Z" },
    });
    expectRefused(off, "fix.at");
    expect((await api("GET", "/api/v1/units/kaixuan-f1")).body.status.code).toBe("available");

    const inc = await api("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.fight", location: KAIXUAN });
    expect((await api("POST", `/api/v1/incidents/${inc.body.id}/dispatch`, { unitIds: ["kaixuan-f1"] })).status).toBe(200);
    const on = await api("POST", `/api/v1/incidents/${inc.body.id}/units/kaixuan-f1/status`, {
      status: "en_route",
      fix: { lat: 30.25, lon: 120.16, at: iso(-25 * 3600) },
    });
    expectRefused(on, "fix.at");
    const [a] = (await api("GET", `/api/v1/incidents/${inc.body.id}/assignments`)).body;
    expect(a).toMatchObject({ unitId: "kaixuan-f1", status: "dispatched", enRouteAt: null });
    const fine = await api("POST", `/api/v1/incidents/${inc.body.id}/units/kaixuan-f1/status`, {
      status: "en_route",
      fix: { lat: 30.25, lon: 120.16, at: iso(-10) },
    });
    expect(fine.status).toBe(200);
    expect(await positionOf("kaixuan-f1")).toMatchObject({ at: iso(-10), ageS: 10 });
  });

  it("refuses a receivedAt far in the past or ahead of the clock, and stores no incident", async () => {
    const call = (receivedAt: string) =>
      api("POST", "/api/v1/incidents", { channel: "call_110", categoryCode: "alarm.theft", location: KAIXUAN, receivedAt });
    const before = (await api("GET", "/api/v1/incidents?limit=1000")).body.length;
    expectRefused(await call("0001-01-01T00:00:00.000Z"), "receivedAt");
    expectRefused(await call(iso(-24 * 3600 - 1)), "receivedAt");
    expectRefused(await call(iso(31)), "receivedAt");
    expect((await api("GET", "/api/v1/incidents?limit=1000")).body.length).toBe(before);

    const ok = await call(iso(-23 * 3600));
    expect(ok.status).toBe(201);
    expect(ok.body.times.receivedAt).toBe(iso(-23 * 3600));
    const figures = await api("GET", `/api/v1/incidents/${ok.body.id}/figures`);
    expect(figures.status).toBe(200);
  });
});
