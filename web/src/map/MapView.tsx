/**
 * The one map (一图展示). Leaflet on a canvas renderer with no tile layer: the base is drawn from
 * Lantern's own roads and zone polygons, so it works on a closed police network. Thousands of
 * markers are kept as long-lived canvas circles and moved in place on each store batch, not
 * recreated, which keeps panning smooth with 2,000 units.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { OPEN_STATUSES } from "../../../src/incidents/model.ts";
import { fetchApi } from "../data/query.ts";
import { unitRouteRead } from "../dispatch/queries.ts";
import type { Unit } from "../dispatch/types.ts";
import { pickName } from "../i18n.ts";
import type { Incident } from "../incidents/types.ts";
import { BASE_COLOURS, countdown, duration, PRIORITY_COLOURS } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { createBaseMap, useZoomControl } from "./baseMap.ts";

export interface MapViewProps {
  selectedIncidentId?: string | null;
  onSelectIncident?: (id: string) => void;
  /** When set, a click on the map places the call's location pin. */
  onPin?: ((lat: number, lon: number) => void) | null;
  pin?: { lat: number; lon: number } | null;
  /** Officer view: only this unit and its incident. */
  focusUnitId?: string | null;
  className?: string;
}

const ACTIVE_ROUTE = new Set(["dispatched", "acknowledged", "en_route"]);

