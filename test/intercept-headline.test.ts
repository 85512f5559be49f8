/**
 * Ring check-and-control end to end, on each storage back end: an in-progress burglary becomes
 * (1) a watch order pushed to the checkpoints the suspects can reach, (2) an interception plan
 * with unit intercept points, dispatched in one call, and (3) a checkpoint hit that lands on the
 * incident's timeline and re-plans from the checkpoint. Then every bad input, each refused with
 * a problem naming the field and nothing written.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { warmTravelTimes } from "../src/dispatch/units.ts";
import { type LoadedRoads, loadTravelTimes } from "../src/geo/load.ts";
import { DEMO_BBOX } from "../src/geo/synthetic-city.ts";
import { DEMO_RINGS, seedInterceptDemo } from "../src/intercept/demo.ts";
import { runningPlans } from "../src/intercept/plans.ts";
import { confirmAndDispatch, newBurglary, SCENE } from "./burglary.ts";
import { backends, type Lantern, ManualClock, startLantern } from "./harness.ts";

let roads: LoadedRoads | null = null;
/** A smaller demo city than the server's (same box), cached between runs. */
function testRoads(): LoadedRoads {
  roads ??= loadTravelTimes({ dataDir: join(tmpdir(), "lantern-intercept-test-roads"), bbox: DEMO_BBOX, nodes: 8000, seed: 1 });
  return roads;
}

async function withRoads(l: Lantern): Promise<void> {
  const r = testRoads();
  l.ctx.travel = r.travelTimes;
  l.ctx.roads = r.network.graph;
  await warmTravelTimes(l.ctx);
  await seedInterceptDemo(l.ctx);
}

