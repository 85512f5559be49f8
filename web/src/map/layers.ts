/**
 * The one map's live layers and how each is brought in line with the store. Markers are
 * long-lived canvas circles moved in place, never recreated, which keeps panning smooth with
 * 2,000 units; each sync returns how many it now shows, for the page's data attributes.
 */
import L from "leaflet";
import { OPEN_STATUSES } from "../../../src/incidents/model.ts";
import { fetchApi } from "../data/query.ts";
import { unitRouteRead } from "../dispatch/queries.ts";
import type { TargetTier, Unit } from "../dispatch/types.ts";
import type { Incident } from "../incidents/types.ts";
import type { Org } from "../org/types.ts";
import { BASE_COLOURS, countdown, PRIORITY_COLOURS } from "../platform/format.ts";

export interface MapLayers {
  renderer: L.Canvas;
  baseRenderer: L.Canvas;
  base: L.LayerGroup;
  units: L.LayerGroup;
  incidents: L.LayerGroup;
  routes: L.LayerGroup;
  pin: L.LayerGroup;
  unitMarkers: Map<string, L.CircleMarker>;
  incidentMarkers: Map<string, L.CircleMarker>;
  routeLines: Map<string, { line: L.Polyline; key: string; at: number }>;
  fitted: boolean;
}

/** Statuses of a unit on its way, whose route is drawn. */
const ACTIVE_ROUTE = new Set(["dispatched", "acknowledged", "en_route"]);

export function createLayers(map: L.Map, renderer: L.Canvas, baseRenderer: L.Canvas): MapLayers {
  const base = L.layerGroup().addTo(map);
  const routes = L.layerGroup().addTo(map);
  const incidents = L.layerGroup().addTo(map);
  const units = L.layerGroup().addTo(map);
  const pin = L.layerGroup().addTo(map);
  baseRenderer.addTo(map);
  return {
    renderer,
    baseRenderer,
    base,
    units,
    incidents,
    routes,
    pin,
    unitMarkers: new Map(),
    incidentMarkers: new Map(),
    routeLines: new Map(),
    fitted: false,
  };
}

/** Redraws the zones (on the base canvas) and stations; returns the zones' bounds. */
export function drawZones(ls: MapLayers, orgs: readonly Org[], stationName: (o: Org) => string): L.LatLngBounds {
  ls.base.eachLayer((l) => {
    if ((l as { options?: { lanternZone?: boolean } }).options?.lanternZone) ls.base.removeLayer(l);
  });
  const bounds = L.latLngBounds([]);
  for (const o of orgs) {
    if (o.kind === "zone" && o.polygon) {
      const colour = o.areaType === "core" ? "#e03131" : o.areaType === "suburban" ? "#2f9e44" : "#1971c2";
      const poly = L.polygon(
        o.polygon.map((ring) => ring.map(([lon, lat]) => [lat, lon] as [number, number])),
        {
          renderer: ls.baseRenderer,
          color: colour,
          weight: 1,
          dashArray: "4 4",
          fillOpacity: 0.04,
          interactive: false,
          lanternZone: true,
        } as L.PolylineOptions,
      );
      poly.addTo(ls.base);
      bounds.extend(poly.getBounds());
    } else if (o.kind === "station" && o.lat !== null && o.lon !== null) {
      const m = L.circleMarker([o.lat, o.lon], {
        renderer: ls.renderer,
        radius: 7,
        color: "#0f2a44",
        weight: 2,
        fillColor: "#ffffff",
        fillOpacity: 1,
        lanternZone: true,
      } as L.CircleMarkerOptions);
      m.bindTooltip(() => stationName(o));
      m.addTo(ls.base);
    }
  }
  return bounds;
}

/** Moves, restyles, adds and drops unit markers; `focus` shows only that unit (the officer's phone). */
export function syncUnits(ls: MapLayers, units: Iterable<Unit>, focus: string | null | undefined, tooltip: (id: string) => string): number {
  const seen = new Set<string>();
  for (const u of units) {
    if (!u.position || (focus && u.id !== focus)) continue;
    seen.add(u.id);
    const colour = BASE_COLOURS[u.status.baseType] ?? "#868e96";
    // The server's flag was true when the unit was fetched; a unit that has gone quiet since
    // turns stale here too, at the server's threshold.
    const stale = u.position.stale || Date.now() - Date.parse(u.position.at) > u.position.staleAfterS * 1000;
    let m = ls.unitMarkers.get(u.id);
    if (!m) {
      m = L.circleMarker([u.position.lat, u.position.lon], {
        renderer: ls.renderer,
        radius: focus ? 9 : 6,
        weight: 2,
        color: "#ffffff",
        fillColor: colour,
        fillOpacity: stale ? 0.25 : 0.95,
        dashArray: stale ? "2 3" : undefined,
      });
      const id = u.id;
      m.bindTooltip(() => tooltip(id));
      m.addTo(ls.units);
      ls.unitMarkers.set(u.id, m);
    } else {
      const ll = m.getLatLng();
      if (ll.lat !== u.position.lat || ll.lng !== u.position.lon) m.setLatLng([u.position.lat, u.position.lon]);
      const o = m.options;
      if (o.fillColor !== colour || (o.fillOpacity === 0.25) !== stale) {
        m.setStyle({ fillColor: colour, fillOpacity: stale ? 0.25 : 0.95, dashArray: stale ? "2 3" : undefined });
      }
    }
  }
  for (const [id, m] of ls.unitMarkers) {
    if (!seen.has(id)) {
      ls.units.removeLayer(m);
      ls.unitMarkers.delete(id);
    }
  }
  return ls.unitMarkers.size;
}