export function MapView(props: MapViewProps) {
  const { t, i18n } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layers = useRef<{
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
  } | null>(null);
  const gesture = useRef(false);
  const [roadsMissing, setRoadsMissing] = useState(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const unitsV = useTopic("units");
  const incidentsV = useTopic("incidents");
  const refV = useTopic("ref");
  const connV = useTopic("conn");

  // Create the map once.
  useEffect(() => {
    if (!el.current) return;
    // Two canvases: the zones change almost never and are drawn on their own, so an AVL batch
    // redraws only the live layer (units, incidents, routes, and the few interactive stations). A small padding keeps
    // each canvas, and every redraw of it, close to the visible size.
    const baseRenderer = L.canvas({ padding: 0.1 });
    const renderer = L.canvas({ padding: 0.1 });
    const host = el.current;
    const { map, dispose } = createBaseMap(host, { renderer, onRoadsMissing: () => setRoadsMissing(true) });
    const base = L.layerGroup().addTo(map);
    const routes = L.layerGroup().addTo(map);
    const incidents = L.layerGroup().addTo(map);
    const units = L.layerGroup().addTo(map);
    const pin = L.layerGroup().addTo(map);
    baseRenderer.addTo(map);
    layers.current = {
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
    map.on("click", (e: L.LeafletMouseEvent) => propsRef.current.onPin?.(e.latlng.lat, e.latlng.lng));
    // While the dispatcher drags or zooms, AVL moves wait: redrawing thousands of markers mid-gesture
    // costs frames, and the positions land a moment later, when the gesture ends.
    map.on("movestart zoomstart", () => {
      gesture.current = true;
    });
    map.on("moveend zoomend", () => {
      gesture.current = false;
      store.touch("units");
    });
    mapRef.current = map;
    return () => {
      dispose();
      mapRef.current = null;
      layers.current = null;
    };
  }, []);

  useZoomControl(() => mapRef.current);

  // Zones and stations, once reference data is in; the map fits the user's area the first time.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: store versions and the language are the triggers
  useEffect(() => {
    const map = mapRef.current;
    const ls = layers.current;
    if (!map || !ls) return;
    ls.base.eachLayer((l) => {
      if ((l as { options?: { lanternZone?: boolean } }).options?.lanternZone) ls.base.removeLayer(l);
    });
    const bounds = L.latLngBounds([]);
    for (const o of store.orgs) {
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
        m.bindTooltip(() => pickName(o));
        m.addTo(ls.base);
      }
    }
    if (!ls.fitted && bounds.isValid() && !props.focusUnitId) {
      map.fitBounds(bounds, { padding: [10, 10] });
      ls.fitted = true;
    }
    el.current?.setAttribute("data-zones", String(store.orgs.filter((o) => o.kind === "zone").length));
  }, [refV, i18n.language]);

  // Units: move markers in place.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: store versions are the triggers
  useEffect(() => {
    const ls = layers.current;
    if (!ls || gesture.current) return;
    const focus = props.focusUnitId;
    const seen = new Set<string>();
    for (const u of store.units.values()) {
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
        m.bindTooltip(() => unitTooltip(store.units.get(id)));
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
    el.current?.setAttribute("data-units", String(ls.unitMarkers.size));
    updateRoutes();
    if (focus) fitFocus();
  }, [unitsV, props.focusUnitId]);

  // Incidents: open ones, coloured by priority, overdue ones ringed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: store versions are the triggers
  useEffect(() => {
    const ls = layers.current;
    if (!ls) return;
    const focusIncident = props.focusUnitId ? (store.units.get(props.focusUnitId)?.incidentId ?? null) : null;
    const seen = new Set<string>();
    for (const i of store.incidents.values()) {
      if (!OPEN_STATUSES.includes(i.status)) continue;
      if (props.focusUnitId && i.id !== focusIncident) continue;
      seen.add(i.id);
      const selected = i.id === props.selectedIncidentId;
      const overdue = countdown(store.targets, i).overdue;
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
        m.bindTooltip(() => incidentTooltip(store.incidents.get(id)));
        m.on("click", (e) => {
          L.DomEvent.stopPropagation(e);
          propsRef.current.onSelectIncident?.(id);
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
    el.current?.setAttribute("data-incidents", String(ls.incidentMarkers.size));
    if (props.focusUnitId) fitFocus();
  }, [incidentsV, props.focusUnitId ? unitsV : 0, props.selectedIncidentId, props.focusUnitId]);

  // Overdue rings and stale AVL appear when time runs out, without waiting for an event. A clock
  // that redraws from the store, not a poll: nothing is asked of the server.
  useEffect(() => {
    const timer = setInterval(() => {
      store.touch("incidents");
      store.touch("units");
    }, 5000);
    return () => clearInterval(timer);
  }, []);

  // The call's location pin.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: the pin moves by value
  useEffect(() => {
    const ls = layers.current;
    if (!ls) return;
    ls.pin.clearLayers();
    if (props.pin) {
      L.circleMarker([props.pin.lat, props.pin.lon], {
        renderer: ls.renderer,
        radius: 11,
        color: "#5f3dc4",
        weight: 4,
        fillColor: "#ffffff",
        fillOpacity: 0.6,
        interactive: false,
      }).addTo(ls.pin);
      const map = mapRef.current;
      if (map && !map.getBounds().contains([props.pin.lat, props.pin.lon])) map.panTo([props.pin.lat, props.pin.lon]);
    }
  }, [props.pin?.lat, props.pin?.lon]);

  useEffect(() => {
    el.current?.classList.toggle("pin-mode", !!props.onPin);
  }, [props.onPin]);

  function fitFocus() {
    const map = mapRef.current;
    const ls = layers.current;
    if (!map || !ls || ls.fitted) return;
    const pts: L.LatLngExpression[] = [];
    const u = props.focusUnitId ? store.units.get(props.focusUnitId) : null;
    if (u?.position) pts.push([u.position.lat, u.position.lon]);
    const inc = u?.incidentId ? store.incidents.get(u.incidentId) : null;
    if (inc) pts.push([inc.location.lat, inc.location.lon]);
    if (pts.length === 2) {
      map.fitBounds(L.latLngBounds(pts), { padding: [30, 30], maxZoom: 16 });
      ls.fitted = true;
    } else if (pts.length === 1) map.setView(pts[0], 15);
  }

  /** Route lines for dispatched units: fetched when the status or position moved enough. */
  function updateRoutes() {
    const ls = layers.current;
    if (!ls) return;
    const wanted = new Set<string>();
    const now = Date.now();
    for (const u of store.units.values()) {
      if (!u.incidentId || !u.position || !ACTIVE_ROUTE.has(u.status.code)) continue;
      if (props.focusUnitId && u.id !== props.focusUnitId) continue;
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
          if (layers.current?.routeLines.get(u.id) === placeholder)
            placeholder.line.setLatLngs(r.coordinates.map(([lon, lat]) => [lat, lon]));
          el.current?.setAttribute("data-routes", String(countDrawnRoutes()));
        })
        .catch(() => {});
    }
    for (const [id, r] of ls.routeLines) {
      if (!wanted.has(id)) {
        ls.routes.removeLayer(r.line);
        ls.routeLines.delete(id);
      }
    }
    el.current?.setAttribute("data-routes", String(countDrawnRoutes()));
  }

  function countDrawnRoutes(): number {
    let n = 0;
    for (const r of layers.current?.routeLines.values() ?? []) if ((r.line.getLatLngs() as unknown[]).length > 1) n++;
    return n;
  }

  function unitTooltip(u: Unit | undefined): string {
    if (!u) return "";
    const age = u.position ? (Date.now() - Date.parse(u.position.at)) / 1000 : null;
    const avl = age === null ? t("map.noAvl") : t("map.avlAge", { t: duration(age) });
    return `<b>${escapeHtml(u.callsign)}</b> ${escapeHtml(pickName(u.status))}<br>${escapeHtml(pickName(u))}<br>${escapeHtml(avl)}${u.position?.stale ? ` · ${escapeHtml(t("map.staleAvl"))}` : ""}`;
  }

  function incidentTooltip(i: Incident | undefined): string {
    if (!i) return "";
    return `<b>${escapeHtml(i.number)}</b> ${escapeHtml(t(`priority.${i.priority}`))}<br>${escapeHtml(pickName(i.category))}<br>${escapeHtml(i.location.address ?? "")}`;
  }

  void connV;
  const live = store.conn !== "down";
  return (
    <div className={`map-wrap ${props.className ?? ""} ${live ? "" : "stale"}`}>
      <div ref={el} className="map" data-testid="map" />
      {props.focusUnitId ? null : (
        <fieldset className="map-legend">
          <legend className="sr-only">{t("map.legend")}</legend>
          <span>
            <i className="dot" style={{ background: BASE_COLOURS.available }} />
            {t("base.available")}
          </span>
          <span>
            <i className="dot" style={{ background: BASE_COLOURS.committed }} />
            {t("base.committed")}
          </span>
          <span>
            <i className="dot" style={{ background: BASE_COLOURS.unavailable }} />
            {t("base.unavailable")}
          </span>
          <span>
            <i className="dot hollow" />
            {t("map.staleAvl")}
          </span>
          <span>
            <i className="sq" style={{ background: PRIORITY_COLOURS.in_progress }} />
            {t("priority.in_progress")}
          </span>
          <span>
            <i className="sq" style={{ background: PRIORITY_COLOURS.urgent }} />
            {t("priority.urgent")}
          </span>
          <span>
            <i className="sq" style={{ background: PRIORITY_COLOURS.routine }} />
            {t("priority.routine")}
          </span>
          <span>
            <i className="dot station" />
            {t("map.stations")}
          </span>
        </fieldset>
      )}
      {props.onPin && <div className="map-hint">{t("map.pinHint")}</div>}
      {roadsMissing && <div className="map-note">{t("map.roadsUnavailable")}</div>}
    </div>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
