import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { graphFromSpec, randomGraphSpec } from "../geo/test-graphs.ts";
import { type CoverageInstance, optimiseCoverage } from "./coverage.ts";
import { simulateEscapes } from "./escape.ts";
import { buildOccurrences, clusteredInterval, interceptedEstimate, wilson } from "./planner.ts";

const INF = Number.POSITIVE_INFINITY;

/** All-pairs shortest times by Floyd–Warshall: an independent reference for the searches. */
function floyd(n: number, edges: [number, number, number][]): Float64Array {
  const d = new Float64Array(n * n).fill(INF);
  for (let v = 0; v < n; v++) d[v * n + v] = 0;
  for (const [u, v, w] of edges) if (w < d[u * n + v]) d[u * n + v] = w;
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (d[i * n + k] + d[k * n + j] < d[i * n + j]) d[i * n + j] = d[i * n + k] + d[k * n + j];
  return d;
}

const scenario = fc.record({
  spec: randomGraphSpec(9),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  unitStarts: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 0, maxLength: 2 }),
  checkpoints: fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4000 }), fc.boolean()), { maxLength: 3 }),
  maxActivations: fc.integer({ min: 0, max: 2 }),
  elapsedMs: fc.integer({ min: 0, max: 3000 }),
  horizonMs: fc.integer({ min: 500, max: 15_000 }),
  speed: fc.constantFrom(0.5, 1, 1.5),
});

describe("escape routes and the coverage optimiser against brute force", () => {
  it("routes follow real edges at the suspect's speed, and the plan is within the proven bounds of the optimum", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const n = s.spec.nodes;
        const g = graphFromSpec(s.spec);
        const edges: [number, number, number][] = [];
        for (let u = 0; u < n; u++) for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) edges.push([u, g.target[e], g.weight[e]]);
        const fw = floyd(n, edges);
        const cps = s.checkpoints.map(([node, act, active]) => ({ node: node % n, ready: s.elapsedMs + act, active }));
        const limitMs = s.elapsedMs + s.horizonMs;
        const routes = await simulateEscapes(
          {
            graph: g,
            weights: g.weight,
            originNodes: [0],
            originOffsets: [0],
            speedFactor: s.speed,
            startMs: s.elapsedMs,
            limitMs,
            exits: cps.map((c) => c.node),
          },
          { routes: 12, trees: 3, noiseSigma: 0.35, exitShare: 0.3, seed: s.seed },
        );

        // Every route is a real path, timed at free flow ÷ speed, never faster than the shortest path.
        for (let r = 0; r < routes.count; r++) {
          for (let i = routes.first[r]; i < routes.first[r + 1]; i++) {
            const v = routes.node[i];
            const t = routes.time[i];
            expect(t).toBeGreaterThanOrEqual(s.elapsedMs);
            expect(t).toBeLessThanOrEqual(limitMs + 1e-6);
            expect(t).toBeGreaterThanOrEqual(fw[v] / s.speed - 1e-6);
            if (i > routes.first[r]) {
              const u = routes.node[i - 1];
              const dt = t - routes.time[i - 1];
              expect(edges.some(([a, b, w]) => a === u && b === v && Math.abs(w / s.speed - dt) < 1e-6)).toBe(true);
            }
          }
        }

        // The instance, with unit times from Floyd–Warshall.
        const candOf = new Int32Array(n).fill(-1);
        const candNode: number[] = [];
        const addCand = (v: number) => {
          if (candOf[v] < 0) {
            candOf[v] = candNode.length;
            candNode.push(v);
          }
        };
        for (const v of routes.node) addCand(v);
        for (const c of cps) addCand(c.node);
        const C = candNode.length;
        const U = s.unitStarts.length;
        const unitTime = new Float64Array(U * C);
        for (let u = 0; u < U; u++)
          for (let c = 0; c < C; c++) {
            const d = fw[(s.unitStarts[u] % n) * n + candNode[c]];
            unitTime[u * C + c] = d <= s.horizonMs ? s.elapsedMs + d : INF;
          }
        const inst: CoverageInstance = {
          routeCount: routes.count,
          candidateCount: C,
          ...buildOccurrences(routes, candOf, C),
          unitCount: U,
          unitTime,
          checkpointCandidate: Int32Array.from(cps.map((c) => candOf[c.node])),
          checkpointReady: Float64Array.from(cps.map((c) => (c.active ? s.elapsedMs : c.ready))),
          checkpointActive: Uint8Array.from(cps.map((c) => (c.active ? 1 : 0))),
          maxActivations: s.maxActivations,
        };
        const sol = await optimiseCoverage(inst);

        // Naive coverage, straight from the route lists.
        const covers = (choice: number[], on: boolean[]) => {
          let k = 0;
          for (let r = 0; r < routes.count; r++) {
            let hit = false;
            for (let i = routes.first[r]; i < routes.first[r + 1] && !hit; i++) {
              const v = routes.node[i];
              const t = routes.time[i];
              for (let u = 0; u < U && !hit; u++)
                if (choice[u] >= 0 && candNode[choice[u]] === v && unitTime[u * C + choice[u]] <= t) hit = true;
              for (let j = 0; j < cps.length && !hit; j++) if (on[j] && cps[j].node === v && inst.checkpointReady[j] <= t) hit = true;
            }
            if (hit) k++;
          }
          return k;
        };
        // Brute force over every unit placement and every allowed set of activations.
        const inactive = cps.map((c, j) => (c.active ? -1 : j)).filter((j) => j >= 0);
        let opt = 0;
        const choice = new Array(U).fill(-1);
        const place = (u: number) => {
          if (u === U) {
            for (let mask = 0; mask < 1 << inactive.length; mask++) {
              let bits = 0;
              for (let b = mask; b; b &= b - 1) bits++;
              if (bits > s.maxActivations) continue;
              const on = cps.map((c, j) => c.active || (inactive.includes(j) && (mask & (1 << inactive.indexOf(j))) !== 0));
              opt = Math.max(opt, covers(choice, on));
            }
            return;
          }
          for (let c = -1; c < C; c++) {
            if (c >= 0 && unitTime[u * C + c] === INF) continue;
            choice[u] = c;
            place(u + 1);
          }
          choice[u] = -1;
        };
        place(0);

        const on = Array.from(sol.checkpointOn, (x) => x === 1);
        expect(sol.covered).toBe(covers(Array.from(sol.unitChoice), on));
        expect(sol.covered).toBeLessThanOrEqual(opt);
        expect(2 * sol.covered).toBeGreaterThanOrEqual(opt);
        expect(sol.upperBound).toBeGreaterThanOrEqual(opt);
        expect(sol.greedyCovered).toBeLessThanOrEqual(sol.covered);
        cps.forEach((c, j) => {
          if (c.active) expect(on[j]).toBe(true);
        });
        expect(cps.filter((c, j) => !c.active && on[j]).length).toBeLessThanOrEqual(s.maxActivations);
      }),
      { numRuns: 200 },
    );
  });
});

