/**
 * The interception plan's guardrails, on each storage back end: the reserve per station and the
 * marginal-gain threshold (bad values refused naming the field, in both languages, nothing
 * stored; every unit in reserve refused), the confirmation before one-click dispatch (a replay
 * after the units changed is 409 naming the change, nothing dispatched; two confirmations of one
 * plan at once have exactly one winner), and a unit posted to an intercept point: its ETA is to
 * the point, and the arrival clock does not run against the scene for it.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepOverdue } from "../src/dispatch/clocks.ts";
import { warmTravelTimes } from "../src/dispatch/units.ts";
import { type LoadedRoads, loadTravelTimes } from "../src/geo/load.ts";
import { DEMO_BBOX } from "../src/geo/synthetic-city.ts";
import { seedInterceptDemo } from "../src/intercept/demo.ts";
import { confirmAndDispatch, newBurglary } from "./burglary.ts";
import { backends, type Lantern, ManualClock, startLantern } from "./harness.ts";

let roads: LoadedRoads | null = null;
function testRoads(): LoadedRoads {
  roads ??= loadTravelTimes({ dataDir: join(tmpdir(), "lantern-intercept-test-roads"), bbox: DEMO_BBOX, nodes: 8000, seed: 1 });
  return roads;
}

describe.each(backends)("interception guardrails on %s", (backend) => {
  const clock = new ManualClock(Date.parse("2026-11-01T03:00:00.000Z"));
  let l: Lantern;
  let dispatcher: string;
  const plansOf = async (incidentId: string) =>
    (await l.ctx.db.selectFrom("intercept_plans").select("id").where("incident_id", "=", incidentId).execute()).length;
  const release = () => l.ctx.db.updateTable("units").set({ status: "available" }).where("status", "=", "off_duty").execute();

  beforeAll(async () => {
    l = await startLantern(backend, { clock });
    const r = testRoads();
    l.ctx.travel = r.travelTimes;
    l.ctx.roads = r.network.graph;
    await warmTravelTimes(l.ctx);
    await seedInterceptDemo(l.ctx);
    dispatcher = await l.login("dispatcher");
  });
  afterAll(() => l?.close());

  it("holds the reserve per station and leaves out units below the gain threshold, and says so", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(api, "guard-1");
    const plan = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 2, routes: 400 });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const p = plan.body;
    // The defaults: one unit per station held back, 2 % the least gain.
    expect(p.params).toMatchObject({ reservePerStation: 1, minGain: 0.02 });
    const units = await l.ctx.db.selectFrom("units").select(["id", "station_id", "status"]).execute();
    const stations = new Set(units.filter((u) => u.status === "available").map((u) => u.station_id));
    const reserved = p.units.filter((u: any) => u.leftOut === "held_in_reserve");
    expect(reserved.length).toBe(stations.size);
    const stationOf = new Map(units.map((u) => [u.id, u.station_id]));
    expect(new Set(reserved.map((u: any) => stationOf.get(u.unitId))).size).toBe(stations.size);
    for (const u of p.units.filter((x: any) => x.node !== null)) expect(u.routeShare).toBeGreaterThanOrEqual(0.02 - 1e-9);
    expect(p.guardrails).toEqual({
      reservePerStation: 1,
      reserved: reserved.length,
      minGain: 0.02,
      belowMinGain: p.units.filter((u: any) => u.leftOut === "below_min_gain").length,
    });
    expect(p.summary["zh-CN"]).toContain(`${reserved.length} 个警力留作各所预留`);
    expect(p.summary.en).toContain(`${reserved.length} units held in station reserve`);
    // Every warning reads in both languages.
    for (const w of p.warnings) expect(w.detailZh).toMatch(/[\u4e00-\u9fff]/);
    // Without guardrails the same request uses more units.
    const loose = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, {
      minutesSinceFlight: 2,
      routes: 400,
      reservePerStation: 0,
      minGain: 0,
    });
    expect(loose.status).toBe(201);
    const placedCount = (x: any) => x.units.filter((u: any) => u.node !== null).length;
    expect(placedCount(loose.body)).toBeGreaterThan(placedCount(p));
    expect(loose.body.guardrails).toMatchObject({ reserved: 0, belowMinGain: 0 });
  });

  it("refuses a reserve a station cannot hold, or a threshold out of range, naming the field in both languages", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(api, "guard-2");
    const sizes = new Map<string, number>();
    for (const u of await l.ctx.db.selectFrom("units").select("station_id").execute())
      sizes.set(u.station_id, (sizes.get(u.station_id) ?? 0) + 1);
    const smallest = Math.min(...sizes.values());
    expect(smallest).toBeLessThan(10);
    const cases: [object, string][] = [
      [{ reservePerStation: smallest + 1 }, "reservePerStation"],
      [{ reservePerStation: -1 }, "reservePerStation"],
      [{ reservePerStation: 11 }, "reservePerStation"],
      [{ minGain: 0.9 }, "minGain"],
      [{ minGain: -0.1 }, "minGain"],
    ];
    for (const [extra, field] of cases) {
      for (const [lang, text] of [
        ["zh-CN", /[\u4e00-\u9fff]/],
        ["en", /invalid/],
      ] as const) {
        const r = await api(
          "POST",
          `/api/v1/incidents/${incidentId}/intercept-plan`,
          { minutesSinceFlight: 1, routes: 100, ...extra },
          { "Accept-Language": lang },
        );
        expect(r.status, JSON.stringify(r.body)).toBe(400);
        expect(r.headers.get("content-type")).toContain("application/problem+json");
        expect(r.body).toMatchObject({ code: "validation", field });
        expect(r.body.detail).toMatch(text);
      }
    }
    expect(await plansOf(incidentId)).toBe(0);
  });

  it("refuses a plan when every available unit is held in reserve, and stores nothing", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(api, "guard-3");
    // Each station keeps one unit available; the others go off duty.
    const units = await l.ctx.db.selectFrom("units").select(["id", "station_id"]).orderBy("id").execute();
    const seen = new Set<string>();
    const offDuty = units.filter((u) => seen.has(u.station_id) || !seen.add(u.station_id)).map((u) => u.id);
    await l.ctx.db.updateTable("units").set({ status: "off_duty" }).where("id", "in", offDuty).execute();
    try {
      for (const [lang, detail] of [
        ["zh-CN", "预留警力之外无可调警力"],
        ["en", "No units beyond the reserve"],
      ] as const) {
        const r = await api(
          "POST",
          `/api/v1/incidents/${incidentId}/intercept-plan`,
          { minutesSinceFlight: 1, routes: 100, reservePerStation: 1 },
          { "Accept-Language": lang },
        );
        expect(r.status, JSON.stringify(r.body)).toBe(409);
        expect(r.body).toMatchObject({ code: "no_units_beyond_reserve", field: "reservePerStation" });
        expect(r.body.detail).toBe(detail);
      }
      expect(await plansOf(incidentId)).toBe(0);
      const onIt = await l.ctx.db.selectFrom("assignments").select("id").where("incident_id", "=", incidentId).execute();
      expect(onIt).toEqual([]);
    } finally {
      await release();
    }
  });

  it("shows per district what leaves normal duty, and refuses a confirmation made stale by a unit added", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(api, "guard-4");
    const body = { minutesSinceFlight: 2, routes: 400 };
    expect((await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { ...body, reservePerStation: 2 })).status).toBe(201);
    const preview = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch-preview`, {});
    expect(preview.status).toBe(200);
    const v = preview.body;
    const plan = (await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    const placed = plan.units.filter((u: any) => u.node !== null);
    expect(v.leaving).toBe(placed.length);
    expect(v.districts.reduce((n: number, d: any) => n + d.leaving, 0)).toBe(placed.length);
    for (const d of v.districts) {
      expect(d.stations.reduce((n: number, s: any) => n + s.leaving, 0)).toBe(d.leaving);
      expect(d.nameZh).toMatch(/[\u4e00-\u9fff]/);
    }
    // What stays available: the affected stations' available units less those leaving, counted independently.
    const rows = await l.ctx.db.selectFrom("units").select(["id", "station_id", "status"]).execute();
    for (const s of v.districts.flatMap((d: any) => d.stations)) {
      const free = rows.filter((u) => u.station_id === s.orgId && u.status === "available").length;
      expect(s.remaining).toBe(free - s.leaving);
      expect(s.remaining).toBeGreaterThanOrEqual(2);
    }
    // A re-plan with a smaller reserve adds units; the old confirmation no longer holds.
    expect((await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { ...body, reservePerStation: 0 })).status).toBe(201);
    const stale = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch`, { confirmation: v.confirmation });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("plan_changed");
    expect(stale.body.changes.map((c: any) => c.change)).toContain("newer_plan");
    expect(await l.ctx.db.selectFrom("assignments").select("id").where("incident_id", "=", incidentId).execute()).toEqual([]);
    const forged = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch`, { confirmation: "not-a-token" });
    expect(forged.status).toBe(400);
    expect(forged.body.field).toBe("confirmation");
    expect((await api("POST", `/api/v1/incidents/${incidentId}/cancel`, { reason: "演练结束" })).status).toBe(200);
  });

  it("lets exactly one of two confirmations of the same plan dispatch it", async () => {
    const api = l.api(dispatcher);
    const other = l.api(await l.login("dispatcher"));
    const incidentId = await newBurglary(api, "guard-5");
    expect((await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 2, routes: 400 })).status).toBe(201);
    const preview = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch-preview`, {});
    const send = (a: typeof api) =>
      a("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch`, { confirmation: preview.body.confirmation });
    const results = await Promise.all([send(api), send(other), send(api)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(["plan_changed", "unit_unavailable"]).toContain(r.body.code);
    const winner = results.find((r) => r.status === 200)!;
    const rows = await l.ctx.db.selectFrom("assignments").select("unit_id").where("incident_id", "=", incidentId).execute();
    expect(rows.map((r) => r.unit_id).sort()).toEqual([...winner.body.dispatched].sort());
    const dispatchedEvents = await l.ctx.db
      .selectFrom("events")
      .select("seq")
      .where("stream_id", "=", incidentId)
      .where("type", "=", "intercept.plan_dispatched")
      .execute();
    expect(dispatchedEvents).toHaveLength(1);
    expect((await api("POST", `/api/v1/incidents/${incidentId}/cancel`, { reason: "演练结束" })).status).toBe(200);
  });

  it("gives a unit posted to an intercept point its ETA to the point, and no arrival clock against the scene", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(api, "guard-6");
    const plan = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 2, routes: 400 });
    expect(plan.status).toBe(201);
    const sent = await confirmAndDispatch(api, incidentId);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const placed = plan.body.units.filter((u: any) => u.node !== null);
    const assignments = (await api("GET", `/api/v1/incidents/${incidentId}/assignments`)).body as any[];
    for (const u of placed) {
      const a = assignments.find((x) => x.unitId === u.unitId);
      expect(a.etaS).toBe(u.etaS);
      // Independently, the road engine's time from the unit to its point, not to the scene.
      const toPoint = l.ctx.travel.estimate([u.unitId], { lat: u.lat, lon: u.lon }).get(u.unitId)!.seconds!;
      expect(Math.abs(a.etaS - toPoint)).toBeLessThanOrEqual(2);
    }
    // A second burglary, its unit sent to the scene, as the control.
    const control = await newBurglary(api, "guard-6b");
    const free = (await api("GET", "/api/v1/units")).body.find((u: any) => u.status.baseType === "available" && u.position);
    expect((await api("POST", `/api/v1/incidents/${control}/dispatch`, { unitIds: [free.id] })).status).toBe(200);
    clock.advance(3 * 3600);
    await sweepOverdue(l.ctx);
    const flags = async (id: string) =>
      l.ctx.db.selectFrom("incidents").select(["arrival_overdue_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect((await flags(control)).arrival_overdue_at).not.toBeNull();
    expect((await flags(incidentId)).arrival_overdue_at).toBeNull();
    for (const id of [incidentId, control])
      expect((await api("POST", `/api/v1/incidents/${id}/cancel`, { reason: "演练结束" })).status).toBe(200);
  });
});