export interface IncidentSync {
  targets: TargetTier[];
  selectedId: string | null | undefined;
  /** Only this incident (the focused unit's), or all open ones when undefined. */
  only: string | null | undefined;
  tooltip: (id: string) => string;
  onSelect: (id: string) => void;
}

/** Open incidents, coloured by priority, overdue ones ringed, the selected one larger and on top. */
export function syncIncidents(ls: MapLayers, incidents: Iterable<Incident>, s: IncidentSync): number {
  const seen = new Set<string>();
  for (const i of incidents) {
    if (!OPEN_STATUSES.includes(i.status)) continue;
    if (s.only !== undefined && i.id !== s.only) continue;
    seen.add(i.id);
    const selected = i.id === s.selectedId;
    const overdue = countdown(s.targets, i).overdue;
    const style: L.CircleMarkerOptions = {
      radius: selected ? 12 : 8,
      color: overdue ? "#c92a2a" : selected ? "#0f2a44" : "#ffffff",
      weight: overdue || selected ? 4 : 2,
      fillColor: PRIORITY_COLOURS[i.priority] ?? "#1c7ed6",
      fillOpacity: 0.9,
    };
    let m = ls.incidentMarkers.get(i.id);
    if (!m) {
      m = L.circleMarker([i.location.lat, i.location.lon], { renderer: ls.renderer, ...style });
      const id = i.id;
      m.bindTooltip(() => s.tooltip(id));
      m.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        s.onSelect(id);
      });
      m.addTo(ls.incidents);
      ls.incidentMarkers.set(i.id, m);
    } else {
      const o = m.options;
      if (o.radius !== style.radius || o.color !== style.color || o.weight !== style.weight || o.fillColor !== style.fillColor)
        m.setStyle(style);
      if (o.radius !== style.radius) m.setRadius(style.radius!);
      const ll = m.getLatLng();
      if (ll.lat !== i.location.lat || ll.lng !== i.location.lon) m.setLatLng([i.location.lat, i.location.lon]);
    }
    if (selected) m.bringToFront();
  }
  for (const [id, m] of ls.incidentMarkers) {
    if (!seen.has(id)) {
      ls.incidents.removeLayer(m);
      ls.incidentMarkers.delete(id);
    }
  }
  return ls.incidentMarkers.size;
}

/** Route lines drawn (a placeholder waiting for its answer has no points yet). */
export function countDrawnRoutes(ls: MapLayers | null): number {
  let n = 0;
  for (const r of ls?.routeLines.values() ?? []) if ((r.line.getLatLngs() as unknown[]).length > 1) n++;
  return n;
}

/**
 * Route lines for dispatched units: read again when the status, the position (to ~100 m) or the
 * destination moved, at most every 5 s per unit. `current` says whether the layers are still
 * the map's when an answer lands; `drawn` hears the count after each change.
 */
export function syncRoutes(
  ls: MapLayers,
  units: Iterable<Unit>,
  focus: string | null | undefined,
  current: () => MapLayers | null,
  drawn: (n: number) => void,
): void {
  const wanted = new Set<string>();
  const now = Date.now();
  for (const u of units) {
    if (!u.incidentId || !u.position || !ACTIVE_ROUTE.has(u.status.code)) continue;
    if (focus && u.id !== focus) continue;
    wanted.add(u.id);
    const key = `${u.status.code}|${u.position.lat.toFixed(3)},${u.position.lon.toFixed(3)}|${u.destination?.lat},${u.destination?.lon}`;
    const have = ls.routeLines.get(u.id);
    if (have && (have.key === key || now - have.at < 5000)) continue;
    const placeholder = have ?? {
      line: L.polyline([], { renderer: ls.renderer, color: "#d9480f", weight: 4, opacity: 0.8, dashArray: "8 6", interactive: false }),
      key,
      at: now,
    };
    placeholder.key = key;
    placeholder.at = now;
    if (!have) {
      placeholder.line.addTo(ls.routes);
      ls.routeLines.set(u.id, placeholder);
    }
    fetchApi(unitRouteRead(u.id, key))
      .then((r) => {
        if (current()?.routeLines.get(u.id) === placeholder) placeholder.line.setLatLngs(r.coordinates.map(([lon, lat]) => [lat, lon]));
        drawn(countDrawnRoutes(current()));
      })
      .catch(() => {});
  }
  for (const [id, r] of ls.routeLines) {
    if (!wanted.has(id)) {
      ls.routes.removeLayer(r.line);
      ls.routeLines.delete(id);
    }
  }
  drawn(countDrawnRoutes(ls));
}

/** The call's location pin; the map pans to it when it is out of sight. */
export function drawPin(ls: MapLayers, map: L.Map, pin: { lat: number; lon: number } | null): void {
  ls.pin.clearLayers();
  if (!pin) return;
  L.circleMarker([pin.lat, pin.lon], {
    renderer: ls.renderer,
    radius: 11,
    color: "#5f3dc4",
    weight: 4,
    fillColor: "#ffffff",
    fillOpacity: 0.6,
    interactive: false,
  }).addTo(ls.pin);
  if (!map.getBounds().contains([pin.lat, pin.lon])) map.panTo([pin.lat, pin.lon]);
}
