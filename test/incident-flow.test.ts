/**
 * The whole life of an in-progress burglary over HTTP, on each storage back end: create →
 * recommendation with explanations → one-call dispatch of the response plan → officers step
 * through acknowledge, en route, on scene, clear → close with a disposition. Time is driven by a
 * manual clock so every timestamp and response-target figure can be checked exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, type Lantern, ManualClock, startLantern } from "./harness.ts";

describe.each(backends)("incident flow on %s", (backend) => {
  const t0 = Date.parse("2026-11-01T03:00:00.000Z");
  const clock = new ManualClock(t0);
  let l: Lantern;
  let dispatcher: string;

  beforeAll(async () => {
    l = await startLantern(backend, { clock });
    dispatcher = await l.login("dispatcher");
  });
  afterAll(() => l?.close());

  it("takes an in-progress burglary from the call to the close", async () => {
    const api = l.api(dispatcher);
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();

    // The call rang at t0; the call-taker committed it 30 s later.
    clock.advance(30);
    const created = await api(
      "POST",
      "/api/v1/incidents",
      {
        channel: "call_110",
        categoryCode: "alarm.burglary",
        priority: "in_progress",
        caller: { name: "罗先生", phone: "13800001234" },
        location: { lat: 30.2898, lon: 120.1874, address: "上城区凯旋路 1 号" },
        narrative: "红外入侵报警，疑似两人入室",
        receivedAt: at(0),
      },
      { "Idempotency-Key": "flow-1" },
    );
    expect(created.status).toBe(201);
    const inc = created.body;
    expect(inc.status).toBe("new");
    expect(inc.number).toMatch(/^J20261101\d{6}$/);
    expect(inc.location).toMatchObject({ zoneId: "kaixuan-z1", stationId: "kaixuan", districtId: "shangcheng", areaType: "core" });
    expect(inc.caller).toEqual({ name: "罗**", phone: "*******1234", masked: true });
    expect(inc.times).toMatchObject({ receivedAt: at(0), createdAt: at(30) });

    // Recommendation: the headline plan — station, 巡特警 and 刑侦 — each explained.
    const rec = await api("GET", `/api/v1/incidents/${inc.id}/recommendation`);
    expect(rec.status).toBe(200);
    expect(rec.body.requirements.map((r: { unitType: string }) => r.unitType)).toEqual([
      "station_car",
      "swat_patrol",
      "criminal_investigation",
    ]);
    for (const r of rec.body.requirements) {
      expect(r.missing).toBe(0);
      expect(r.chosen).toHaveLength(1);
      const c = r.chosen[0];
      expect(c.etaS).toBeGreaterThan(0);
      expect(c.avlAgeS).toBeGreaterThanOrEqual(0);
      expect(c.reason.zh).toContain("分");
      expect(c.reason.en).toMatch(/min/);
      // Every alternative arrives no sooner than the one chosen.
      for (const alt of r.alternatives) expect(alt.etaS).toBeGreaterThanOrEqual(c.etaS);
    }
    expect(rec.body.travelMethod).toBe("straight_line");
    expect(rec.body.warnings.map((w: { code: string }) => w.code)).toContain("straight_line");
    const planUnits: string[] = rec.body.unitIds;
    // The three plan lines, and ahead of them the nearest street unit (就近先行), sent first:
    // once only, when it is also a line's choice.
    expect(planUnits).toHaveLength(rec.body.firstResponder.onPlanLine === null ? 4 : 3);
    expect(planUnits[0]).toBe(rec.body.firstResponder.candidate.unitId);

    // One click dispatches the whole plan, 50 s after the call rang.
    clock.advance(20);
    const sent = await api("POST", `/api/v1/incidents/${inc.id}/dispatch`, {});
    expect(sent.status).toBe(200);
    expect(sent.body.incident.status).toBe("dispatched");
    expect(sent.body.incident.times.firstDispatchedAt).toBe(at(50));
    expect(sent.body.assignments.map((a: { unitId: string }) => a.unitId).sort()).toEqual([...planUnits].sort());
    for (const a of sent.body.assignments) expect(a).toMatchObject({ status: "dispatched", dispatchedAt: at(50) });

    // Each officer moves his own unit through the steps, from his own session.
    const steps: [string, number][] = [
      ["acknowledged", 10],
      ["en_route", 5],
      ["on_scene", 85],
    ];
    const officerTokens = new Map<string, string>();
    for (const unitId of planUnits) officerTokens.set(unitId, await l.login(`officer-${unitId}`));
    let t = 50;
    const first = planUnits[0];
    for (const [status, dt] of steps) {
      clock.advance(dt);
      t += dt;
      const r = await l.api(officerTokens.get(first)!)("POST", `/api/v1/incidents/${inc.id}/units/${first}/status`, {
        status,
        fix: { lat: 30.2898, lon: 120.1874 },
      });
      expect(r.status).toBe(200);
      expect(r.body.assignment.status).toBe(status);
    }
    // First unit on scene at 150 s: the core-area 3-minute arrival target is met.
    let detail = await api("GET", `/api/v1/incidents/${inc.id}`);
    expect(detail.body.status).toBe("on_scene");
    expect(detail.body.times.firstOnSceneAt).toBe(at(150));
    // The other three arrive later and everyone clears at 30 min.
    for (const unitId of planUnits.slice(1)) {
      const o = l.api(officerTokens.get(unitId)!);
      clock.advance(30);
      expect((await o("POST", `/api/v1/incidents/${inc.id}/units/${unitId}/status`, { status: "en_route" })).status).toBe(200);
      clock.advance(60);
      expect((await o("POST", `/api/v1/incidents/${inc.id}/units/${unitId}/status`, { status: "on_scene" })).status).toBe(200);
    }
    clock.advance(1800 - (t + 90 * (planUnits.length - 1)));
    for (const unitId of planUnits) {
      const r = await l.api(officerTokens.get(unitId)!)("POST", `/api/v1/incidents/${inc.id}/units/${unitId}/status`, {
        status: "cleared",
      });
      expect(r.status).toBe(200);
    }
    detail = await api("GET", `/api/v1/incidents/${inc.id}`);
    expect(detail.body.status).toBe("cleared");
    expect(detail.body.times.clearedAt).toBe(at(1800));

    // Every timestamp of every assignment.
    const asg = await api("GET", `/api/v1/incidents/${inc.id}/assignments`);
    const byUnit = new Map(asg.body.map((a: { unitId: string }) => [a.unitId, a]));
    expect(byUnit.get(first)).toMatchObject({
      status: "cleared",
      dispatchedAt: at(50),
      acknowledgedAt: at(60),
      enRouteAt: at(65),
      onSceneAt: at(150),
      clearedAt: at(1800),
    });
    expect(byUnit.get(planUnits[1])).toMatchObject({ enRouteAt: at(180), onSceneAt: at(240), acknowledgedAt: null });
    expect(byUnit.get(planUnits[2])).toMatchObject({ enRouteAt: at(270), onSceneAt: at(330), clearedAt: at(1800) });

    // Units are free again.
    const units = await api("GET", "/api/v1/units");
    for (const u of units.body.filter((x: { id: string }) => planUnits.includes(x.id))) {
      expect(u.status.code).toBe("available");
      expect(u.incidentId).toBeNull();
    }

    // The response-target figures.
    const fig = await api("GET", `/api/v1/incidents/${inc.id}/figures`);
    expect(fig.body).toMatchObject({ callProcessingS: 30, timeToDispatchS: 50, travelS: 100, arrivalS: 150 });
    expect(fig.body.targets.dispatch).toMatchObject({ minutes: 1, met: true, overdue: false });
    expect(fig.body.targets.arrival).toMatchObject({ minutes: 3, met: true, deadline: at(180) });

    // Close with a disposition (反馈类别).
    clock.advance(60);
    const closed = await api("POST", `/api/v1/incidents/${inc.id}/close`, { disposition: "case_filed", note: "两名嫌疑人已抓获" });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");
    expect(closed.body.disposition).toMatchObject({ code: "case_filed", nameZh: "受案/立案", note: "两名嫌疑人已抓获" });
    expect(closed.body.times.closedAt).toBe(at(1860));

    // The timeline is the event log, in order.
    const tl = await api("GET", `/api/v1/incidents/${inc.id}/timeline`);
    const types: string[] = tl.body.map((e: { type: string }) => e.type);
    expect(types[0]).toBe("incident.created");
    expect(types.filter((x) => x === "assignment.dispatched")).toHaveLength(planUnits.length);
    expect(types.filter((x) => x === "assignment.on_scene")).toHaveLength(planUnits.length);
    expect(types.filter((x) => x === "assignment.cleared")).toHaveLength(planUnits.length);
    const statusMoves = tl.body
      .filter((e: { type: string }) => e.type === "incident.status_changed")
      .map((e: { data: { to: string } }) => e.data.to);
    expect(statusMoves).toEqual(["dispatched", "on_scene", "cleared", "closed"]);
    const seqs = tl.body.map((e: { seq: number }) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    // Per-zone figures count it within target.
    const zone = await api("GET", "/api/v1/analytics/response?groupBy=zone");
    const z = zone.body.groups.find((g: { key: string }) => g.key === "kaixuan-z1");
    expect(z).toMatchObject({ incidents: 1, avgArrivalS: 150, avgTimeToDispatchS: 50, avgCallProcessingS: 30, avgTravelS: 100 });
    expect(z.withinTarget.arrival).toEqual({ measured: 1, met: 1, share: 1 });
    expect(zone.body.referenceArrivalS).toBe(240);
  });

  it("marks an undispatched urgent incident overdue once, live and in its timeline", async () => {
    const api = l.api(dispatcher);
    const created = await api("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "alarm.fight",
      location: { lat: 30.3, lon: 120.2 },
    });
    expect(created.status).toBe(201);
    const heard: string[] = [];
    const off = l.ctx.bus.subscribe((e) => {
      if (e.streamId === created.body.id) heard.push(e.type);
    });
    const { sweepOverdue } = await import("../src/dispatch/clocks.ts");
    expect(await sweepOverdue(l.ctx)).toBe(0);
    clock.advance(61);
    expect(await sweepOverdue(l.ctx)).toBe(1);
    expect(await sweepOverdue(l.ctx)).toBe(0);
    off();
    expect(heard).toEqual(["incident.target_overdue"]);
    const fig = await api("GET", `/api/v1/incidents/${created.body.id}/figures`);
    expect(fig.body.targets.dispatch.overdue).toBe(true);
    const tl = await api("GET", `/api/v1/incidents/${created.body.id}/timeline`);
    expect(tl.body.map((e: { type: string }) => e.type)).toEqual(["incident.created", "incident.target_overdue"]);
  });

  it("shows the caller only for a reason, and audits the read in a chain", async () => {
    const api = l.api(dispatcher);
    const created = await api("POST", "/api/v1/incidents", {
      channel: "call_110",
      categoryCode: "help.medical",
      caller: { name: "张三", phone: "13912345678" },
      location: { lat: 30.3, lon: 120.2 },
    });
    const noReason = await api("GET", `/api/v1/incidents/${created.body.id}/caller`);
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe("reason");
    const ok = await api("GET", `/api/v1/incidents/${created.body.id}/caller?reason=${encodeURIComponent("联系报警人核实地址")}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ name: "张三", phone: "13912345678" });
    const auditor = l.api(await l.login("auditor"));
    const audit = await auditor("GET", "/api/v1/audit");
    expect(audit.status).toBe(200);
    expect(audit.body.chain).toEqual({ intact: true, brokenAt: null });
    expect(audit.body.entries[0]).toMatchObject({ action: "caller.read", subject_id: created.body.id, reason: "联系报警人核实地址" });
  });
});
