/** Random graphs for property tests: one-way streets, parallel edges and disconnected parts. */
import fc from "fast-check";
import { buildGraph, type RoadGraph } from "./graph.ts";

export interface RandomGraphSpec {
  nodes: number;
  edges: [number, number, number, boolean][];
}

/** n nodes in a small box; edges (u, v, weightMs, oneWay). Some nodes get no edges at all. */
export const randomGraphSpec = (maxNodes = 40): fc.Arbitrary<RandomGraphSpec> =>
  fc.integer({ min: 2, max: maxNodes }).chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      edges: fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: nodes - 1 }),
          fc.integer({ min: 0, max: nodes - 1 }),
          fc.integer({ min: 0, max: 5000 }),
          fc.boolean(),
        ),
        { minLength: 0, maxLength: nodes * 3 },
      ),
    }),
  );

export function graphFromSpec(spec: RandomGraphSpec): RoadGraph {
  const lat: number[] = [];
  const lon: number[] = [];
  const ids: number[] = [];
  for (let i = 0; i < spec.nodes; i++) {
    ids.push(1000 + i);
    lat.push(30.2 + (i % 7) * 0.001);
    lon.push(120.1 + Math.floor(i / 7) * 0.001);
  }
  const from: number[] = [];
  const to: number[] = [];
  const weightMs: number[] = [];
  const lengthM: number[] = [];
  for (const [u, v, w, oneWay] of spec.edges) {
    from.push(u);
    to.push(v);
    weightMs.push(w);
    lengthM.push(w / 10);
    if (!oneWay) {
      from.push(v);
      to.push(u);
      weightMs.push(w);
      lengthM.push(w / 10);
    }
  }
  return buildGraph({ ids, lat, lon }, { from, to, weightMs, lengthM });
}
