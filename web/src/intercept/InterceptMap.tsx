/**
 * The interception map: rings and checkpoints, the escape cone, the areas the suspect can have
 * reached 5, 10 and 30 minutes from now, the last known position, and each unit's line from where
 * it is to its intercept point (only the units the reader may see; the others are a count in a note). Like the console's map it has no tile layer: the roads are drawn
 * locally, so it works on a closed police network. Each family of shapes has its own pane and
 * canvas, so redrawing one (a new plan, an AVL move) keeps the others' stacking order. Recorded
 * sightings are small labelled markers of their own; in pick mode a click on the map places the
 * point of a new one.
 */
import type L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { createBaseMap, useZoomControl } from "../map/baseMap.ts";
import { useTopic } from "../platform/store.ts";
import { InterceptMapLegend } from "./InterceptMapLegend.tsx";
import {
  createInterceptLayers,
  drawCheckpoints,
  drawPickPoint,
  drawPlanAreas,
  drawSightings,
  drawUnits,
  fitPlan,
  type InterceptLayers,
} from "./interceptLayers.ts";
import { capacityTotal, type InterceptLayer, type InterceptPlan, type Sighting } from "./types.ts";

export interface InterceptMapProps {
  incidentId: string;
  /** The incident's own location. */
  incident: { lat: number; lon: number } | null;
  plan: InterceptPlan | null;
  layer: InterceptLayer | null;
  /** Sightings recorded for this incident; null while they load. */
  sightings?: Sighting[] | null;
  /** Pick mode: the cursor is a crosshair and a click calls onPick. */
  picking?: boolean;
  /** The point picked for a new sighting, not yet saved. */
  pickPoint?: { lat: number; lon: number } | null;
  onPick?: (p: { lat: number; lon: number }) => void;
}

export function InterceptMap({
  incidentId,
  incident,
  plan,
  layer,
  sightings = null,
  picking = false,
  pickPoint = null,
  onPick,
}: InterceptMapProps) {
  const { t, i18n } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layers = useRef<InterceptLayers | null>(null);
  const pickFn = useRef(onPick);
  pickFn.current = onPick;
  const fittedFor = useRef<string | null>(null);
  const [roadsMissing, setRoadsMissing] = useState(false);
  const unitsV = useTopic("units");

  useEffect(() => {
    if (!el.current) return;
    const host = el.current;
    const { map, dispose } = createBaseMap(host, { zoom: 12, onRoadsMissing: () => setRoadsMissing(true) });
    layers.current = createInterceptLayers(map);
    map.on("click", (e: L.LeafletMouseEvent) => {
      if (host.classList.contains("pin-mode")) pickFn.current?.({ lat: e.latlng.lat, lon: e.latlng.lng });
    });
    // Tests click a known place, so they need the map's own projection; not enumerable, not for the app.
    Object.defineProperty(host, "leafletMap", { value: map, configurable: true });
    mapRef.current = map;
    return () => {
      dispose();
      mapRef.current = null;
      layers.current = null;
    };
  }, []);

  useZoomControl(() => mapRef.current, "topright");

  useEffect(() => {
    el.current?.classList.toggle("pin-mode", picking);
  }, [picking]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: the language re-labels the markers
  useEffect(() => {
    const ls = layers.current;
    const host = el.current;
    if (!ls || !host) return;
    drawSightings(ls, host, sightings, t);
  }, [sightings, i18n.language]);

  useEffect(() => {
    const ls = layers.current;
    if (!ls) return;
    drawPickPoint(ls, pickPoint);
  }, [pickPoint]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: the language re-labels the tooltips
  useEffect(() => {
    const ls = layers.current;
    if (!ls) return;
    drawCheckpoints(ls, el.current, layer, plan, t);
  }, [layer, plan, i18n.language]);

  useEffect(() => {
    const ls = layers.current;
    const map = mapRef.current;
    const host = el.current;
    if (!ls || !map || !host) return;
    const routes = drawPlanAreas(ls, host, plan);
    // Fit when the first escape cone arrives, and again when the suspect's last known position
    // moves; otherwise a re-plan keeps the view the dispatcher has chosen.
    const origin = plan ? plan.params.origin : incident;
    const key = origin ? `${incidentId}|${routes > 0 ? "cone" : "point"}|${origin.lat.toFixed(5)},${origin.lon.toFixed(5)}` : null;
    if (!key || fittedFor.current === key) return;
    if (fitPlan(map, ls, origin, plan)) fittedFor.current = key;
  }, [plan, incident, incidentId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: store versions are the triggers
  useEffect(() => {
    const ls = layers.current;
    const host = el.current;
    if (!ls || !host) return;
    drawUnits(ls, host, plan, incident, t);
  }, [plan, incident, unitsV, layer]);

  return (
    <div className="map-wrap icp-map-wrap">
      <div
        ref={el}
        className="map"
        data-testid="intercept-map"
        role="img"
        aria-label={t("icp.map.label")}
        data-isochrones="0"
        data-routes-drawn="0"
      />
      <InterceptMapLegend />
      {picking && (
        <div className="map-hint" data-testid="intercept-pick-hint">
          {t("icp.sight.hint")}
        </div>
      )}
      {roadsMissing && <div className="map-note">{t("icp.map.noRoads")}</div>}
      {/* Units of other areas have no place on the reader's map: say how many the plan counts on. */}
      {capacityTotal(plan?.capacity) > 0 && (
        <div className="map-note" data-testid="intercept-map-capacity">
          {t("icp.map.capacity", { n: capacityTotal(plan?.capacity) })}
        </div>
      )}
    </div>
  );
}
