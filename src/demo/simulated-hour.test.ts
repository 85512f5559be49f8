/**
 * An hour of the simulated city as a dispatcher sees it: the whole simulator (calls, the fleet's
 * terminals, the follow-up desk) runs on virtual time over a generated road network, and the
 * figures are read back through the API, never from the simulator's own variables:
 * - units arrive after about the road ETA they were dispatched with (each assignment's dispatch
 *   and on-scene times against its `etaS`, as the incident's unit list shows them);
 * - idle units keep reporting, so at every simulated minute almost none is flagged stale (the
 *   unit board);
 * - the response figures come out near what the roads allow.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lantern, ManualClock, startLantern } from "../../test/harness.ts";
import { warmTravelTimes } from "../dispatch/units.ts";
import { loadTravelTimes } from "../geo/load.ts";
import { DEMO_BBOX } from "../geo/synthetic-city.ts";
import { seedGovernanceDemo } from "../governance/demo.ts";
import { runGovernanceSweep } from "../governance/start.ts";
import { FLEET } from "./simulate-fleet.ts";
import { VirtualTime } from "./simulate-time.ts";
import { startSimulator } from "./simulator.ts";

const HOUR_MS = 3600_000;
/** The server's governance sweep interval (CLOCK_SWEEP_S). */
const SWEEP_MS = 5_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe("a simulated hour", () => {
  const start = Date.parse("2026-11-02T08:00:00.000Z");
  const clock = new ManualClock(start);
  const time = new VirtualTime(clock);
  let l: Lantern;
  let token: string;
  /** Per simulated minute: idle units on the unit board, and how many of them were stale. */
  const minutes: { idle: number; stale: number; positioned: number }[] = [];
  /** The road ETA, at dispatch, of each incident's first unit on scene. */
  const firstEtas: number[] = [];
  const get = async (path: string) => {
    const r = await l.api(token)("GET", `/api/v1${path}`);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    l = await startLantern("sqlite", { clock });
    await seedGovernanceDemo(l.ctx, { centres: "staffed" });
    // A smaller network than the server's over the same box, generated here (and cached between runs).
    const roads = loadTravelTimes({ dataDir: join(tmpdir(), "lantern-simulator-test-roads"), bbox: DEMO_BBOX, nodes: 8000, seed: 1 });
    l.ctx.travel = roads.travelTimes;
    l.ctx.roads = roads.network.graph;
    await warmTravelTimes(l.ctx);
    token = await l.login("dispatcher");
    // What the server runs beside the simulator: the governance sweep; and the dispatcher glancing at the unit board.
    time.spawn(async () => {
      for (;;) {
        await time.wait(SWEEP_MS);
        await runGovernanceSweep(l.ctx);
      }
    });
    time.spawn(async () => {
      for (;;) {
        await time.wait(60_000);
        const units: any[] = await get("/units");
        const idle = units.filter((u) => u.status.baseType === "available");
        minutes.push({
          idle: idle.length,
          stale: idle.filter((u) => !u.position || u.position.stale).length,
          positioned: units.filter((u) => u.position).length,
        });
      }
    });
    // The demo's occasional lost signal (a garage, a tunnel) is switched off here, so a stale
    // flag at any minute can only mean a terminal that stopped reporting: the defect this hour guards.
    const stop = startSimulator(l.ctx, { seed: 20221101, time, fleet: { ...FLEET, signalLossPerUnitHour: 0 } });
    await time.runUntil(start + HOUR_MS);
    stop();
  }, 120_000);
  afterAll(async () => {
    await l?.close();
  });

  it("runs the hour without a failed step", () => {
    expect(time.failures.map((e) => (e instanceof Error ? e.message : String(e)))).toEqual([]);
    expect(minutes).toHaveLength(60);
  });

  it("brings units to the scene after about the road ETA they were dispatched with", async () => {
    const incidents: any[] = await get("/incidents?limit=1000");
    const ratios: number[] = [];
    for (const inc of incidents) {
      // The incident's assignments as the console shows them: dispatched and on-scene times, and the ETA at dispatch.
      const assignments: any[] = await get(`/incidents/${inc.id}/assignments`);
      for (const a of assignments)
        if (a.onSceneAt && a.etaS > 0) ratios.push((Date.parse(a.onSceneAt) - Date.parse(a.dispatchedAt)) / 1000 / a.etaS);
      const first = assignments.filter((a) => a.onSceneAt).sort((a, b) => Date.parse(a.onSceneAt) - Date.parse(b.onSceneAt))[0];
      if (first?.etaS > 0) firstEtas.push(first.etaS);
    }
    expect(ratios.length).toBeGreaterThan(40);
    const m = median(ratios);
    console.info(`simulated hour: ${ratios.length} arrivals, median arrival ÷ road ETA ${m.toFixed(3)}`);
    expect(m).toBeGreaterThan(0.8);
    expect(m).toBeLessThan(1.3);
    // A spread, not one fixed factor: some arrive well before the estimate and some well after.
    expect(ratios.some((r) => r < 0.9)).toBe(true);
    expect(ratios.some((r) => r > 1.2)).toBe(true);
  });

  it("keeps idle units reporting: under 5 % stale at every simulated minute", () => {
    expect(minutes.every((m) => m.positioned === minutes[0].positioned && m.idle > 0)).toBe(true);
    const shares = minutes.map((m) => m.stale / m.idle);
    console.info(
      `simulated hour: idle units per minute ${Math.min(...minutes.map((m) => m.idle))}–${Math.max(...minutes.map((m) => m.idle))}; stale share of idle units per minute: max ${(Math.max(...shares) * 100).toFixed(1)} %, mean ${((shares.reduce((a, b) => a + b, 0) / shares.length) * 100).toFixed(2)} %`,
    );
    for (const [i, s] of shares.entries()) expect(s, `minute ${i + 1}: ${minutes[i].stale} of ${minutes[i].idle}`).toBeLessThan(0.05);
  });

  it("gives response figures near what the roads allow", async () => {
    const { overall } = await get(`/analytics/response?groupBy=station&from=${new Date(start).toISOString()}`);
    const arrival = overall.withinTarget.arrival;
    console.info(
      `simulated hour: ${overall.incidents} incidents, average travel ${(overall.avgTravelS / 60).toFixed(1)} min, average arrival ${(overall.avgArrivalS / 60).toFixed(1)} min (p90 ${(overall.p90ArrivalS / 60).toFixed(1)}), on scene within target ${arrival.met}/${arrival.measured} = ${((arrival.share ?? 0) * 100).toFixed(0)} %`,
    );
    // Travel is what the road ETAs of the first units on scene said, give or take the spread.
    const etaS = firstEtas.reduce((a, b) => a + b, 0) / firstEtas.length;
    console.info(`simulated hour: average road ETA of the first unit on scene ${(etaS / 60).toFixed(1)} min`);
    expect(overall.avgTravelS / etaS).toBeGreaterThan(0.9);
    expect(overall.avgTravelS / etaS).toBeLessThan(1.3);
    expect(overall.avgArrivalS).toBeGreaterThan(overall.avgTravelS);
    expect(arrival.measured).toBeGreaterThan(20);
    expect(arrival.share).toBeLessThan(0.95);
  });
});
