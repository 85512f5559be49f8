/**
 * The interception map: rings and checkpoints, the escape cone, the areas the suspect can have
 * reached 5, 10 and 30 minutes from now, the last known position, and each unit's line from where
 * it is to its intercept point (only the units the reader may see; the others are a count in a note). Like the console's map it has no tile layer: the roads are drawn
 * locally, so it works on a closed police network. Each family of shapes has its own pane and
 * canvas, so redrawing one (a new plan, an AVL move) keeps the others' stacking order. Recorded
 * sightings are small labelled markers of their own; in pick mode a click on the map places the
 * point of a new one.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { createBaseMap, useZoomControl } from "../map/baseMap.ts";
import { timeOfDay } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { hhmm } from "./InterceptSighting.tsx";
import { capacityTotal, checkpointsOf, type InterceptLayer, type InterceptPlan, ringsOf, type Sighting } from "./types.ts";

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

/** Later (wider) areas first, so the nearer ones stay visible on top. */
export const ISOCHRONE_STYLE: Record<number, { colour: string; fill: number }> = {
  30: { colour: "#f59f00", fill: 0.12 },
  10: { colour: "#e8590c", fill: 0.16 },
  5: { colour: "#c92a2a", fill: 0.2 },
};
export const ICP_COLOURS = {
  ring: "#0f2a44",
  cone: "#5f3dc4",
  incident: "#c92a2a",
  lastKnown: "#e8590c",
  unit: "#1971c2",
  checkpointActive: "#2b8a3e",
  checkpointIdle: "#868e96",
  checkpointPlan: "#f08c00",
  sighting: "#0b7285",
  pick: "#5f3dc4",
};

const PANES = ["icp-iso", "icp-cone", "icp-rings", "icp-links", "icp-checkpoints", "icp-points"] as const;
type Pane = (typeof PANES)[number];

