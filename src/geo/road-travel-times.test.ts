import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { haversineMeters, type LatLon } from "../platform/geodesy.ts";
import { contract } from "./ch.ts";
import { largestComponent } from "./components.ts";
import { Dijkstra } from "./dijkstra.ts";
import { buildGraph } from "./graph.ts";
import { isochrone } from "./isochrone.ts";
import { loadTravelTimes } from "./load.ts";
import { RoadNetwork } from "./road-network.ts";
import { RoadTravelTimes } from "./road-travel-times.ts";
import { OutOfRangeError } from "./snap.ts";
import { syntheticCity } from "./synthetic-city.ts";

const dir = mkdtempSync(join(tmpdir(), "roads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A (30.25,120.15) ↔ B (30.25,120.16) two-way 100 s; B → C (30.26,120.16) 50 s; C → A 50 s. */
function triangle(): RoadNetwork {
  const g = buildGraph(
    { ids: [1, 2, 3], lat: [30.25, 30.25, 30.26], lon: [120.15, 120.16, 120.16] },
    { from: [0, 1, 1, 2], to: [1, 0, 2, 0], weightMs: [100_000, 100_000, 50_000, 50_000], lengthM: [962, 962, 1112, 1470] },
  );
  return new RoadNetwork(g, contract(g));
}

const BBOX = { minLat: 30.2, maxLat: 30.24, minLon: 120.1, maxLon: 120.15 };
const city = (() => {
  const { graph } = largestComponent(syntheticCity({ bbox: BBOX, nodes: 2500, seed: 3 }));
  return { graph, ch: contract(graph) };
})();

/** Expected seconds by plain Dijkstra on the given weights, from the unit's place to the target's. */
function expectedSeconds(net: RoadNetwork, from: LatLon, to: LatLon): number | null {
  const a = net.snap(from);
  const b = net.snap(to);
  if (!a || !b) return null;
  const origin = net.origin(a);
  const dest = net.destination(b);
  const d = new Dijkstra(net.graph);
  d.run(origin.nodes, origin.offsets, { weights: net.weights });
  let best = net.sameRoadMs(a, b);
  for (let i = 0; i < dest.nodes.length; i++) best = Math.min(best, d.dist[dest.nodes[i]] + dest.offsets[i]);
  return best === Number.POSITIVE_INFINITY ? null : best / 1000;
}

const point = fc.record({
  lat: fc.double({ min: BBOX.minLat, max: BBOX.maxLat, noNaN: true }),
  lon: fc.double({ min: BBOX.minLon, max: BBOX.maxLon, noNaN: true }),
});

describe("RoadTravelTimes on a hand-made triangle", () => {
  it("counts the partial edges at both ends", () => {
    const tt = new RoadTravelTimes(triangle());
    tt.setOrigin("a", { lat: 30.25, lon: 120.1525 }); // 25 % along A–B
    tt.setOrigin("b", { lat: 30.25, lon: 120.1575 }); // 75 % along A–B
    tt.setOrigin("c", { lat: 30.2575, lon: 120.16 }); // 75 % along the one-way B→C
    expect(tt.estimate(["a"], { lat: 30.25, lon: 120.1575 }).get("a")?.seconds).toBeCloseTo(50, 3);
    expect(tt.estimate(["b"], { lat: 30.25, lon: 120.1525 }).get("b")?.seconds).toBeCloseTo(50, 3);
    // Against the one-way: around the loop, 12.5 + 50 + 100 + 12.5 s.
    expect(tt.estimate(["c"], { lat: 30.2525, lon: 120.16 }).get("c")?.seconds).toBeCloseTo(175, 3);
    const r = tt.route({ lat: 30.2575, lon: 120.16 }, { lat: 30.2525, lon: 120.16 });
    expect(r?.seconds).toBeCloseTo(175, 3);
    expect(r?.coordinates[0]).toEqual([120.16, 30.2575]);
    expect(r?.coordinates.at(-1)).toEqual([120.16, 30.2525]);
    expect(r?.coordinates).toContainEqual([120.15, 30.25]);
  });

  it("reports unreachable as null, never 0 or Infinity, and closures take effect at once", () => {
    const net = triangle();
    const tt = new RoadTravelTimes(net);
    tt.setOrigin("a", { lat: 30.25, lon: 120.1525 });
    const target = { lat: 30.2525, lon: 120.16 };
    expect(tt.estimate(["a"], target).get("a")?.seconds).toBeCloseTo(75 + 12.5, 3);
    net.closeEdges([2]); // B→C: the only way onto the target's road
    const est = tt.estimate(["a"], target).get("a");
    expect(est?.seconds).toBeNull();
    expect(JSON.stringify(est)).not.toMatch(/Infinity|"seconds":0/);
    net.reopenEdges([2]);
    expect(tt.estimate(["a"], target).get("a")?.seconds).toBeCloseTo(87.5, 3);
    net.slowEdges([2], 3);
    expect(tt.estimate(["a"], target).get("a")?.seconds).toBeCloseTo(75 + 37.5, 3);
  });

  it("rejects impossible coordinates and reports far-away points", () => {
    const tt = new RoadTravelTimes(triangle());
    expect(() => tt.snapDistance({ lat: 91, lon: 0 })).toThrow(OutOfRangeError);
    expect(() => tt.estimate([], { lat: 0, lon: 181 })).toThrow(/out of range/);
    expect(() => tt.setOrigin("x", { lat: Number.NaN, lon: 0 })).toThrow(OutOfRangeError);
    // 50 km due south of A: the nearest road point is A itself.
    const far = { lat: 30.25 - 50_000 / 111_195, lon: 120.15 };
    const d = tt.snapDistance(far) as number;
    expect(d).toBeGreaterThan(49_000);
    expect(Math.abs(d - haversineMeters(far, { lat: 30.25, lon: 120.15 }))).toBeLessThan(500);
    tt.setOrigin("far", far);
    expect(tt.estimate(["far"], { lat: 30.25, lon: 120.155 }).get("far")?.snapMeters).toBeGreaterThan(49_000);
  });
});

describe("RoadTravelTimes on a synthetic city", () => {
  it("snaps to the nearest segment (checked by brute force)", () => {
    const net = new RoadNetwork(city.graph, city.ch);
    const g = city.graph;
    fc.assert(
      fc.property(point, (p) => {
        const snap = net.snap(p);
        const cos = Math.cos((p.lat * Math.PI) / 180);
        let best = Number.POSITIVE_INFINITY;
        for (let u = 0; u < g.nodeCount; u++) {
          for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
            const v = g.target[e];
            const ax = g.lon[u] * cos;
            const bx = g.lon[v] * cos;
            const dx = bx - ax;
            const dy = g.lat[v] - g.lat[u];
            const t = Math.max(0, Math.min(1, ((p.lon * cos - ax) * dx + (p.lat - g.lat[u]) * dy) / (dx * dx + dy * dy || 1)));
            best = Math.min(best, Math.hypot(ax + t * dx - p.lon * cos, g.lat[u] + t * dy - p.lat) * 111_320);
          }
        }
        expect(snap?.distanceM).toBeCloseTo(best, 3);
      }),
      { numRuns: 30 },
    );
  });

  it("estimate equals Dijkstra for moving units, before and during closures", () => {
    const net = new RoadNetwork(city.graph, city.ch);
    const tt = new RoadTravelTimes(net);
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 12 }), point, fc.boolean(), point, (units, target, close, closeAt) => {
        net.clearChanges();
        const ids = units.map((_, i) => `u${i}`);
        // Units are placed before the closure, so their kept searches must take it on.
        for (const [i, p] of units.entries()) tt.setOrigin(ids[i], p);
        if (close) net.closeEdges(net.edgesNear(closeAt, 400));
        if (close) net.closeEdges(net.edgesNear(target, 150));
        const got = tt.estimate(ids, target);
        for (let i = 0; i < units.length; i++) {
          const expected = expectedSeconds(net, units[i], target);
          const seconds = got.get(ids[i])?.seconds ?? null;
          if (expected === null) expect(seconds).toBeNull();
          else expect(seconds).toBeCloseTo(expected, 6);
        }
        // route() agrees with estimate() for the first unit.
        const r = tt.route(units[0], target);
        const first = got.get(ids[0])?.seconds ?? null;
        if (first === null) expect(r).toBeNull();
        else expect(r?.seconds).toBeCloseTo(first, 6);
        for (const id of ids) tt.removeOrigin(id);
        expect(tt.estimate(ids, target).size).toBe(0);
      }),
      { numRuns: 40 },
    );
    net.clearChanges();
  });

  it("a closure on a unit's own way, away from the incident, reaches the unit's kept search", () => {
    const net = new RoadNetwork(city.graph, city.ch);
    const tt = new RoadTravelTimes(net);
    const from = { lat: 30.205, lon: 120.105 };
    const to = { lat: 30.235, lon: 120.145 };
    tt.setOrigin("u", from);
    const before = tt.estimate(["u"], to).get("u")?.seconds as number;
    const origin = net.origin(net.snap(from) as NonNullable<ReturnType<RoadNetwork["snap"]>>);
    const dest = net.destination(net.snap(to) as NonNullable<ReturnType<RoadNetwork["snap"]>>);
    const path = net.route(origin, dest)?.edges ?? [];
    expect(path.length).toBeGreaterThan(10);
    // Close a stretch of the unit's current best route near the unit, both directions.
    const closed = path
      .slice(2, 6)
      .flatMap((e) => [e, net.snapper.twinOf(e)])
      .filter((e) => e >= 0);
    net.closeEdges(closed);
    const after = tt.estimate(["u"], to).get("u")?.seconds as number;
    expect(after).toBeCloseTo(expectedSeconds(net, from, to) as number, 6);
    expect(after).toBeGreaterThan(before);
    net.clearChanges();
    expect(tt.estimate(["u"], to).get("u")?.seconds).toBeCloseTo(before, 6);
  });

  it("isochrone node set equals the Dijkstra ball, with a closed outline around the start", () => {
    const net = new RoadNetwork(city.graph, city.ch);
    const at = { lat: 30.22, lon: 120.125 };
    const iso = isochrone(net, at, 3);
    if (!iso) throw new Error("no isochrone");
    const snap = net.snap(at);
    if (!snap) throw new Error("no snap");
    const origin = net.origin(snap);
    const d = new Dijkstra(city.graph);
    d.run(origin.nodes, origin.offsets);
    const expected = [...Array(city.graph.nodeCount).keys()].filter((v) => d.dist[v] <= 180_000);
    expect([...iso.nodes].sort((a, b) => a - b)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(city.graph.nodeCount);
    for (const poly of iso.polygon.coordinates) expect(poly[0][0]).toEqual(poly[0][poly[0].length - 1]);
    const inside = iso.polygon.coordinates.some(([ring]) => {
      const xs = ring.map((c) => c[0]);
      const ys = ring.map((c) => c[1]);
      return Math.min(...xs) <= snap.lon && snap.lon <= Math.max(...xs) && Math.min(...ys) <= snap.lat && snap.lat <= Math.max(...ys);
    });
    expect(inside).toBe(true);
  });
});