describe.each(backends)("ring check-and-control on %s", (backend) => {
  const t0 = Date.parse("2026-11-01T03:00:00.000Z");
  const clock = new ManualClock(t0);
  let l: Lantern;
  let dispatcher: string;
  let admin: string;

  beforeAll(async () => {
    l = await startLantern(backend, { clock });
    await withRoads(l);
    dispatcher = await l.login("dispatcher");
    admin = await l.login("admin");
  });
  afterAll(() => l?.close());

  it("seeds two nested demo rings with checkpoints on roads", async () => {
    const layer = await l.api(dispatcher)("GET", "/api/v1/intercept/layer");
    expect(layer.status).toBe(200);
    const rings = layer.body.features.filter((f: any) => f.properties.layer === "ring");
    const posts = layer.body.features.filter((f: any) => f.properties.layer === "checkpoint");
    expect(rings.map((r: any) => r.id).sort()).toEqual(DEMO_RINGS.map((r) => r.id).sort());
    expect(posts.length).toBeGreaterThanOrEqual(8);
    for (const p of posts) {
      const [lon, lat] = p.geometry.coordinates;
      // Independently of the seeding code: the road engine finds a road within a few metres.
      expect(l.ctx.travel.snapDistance({ lat, lon })).toBeLessThan(5);
    }
  });

  it("runs the headline case: watch order, plan, dispatch, checkpoint hit and re-plan", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(l.api(dispatcher), "headline-1");

    // (1) Two minutes after the alarm: a watch order to every checkpoint reachable within 5 more minutes.
    clock.advance(120);
    const orderBody = {
      plate: "浙A·12345",
      vehicle: "白色轿车",
      description: "两名男子，深色上衣，白色轿车向西逃离",
      reachable: { minutesSinceFlight: 2, horizonMinutes: 5 },
    };
    const order = await api("POST", `/api/v1/incidents/${incidentId}/watch-orders`, orderBody, { "Idempotency-Key": "wo-1" });
    expect(order.status).toBe(201);
    // A retry after a timeout gets the same order, not a second one.
    const retry = await api("POST", `/api/v1/incidents/${incidentId}/watch-orders`, orderBody, { "Idempotency-Key": "wo-1" });
    expect(retry.body.id).toBe(order.body.id);
    expect(await l.ctx.db.selectFrom("watch_orders").select("id").where("incident_id", "=", incidentId).execute()).toHaveLength(1);
    expect(order.body).toMatchObject({ status: "active", mode: "reachable", plate: "浙A·12345" });
    const pushed: string[] = order.body.checkpointIds;
    expect(pushed.length).toBeGreaterThan(0);
    // Independent check with the hierarchy router: pushed posts are within 7 min of the scene, others are not.
    const all = (await api("GET", "/api/v1/intercept/checkpoints")).body as any[];
    for (const c of all) {
      const route = l.ctx.travel.route(SCENE, { lat: c.lat, lon: c.lon });
      const s = route ? route.seconds : Number.POSITIVE_INFINITY;
      if (pushed.includes(c.id)) expect(s).toBeLessThanOrEqual(7 * 60 + 60);
      else expect(s).toBeGreaterThan(7 * 60 - 60);
    }
    expect(pushed.length).toBeLessThan(all.length);

    // (2) The plan: units with intercept points, an estimate with its interval, the escape cone.
    const plan = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 2, routes: 400 });
    expect(plan.status).toBe(201);
    const p = plan.body;
    expect(p.trigger).toBe("manual");
    expect(p.horizonMinutes).toBe(30);
    expect(p.probability.low).toBeLessThanOrEqual(p.probability.estimate);
    expect(p.probability.estimate).toBeLessThanOrEqual(p.probability.high);
    expect(p.probability.routes).toBe(400);
    expect(p.probability.estimate).toBeGreaterThan(0.2);
    expect(p.optimality.covered).toBeLessThanOrEqual(p.optimality.upperBound);
    expect(2 * p.optimality.covered).toBeGreaterThanOrEqual(p.optimality.greedyCovered);
    const placed = p.units.filter((u: any) => u.node !== null);
    expect(placed.length).toBeGreaterThan(3);
    for (const u of placed.slice(0, 6)) {
      // The ETA agrees with the road engine's own estimate from the unit's AVL position.
      const est = l.ctx.travel.estimate([u.unitId], { lat: u.lat, lon: u.lon }).get(u.unitId);
      expect(est?.seconds).not.toBeNull();
      expect(Math.abs((est!.seconds as number) - u.etaS)).toBeLessThanOrEqual(2);
      expect(u.etaS).toBeLessThanOrEqual(30 * 60);
      expect(u.slackS).toBeGreaterThanOrEqual(0);
    }
    const toActivateCount = p.checkpoints.filter((c: any) => c.state === "activate").length;
    expect(p.summary.en).toContain(`${placed.length} units to intercept points, ${toActivateCount} checkpoints to activate`);
    expect(p.summary["zh-CN"]).toContain(`${placed.length} 个警力前往拦截点`);
    expect(p.isochrones.map((i: any) => i.minutesFromNow)).toEqual([5, 10, 30]);
    expect(p.isochrones[0].polygon.coordinates.length).toBeGreaterThan(0);
    expect(p.escapeCone.features.length).toBeGreaterThan(10);
    const latest = await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`);
    expect(latest.body.id).toBe(p.id);

    // One click: units dispatched and pointed at their intercept points, checkpoints switched on.
    const sent = await confirmAndDispatch(api, incidentId);
    expect(sent.status).toBe(200);
    expect(sent.body.dispatched.sort()).toEqual(placed.map((u: any) => u.unitId).sort());
    const first = placed[0];
    const unit = await api("GET", `/api/v1/units/${first.unitId}`);
    expect(unit.body).toMatchObject({ incidentId, status: { code: "dispatched" }, destination: { lat: first.lat, lon: first.lon } });
    const toActivate = p.checkpoints.filter((c: any) => c.state === "activate").map((c: any) => c.checkpointId);
    const active = (await api("GET", "/api/v1/intercept/checkpoints?active=true")).body.map((c: any) => c.id);
    expect(active.sort()).toEqual(toActivate.sort());

    // (3) Eight minutes in, the first pushed post reports a hit: timeline updated, new plan from the post.
    clock.advance(360);
    const post = all.find((c) => c.id === pushed[0]);
    const hitBody = { checkpointId: post.id, kind: "hit", at: new Date(t0 + 7 * 60_000).toISOString(), note: "车辆闯卡，向北逃离" };
    const hit = await api("POST", `/api/v1/watch-orders/${order.body.id}/reports`, hitBody, { "Idempotency-Key": "hit-1" });
    expect(hit.status).toBe(201);
    const hitRetry = await api("POST", `/api/v1/watch-orders/${order.body.id}/reports`, hitBody, { "Idempotency-Key": "hit-1" });
    expect(hitRetry.body.report).toMatchObject({ id: hit.body.report.id, planId: hit.body.plan.id });
    expect(hit.body.replanError).toBeNull();
    expect(hit.body.plan.trigger).toBe("checkpoint_report");
    expect(hit.body.plan.minutesSinceFlight).toBeCloseTo(1, 5);
    expect(hit.body.plan.origin.snapMeters).toBeLessThan(5);
    expect(Math.abs(hit.body.plan.params.origin.lat - post.lat)).toBeLessThan(1e-9);
    // Units already sent are re-planned too (they are on this incident).
    expect(hit.body.plan.units.map((u: any) => u.unitId)).toEqual(expect.arrayContaining(placed.map((u: any) => u.unitId)));
    const again = await api("GET", `/api/v1/incidents/${incidentId}/intercept-plan`);
    expect(again.body.id).toBe(hit.body.plan.id);
    const timeline = (await api("GET", `/api/v1/incidents/${incidentId}/timeline`)).body as any[];
    const types = timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["watch_order.created", "intercept.plan_dispatched", "intercept.checkpoint_hit"]));
    expect(types.filter((t) => t === "intercept.plan_computed")).toHaveLength(2);
    const hitEvent = timeline.find((e) => e.type === "intercept.checkpoint_hit");
    expect(hitEvent.data).toMatchObject({ checkpointId: post.id, plate: "浙A·12345", lat: post.lat, lon: post.lon });

    // The order ends explicitly, and create, hit and lift are in the audit chain.
    const lifted = await api("POST", `/api/v1/watch-orders/${order.body.id}/lift`, { reason: "嫌疑车辆已截获" });
    expect(lifted.body.status).toBe("lifted");
    const again2 = await api("POST", `/api/v1/watch-orders/${order.body.id}/lift`, { reason: "twice" });
    expect(again2.status).toBe(409);
    const audit = await l.ctx.db
      .selectFrom("audit_log")
      .select(["action"])
      .where("subject_id", "=", order.body.id)
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["watch_order.create", "watch_order.hit", "watch_order.lift"]);
  });

  it("expires a watch order by time, with its audit entry", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(l.api(dispatcher), "expiry-1");
    const o = await api("POST", `/api/v1/incidents/${incidentId}/watch-orders`, {
      description: "摩托车，红色头盔",
      ringIds: ["core-ring"],
      expiresInMinutes: 10,
    });
    expect(o.status).toBe(201);
    const ringPosts = (await api("GET", "/api/v1/intercept/checkpoints?ringId=core-ring")).body.map((c: any) => c.id);
    expect(o.body.checkpointIds.sort()).toEqual(ringPosts.sort());
    clock.advance(11 * 60);
    const read = await api("GET", `/api/v1/watch-orders/${o.body.id}`);
    expect(read.body.status).toBe("expired");
    const late = await api("POST", `/api/v1/watch-orders/${o.body.id}/reports`, { checkpointId: ringPosts[0], kind: "pass_through" });
    expect(late.status).toBe(409);
    const audit = await l.ctx.db.selectFrom("audit_log").select(["action", "actor_id"]).where("subject_id", "=", o.body.id).execute();
    expect(audit).toEqual([
      { action: "watch_order.create", actor_id: expect.any(String) },
      { action: "watch_order.expire", actor_id: "system" },
    ]);
  });

  it("re-plans from a sighting, and switches checkpoints on and off by order", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(l.api(dispatcher), "sighting-1");
    // A first plan with a small sample; re-plans keep its parameters.
    expect((await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 0, routes: 200 })).status).toBe(201);
    clock.advance(300);
    const seen = { lat: 30.27, lon: 120.2 };
    const s = await api("POST", `/api/v1/incidents/${incidentId}/sightings`, {
      ...seen,
      at: new Date(clock.now().getTime() - 90_000).toISOString(),
      note: "群众目击白色轿车",
    });
    expect(s.status).toBe(201);
    expect(s.body.plan).toMatchObject({ trigger: "sighting", minutesSinceFlight: 1.5, params: { origin: seen, routes: 200 } });
    const types = (await api("GET", `/api/v1/incidents/${incidentId}/timeline`)).body.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(["intercept.sighting", "intercept.plan_computed"]));
    // A second sighting sent twice with one Idempotency-Key (a retry after a lost answer) is one sighting.
    const second = { lat: 30.268, lon: 120.195, at: new Date(clock.now().getTime() - 30_000).toISOString(), note: "再次目击" };
    const once = await api("POST", `/api/v1/incidents/${incidentId}/sightings`, second, { "Idempotency-Key": "sight-2" });
    const twice = await api("POST", `/api/v1/incidents/${incidentId}/sightings`, second, { "Idempotency-Key": "sight-2" });
    expect(once.status).toBe(201);
    expect(twice.status).toBe(201);
    expect(twice.body).toMatchObject({ replayed: true, plan: { id: once.body.plan.id } });
    const notes = (await api("GET", `/api/v1/incidents/${incidentId}/timeline`)).body
      .filter((e: any) => e.type === "intercept.sighting")
      .map((e: any) => e.data.note);
    expect(notes).toEqual(["群众目击白色轿车", "再次目击"]);
    // Two hours after flight in a city-sized graph, every modelled escape is over: the plan says so.
    const late = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 120, routes: 200 });
    expect(late.status).toBe(201);
    expect(late.body.warnings.map((w: any) => w.code)).toContain("escapes_already_over");
    expect(late.body.probability.estimate).toBe(0);
    const far = await api("POST", `/api/v1/incidents/${incidentId}/sightings`, { lat: 30.6, lon: 120.6 });
    expect(far.status).toBe(422);
    expect(far.body.field).toBe("lat");

    const posts = (await api("GET", "/api/v1/intercept/checkpoints?ringId=outer-ring")).body.map((c: any) => c.id).slice(0, 2);
    const on = await api("POST", "/api/v1/intercept/checkpoints/activation", { checkpointIds: posts, active: true, reason: "演练" });
    expect(on.body.map((c: any) => c.active)).toEqual([true, true]);
    const off = await api("POST", "/api/v1/intercept/checkpoints/activation", { checkpointIds: posts, active: false });
    expect(off.body.map((c: any) => c.active)).toEqual([false, false]);
    const missing = await api("POST", "/api/v1/intercept/checkpoints/activation", { checkpointIds: [posts[0], "nope"], active: true });
    expect(missing.status).toBe(404);
    expect(missing.body.field).toBe("checkpointIds/1");
    expect((await api("GET", `/api/v1/intercept/checkpoints?active=true&ringId=outer-ring`)).body.map((c: any) => c.id)).not.toContain(
      posts[0],
    );
  });

  it("keeps one plan computation per incident: a newer request cancels the running one", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(l.api(dispatcher), "concurrent-1");
    const before = await l.ctx.db.selectFrom("intercept_plans").select("id").where("incident_id", "=", incidentId).execute();
    const slow = api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 1, routes: 4000 });
    // Wait for the first computation to be registered as running (real state, not a timer).
    while (runningPlans(l.ctx, incidentId) === 0) await new Promise((r) => setImmediate(r));
    const fast = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, { minutesSinceFlight: 1, routes: 200 });
    const old = await slow;
    expect(fast.status).toBe(201);
    expect(old.status).toBe(409);
    expect(old.body).toMatchObject({ code: "plan_superseded", field: "incident" });
    expect(runningPlans(l.ctx, incidentId)).toBe(0);
    const after = await l.ctx.db.selectFrom("intercept_plans").select("id").where("incident_id", "=", incidentId).execute();
    expect(after.length - before.length).toBe(1);
  });

  it("refuses bad input with a problem naming the field, and writes nothing", async () => {
    const api = l.api(dispatcher);
    const adminApi = l.api(admin);
    const incidentId = await newBurglary(l.api(dispatcher), "bad-1");
    const count = async () => {
      const [plans, runs, rings, cps, events] = await Promise.all([
        l.ctx.db.selectFrom("intercept_plans").select("id").execute(),
        l.ctx.db.selectFrom("intercept_plan_runs").select("token").execute(),
        l.ctx.db.selectFrom("intercept_rings").select("id").execute(),
        l.ctx.db.selectFrom("intercept_checkpoints").select("id").execute(),
        l.ctx.db.selectFrom("events").select("seq").execute(),
      ]);
      return [plans.length, runs.length, rings.length, cps.length, events.length];
    };
    const start = await count();
    const plan = (body: unknown) => api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, body);

    const outside = await plan({ minutesSinceFlight: 3, origin: { lat: 30.6, lon: 120.6 } });
    expect(outside.status).toBe(422);
    expect(outside.body).toMatchObject({ code: "intercept_off_network", field: "origin" });
    expect(outside.body.titles.en).toMatch(/from the nearest road|not near the road network/);
    expect(outside.body.titles["zh-CN"]).toMatch(/^origin 不在路网上：\(30\.6, 120\.6\) 距最近道路 \d+ 米，上限为 500 米$/);
    for (const [h, status] of [
      [0, 400],
      [721, 400],
      [-5, 400],
    ] as const) {
      const r = await plan({ minutesSinceFlight: 3, horizonMinutes: h });
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ code: "validation", field: "horizonMinutes" });
    }
    expect((await plan({ minutesSinceFlight: 3, speedFactor: 0 })).body.field).toBe("speedFactor");
    expect((await plan({ minutesSinceFlight: -1 })).body.field).toBe("minutesSinceFlight");

    const off = await adminApi("POST", "/api/v1/intercept/checkpoints", { nameZh: "湖心卡点", kind: "adhoc", lat: 30.6, lon: 120.6 });
    expect(off.status).toBe(422);
    expect(off.body).toMatchObject({ code: "intercept_off_network", field: "lat" });

    const ring = (coords: number[][], level = "standby") =>
      adminApi("POST", "/api/v1/intercept/rings", { nameZh: "测试圈", level, polygon: [coords] });
    const bowtie = await ring([
      [120.1, 30.22],
      [120.2, 30.3],
      [120.2, 30.22],
      [120.1, 30.3],
      [120.1, 30.22],
    ]);
    expect(bowtie.status).toBe(400);
    expect(bowtie.body).toMatchObject({ code: "validation", field: "polygon" });
    expect(bowtie.body.titles.en).toMatch(/intersects itself/);
    expect(bowtie.body.titles["zh-CN"]).toMatch(/边界自相交/);
    const open = await ring([
      [120.1, 30.22],
      [120.2, 30.22],
      [120.2, 30.3],
    ]);
    expect(open.status).toBe(400);
    expect(open.body.field).toBe("polygon");
    // Crosses the core ring's boundary at the same level.
    const square = [
      [120.16, 30.25],
      [120.25, 30.25],
      [120.25, 30.3],
      [120.16, 30.3],
      [120.16, 30.25],
    ];
    const overlap = await ring(square);
    expect(overlap.status).toBe(409);
    expect(overlap.body).toMatchObject({ code: "ring_overlap", field: "polygon" });
    expect(await count()).toEqual(start);

    // Allowed: the same square at another level, and a ring nested inside the core ring.
    expect((await ring(square, "event")).status).toBe(201);
    const nested = await ring([
      [120.155, 30.265],
      [120.165, 30.265],
      [120.165, 30.275],
      [120.155, 30.275],
      [120.155, 30.265],
    ]);
    expect(nested.status).toBe(201);
    // Raising the nested ring to the event level would make it cross the event square: refused, unchanged.
    const raise = await adminApi("PATCH", `/api/v1/intercept/rings/${nested.body.id}`, { level: "event" });
    expect(raise.status).toBe(409);
    expect(raise.body).toMatchObject({ code: "ring_overlap", field: "polygon" });
    const rings = (await adminApi("GET", "/api/v1/intercept/rings")).body as any[];
    expect(rings.find((r) => r.id === nested.body.id)).toMatchObject({ level: "standby", version: 1 });

    // No available units: a checkpoints-only plan that says so.
    await l.ctx.db.updateTable("units").set({ status: "off_duty" }).where("incident_id", "is", null).execute();
    const lonely = await plan({ minutesSinceFlight: 3, routes: 300 });
    expect(lonely.status).toBe(201);
    expect(lonely.body.units).toEqual([]);
    expect(lonely.body.warnings.map((w: any) => w.code)).toContain("no_available_units");
    expect(lonely.body.checkpoints.length).toBeGreaterThan(0);
  });

  it("dispatches a plan all or nothing, and once per Idempotency-Key", async () => {
    const api = l.api(dispatcher);
    // The units the previous case sent off duty come back.
    await l.ctx.db.updateTable("units").set({ status: "available" }).where("status", "=", "off_duty").execute();
    const incidentId = await newBurglary(l.api(dispatcher), "atomic-1");
    const plan = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, {
      minutesSinceFlight: 0,
      routes: 200,
      speedFactor: 1.5,
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const placed = plan.body.units.filter((u: any) => u.node !== null);
    expect(placed.length).toBeGreaterThan(1);

    // The dispatcher opens the confirmation screen; meanwhile another sends the plan's last unit elsewhere.
    const preview = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch-preview`, {});
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const other = await newBurglary(l.api(dispatcher), "atomic-2");
    const taken = placed[placed.length - 1];
    expect((await api("POST", `/api/v1/incidents/${other}/dispatch`, { unitIds: [taken.unitId] })).status).toBe(200);
    const snapshot = async () => ({
      events: Number(
        (
          await l.ctx.db
            .selectFrom("events")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      assignments: await l.ctx.db.selectFrom("assignments").select("unit_id").where("incident_id", "=", incidentId).execute(),
      active: (await l.ctx.db.selectFrom("intercept_checkpoints").select("id").where("active", "=", 1).orderBy("id").execute()).map(
        (r) => r.id,
      ),
      units: await l.ctx.db
        .selectFrom("units")
        .select(["id", "status", "incident_id", "dest_lat", "dest_lon", "version"])
        .where(
          "id",
          "in",
          placed.map((u: any) => u.unitId),
        )
        .orderBy("id")
        .execute(),
    });
    const before = await snapshot();
    const refused = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch`, {
      confirmation: preview.body.confirmation,
    });
    expect(refused.status).toBe(409);
    // The refusal names the unit that changed since the confirmation, in the reader's language.
    expect(refused.body).toMatchObject({
      code: "plan_changed",
      field: "confirmation",
      changes: [{ unitId: taken.unitId, callsign: taken.label, change: "no_longer_available" }],
    });
    expect(refused.body.detail).toContain(taken.label);
    // Nothing moved: no unit dispatched, no destination set, no checkpoint switched on, no event.
    expect(await snapshot()).toEqual(before);

    // Re-planned without that unit, the plan goes out once, however often the click is retried.
    const again = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, {
      minutesSinceFlight: 0,
      routes: 200,
      speedFactor: 1.5,
    });
    expect(again.status).toBe(201);
    expect(again.body.units.map((u: any) => u.unitId)).not.toContain(taken.unitId);
    const key = { "Idempotency-Key": "plan-dispatch-1" };
    const sent = await confirmAndDispatch(api, incidentId, {}, key);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // The later plan is the one sent, although both were made at the same instant (a manual clock).
    expect(again.body.createdAt).toBe(plan.body.createdAt);
    expect(again.body.seq).toBe(plan.body.seq + 1);
    expect(sent.body.planId).toBe(again.body.id);
    const afterFirst = await snapshot();
    expect(afterFirst.assignments.length).toBe(sent.body.dispatched.length);
    const retried = await api(
      "POST",
      `/api/v1/incidents/${incidentId}/intercept-plan/dispatch`,
      { confirmation: sent.preview.confirmation },
      key,
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(sent.body);
    expect(await snapshot()).toEqual(afterFirst);
    // The same key for a different request is refused rather than replayed.
    const mismatch = await api(
      "POST",
      `/api/v1/incidents/${incidentId}/intercept-plan/dispatch`,
      { activateCheckpoints: false, confirmation: sent.preview.confirmation },
      key,
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe("idempotency_mismatch");
  });

  it("counts a reachable watch order from the last known position when one is given", async () => {
    const api = l.api(dispatcher);
    const incidentId = await newBurglary(l.api(dispatcher), "reach-from-1");
    const order = (reachable: object, key: string) =>
      api(
        "POST",
        `/api/v1/incidents/${incidentId}/watch-orders`,
        { description: "白色轿车", reachable: { minutesSinceFlight: 0, horizonMinutes: 4, ...reachable } },
        { "Idempotency-Key": key },
      );
    const all = (await api("GET", "/api/v1/intercept/checkpoints")).body as any[];
    // Seen at a checkpoint far from the scene: the reach is counted from there.
    const far = all.reduce((a, c) =>
      Math.hypot(c.lat - SCENE.lat, c.lon - SCENE.lon) > Math.hypot(a.lat - SCENE.lat, a.lon - SCENE.lon) ? c : a,
    );
    const fromScene = await order({}, "reach-scene");
    const fromSighting = await order({ origin: { lat: far.lat, lon: far.lon } }, "reach-far");
    expect(fromScene.status).toBe(201);
    expect(fromSighting.status).toBe(201);
    expect(fromSighting.body.checkpointIds).toContain(far.id);
    expect(fromScene.body.checkpointIds).not.toContain(far.id);
    // Independently: every post pushed from the sighting is within the horizon of it by road.
    for (const id of fromSighting.body.checkpointIds) {
      const c = all.find((x) => x.id === id);
      expect(l.ctx.travel.route({ lat: far.lat, lon: far.lon }, { lat: c.lat, lon: c.lon })!.seconds).toBeLessThanOrEqual(4 * 60 + 60);
    }
    // A position off the map or off the roads is refused, naming it, and nothing is written.
    const before = (await api("GET", `/api/v1/watch-orders?incidentId=${incidentId}`)).body.length;
    const bad = await order({ origin: { lat: 95, lon: 120 } }, "reach-bad-1");
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("reachable.origin.lat");
    const offRoad = await order({ origin: { lat: 30.9, lon: 121.9 } }, "reach-bad-2");
    expect(offRoad.status).toBe(422);
    expect(offRoad.body).toMatchObject({ code: "intercept_off_network", field: "reachable.origin" });
    expect((await api("GET", `/api/v1/watch-orders?incidentId=${incidentId}`)).body.length).toBe(before);
  });

  it("leaves out a post with nobody to staff it, and says so", async () => {
    const api = l.api(dispatcher);
    // With every patrol off duty the plan can only close the ring with fixed posts (on the real
    // road graph the patrols alone catch most routes, and a post that adds little is not opened).
    await l.ctx.db.updateTable("units").set({ status: "off_duty" }).where("status", "=", "available").execute();
    const incidentId = await newBurglary(l.api(dispatcher), "unstaffed-1");
    const body = { minutesSinceFlight: 2, routes: 400 };
    const first = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, body);
    expect(first.status).toBe(201);
    const wanted = first.body.checkpoints.find((c: any) => c.state === "activate");
    expect(wanted, "the plan opens at least one post").toBeDefined();
    const cp = (await api("GET", "/api/v1/intercept/checkpoints")).body.find((c: any) => c.id === wanted.checkpointId);
    expect((await l.api(admin)("PATCH", `/api/v1/intercept/checkpoints/${cp.id}`, { staffing: 0 })).status).toBe(200);
    try {
      const again = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan`, body);
      expect(again.status).toBe(201);
      expect(again.body.checkpoints.map((c: any) => c.checkpointId)).not.toContain(cp.id);
      const warning = again.body.warnings.filter((w: any) => w.code === "checkpoint_unstaffed");
      expect(warning.map((w: any) => w.detail)).toContain(
        `checkpoint ${cp.nameZh} has no staff assigned; it cannot be opened and was left out`,
      );
    } finally {
      await l.api(admin)("PATCH", `/api/v1/intercept/checkpoints/${cp.id}`, { staffing: cp.staffing });
      await l.ctx.db.updateTable("units").set({ status: "available" }).where("status", "=", "off_duty").execute();
    }
  });

  it("lets checkpoint staff from another station report, and re-plans in the incident's area", async () => {
    const api = l.api(dispatcher);
    await l.ctx.db.updateTable("units").set({ status: "available" }).where("status", "=", "off_duty").execute();
    const incidentId = await newBurglary(l.api(dispatcher), "outer-post-1");
    const post = (await api("GET", "/api/v1/intercept/checkpoints?ringId=outer-ring")).body[0];
    const order = await api("POST", `/api/v1/incidents/${incidentId}/watch-orders`, { description: "白色轿车", checkpointIds: [post.id] });
    expect(order.status).toBe(201);
    // An officer of Xixi station, outside the Kaixuan incident's area, staffing the outer-ring post.
    const officer = l.api(await l.login("officer-xixi-p1"));
    expect((await officer("GET", "/api/v1/intercept/checkpoints")).status).toBe(200);
    expect((await officer("GET", `/api/v1/incidents/${incidentId}`)).status).toBe(403);
    const r = await officer("POST", `/api/v1/watch-orders/${order.body.id}/reports`, {
      checkpointId: post.id,
      kind: "pass_through",
      note: "白色轿车未停车通过",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.replanError).toBeNull();
    expect(r.body.plan).toMatchObject({ trigger: "checkpoint_report", params: { origin: { lat: post.lat, lon: post.lon } } });
  });
});
