/**
 * Whether a map pin lies in the city, by the rule the server applies when it places an incident
 * (incidents/service.ts `placeOf`): inside some patrol zone's polygon or the city's own. The
 * polygons are the org tree's, as the console loaded them, so a new boundary needs no change here.
 */
import type { Org } from "../org/types.ts";

type Ring = [number, number][];

/** Even-odd ray casting over [lon, lat] rings: the first is the outline, the rest are holes. */
function inPolygon(polygon: Ring[], lat: number, lon: number): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * true or false when the console knows the city's shapes; null when it knows none (a role that
 * cannot read the org tree), and then the server alone decides.
 */
export function insideCity(orgs: readonly Org[], lat: number, lon: number): boolean | null {
  const areas = orgs.filter((o) => (o.kind === "zone" || o.kind === "city") && o.polygon && o.polygon.length > 0);
  if (!areas.length) return null;
  return areas.some((o) => inPolygon(o.polygon as Ring[], lat, lon));
}
