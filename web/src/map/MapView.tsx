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
import type { Unit } from "../dispatch/types.ts";
import { pickName } from "../i18n.ts";
import type { Incident } from "../incidents/types.ts";
import { store, useTopic } from "../platform/store.ts";
import { createBaseMap, useZoomControl } from "./baseMap.ts";
import { createLayers, drawPin, drawZones, type MapLayers, syncIncidents, syncRoutes, syncUnits } from "./layers.ts";
import { MapLegend } from "./MapLegend.tsx";
import { incidentTooltip, unitTooltip } from "./tooltips.ts";
import { useCentreOnSelection } from "./useCentreOnSelection.ts";

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

export function MapView(props: MapViewProps) {
  const { t, i18n } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layers = useRef<MapLayers | null>(null);
  const gesture = useRef(false);
  const [roadsMissing, setRoadsMissing] = useState(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const unitsV = useTopic("units");
  const incidentsV = useTopic("incidents");
  const refV = useTopic("ref");
  const connV = useTopic("conn");

  // Tooltips are bound once per marker; they read the texts through this ref, so a language
  // switch shows in the next tooltip opened.
  const unitTip = (u: Unit | undefined) => unitTooltip(u, t);
  const incidentTip = (i: Incident | undefined) => incidentTooltip(i, t);
  const tips = useRef({ unit: unitTip, incident: incidentTip });
  tips.current = { unit: unitTip, incident: incidentTip };

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
    layers.current = createLayers(map, renderer, baseRenderer);
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
    const bounds = drawZones(ls, store.orgs, (o) => pickName(o));
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
    const shown = syncUnits(ls, store.units.values(), focus, (id) => tips.current.unit(store.units.get(id)));
    el.current?.setAttribute("data-units", String(shown));
    syncRoutes(
      ls,
      store.units.values(),
      focus,
      () => layers.current,
      (n) => el.current?.setAttribute("data-routes", String(n)),
    );
    if (focus) fitFocus();
  }, [unitsV, props.focusUnitId]);

  // Incidents: open ones, coloured by priority, overdue ones ringed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: store versions are the triggers
  useEffect(() => {
    const ls = layers.current;
    if (!ls) return;
    const focusIncident = props.focusUnitId ? (store.units.get(props.focusUnitId)?.incidentId ?? null) : null;
    const shown = syncIncidents(ls, store.incidents.values(), {
      targets: store.targets,
      selectedId: props.selectedIncidentId,
      only: props.focusUnitId ? focusIncident : undefined,
      tooltip: (id) => tips.current.incident(store.incidents.get(id)),
      onSelect: (id) => propsRef.current.onSelectIncident?.(id),
    });
    el.current?.setAttribute("data-incidents", String(shown));
    if (props.focusUnitId) fitFocus();
  }, [incidentsV, props.focusUnitId ? unitsV : 0, props.selectedIncidentId, props.focusUnitId]);

  useCentreOnSelection(() => mapRef.current, props.selectedIncidentId, props.focusUnitId, el);

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
    if (mapRef.current) drawPin(ls, mapRef.current, props.pin ?? null);
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

  void connV;
  const live = store.conn !== "down";
  return (
    <div className={`map-wrap ${props.className ?? ""} ${live ? "" : "stale"}`}>
      <div ref={el} className="map" data-testid="map" />
      {props.focusUnitId ? null : <MapLegend />}
      {props.onPin && <div className="map-hint">{t("map.pinHint")}</div>}
      {roadsMissing && <div className="map-note">{t("map.roadsUnavailable")}</div>}
    </div>
  );
}
