/**
 * TravelTimes on real roads. Every unit's forward upward search is kept in buckets and redone
 * only when the unit moves (setOrigin), so ranking all units for an incident is one backward
 * search plus a bucket scan.
 */

import type { LatLon } from "../platform/geodesy.ts";
import { SourceBuckets } from "./ch-query.ts";
import type { Place, RoadNetwork } from "./road-network.ts";
import type { StreetNames } from "./street-names.ts";
import type { Route, TravelEstimate, TravelTimes } from "./travel-times.ts";

const INF = Number.POSITIVE_INFINITY;

export class RoadTravelTimes implements TravelTimes {
  readonly method = "road" as const;
  private readonly buckets: SourceBuckets;
  private readonly slots = new Map<string, number>();
  private readonly places: (Place | null)[] = [];
  private readonly freeSlots: number[] = [];
  private bucketVersion: number;
  private out = new Float64Array(64);
  private tainted = new Uint8Array(64);

  constructor(
    readonly network: RoadNetwork,
    /** The graph's street names, which routes then list; null for a graph without them. */
    readonly streets: StreetNames | null = null,
  ) {
    this.buckets = new SourceBuckets(network.ch);
    this.bucketVersion = network.version;
  }

  setOrigin(unitId: string, at: LatLon): void {
    const snap = this.network.snap(at);
    if (!snap) return;
    let slot = this.slots.get(unitId);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.places.length;
      this.slots.set(unitId, slot);
    }
    this.refresh();
    const place = this.network.origin(snap);
    this.places[slot] = place;
    this.buckets.set(slot, place.nodes, place.offsets);
  }

  removeOrigin(unitId: string): void {
    const slot = this.slots.get(unitId);
    if (slot === undefined) return;
    this.buckets.remove(slot);
    this.places[slot] = null;
    this.slots.delete(unitId);
    this.freeSlots.push(slot);
  }

  estimate(unitIds: readonly string[], target: LatLon): Map<string, TravelEstimate> {
    const result = new Map<string, TravelEstimate>();
    const snap = this.network.snap(target);
    this.refresh();
    const wanted: [string, number][] = [];
    for (const id of unitIds) {
      const slot = this.slots.get(id);
      if (slot !== undefined) wanted.push([id, slot]);
    }
    if (wanted.length === 0) return result;
    if (!snap) {
      for (const [id] of wanted) result.set(id, { seconds: null, meters: null });
      return result;
    }
    const dest = this.network.destination(snap);
    const n = this.places.length;
    if (this.out.length < n) {
      this.out = new Float64Array(n * 2);
      this.tainted = new Uint8Array(n * 2);
    }
    const out = this.out.subarray(0, n);
    const tainted = this.tainted.subarray(0, n);
    if (dest.nodes.length > 0) this.buckets.query(dest.nodes, dest.offsets, out, tainted);
    else out.fill(INF);
    // Answers whose best hierarchy path crosses a closed or slowed edge are redone on live weights.
    const redo: number[] = [];
    if (this.network.hasChanges && dest.nodes.length > 0) {
      for (const [, slot] of wanted) if (tainted[slot] && out[slot] < INF) redo.push(slot);
    }
    if (redo.length > 0) {
      const d = this.network.dijkstra;
      const targets: number[] = [];
      for (const slot of redo) targets.push(...(this.places[slot] as Place).nodes);
      d.run(dest.nodes, dest.offsets, { backward: true, weights: this.network.weights, targets });
      for (const slot of redo) {
        const p = this.places[slot] as Place;
        let best = INF;
        for (let i = 0; i < p.nodes.length; i++) best = Math.min(best, p.offsets[i] + d.dist[p.nodes[i]]);
        out[slot] = best;
      }
    }
    for (const [id, slot] of wanted) {
      const p = this.places[slot] as Place;
      const ms = Math.min(out[slot], this.network.sameRoadMs(p.snap, snap));
      result.set(id, {
        seconds: ms === INF ? null : ms / 1000,
        meters: null,
        snapMeters: p.snap.distanceM,
      });
    }
    return result;
  }

  route(from: LatLon, to: LatLon): Route | null {
    const a = this.network.snap(from);
    const b = this.network.snap(to);
    if (!a || !b) return null;
    const r = this.network.route(this.network.origin(a), this.network.destination(b));
    if (!r) return null;
    const route: Route = { seconds: r.ms / 1000, meters: r.meters, coordinates: r.coordinates };
    // The snapped ends are driven in part, so their streets count: the call is on 文三路 even
    // when the path's first whole edge is the next street.
    if (this.streets) {
      const g = this.network.graph;
      const nodes: number[] = [];
      for (const e of [a.edge, ...r.edges, b.edge]) nodes.push(this.network.snapper.sourceOf(e), g.target[e]);
      // Consecutive edges meet at one node, so the pairs between them name no edge and add nothing.
      route.streets = this.streets.routeStreets(nodes);
    }
    return route;
  }

  snapDistance(at: LatLon): number | null {
    return this.network.snap(at)?.distanceM ?? null;
  }

  /**
   * After a closure or slow-down, every unit's kept search takes the new marks (and offsets).
   * Queries call this themselves; the caller of a change may call it right away to take the
   * cost off the next query.
   */
  refresh(): void {
    if (this.bucketVersion === this.network.version) return;
    this.bucketVersion = this.network.version;
    this.buckets.setTaint(this.network.taintUp, this.network.taintDown);
    for (let slot = 0; slot < this.places.length; slot++) {
      const p = this.places[slot];
      if (!p) continue;
      const place = this.network.origin(p.snap);
      this.places[slot] = place;
      // Only a unit whose own road changed needs a new search; the others keep theirs and
      // just take the new closure marks, which is a pass over the kept search tree.
      if (samePlace(p, place)) this.buckets.retaint(slot);
      else this.buckets.set(slot, place.nodes, place.offsets);
    }
  }
}

function samePlace(a: Place, b: Place): boolean {
  if (a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) if (a.nodes[i] !== b.nodes[i] || a.offsets[i] !== b.offsets[i]) return false;
  return true;
}
