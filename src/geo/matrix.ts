/**
 * Many-to-many travel times: sources go into buckets once, then each target costs one backward
 * upward search plus a bucket scan. With closures active, cells whose best path crosses a
 * changed edge are recomputed by one backward Dijkstra per affected target.
 */
import type { LatLon } from "../platform/geodesy.ts";
import { SourceBuckets } from "./ch-query.ts";
import type { Place, RoadNetwork } from "./road-network.ts";

const INF = Number.POSITIVE_INFINITY;

/** seconds[i][j] from sources[i] to targets[j]; null when unreachable or off the map. */
export function travelTimeMatrix(network: RoadNetwork, sources: readonly LatLon[], targets: readonly LatLon[]): (number | null)[][] {
  const buckets = new SourceBuckets(network.ch);
  buckets.setTaint(network.taintUp, network.taintDown);
  const origins: (Place | null)[] = sources.map((p) => {
    const snap = network.snap(p);
    return snap ? network.origin(snap) : null;
  });
  origins.forEach((o, i) => {
    if (o) buckets.set(i, o.nodes, o.offsets);
  });
  const out = new Float64Array(sources.length);
  const tainted = new Uint8Array(sources.length);
  const seconds: (number | null)[][] = sources.map(() => new Array<number | null>(targets.length).fill(null));
  targets.forEach((t, j) => {
    const snap = network.snap(t);
    if (!snap) return;
    const dest = network.destination(snap);
    if (dest.nodes.length > 0 && buckets.slotCount > 0)
      buckets.query(dest.nodes, dest.offsets, out.subarray(0, buckets.slotCount), tainted);
    else out.fill(INF);
    let redo = false;
    for (let i = 0; i < buckets.slotCount; i++) if (network.hasChanges && tainted[i] && out[i] < INF) redo = true;
    if (redo) {
      const d = network.dijkstra;
      d.run(dest.nodes, dest.offsets, { backward: true, weights: network.weights });
      for (let i = 0; i < buckets.slotCount; i++) {
        const o = origins[i];
        if (!o || !tainted[i]) continue;
        let best = INF;
        for (let k = 0; k < o.nodes.length; k++) best = Math.min(best, o.offsets[k] + d.dist[o.nodes[k]]);
        out[i] = best;
      }
    }
    for (let i = 0; i < sources.length; i++) {
      const o = origins[i];
      if (!o) continue;
      const ms = Math.min(i < buckets.slotCount ? out[i] : INF, network.sameRoadMs(o.snap, snap));
      seconds[i][j] = ms === INF ? null : ms / 1000;
    }
  });
  return seconds;
}