describe("wilson", () => {
  it("matches the textbook 95 % interval", () => {
    const w = wilson(50, 100);
    expect(w.low).toBeCloseTo(0.4038, 3);
    expect(w.high).toBeCloseTo(0.5962, 3);
    const zero = wilson(0, 1000);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.00383, 4);
  });
});

describe("evaluation on an independent sample", () => {
  it("counts intercepted routes exactly and never reports a narrower interval than Wilson's", async () => {
    await fc.assert(
      fc.asyncProperty(
        randomGraphSpec(12),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 8000 })), { maxLength: 4 }),
        async (spec, seed, posts) => {
          const g = graphFromSpec(spec);
          const routes = await simulateEscapes(
            { graph: g, weights: g.weight, originNodes: [0], originOffsets: [0], speedFactor: 1, startMs: 0, limitMs: 10_000, exits: [] },
            { routes: 40, trees: 5, noiseSigma: 0.35, exitShare: 0.3, seed },
          );
          const readyAt = new Float64Array(g.nodeCount).fill(INF);
          for (const [v, t] of posts) if (v < g.nodeCount) readyAt[v] = Math.min(readyAt[v], t);
          let naive = 0;
          for (let r = 0; r < routes.count; r++) {
            const nodes = Array.from(routes.node.subarray(routes.first[r], routes.first[r + 1]));
            const times = Array.from(routes.time.subarray(routes.first[r], routes.first[r + 1]));
            if (nodes.some((v, i) => readyAt[v] <= times[i])) naive++;
          }
          const e = interceptedEstimate(routes, readyAt);
          expect(e.intercepted).toBe(naive);
          expect(e.routes).toBe(40);
          const w = wilson(naive, 40);
          expect(e.low).toBeLessThanOrEqual(w.low + 1e-12);
          expect(e.high).toBeGreaterThanOrEqual(w.high - 1e-12);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("widens the interval when clusters disagree", () => {
    // Same pooled 50 %, but trees split 0 % / 100 %: the cluster-robust interval must be wider.
    const split = clusteredInterval([0, 0, 50, 50], [50, 50, 50, 50]);
    const even = clusteredInterval([25, 25, 25, 25], [50, 50, 50, 50]);
    expect(split.estimate).toBe(0.5);
    expect(split.high - split.low).toBeGreaterThan(even.high - even.low);
    expect(even.low).toBeCloseTo(wilson(100, 200).low, 12);
  });
});
