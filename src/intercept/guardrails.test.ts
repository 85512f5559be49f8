/**
 * The planner's guardrails on a generated city: the reserve held per station, units below the
 * marginal-gain threshold left out (and what that costs, bounded), and a plan refused when every
 * unit is in reserve.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type LoadedRoads, loadTravelTimes } from "../geo/load.ts";
import { DEMO_BBOX } from "../geo/synthetic-city.ts";
import { holdReserve, type PlanInput, PlannerInputError, type PlanUnitInput, planInterception } from "./planner.ts";

let roads: LoadedRoads;
beforeAll(() => {
  roads = loadTravelTimes({ dataDir: join(tmpdir(), "lantern-intercept-test-roads"), bbox: DEMO_BBOX, nodes: 8000, seed: 1 });
});

const ORIGIN = { lat: 30.255, lon: 120.17 };

/** `n` units per station at graph nodes spread around the origin, deterministic. */
function units(stations: string[], n: number, spreadDeg = 0.03): PlanUnitInput[] {
  const g = roads.network.graph;
  const out: PlanUnitInput[] = [];
  stations.forEach((st, s) => {
    for (let i = 0; i < n; i++) {
      const angle = ((s * n + i) * 2.399) % (2 * Math.PI);
      const r = spreadDeg * (0.2 + (0.8 * ((s * n + i) % 7)) / 7);
      const at = roads.network.snap({ lat: ORIGIN.lat + r * Math.sin(angle), lon: ORIGIN.lon + r * Math.cos(angle) })!;
      const v = g.target[at.edge];
      out.push({ id: `${st}-${i}`, label: `${st.toUpperCase()}-${i}`, lat: g.lat[v], lon: g.lon[v], stationId: st });
    }
  });
  return out;
}

const base = (u: PlanUnitInput[], more: Partial<PlanInput> = {}): PlanInput => ({
  network: roads.network,
  origin: ORIGIN,
  minutesSinceFlight: 2,
  horizonMinutes: 30,
  speedFactor: 1,
  units: u,
  checkpoints: [],
  maxActivations: 0,
  routes: 300,
  isochrones: false,
  ...more,
});

describe("the reserve per station", () => {
  it("holds back the units farthest from the incident, per station, never one already on the incident", () => {
    const u = units(["a", "b", "c"], 3);
    u[0].onIncident = true;
    const { free, reserved } = holdReserve(u, 1, ORIGIN);
    expect(reserved).toHaveLength(3);
    expect(free).toHaveLength(6);
    expect(reserved).not.toContain(u[0]);
    const d = (x: PlanUnitInput) => Math.hypot(x.lat - ORIGIN.lat, (x.lon - ORIGIN.lon) * Math.cos((ORIGIN.lat * Math.PI) / 180));
    for (const st of ["a", "b", "c"]) {
      const mine = u.filter((x) => x.stationId === st && !x.onIncident);
      const held = reserved.filter((x) => x.stationId === st);
      expect(held).toHaveLength(1);
      expect(d(held[0])).toBe(Math.max(...mine.map(d)));
    }
    expect(holdReserve(u, 0, ORIGIN)).toEqual({ free: u, reserved: [] });
  });

  it("never places a reserved unit, and lists it with its reason", async () => {
    const u = units(["a", "b", "c"], 4);
    const r = await planInterception(base(u, { reservePerStation: 2 }));
    const held = r.units.filter((x) => x.leftOut === "held_in_reserve");
    expect(held).toHaveLength(6);
    for (const x of held) expect(x).toMatchObject({ node: null, etaS: null, reason: { code: "held_in_reserve", params: { reserve: 2 } } });
    expect(r.guardrails).toMatchObject({ reservePerStation: 2, reserved: 6 });
    expect(r.summary.params.reserved).toBe(6);
  });

  it("refuses to plan when every available unit is in reserve", async () => {
    const u = units(["a", "b", "c"], 1);
    const err = await planInterception(base(u, { reservePerStation: 1 })).catch((e) => e);
    expect(err).toBeInstanceOf(PlannerInputError);
    expect(err).toMatchObject({ field: "reservePerStation", kind: "beyond_reserve", reason: { code: "nothing_beyond_reserve" } });
    // With no unit at all the plan is the checkpoints' alone, as before.
    const none = await planInterception(base([], { reservePerStation: 1 }));
    expect(none.warnings.map((w) => w.code)).toContain("no_available_units");
  });

  it("refuses a reserve or a threshold out of range, naming the field", async () => {
    for (const [more, field] of [
      [{ reservePerStation: 11 }, "reservePerStation"],
      [{ reservePerStation: 1.5 }, "reservePerStation"],
      [{ minGain: 0.6 }, "minGain"],
      [{ minGain: Number.NaN }, "minGain"],
    ] as const) {
      await expect(planInterception(base(units(["a"], 2), more))).rejects.toMatchObject({ field, kind: "validation" });
    }
  });
});

describe("the marginal-gain threshold", () => {
  it("leaves out units that add little, and loses less than that on the planning sample", async () => {
    // Many units crowded near the scene: several add almost nothing the others do not cover.
    const u = units(["a", "b"], 12, 0.012);
    const loose = await planInterception(base(u, { minGain: 0 }));
    const strict = await planInterception(base(u, { minGain: 0.03 }));
    const placed = (r: typeof loose) => r.units.filter((x) => x.node !== null).length;
    expect(loose.guardrails.belowMinGain).toBe(0);
    expect(strict.guardrails.belowMinGain).toBeGreaterThan(0);
    expect(placed(strict)).toBe(placed(loose) - strict.guardrails.belowMinGain);
    const dropped = strict.units.filter((x) => x.leftOut === "below_min_gain");
    expect(dropped).toHaveLength(strict.guardrails.belowMinGain);
    for (const x of dropped) {
      expect(x.reason?.code).toBe("below_min_gain");
      const p = x.reason?.params as { gain: number; min: number };
      expect(p.gain).toBeLessThan(0.03);
      expect(p.min).toBe(0.03);
    }
    // Each unit taken out stopped fewer than 3 % of the routes on its own: the loss is bounded by that.
    expect(loose.inSampleShare - strict.inSampleShare).toBeLessThan(0.03 * dropped.length + 1e-9);
    expect(loose.inSampleShare - strict.inSampleShare).toBeGreaterThanOrEqual(0);
  });
});
