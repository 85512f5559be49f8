/** The interception reads (圈层查控), each kept under its key in the query cache (data/query.ts). */
import { keys } from "../data/keys.ts";
import { type Endpoint, endpoint, get } from "../data/query.ts";
import { ApiError, api } from "../platform/api.ts";
import type { Checkpoint, InterceptLayer, InterceptPlan, WatchOrder } from "./types.ts";

/** The incident's latest plan; null while it has none. */
export const interceptPlanRead = (incidentId: string): Endpoint<InterceptPlan | null> =>
  endpoint(keys.interceptPlan(incidentId), async () => {
    try {
      return await api<InterceptPlan>("GET", `/incidents/${encodeURIComponent(incidentId)}/intercept-plan`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && e.code === "not_found") return null;
      throw e;
    }
  });

/**
 * Which plan to show: answers can cross on the wire, so a plan older than the one shown loses,
 * and once there is a plan, "none yet" does not take it away.
 */
export function newerPlan(held: InterceptPlan | null | undefined, next: InterceptPlan | null): InterceptPlan | null {
  if (!held) return next;
  if (!next || held.seq > next.seq) return held;
  return next;
}

export const interceptLayerRead = () => get<InterceptLayer>(keys.interceptLayer(), "/intercept/layer");

export const incidentWatchOrdersRead = (incidentId: string) =>
  get<WatchOrder[]>(keys.watchOrders({ incidentId }), `/watch-orders?incidentId=${encodeURIComponent(incidentId)}`);

export const activeWatchOrdersRead = () => get<WatchOrder[]>(keys.watchOrders({ status: "active" }), "/watch-orders?status=active");

export const checkpointsRead = () => get<Checkpoint[]>(keys.checkpoints(), "/intercept/checkpoints");
