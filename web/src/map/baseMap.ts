/**
 * The base every console map stands on: Leaflet drawing on canvas, centred on the city, with the
 * road network drawn locally (no tiles from the internet: the console runs on a closed network)
 * and the street names written along the roads at street zoom.
 * A tile server is used only when one is configured. The host element reports the road state in
 * data attributes (roadFeatures, roadsDrawn, roadsUnavailable) for tests and screenshots.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import i18next from "i18next";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { loadRoads, RoadTiles } from "./roads.ts";
import { addStreetLabels } from "./streetLabels.ts";

function tileUrl(): string | null {
  return localStorage.getItem("lantern.tileUrl") || (import.meta.env.VITE_TILE_URL as string | undefined) || null;
}

export interface BaseMap {
  map: L.Map;
  /** Removes the map and stops watching the host's size. */
  dispose(): void;
}

export function createBaseMap(
  host: HTMLDivElement,
  opts: { renderer?: L.Canvas; zoom?: number; onRoadsMissing?: () => void } = {},
): BaseMap {
  const map = L.map(host, {
    preferCanvas: true,
    ...(opts.renderer ? { renderer: opts.renderer } : {}),
    // Added by useZoomControl, with titles in the reader's language.
    zoomControl: false,
    attributionControl: false,
    center: [30.27, 120.16],
    zoom: opts.zoom ?? 13,
    zoomSnap: 0.25,
    // Road tiles are drawn locally and appear at once; fading them in only blurs the map.
    fadeAnimation: false,
    minZoom: 9,
    maxZoom: 19,
  });
  const url = tileUrl();
  if (url) L.tileLayer(url, { maxZoom: 19 }).addTo(map);
  let disposed = false;
  host.dataset.roadFeatures = "0";
  void loadRoads().then((roads) => {
    if (disposed) return;
    if (!roads) {
      host.dataset.roadsUnavailable = "true";
      opts.onRoadsMissing?.();
      return;
    }
    const tiles = new RoadTiles(roads, { pane: "tilePane" });
    tiles.on("load", () => {
      host.dataset.roadsDrawn = "true";
    });
    tiles.addTo(map);
    host.dataset.roadFeatures = String(roads.count);
  });
  const language = () => (i18next.language === "en" ? "en" : "zh");
  const labels = addStreetLabels(map, host, language());
  const relabel = () => labels.setLanguage(language());
  i18next.on("languageChanged", relabel);
  const ro = new ResizeObserver(() => map.invalidateSize());
  ro.observe(host);
  return {
    map,
    dispose() {
      disposed = true;
      i18next.off("languageChanged", relabel);
      labels.dispose();
      ro.disconnect();
      map.remove();
    },
  };
}

/**
 * The zoom buttons, whose tooltips follow the language. Takes a getter because the map is made
 * in an effect: call this after the effect that creates it, so it runs after it.
 */
export function useZoomControl(getMap: () => L.Map | null | undefined, position: L.ControlPosition = "topleft"): void {
  const { t } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the getter reads a ref, which is current when the effect runs
  useEffect(() => {
    const map = getMap();
    if (!map) return;
    const zoom = L.control.zoom({ zoomInTitle: t("map.zoomIn"), zoomOutTitle: t("map.zoomOut"), position }).addTo(map);
    return () => {
      zoom.remove();
    };
  }, [t, position]);
}
