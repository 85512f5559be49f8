/**
 * Selecting an incident brings it into view with the units sent to it, once per selection:
 * later AVL moves do not pull the map away from where the dispatcher has since looked.
 */
import L from "leaflet";
import { type RefObject, useEffect } from "react";
import { store } from "../platform/store.ts";

export function useCentreOnSelection(
  getMap: () => L.Map | null,
  incidentId: string | null | undefined,
  focusUnitId: string | null | undefined,
  host: RefObject<HTMLDivElement | null>,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a new selection only, by design
  useEffect(() => {
    const map = getMap();
    if (!map || !incidentId || focusUnitId) return;
    const inc = store.incidents.get(incidentId);
    if (!inc) return;
    const pts: L.LatLngTuple[] = [[inc.location.lat, inc.location.lon]];
    for (const u of store.units.values()) if (u.incidentId === incidentId && u.position) pts.push([u.position.lat, u.position.lon]);
    if (pts.length > 1) map.fitBounds(L.latLngBounds(pts), { padding: [40, 40], maxZoom: 16, animate: false });
    else map.panTo(pts[0], { animate: false });
    host.current?.setAttribute("data-centred-on", incidentId);
  }, [incidentId]);
}
