/**
 * What a reader sees of an interception plan. The planner uses every available unit of the
 * city, but a station's dispatcher may see only the units of the station: the others appear as
 * capacity, a count per owning org, with no unit id, call sign, position or intercept point. The
 * same holds for every way a plan reaches a reader: the plan routes, the plan a sighting answers
 * with, one-click dispatch, and the `intercept.*` events on the live stream.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { warmTravelTimes } from "../src/dispatch/units.ts";
import { type LoadedRoads, loadTravelTimes } from "../src/geo/load.ts";
import { DEMO_BBOX } from "../src/geo/synthetic-city.ts";
import { seedInterceptDemo } from "../src/intercept/demo.ts";
import { confirmAndDispatch, newBurglary } from "./burglary.ts";
import { backends, type Lantern, ManualClock, startLantern } from "./harness.ts";
import { StreamClient } from "./stream-client.ts";

const KAIXUAN = "/hz/shangcheng/kaixuan/";

let roads: LoadedRoads | null = null;
/** The same smaller demo city as the other interception tests (cached between runs). */
function testRoads(): LoadedRoads {
  roads ??= loadTravelTimes({ dataDir: join(tmpdir(), "lantern-intercept-test-roads"), bbox: DEMO_BBOX, nodes: 8000, seed: 1 });
  return roads;
}

interface PlanUnit {
  unitId: string;
  label: string;
  node: number | null;
  lat: number | null;
  lon: number | null;
}

/** Every {lat, lon} pair in a JSON value, outside the suspect's own geometry (the escape cone and reachable areas). */
function positionsIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) positionsIn(x, out);
  else if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.lat === "number" && typeof o.lon === "number") out.push(`${o.lat},${o.lon}`);
    for (const [k, x] of Object.entries(o)) if (k !== "escapeCone" && k !== "isochrones") positionsIn(x, out);
  }
  return out;
}