const ll = ([lon, lat]: readonly number[]): [number, number] => [lat, lon];

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
  const groups = useRef<Record<Pane, { group: L.LayerGroup; renderer: L.Canvas }> | null>(null);
  /** Sightings and the picked point: DOM markers, so each carries its time as a label. */
  const marks = useRef<{ sightings: L.LayerGroup; pick: L.LayerGroup } | null>(null);
  const pickFn = useRef(onPick);
  pickFn.current = onPick;
  const fittedFor = useRef<string | null>(null);
  const [roadsMissing, setRoadsMissing] = useState(false);
  const unitsV = useTopic("units");

  useEffect(() => {
    if (!el.current) return;
    const host = el.current;
    const { map, dispose } = createBaseMap(host, { zoom: 12, onRoadsMissing: () => setRoadsMissing(true) });
    const made = {} as Record<Pane, { group: L.LayerGroup; renderer: L.Canvas }>;
    PANES.forEach((name, i) => {
      const pane = map.createPane(name);
      pane.style.zIndex = String(380 + i * 5);
      // Only the points answer the mouse (tooltips); areas and lines must not swallow clicks.
      if (name !== "icp-points" && name !== "icp-checkpoints") pane.style.pointerEvents = "none";
      const renderer = L.canvas({ pane: name, padding: 0.1 });
      made[name] = { group: L.layerGroup().addTo(map), renderer };
    });
    groups.current = made;
    const sightingPane = map.createPane("icp-sightings");
    sightingPane.style.zIndex = String(380 + PANES.length * 5);
    sightingPane.dataset.testid = "intercept-sightings";
    marks.current = { sightings: L.layerGroup().addTo(map), pick: L.layerGroup().addTo(map) };
    map.on("click", (e: L.LeafletMouseEvent) => {
      if (host.classList.contains("pin-mode")) pickFn.current?.({ lat: e.latlng.lat, lon: e.latlng.lng });
    });
    // Tests click a known place, so they need the map's own projection; not enumerable, not for the app.
    Object.defineProperty(host, "leafletMap", { value: map, configurable: true });
    mapRef.current = map;
    return () => {
      dispose();
      mapRef.current = null;
      groups.current = null;
      marks.current = null;
    };
  }, []);

  useZoomControl(() => mapRef.current, "topright");

  useEffect(() => {
    el.current?.classList.toggle("pin-mode", picking);
  }, [picking]);

  // Recorded sightings, each labelled with the time it was seen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: the language re-labels the markers
  useEffect(() => {
    const m = marks.current;
    const host = el.current;
    if (!m || !host) return;
    m.sightings.clearLayers();
    for (const s of sightings ?? []) {
      const label = hhmm(Date.parse(s.at));
      L.marker([s.lat, s.lon], {
        pane: "icp-sightings",
        icon: L.divIcon({
          className: "icp-sighting-marker",
          html: `<i></i><span>${escapeHtml(label)}</span>`,
          // Smaller than the last-known-position dot, which stays visible around the latest one.
          iconSize: [8, 8],
          iconAnchor: [4, 4],
        }),
        keyboard: false,
        // A click on an old sighting in pick mode still reaches the map: the new point goes there.
        bubblingMouseEvents: true,
      })
        .bindTooltip(() => {
          const head = escapeHtml(t("icp.map.sighting", { time: timeOfDay(s.at) }));
          return s.note ? `${head}<br>${escapeHtml(s.note)}` : head;
        })
        .addTo(m.sightings);
    }
    if (sightings) host.dataset.sightings = String(sightings.length);
    else delete host.dataset.sightings;
  }, [sightings, i18n.language]);

  // The point picked for a new sighting, until it is saved or dropped.
  useEffect(() => {
    const m = marks.current;
    if (!m) return;
    m.pick.clearLayers();
    if (!pickPoint) return;
    L.marker([pickPoint.lat, pickPoint.lon], {
      pane: "icp-sightings",
      icon: L.divIcon({
        className: "icp-pick-marker",
        html: '<i data-testid="sighting-pick-marker"></i>',
        iconSize: [22, 22],
        iconAnchor: [11, 11],
      }),
      keyboard: false,
      interactive: false,
    }).addTo(m.pick);
  }, [pickPoint]);

  // Rings and checkpoints; the plan's checkpoints are ringed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: the language re-labels the tooltips
  useEffect(() => {
    const g = groups.current;
    if (!g) return;
    const rings = g["icp-rings"];
    const points = g["icp-checkpoints"];
    rings.group.clearLayers();
    points.group.clearLayers();
    for (const r of ringsOf(layer)) {
      L.polygon(
        r.geometry.coordinates.map((ring) => ring.map(ll)),
        {
          renderer: rings.renderer,
          color: ICP_COLOURS.ring,
          weight: 2,
          dashArray: "8 5",
          fillOpacity: 0.02,
          interactive: false,
        },
      ).addTo(rings.group);
    }
    const inPlan = new Map((plan?.checkpoints ?? []).map((c) => [c.checkpointId, c]));
    let active = 0;
    for (const c of checkpointsOf(layer)) {
      const p = c.properties;
      if (p.active) active++;
      const planned = inPlan.has(p.id);
      const m = L.circleMarker(ll(c.geometry.coordinates), {
        renderer: points.renderer,
        radius: planned ? 8 : 5,
        color: planned ? ICP_COLOURS.checkpointPlan : p.active ? ICP_COLOURS.checkpointActive : ICP_COLOURS.checkpointIdle,
        weight: planned ? 4 : 2,
        fillColor: p.active ? ICP_COLOURS.checkpointActive : "#ffffff",
        fillOpacity: 1,
      });
      m.bindTooltip(() => {
        const state = p.active ? t("icp.cp.active") : t("icp.cp.inactive");
        const plannedText = planned ? ` · ${t(inPlan.get(p.id)?.state === "active" ? "icp.cp.planKeep" : "icp.cp.planActivate")}` : "";
        return `<b>${escapeHtml(pickName(p))}</b><br>${escapeHtml(t(`icp.cpKind.${p.kind}`))} · ${escapeHtml(state)}${escapeHtml(plannedText)}`;
      });
      m.addTo(points.group);
    }
    const host = el.current;
    if (host) {
      host.dataset.rings = String(ringsOf(layer).length);
      host.dataset.checkpoints = String(checkpointsOf(layer).length);
      host.dataset.checkpointsActive = String(active);
      host.dataset.checkpointsHighlighted = String(checkpointsOf(layer).filter((c) => inPlan.has(c.properties.id)).length);
    }
  }, [layer, plan, i18n.language]);

  // The plan's areas and escape cone, and the last known position.
  useEffect(() => {
    const g = groups.current;
    const map = mapRef.current;
    const host = el.current;
    if (!g || !map || !host) return;
    const iso = g["icp-iso"];
    const cone = g["icp-cone"];
    iso.group.clearLayers();
    cone.group.clearLayers();
    let isochrones = 0;
    let routes = 0;
    if (plan) {
      for (const i of [...plan.isochrones].sort((a, b) => b.minutesFromNow - a.minutesFromNow)) {
        const style = ISOCHRONE_STYLE[i.minutesFromNow] ?? ISOCHRONE_STYLE[30];
        if (!i.polygon.coordinates.length) continue;
        // Grid cells, merged into runs: no outline, or the cell grid would show.
        L.polygon(
          i.polygon.coordinates.map((poly) => poly.map((ring) => ring.map(ll))),
          {
            renderer: iso.renderer,
            stroke: false,
            fillColor: style.colour,
            fillOpacity: style.fill,
            interactive: false,
          },
        ).addTo(iso.group);
        isochrones++;
      }
      const lines = plan.escapeCone.features.map((f) => f.geometry.coordinates.map(ll)).filter((l) => l.length > 1);
      routes = lines.length;
      if (lines.length)
        L.polyline(lines, { renderer: cone.renderer, color: ICP_COLOURS.cone, weight: 2, opacity: 0.5, interactive: false }).addTo(
          cone.group,
        );
    }
    host.dataset.isochrones = String(isochrones);
    host.dataset.routesDrawn = String(routes);
    host.dataset.plan = plan?.id ?? "";

    // Fit when the first escape cone arrives, and again when the suspect's last known position
    // moves; otherwise a re-plan keeps the view the dispatcher has chosen.
    const origin = plan ? plan.params.origin : incident;
    const key = origin ? `${incidentId}|${routes > 0 ? "cone" : "point"}|${origin.lat.toFixed(5)},${origin.lon.toFixed(5)}` : null;
    if (!key || fittedFor.current === key) return;
    const b = L.latLngBounds([]);
    if (origin) b.extend([origin.lat, origin.lon]);
    for (const l of cone.group.getLayers()) b.extend((l as L.Polyline).getBounds());
    for (const u of plan?.units ?? []) if (u.lat !== null && u.lon !== null) b.extend([u.lat, u.lon]);
    if (!b.isValid()) return;
    // Not animated: a zoom animation still running when the view is left breaks Leaflet's teardown.
    if (b.getNorthEast().equals(b.getSouthWest())) map.setView(b.getCenter(), 14, { animate: false });
    else map.fitBounds(b, { padding: [30, 30], maxZoom: 15, animate: false });
    fittedFor.current = key;
  }, [plan, incident, incidentId]);

  // Units: where each is now, its intercept point and the line between; the positions follow AVL.
  // biome-ignore lint/correctness/useExhaustiveDependencies: imperative map sync: store versions are the triggers
  useEffect(() => {
    const g = groups.current;
    const host = el.current;
    if (!g || !host) return;
    const links = g["icp-links"];
    const points = g["icp-points"];
    links.group.clearLayers();
    points.group.clearLayers();
    let linked = 0;
    let unitsDrawn = 0;
    for (const u of plan?.units ?? []) {
      const live = store.units.get(u.unitId);
      const here = live?.position ?? null;
      if (here) {
        L.circleMarker([here.lat, here.lon], {
          renderer: points.renderer,
          radius: 6,
          color: "#ffffff",
          weight: 2,
          fillColor: ICP_COLOURS.unit,
          fillOpacity: 0.95,
        })
          .bindTooltip(() => `<b>${escapeHtml(u.label)}</b>${live ? ` ${escapeHtml(pickName(live.status))}` : ""}`)
          .addTo(points.group);
        unitsDrawn++;
      }
      if (u.lat === null || u.lon === null) continue;
      L.circleMarker([u.lat, u.lon], {
        renderer: points.renderer,
        radius: 6,
        color: ICP_COLOURS.unit,
        weight: 3,
        fillColor: "#ffffff",
        fillOpacity: 1,
      })
        .bindTooltip(() => escapeHtml(t("icp.map.pointOf", { unit: u.label })))
        .addTo(points.group);
      if (here) {
        L.polyline(
          [
            [here.lat, here.lon],
            [u.lat, u.lon],
          ],
          { renderer: links.renderer, color: ICP_COLOURS.unit, weight: 2, opacity: 0.85, dashArray: "6 5", interactive: false },
        ).addTo(links.group);
        linked++;
      }
    }
    // The incident, and the last known position when a sighting or checkpoint report moved it.
    if (incident)
      L.circleMarker([incident.lat, incident.lon], {
        renderer: points.renderer,
        radius: 10,
        color: ICP_COLOURS.incident,
        weight: 4,
        fillColor: "#ffffff",
        fillOpacity: 0.9,
      })
        .bindTooltip(() => escapeHtml(t("icp.map.incident")))
        .addTo(points.group);
    const o = plan?.params.origin;
    if (o && (!incident || Math.abs(o.lat - incident.lat) > 1e-6 || Math.abs(o.lon - incident.lon) > 1e-6))
      L.circleMarker([o.lat, o.lon], {
        renderer: points.renderer,
        radius: 9,
        color: "#ffffff",
        weight: 3,
        fillColor: ICP_COLOURS.lastKnown,
        fillOpacity: 1,
      })
        .bindTooltip(() => escapeHtml(t("icp.map.lastKnown")))
        .addTo(points.group);
    host.dataset.unitLinks = String(linked);
    host.dataset.units = String(unitsDrawn);
    host.dataset.capacity = String(capacityTotal(plan?.capacity));
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
      <fieldset className="map-legend icp-legend" data-testid="intercept-legend">
        <legend className="sr-only">{t("map.legend")}</legend>
        <span>
          <i className="icp-sw-line dashed" style={{ borderColor: ICP_COLOURS.ring }} />
          {t("icp.legend.ring")}
        </span>
        <span>
          <i className="dot hollow" style={{ borderColor: ICP_COLOURS.checkpointIdle }} />
          {t("icp.legend.cpIdle")}
        </span>
        <span>
          <i className="dot" style={{ background: ICP_COLOURS.checkpointActive }} />
          {t("icp.legend.cpActive")}
        </span>
        <span>
          <i className="dot hollow icp-sw-plan" style={{ borderColor: ICP_COLOURS.checkpointPlan }} />
          {t("icp.legend.cpPlan")}
        </span>
        <span>
          <i className="icp-sw-line" style={{ borderColor: ICP_COLOURS.cone }} />
          {t("icp.legend.cone")}
        </span>
        {[5, 10, 30].map((m) => (
          <span key={m}>
            <i className="sq" style={{ background: ISOCHRONE_STYLE[m].colour, opacity: 0.35 + ISOCHRONE_STYLE[m].fill }} />
            {t("icp.legend.iso", { m })}
          </span>
        ))}
        <span>
          <i className="dot hollow" style={{ borderColor: ICP_COLOURS.incident }} />
          {t("icp.legend.incident")}
        </span>
        <span>
          <i className="dot" style={{ background: ICP_COLOURS.lastKnown }} />
          {t("icp.legend.lastKnown")}
        </span>
        <span>
          <i className="icp-sw-sighting" style={{ background: ICP_COLOURS.sighting }} />
          {t("icp.legend.sighting")}
        </span>
        <span>
          <i className="dot" style={{ background: ICP_COLOURS.unit }} />
          {t("icp.legend.unit")}
        </span>
        <span>
          <i className="dot hollow" style={{ borderColor: ICP_COLOURS.unit }} />
          {t("icp.legend.point")}
        </span>
      </fieldset>
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

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
