/**
 * Street names on the base map (街道名称). At street zoom the map writes each street's name
 * along it, at the anchors the server chose (a few per street, spaced apart), in the reader's
 * language. Only the anchors in view are placed, so panning the whole city costs a few dozen
 * small elements, never thousands. The names' credit goes into the map's attribution corner.
 */
import L from "leaflet";
import type { StreetLabelsLayer } from "../../../src/map/street-label-schemas.ts";
import { keys } from "../data/keys.ts";
import { fetchApi, get } from "../data/query.ts";
import { escapeHtml } from "../platform/html.ts";

/** From this zoom on (about 1:8,000 on screen) street names are written. */
export const STREET_LABEL_ZOOM = 15.5;
/** More than this many in view is clutter, not orientation: the rest wait for a closer zoom. */
const MAX_IN_VIEW = 120;

export interface StreetLabelLayer {
  /** Re-writes the names in another language. */
  setLanguage(lang: "zh" | "en"): void;
  dispose(): void;
}

export function addStreetLabels(map: L.Map, host: HTMLElement, lang: "zh" | "en"): StreetLabelLayer {
  const group = L.layerGroup().addTo(map);
  let layer: StreetLabelsLayer | null = null;
  let language = lang;
  let attribution: L.Control.Attribution | null = null;
  let disposed = false;

  const draw = () => {
    group.clearLayers();
    if (!layer || map.getZoom() < STREET_LABEL_ZOOM) {
      host.dataset.streetLabels = "0";
      return;
    }
    const view = map.getBounds().pad(0.1);
    let n = 0;
    for (const l of layer.labels) {
      if (n >= MAX_IN_VIEW) break;
      if (!view.contains([l.lat, l.lon])) continue;
      const text = language === "zh" ? l.zh : l.en;
      const icon = L.divIcon({
        className: "street-label",
        html: `<span style="transform: translate(-50%, -50%) rotate(${l.angle}deg)">${escapeHtml(text)}</span>`,
        iconSize: [0, 0],
      });
      L.marker([l.lat, l.lon], { icon, interactive: false, keyboard: false }).addTo(group);
      n++;
    }
    host.dataset.streetLabels = String(n);
  };

  void fetchApi(get<StreetLabelsLayer>(keys.streetLabels(), "/map/street-labels"))
    .then((answer) => {
      if (disposed) return;
      layer = answer;
      if (answer.attribution) {
        attribution = L.control
          .attribution({ prefix: false, position: "bottomright" })
          .addAttribution(escapeHtml(answer.attribution))
          .addTo(map);
        host.dataset.attribution = answer.attribution;
      }
      draw();
    })
    // Without names the map is still a map: the roads and zones are drawn from elsewhere.
    .catch(() => {});
  map.on("moveend zoomend", draw);
  return {
    setLanguage(next) {
      language = next;
      draw();
    },
    dispose() {
      disposed = true;
      map.off("moveend zoomend", draw);
      attribution?.remove();
      group.remove();
    },
  };
}
