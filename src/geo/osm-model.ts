/**
 * Turns OSM nodes and ways into a car road graph: ways are cut at junctions (nodes shared by
 * ways, and way ends), the shape points between junctions become edge geometry, and each piece
 * becomes one or two directed edges timed at the way's speed.
 */
import { haversineMeters } from "../platform/geodesy.ts";
import { largestComponent } from "./components.ts";
import type { ImportResult } from "./csv-import.ts";
import { buildGraph } from "./graph.ts";
import { carWay } from "./osm-profile.ts";

export interface OsmSink {
  node(id: number, lat: number, lon: number): void;
  /** Called for ways with a highway tag; refs are node ids in way order. */
  way(id: number, refs: number[], tags: Record<string, string>): void;
}

export interface OsmImportResult extends ImportResult {
  ways: number;
  missingNodes: number;
}

export class OsmGraphBuilder implements OsmSink {
  private readonly nodeIndex = new Map<number, number>();
  private lat: number[] = [];
  private lon: number[] = [];
  private readonly wayRefs: number[][] = [];
  private readonly waySpeed: number[] = [];
  private readonly wayDirection: number[] = [];

  node(id: number, lat: number, lon: number): void {
    if (this.nodeIndex.has(id)) return;
    this.nodeIndex.set(id, this.lat.length);
    this.lat.push(lat);
    this.lon.push(lon);
  }

  way(_id: number, refs: number[], tags: Record<string, string>): void {
    const car = carWay(tags);
    if (!car || refs.length < 2) return;
    this.wayRefs.push(refs.slice());
    this.waySpeed.push(car.speedKmh);
    this.wayDirection.push(car.direction);
  }

  get roadCount(): number {
    return this.wayRefs.length;
  }

  /** Builds the graph; throws when there is nothing drivable. */
  finish(source: string): OsmImportResult {
    if (this.wayRefs.length === 0) throw new Error(`${source}: no drivable roads (no way with a car-accessible highway tag)`);
    // A node used twice (by two ways, or twice by one way) or at a way end is a junction.
    const uses = new Map<number, number>();
    let missingNodes = 0;
    for (const refs of this.wayRefs) {
      for (let i = 0; i < refs.length; i++) {
        const id = refs[i];
        const end = i === 0 || i === refs.length - 1 ? 2 : 1;
        uses.set(id, (uses.get(id) ?? 0) + end);
      }
    }
    const junction = new Map<number, number>();
    const ids: number[] = [];
    const lat: number[] = [];
    const lon: number[] = [];
    const junctionOf = (osmId: number): number => {
      let j = junction.get(osmId);
      if (j === undefined) {
        const k = this.nodeIndex.get(osmId) as number;
        j = ids.length;
        junction.set(osmId, j);
        ids.push(osmId);
        lat.push(this.lat[k]);
        lon.push(this.lon[k]);
      }
      return j;
    };
    const from: number[] = [];
    const to: number[] = [];
    const weightMs: number[] = [];
    const lengthM: number[] = [];
    const geomFirst: number[] = [0];
    const geomLat: number[] = [];
    const geomLon: number[] = [];
    const geomIds: number[] = [];
    const pieceIds: number[] = [];
    const pieceLat: number[] = [];
    const pieceLon: number[] = [];
    const emit = (a: number, b: number, meters: number, speed: number, forward: boolean) => {
      from.push(forward ? a : b);
      to.push(forward ? b : a);
      weightMs.push(Math.max(1, Math.round((meters / (speed / 3.6)) * 1000)));
      lengthM.push(meters);
      if (forward) for (let i = 0; i < pieceLat.length; i++) geomLat.push(pieceLat[i]);
      else for (let i = pieceLat.length - 1; i >= 0; i--) geomLat.push(pieceLat[i]);
      if (forward) for (let i = 0; i < pieceLon.length; i++) geomLon.push(pieceLon[i]);
      else for (let i = pieceLon.length - 1; i >= 0; i--) geomLon.push(pieceLon[i]);
      if (forward) for (let i = 0; i < pieceIds.length; i++) geomIds.push(pieceIds[i]);
      else for (let i = pieceIds.length - 1; i >= 0; i--) geomIds.push(pieceIds[i]);
      geomFirst.push(geomLat.length);
    };
    for (let w = 0; w < this.wayRefs.length; w++) {
      // A way with a node missing from the extract is cut there: its known parts still count.
      const refs = this.wayRefs[w];
      const speed = this.waySpeed[w];
      const dir = this.wayDirection[w];
      let start = -1;
      let meters = 0;
      let prevLat = 0;
      let prevLon = 0;
      pieceLat.length = 0;
      pieceLon.length = 0;
      pieceIds.length = 0;
      for (let i = 0; i < refs.length; i++) {
        const k = this.nodeIndex.get(refs[i]);
        if (k === undefined) {
          missingNodes++;
          start = -1;
          continue;
        }
        const y = this.lat[k];
        const x = this.lon[k];
        if (start < 0) {
          start = junctionOf(refs[i]);
          meters = 0;
          pieceLat.length = 0;
          pieceLon.length = 0;
          pieceIds.length = 0;
          prevLat = y;
          prevLon = x;
          continue;
        }
        meters += haversineMeters({ lat: prevLat, lon: prevLon }, { lat: y, lon: x });
        prevLat = y;
        prevLon = x;
        const next = i + 1 < refs.length ? this.nodeIndex.get(refs[i + 1]) : undefined;
        const isJunction = (uses.get(refs[i]) ?? 0) >= 2 || next === undefined;
        if (!isJunction) {
          pieceLat.push(y);
          pieceLon.push(x);
          pieceIds.push(refs[i]);
          continue;
        }
        const end = junctionOf(refs[i]);
        if (dir >= 0) emit(start, end, meters, speed, true);
        if (dir <= 0) emit(start, end, meters, speed, false);
        start = end;
        meters = 0;
        pieceLat.length = 0;
        pieceLon.length = 0;
        pieceIds.length = 0;
      }
    }
    const full = buildGraph({ ids, lat, lon }, { from, to, weightMs, lengthM, geomFirst, geomLat, geomLon, geomIds });
    if (full.edgeCount === 0) throw new Error(`${source}: roads found, but none with two known nodes`);
    const { graph, components, droppedNodes } = largestComponent(full);
    return {
      graph,
      components,
      droppedNodes,
      inputNodes: this.lat.length,
      inputEdges: full.edgeCount,
      ways: this.wayRefs.length,
      missingNodes,
    };
  }
}
