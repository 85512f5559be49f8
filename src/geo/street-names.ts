/**
 * Street names on the road graph: what a dispatcher reads instead of node numbers. A junction
 * is named by the streets that meet there ("文三路 × 学院路"), a route by the streets it follows.
 * This is the contract; the demo city's names file provides the implementation, and with a
 * graph that carries no names (the generated city, an unnamed import) `ctx.streets` is null and
 * callers fall back to what they showed before.
 */
import type { LatLon } from "../platform/geodesy.ts";

/** A name in both of the console's languages. */
export interface StreetLabel {
  zh: string;
  en: string;
}

export interface StreetNames {
  /** The credit the names' source requires wherever they are shown, e.g. "© OpenStreetMap contributors (ODbL)". */
  readonly attribution: string;
  /** The name of road edge `edge` (a CSR edge id of `ctx.roads`), or null where the way has none. */
  edgeName(edge: number): StreetLabel | null;
  /**
   * The name of graph node `node`: "A × B" where two or more names meet, the one street's name
   * where only one does, else the nearest named junction within a short walk, else null.
   */
  junctionName(node: number): StreetLabel | null;
  /** The same for a point: the junction name of the nearest graph node. */
  nameAt(at: LatLon): StreetLabel | null;
  /** The named streets a path of graph nodes follows, in order, repeats merged. */
  routeStreets(nodes: readonly number[]): StreetLabel[];
}