describe("loadTravelTimes", () => {
  it("builds the demo city once, then starts from the cached graph file", () => {
    const options = { dataDir: dir, nodes: 1500, bbox: BBOX, seed: 5 };
    const first = loadTravelTimes(options);
    expect(first.origin.endsWith(".lgr")).toBe(true);
    const second = loadTravelTimes(options);
    expect(second.origin).toBe(first.origin);
    const a = first.travelTimes;
    const b = second.travelTimes;
    a.setOrigin("u", { lat: 30.21, lon: 120.11 });
    b.setOrigin("u", { lat: 30.21, lon: 120.11 });
    const target = { lat: 30.23, lon: 120.14 };
    expect(b.estimate(["u"], target).get("u")?.seconds).toBe(a.estimate(["u"], target).get("u")?.seconds);
    expect(a.method).toBe("road");
  });

  it("refuses a graph file that is not one", () => {
    expect(() => loadTravelTimes({ graphFile: join(dir, "nope.lgr") })).toThrow(/cannot read graph file/);
  });
});

describe("travelTimeMatrix", () => {
  it("equals pairwise Dijkstra, with and without closures", async () => {
    const { travelTimeMatrix } = await import("./matrix.ts");
    const net = new RoadNetwork(city.graph, city.ch);
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 5 }),
        fc.array(point, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (from, to, close) => {
          net.clearChanges();
          if (close) net.closeEdges(net.edgesNear(to[0], 500));
          const m = travelTimeMatrix(net, from, to);
          from.forEach((a, i) => {
            to.forEach((b, j) => {
              const expected = expectedSeconds(net, a, b);
              if (expected === null) expect(m[i][j]).toBeNull();
              else expect(m[i][j]).toBeCloseTo(expected, 6);
            });
          });
        },
      ),
      { numRuns: 15 },
    );
    net.clearChanges();
  });
});
