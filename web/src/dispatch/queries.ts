/** The dispatch module's reads, each kept under its key in the query cache (data/query.ts). */
import { keys } from "../data/keys.ts";
import { endpoint, get, useApi } from "../data/query.ts";
import { api } from "../platform/api.ts";
import { store, useTopic } from "../platform/store.ts";
import type { Recommendation, Unit, UnitRoute } from "./types.ts";

/** One unit, read fresh; the live store takes the copy too. */
export const unitRead = (id: string) =>
  endpoint(keys.unit(id), async () => {
    const u = await api<Unit>("GET", `/units/${encodeURIComponent(id)}`);
    store.upsertUnit(u);
    return u;
  });

/** A unit from the live store, or read from the API while the store does not have it. */
export function useUnit(id: string | null): Unit | undefined {
  useTopic("units");
  const live = id ? store.units.get(id) : undefined;
  const read = useApi(id ? unitRead(id) : null, { enabled: !live });
  return live ?? read.data;
}

/**
 * The recommended units for an incident at its current status. The stream never refreshes it (a
 * dispatcher adjusting the selection must not have it reset under the mouse): a new status, the
 * refresh button or a lost race read it again.
 */
export const recommendationRead = (incidentId: string, status: string) =>
  get<Recommendation>(keys.recommendation(incidentId, status), `/incidents/${encodeURIComponent(incidentId)}/recommendation`);

/** A unit's route to where it was sent, for the stage named (its status and destination). */
export const unitRouteRead = (unitId: string, stage: string) =>
  get<UnitRoute>(keys.unitRoute(unitId, stage), `/units/${encodeURIComponent(unitId)}/route`);
