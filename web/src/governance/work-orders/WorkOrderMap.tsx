/**
 * The town centre's map: the town's area and its work orders, coloured by the timer they run
 * against. No tile server: the base is Lantern's own road layer (the same tiles the console map
 * draws), so it works on a closed network.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../../i18n.ts";
import { createBaseMap, useZoomControl } from "../../map/baseMap.ts";
import { useTick } from "../../platform/format.ts";
import { escapeHtml } from "../../platform/html.ts";
import type { TimerState, Town, WorkOrder } from "./types.ts";
import { addressOf, runningTimer } from "./workorders.ts";

export const TIMER_COLOURS: Record<TimerState | "none", string> = {
  pending: "#1c7ed6",
  warning: "#e67700",
  overdue: "#c92a2a",
  met: "#2b8a3e",
  missed: "#868e96",
  none: "#868e96",
};

export function WorkOrderMap({
  orders,
  towns,
  selectedId,
  onSelect,
}: {
  orders: WorkOrder[];
  towns: Town[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<{ map: L.Map; areas: L.LayerGroup; orders: L.LayerGroup; renderer: L.Canvas; fitted: boolean } | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  // Colours follow the clocks between fetches (a warning turns into an overdue without an event).
  const tick = useTick(5000);

  useEffect(() => {
    if (!el.current) return;
    const renderer = L.canvas({ padding: 0.1 });
    const { map, dispose } = createBaseMap(el.current, { renderer });
    const areas = L.layerGroup().addTo(map);
    const layer = L.layerGroup().addTo(map);
    mapRef.current = { map, areas, orders: layer, renderer, fitted: false };
    return () => {
      dispose();
      mapRef.current = null;
    };
  }, []);

  useZoomControl(() => mapRef.current?.map);

  // The towns' areas; the first time they arrive the map fits them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the language changes the tooltips
  useEffect(() => {
    const m = mapRef.current;
    if (!m) return;
    m.areas.clearLayers();
    const bounds = L.latLngBounds([]);
    for (const town of towns) {
      if (!town.polygon) continue;
      const poly = L.polygon(
        town.polygon.map((ring) => ring.map(([lon, lat]) => [lat, lon] as [number, number])),
        { renderer: m.renderer, color: "#5f3dc4", weight: 2, dashArray: "6 4", fillOpacity: 0.04, interactive: false },
      );
      poly.bindTooltip(pickName(town));
      poly.addTo(m.areas);
      bounds.extend(poly.getBounds());
    }
    if (!m.fitted && bounds.isValid()) {
      m.map.fitBounds(bounds, { padding: [12, 12] });
      m.fitted = true;
    }
    el.current?.setAttribute("data-towns", String(towns.filter((x) => x.polygon).length));
  }, [towns, i18n.language]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: redrawn on the clock tick and the language too
  useEffect(() => {
    const m = mapRef.current;
    if (!m) return;
    m.orders.clearLayers();
    for (const o of orders) {
      const selected = o.id === selectedId;
      const state = runningTimer(o)?.state ?? "none";
      const marker = L.circleMarker([o.location.lat, o.location.lon], {
        renderer: m.renderer,
        radius: selected ? 12 : 8,
        color: selected ? "#0f2a44" : "#ffffff",
        weight: selected ? 4 : 2,
        fillColor: TIMER_COLOURS[state],
        fillOpacity: 0.9,
      });
      marker.bindTooltip(
        `<b>${escapeHtml(o.number)}</b> ${escapeHtml(pickName(o.statusName))}<br>${escapeHtml(pickName(o.category))}<br>${escapeHtml(addressOf(o))}`,
      );
      marker.on("click", () => onSelectRef.current(o.id));
      marker.addTo(m.orders);
      if (selected) marker.bringToFront();
    }
    el.current?.setAttribute("data-orders", String(orders.length));
  }, [orders, selectedId, tick, i18n.language]);

  return (
    <div className="map-wrap wo-map-wrap">
      <div ref={el} className="map" data-testid="wo-map" />
      <fieldset className="map-legend">
        <legend className="sr-only">{t("map.legend")}</legend>
        {(["pending", "warning", "overdue"] as const).map((s) => (
          <span key={s}>
            <i className="dot" style={{ background: TIMER_COLOURS[s] }} />
            {t(`wo.legend.${s}`)}
          </span>
        ))}
      </fieldset>
    </div>
  );
}
