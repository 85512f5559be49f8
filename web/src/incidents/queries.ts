/** The incidents module's reads, each kept under its key in the query cache (data/query.ts). */
import type { Address } from "../addresses/types.ts";
import { keys } from "../data/keys.ts";
import { type Endpoint, endpoint, get, useApi } from "../data/query.ts";
import type { Assignment } from "../dispatch/types.ts";
import { pickName } from "../i18n.ts";
import { ApiError, api } from "../platform/api.ts";
import { haversineMeters } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import type { Incident, NearbyIncident, TimelineEntry } from "./types.ts";

const at = (id: string) => `/incidents/${encodeURIComponent(id)}`;

/** One incident, read fresh; the live store takes the copy too, as the newest it has seen. */
export const incidentRead = (id: string): Endpoint<Incident> =>
  endpoint(keys.incident(id), async () => {
    const i = await api<Incident>("GET", at(id));
    store.upsertIncident(i);
    return i;
  });

export const assignmentsRead = (id: string) => get<Assignment[]>(keys.assignments(id), `${at(id)}/assignments`);
export const timelineRead = (id: string) => get<TimelineEntry[]>(keys.timeline(id), `${at(id)}/timeline`);

/**
 * An incident from the live store, or read from the API when the store does not have it (a
 * closed one, a link followed from another view). `missing` once the API said it cannot be read.
 */
export function useIncident(id: string | null): { incident: Incident | null; missing: boolean } {
  useTopic("incidents");
  const live = id ? (store.incidents.get(id) ?? null) : null;
  const read = useApi(id ? incidentRead(id) : null, { enabled: !live });
  if (!id) return { incident: null, missing: false };
  return { incident: live ?? read.data ?? null, missing: !live && read.isError };
}

/** The gazetteer's standard addresses matching typed text. */
export const addressesRead = (q: string) =>
  endpoint(keys.addresses(q), async () => {
    const hits = await api<Address[]>("GET", `/addresses?q=${encodeURIComponent(q)}&limit=10`);
    // Anything but a list (an older server answering with its web page) means no gazetteer.
    if (!Array.isArray(hits)) throw new ApiError(404, {});
    return hits;
  });

/** An open incident the call in the form may repeat, as the duplicate hint lists it. */
export interface NearbyHit {
  id: string;
  number: string;
  category: string;
  meters: number;
  ageS: number;
}

/** The live store's open incidents within 500 m with the same category or kind: the hint without the server. */
function nearbyInStore(lat: number, lon: number, categoryCode: string): NearbyHit[] {
  const kind = categoryCode.split(".")[0];
  return store
    .openIncidents()
    .map((i) => ({ i, m: haversineMeters(lat, lon, i.location.lat, i.location.lon) }))
    .filter(({ i, m }) => m <= 500 && (i.category.code === categoryCode || i.category.code.split(".")[0] === kind))
    .sort((a, b) => a.m - b.m)
    .slice(0, 5)
    .map(({ i, m }) => ({
      id: i.id,
      number: i.number,
      category: pickName(i.category),
      meters: m,
      ageS: (Date.now() - Date.parse(i.times.receivedAt)) / 1000,
    }));
}

/** The duplicate hint for a location and category: the server's nearby search, or the live store's picture when it cannot answer. */
export const nearbyHintRead = (lat: number, lon: number, categoryCode: string): Endpoint<NearbyHit[]> =>
  endpoint(keys.nearby(lat, lon, categoryCode), async () => {
    try {
      const list = await api<NearbyIncident[]>(
        "GET",
        `/incidents/nearby?lat=${lat}&lon=${lon}&radiusM=500&categoryCode=${encodeURIComponent(categoryCode)}`,
      );
      // Anything but a list (an older server answering with its web page) means no nearby search.
      if (!Array.isArray(list)) throw new Error("no nearby endpoint");
      return list
        .filter((i) => i.similar !== null)
        .slice(0, 5)
        .map((i) => ({
          id: i.id,
          number: i.number,
          category: pickName(i.category),
          meters: i.distanceM,
          ageS: (Date.now() - Date.parse(i.times.receivedAt)) / 1000,
        }));
    } catch {
      return nearbyInStore(lat, lon, categoryCode);
    }
  });