describe.each(backends)("what a reader sees of an interception plan on %s", (backend) => {
  const clock = new ManualClock(Date.parse("2026-11-01T03:00:00.000Z"));
  let l: Lantern;
  let city: string;
  let station: string;
  /** Each unit's org path, as the units table has it. */
  let orgOf: Map<string, string>;

  beforeAll(async () => {
    l = await startLantern(backend, { clock });
    const r = testRoads();
    l.ctx.travel = r.travelTimes;
    l.ctx.roads = r.network.graph;
    await warmTravelTimes(l.ctx);
    await seedInterceptDemo(l.ctx);
    const made = await l.api(await l.login("admin"))("POST", "/api/v1/users", {
      username: "dispatcher-hubin",
      displayName: "凯旋派出所调度",
      password: "lantern-demo",
      role: "dispatcher",
      orgId: "kaixuan",
    });
    expect(made.status).toBe(201);
    city = await l.login("dispatcher");
    station = await l.login("dispatcher-hubin");
    const units = await l.ctx.db.selectFrom("units").select(["id", "org_path"]).execute();
    orgOf = new Map(units.map((u) => [u.id, u.org_path]));
  });
  afterAll(() => l?.close());

  /** The units of a full (city) plan that Kaixuan may not see, and what a Kaixuan reader must be told of them. */
  function split(units: PlanUnit[]) {
    const placed = units.filter((u) => u.node !== null);
    const hidden = placed.filter((u) => !orgOf.get(u.unitId)!.startsWith(KAIXUAN));
    const capacity = new Map<string, number>();
    for (const u of hidden) {
      const owner = orgOf.get(u.unitId)!.split("/").filter(Boolean).at(-1)!;
      capacity.set(owner, (capacity.get(owner) ?? 0) + 1);
    }
    const seen = units.filter((u) => orgOf.get(u.unitId)!.startsWith(KAIXUAN)).map((u) => u.unitId);
    return { placed, hidden, capacity, seen };
  }

  /** Nothing in `body` names or places a hidden unit: no id, no call sign, no position, no intercept point. */
  async function expectNoTraceOf(body: unknown, hidden: PlanUnit[]) {
    const text = JSON.stringify(body);
    const rows = await l.ctx.db
      .selectFrom("units")
      .select(["id", "callsign", "lat", "lon", "dest_lat", "dest_lon"])
      .where(
        "id",
        "in",
        hidden.map((u) => u.unitId),
      )
      .execute();
    const places = new Set(positionsIn(body));
    for (const u of hidden) {
      expect(text).not.toContain(`"${u.unitId}"`);
      expect(text).not.toContain(u.label);
      expect(places.has(`${u.lat},${u.lon}`), `intercept point of ${u.unitId}`).toBe(false);
    }
    for (const r of rows) {
      expect(text).not.toContain(r.callsign);
      expect(places.has(`${r.lat},${r.lon}`), `position of ${r.id}`).toBe(false);
      if (r.dest_lat !== null) expect(places.has(`${r.dest_lat},${r.dest_lon}`), `destination of ${r.id}`).toBe(false);
    }
  }

  const capacityOf = (body: { capacity?: { orgId: string; units: number }[] }) =>
    new Map((body.capacity ?? []).map((c) => [c.orgId, c.units]));

  it("shows a station dispatcher other areas' units as capacity per owning org, and the city every unit", async () => {
    const cityApi = l.api(city);
    const stationApi = l.api(station);
    const incidentId = await newBurglary(cityApi, "scope-1");
    // An old position for the units of Xihu: the plan's warnings name them.
    await l.ctx.db.updateTable("units").set({ avl_at: "2026-11-01T02:00:00.000Z" }).where("org_path", "like", "/hz/xihu/%").execute();
    const made = await cityApi("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 2, routes: 400 });
    expect(made.status).toBe(201);
    const full = made.body;
    const { placed, hidden, capacity, seen } = split(full.units);
    // The case this test is about: the plan sends units of another district.
    expect(hidden.some((u) => !orgOf.get(u.unitId)!.startsWith("/hz/shangcheng/"))).toBe(true);
    expect(full.warnings.some((w: { code: string }) => w.code === "stale_position")).toBe(true);

    // Kaixuan's dispatcher sees Kaixuan's units in full, and the others only as counts per owning org.
    const stationView = await stationApi("GET", `/api/v1/incidents/${incidentId}/intercept-plan`);
    expect(stationView.status).toBe(200);
    await expectNoTraceOf(stationView.body, hidden);
    expect(stationView.body.units.map((u: PlanUnit) => u.unitId)).toEqual(seen);
    expect(stationView.body.units).toEqual(full.units.filter((u: PlanUnit) => seen.includes(u.unitId)));
    expect(capacityOf(stationView.body)).toEqual(capacity);
    for (const c of stationView.body.capacity) {
      expect(Object.keys(c).sort()).toEqual(["kind", "nameEn", "nameZh", "orgId", "relation", "units"]);
      const expected = c.orgId === "shangcheng" ? "superior" : c.orgId === "zhalongkou" ? "other_station" : "other_district";
      expect(c.relation, c.orgId).toBe(expected);
    }
    const total =
      stationView.body.units.filter((u: PlanUnit) => u.node !== null).length + [...capacity.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(placed.length);
    // The city command centre sees every unit, with its point.
    const cityView = await cityApi("GET", `/api/v1/incidents/${incidentId}/intercept-plan`);
    expect(cityView.status).toBe(200);
    expect(cityView.body.units).toEqual(full.units);
    expect(cityView.body.capacity).toEqual([]);
    // The figures of the plan are the same for both readers.
    expect(stationView.body.probability).toEqual(full.probability);
    expect(stationView.body.summary).toEqual(full.summary);

    // A plan the station computes itself, and the plan a sighting answers with, are shown the same way.
    const own = await stationApi("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 3, routes: 300 });
    expect(own.status).toBe(201);
    const ownFull = (await cityApi("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(ownFull.id).toBe(own.body.id);
    await expectNoTraceOf(own.body, split(ownFull.units).hidden);
    expect(capacityOf(own.body)).toEqual(split(ownFull.units).capacity);
    clock.advance(60);
    const seenAt = await stationApi("POST", `/api/v1/incidents/${incidentId}/sightings`, { lat: 30.258, lon: 120.175 });
    expect(seenAt.status).toBe(201);
    const sightingFull = (await cityApi("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    expect(sightingFull.id).toBe(seenAt.body.plan.id);
    expect(split(sightingFull.units).hidden.length).toBeGreaterThan(0);
    await expectNoTraceOf(seenAt.body, split(sightingFull.units).hidden);
    expect(capacityOf(seenAt.body.plan)).toEqual(split(sightingFull.units).capacity);
  });

  it("lets a station dispatch only its own units, and says how many others the plan counts on", async () => {
    const cityApi = l.api(city);
    const stationApi = l.api(station);
    const incidentId = await newBurglary(cityApi, "scope-2");
    // Planned as the alarm goes off: the station's own patrols, next to the scene, can still get ahead of the car.
    const plan = await stationApi("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 0, routes: 400 });
    expect(plan.status).toBe(201);
    const full = (await cityApi("GET", `/api/v1/incidents/${incidentId}/intercept-plan`)).body;
    const { hidden, capacity } = split(full.units);
    expect(hidden.length).toBeGreaterThan(0);
    const own = plan.body.units.filter((u: PlanUnit) => u.node !== null).map((u: PlanUnit) => u.unitId);

    const sent = await confirmAndDispatch(stationApi, incidentId);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.dispatched.sort()).toEqual([...own].sort());
    expect(capacityOf({ capacity: sent.body.outsideArea })).toEqual(capacity);
    await expectNoTraceOf(sent.body, hidden);
    // The units of other areas stay where they are: their own command sends them.
    const after = await l.ctx.db
      .selectFrom("units")
      .select(["id", "incident_id"])
      .where(
        "id",
        "in",
        hidden.map((u) => u.unitId),
      )
      .execute();
    expect(after.every((u) => u.incident_id === null)).toBe(true);
    // Released again for the next case.
    expect((await cityApi("POST", `/api/v1/incidents/${incidentId}/cancel`, { reason: "演练结束" })).status).toBe(200);
  });

  it("puts no unit of another area into the intercept events a station receives", async () => {
    const cityApi = l.api(city);
    const cityStream = new StreamClient(l.url, city);
    const stationStream = new StreamClient(l.url, station);
    await Promise.all([cityStream.connect(), stationStream.connect()]);
    try {
      const incidentId = await newBurglary(cityApi, "scope-3");
      const plan = await cityApi("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 2, routes: 400 });
      expect(plan.status).toBe(201);
      const { placed, hidden, capacity } = split(plan.body.units);
      expect(hidden.length).toBeGreaterThan(0);
      const sent = await confirmAndDispatch(cityApi, incidentId);
      expect(sent.status).toBe(200);
      expect(sent.body.dispatched.length).toBe(placed.length);

      const interceptEvents = (s: StreamClient) => s.events.filter((e) => e.streamId === incidentId && e.type.startsWith("intercept."));
      const done = (s: StreamClient) => interceptEvents(s).some((e) => e.type === "intercept.plan_dispatched");
      await Promise.all([
        stationStream.until(() => done(stationStream), "the station's plan_dispatched"),
        cityStream.until(() => done(cityStream), "the city's plan_dispatched"),
      ]);

      const stationEvents = interceptEvents(stationStream);
      expect(stationEvents.map((e) => e.type)).toEqual(["intercept.plan_computed", "intercept.plan_dispatched"]);
      await expectNoTraceOf(stationEvents, hidden);
      // The event still says how many units went, and of which org, so the timeline can tell it.
      const dispatched = stationEvents[1].data as { units: { orgId: string }[] };
      expect(dispatched.units).toHaveLength(placed.length);
      const counted = new Map<string, number>();
      for (const u of dispatched.units.filter((x) => hidden.some((h) => orgOf.get(h.unitId)!.endsWith(`/${x.orgId}/`))))
        counted.set(u.orgId, (counted.get(u.orgId) ?? 0) + 1);
      expect(counted).toEqual(capacity);
      // The city receives the same events: the event log holds one version for every reader.
      expect(interceptEvents(cityStream).map((e) => e.data)).toEqual(stationEvents.map((e) => e.data));
    } finally {
      await Promise.all([cityStream.disconnect(), stationStream.disconnect()]);
    }
  });
});
