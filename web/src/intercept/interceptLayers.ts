/**
 * The interception map's shapes and how each family is redrawn from the plan, the layer, the
 * sightings and the store. Each family has its own pane and canvas, so redrawing one (a new plan,
 * an AVL move) keeps the others' stacking order; each draw also writes its counts to the map's
 * host element as data attributes, for tests and screenshots.
 */
import type { TFunction } from "i18next";
import L from "leaflet";
import { pickName } from "../i18n.ts";
import { timeOfDay } from "../platform/format.ts";
import { escapeHtml } from "../platform/html.ts";
import { store } from "../platform/store.ts";
import { hhmm } from "./InterceptSighting.tsx";
import { capacityTotal, checkpointsOf, type InterceptLayer, type InterceptPlan, ringsOf, type Sighting } from "./types.ts";

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

export interface InterceptLayers {
  panes: Record<Pane, { group: L.LayerGroup; renderer: L.Canvas }>;
  /** Sightings and the picked point: DOM markers, so each carries its time as a label. */
  sightings: L.LayerGroup;
  pick: L.LayerGroup;
}

type Point = { lat: number; lon: number };

const ll = ([lon, lat]: readonly number[]): [number, number] => [lat, lon];

export function createInterceptLayers(map: L.Map): InterceptLayers {
  const panes = {} as InterceptLayers["panes"];
  PANES.forEach((name, i) => {
    const pane = map.createPane(name);
    pane.style.zIndex = String(380 + i * 5);
    // Only the points answer the mouse (tooltips); areas and lines must not swallow clicks.
    if (name !== "icp-points" && name !== "icp-checkpoints") pane.style.pointerEvents = "none";
    const renderer = L.canvas({ pane: name, padding: 0.1 });
    panes[name] = { group: L.layerGroup().addTo(map), renderer };
  });
  const sightingPane = map.createPane("icp-sightings");
  sightingPane.style.zIndex = String(380 + PANES.length * 5);
  sightingPane.dataset.testid = "intercept-sightings";
  return { panes, sightings: L.layerGroup().addTo(map), pick: L.layerGroup().addTo(map) };
}

/** Recorded sightings, each labelled with the time it was seen. */
export function drawSightings(ls: InterceptLayers, host: HTMLElement, sightings: Sighting[] | null, t: TFunction): void {
  ls.sightings.clearLayers();
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
      .addTo(ls.sightings);
  }
  if (sightings) host.dataset.sightings = String(sightings.length);
  else delete host.dataset.sightings;
}

/** The point picked for a new sighting, until it is saved or dropped. */
export function drawPickPoint(ls: InterceptLayers, pickPoint: Point | null): void {
  ls.pick.clearLayers();
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
  }).addTo(ls.pick);
}

/** Rings and checkpoints; the plan's checkpoints are ringed. */
export function drawCheckpoints(
  ls: InterceptLayers,
  host: HTMLElement | null,
  layer: InterceptLayer | null,
  plan: InterceptPlan | null,
  t: TFunction,
): void {
  const rings = ls.panes["icp-rings"];
  const points = ls.panes["icp-checkpoints"];
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
  if (host) {
    host.dataset.rings = String(ringsOf(layer).length);
    host.dataset.checkpoints = String(checkpointsOf(layer).length);
    host.dataset.checkpointsActive = String(active);
    host.dataset.checkpointsHighlighted = String(checkpointsOf(layer).filter((c) => inPlan.has(c.properties.id)).length);
  }
}

/** The plan's areas and escape cone; returns how many escape routes are drawn. */
export function drawPlanAreas(ls: InterceptLayers, host: HTMLElement, plan: InterceptPlan | null): number {
  const iso = ls.panes["icp-iso"];
  const cone = ls.panes["icp-cone"];
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
  return routes;
}

/** Brings the origin, the escape cone and the units' points into view; false when there is nothing to show. */
export function fitPlan(map: L.Map, ls: InterceptLayers, origin: Point | null, plan: InterceptPlan | null): boolean {
  const b = L.latLngBounds([]);
  if (origin) b.extend([origin.lat, origin.lon]);
  for (const l of ls.panes["icp-cone"].group.getLayers()) b.extend((l as L.Polyline).getBounds());
  for (const u of plan?.units ?? []) if (u.lat !== null && u.lon !== null) b.extend([u.lat, u.lon]);
  if (!b.isValid()) return false;
  // Not animated: a zoom animation still running when the view is left breaks Leaflet's teardown.
  if (b.getNorthEast().equals(b.getSouthWest())) map.setView(b.getCenter(), 14, { animate: false });
  else map.fitBounds(b, { padding: [30, 30], maxZoom: 15, animate: false });
  return true;
}

/**
 * Units: where each is now (from the store, so AVL moves them), its intercept point and the line
 * between; then the incident, and the last known position when a sighting or checkpoint report
 * moved it.
 */
export function drawUnits(ls: InterceptLayers, host: HTMLElement, plan: InterceptPlan | null, incident: Point | null, t: TFunction): void {
  const links = ls.panes["icp-links"];
  const points = ls.panes["icp-points"];
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
}
