import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contract } from "./ch.ts";
import { HierarchyRouter, SourceBuckets } from "./ch-query.ts";
import { Dijkstra } from "./dijkstra.ts";
import { IndexedMinHeap } from "./heap.ts";
import { graphFromSpec, randomGraphSpec } from "./test-graphs.ts";

describe("IndexedMinHeap", () => {
  it("pops keys in sorted order with decrease-key", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 49 }), fc.integer({ min: 0, max: 1000 }))), (ops) => {
        const heap = new IndexedMinHeap(50);
        const best = new Map<number, number>();
        for (const [id, key] of ops) {
          heap.push(id, key);
          best.set(id, Math.min(best.get(id) ?? Number.POSITIVE_INFINITY, key));
        }
        const popped: number[] = [];
        while (heap.length > 0) {
          const key = heap.peekKey();
          const id = heap.pop();
          expect(best.get(id)).toBe(key);
          popped.push(key);
        }
        expect(popped).toEqual([...best.values()].sort((a, b) => a - b));
      }),
    );
  });
});

describe("contraction hierarchy", () => {
  it("answers every pair exactly like Dijkstra on random graphs (one-way, parallel, disconnected)", () => {
    fc.assert(
      fc.property(randomGraphSpec(), fc.integer({ min: 1, max: 400 }), (spec, settleLimit) => {
        const g = graphFromSpec(spec);
        // Tiny witness limits force extra shortcuts; answers must stay exact regardless.
        const ch = contract(g, { simulateSettleLimit: Math.max(1, settleLimit >> 3), contractSettleLimit: settleLimit });
        const router = new HierarchyRouter(ch);
        const dijkstra = new Dijkstra(g);
        for (let s = 0; s < g.nodeCount; s++) {
          dijkstra.run([s], null);
          for (let t = 0; t < g.nodeCount; t++) {
            const hit = router.query([s], null, [t], null, true);
            const expected = dijkstra.dist[t];
            if (expected === Number.POSITIVE_INFINITY) {
              expect(hit).toBeNull();
              continue;
            }
            expect(hit?.ms).toBe(expected);
            // The unpacked path is a real chain of edges from s to t with exactly that weight.
            let at = s;
            let sum = 0;
            for (const e of hit?.edges ?? []) {
              expect(g.firstOut[at] <= e && e < g.firstOut[at + 1]).toBe(true);
              sum += g.weight[e];
              at = g.target[e];
            }
            expect(at).toBe(t);
            expect(sum).toBe(expected);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("bucket one-to-many equals a backward Dijkstra, also after sources move", () => {
    fc.assert(
      fc.property(
        randomGraphSpec(),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 300 })), { minLength: 1, maxLength: 60 }),
        (spec, moves) => {
          const g = graphFromSpec(spec);
          const ch = contract(g);
          // A tiny pool forces the grow and compaction paths.
          const buckets = new SourceBuckets(ch, 4);
          const dijkstra = new Dijkstra(g);
          const units = 5;
          const place = new Int32Array(units).fill(-1);
          const offset = new Float64Array(units);
          const out = new Float64Array(units);
          for (const [u, node, off] of moves) {
            const slot = u % units;
            place[slot] = node % g.nodeCount;
            offset[slot] = off;
            buckets.set(slot, [place[slot]], [off]);
            const target = (node * 7 + 3) % g.nodeCount;
            buckets.query([target], null, out);
            dijkstra.run([target], null, { backward: true });
            for (let k = 0; k < units; k++) {
              const expected = place[k] < 0 || k >= buckets.slotCount ? Number.POSITIVE_INFINITY : dijkstra.dist[place[k]] + offset[k];
              expect(k < out.length ? out[k] : Number.POSITIVE_INFINITY).toBe(expected);
            }
          }
          buckets.remove(0);
          buckets.query([0], null, out);
          expect(out[0]).toBe(Number.POSITIVE_INFINITY);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps buckets right through many moves that grow and compact the pool", () => {
    const spec = { nodes: 40, edges: [] as [number, number, number, boolean][] };
    for (let i = 0; i < 39; i++) spec.edges.push([i, i + 1, 10 + i, i % 5 === 0]);
    for (let i = 0; i < 39; i += 5) spec.edges.push([i + 1, i, 7, true]);
    const g = graphFromSpec(spec);
    const buckets = new SourceBuckets(contract(g), 4);
    const dijkstra = new Dijkstra(g);
    const out = new Float64Array(6);
    const place = new Int32Array(6);
    for (let q = 0; q < 400; q++) {
      const slot = q % 6;
      place[slot] = (q * 7 + (q >> 3)) % 40;
      buckets.set(slot, [place[slot]], null);
      const target = (q * 13) % 40;
      buckets.query([target], null, out);
      dijkstra.run([target], null, { backward: true });
      for (let k = 0; k < 6 && q >= 5; k++) expect(out[k]).toBe(dijkstra.dist[place[k]]);
    }
  });

  it("handles multiple seeds with offsets on both ends", () => {
    fc.assert(
      fc.property(randomGraphSpec(25), fc.nat(), fc.nat(), fc.nat(100), fc.nat(100), (spec, a, b, oa, ob) => {
        const g = graphFromSpec(spec);
        const ch = contract(g);
        const router = new HierarchyRouter(ch);
        const d = new Dijkstra(g);
        const sources = [a % g.nodeCount, (a + 1) % g.nodeCount];
        const targets = [b % g.nodeCount, (b + 3) % g.nodeCount];
        d.run(sources, [oa, ob]);
        const expected = Math.min(d.dist[targets[0]] + ob, d.dist[targets[1]] + oa);
        const hit = router.query(sources, [oa, ob], targets, [ob, oa]);
        expect(hit ? hit.ms : Number.POSITIVE_INFINITY).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});
