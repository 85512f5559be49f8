/**
 * Problems the intercept module raises. Each carries `field` and a readable `detail`; their
 * zh-CN/en titles are templates in platform/messages.ts.
 */

import type { AppContext } from "../context.ts";
import type { RoadNetwork } from "../geo/road-network.ts";
import { RoadTravelTimes } from "../geo/road-travel-times.ts";
import { Problem, problems } from "../platform/problem.ts";
import { renderPlanMessage } from "./messages.ts";
import { PlannerInputError } from "./planner.ts";

export const interceptProblems = {
  /** 422 intercept_off_network: a point is not on (or near) the road network. */
  offNetwork: (field: string, detail: string, detailZh: string) =>
    new Problem(422, "intercept_off_network", { field, detail, detailZh }, { field, detail, detailZh }),
  /** 409 no_units_beyond_reserve: every available unit is held in its station's reserve; nothing is planned. */
  nothingBeyondReserve: (field: string, detail: string, detailZh: string) =>
    new Problem(409, "no_units_beyond_reserve", { detail, detailZh }, { field, detail, detailZh }),
  /** 409 plan_changed: the units (or the plan) changed since the dispatcher confirmed; nothing was dispatched. */
  planChanged: (changes: { unitId: string | null; callsign: string | null; change: string }[], detail: string, detailZh: string) =>
    new Problem(409, "plan_changed", { detail, detailZh }, { field: "confirmation", detail, detailZh, changes }),
  /** 409 ring_overlap: two rings of the same level cross each other. */
  ringOverlap: (field: string, other: string, level: string) =>
    new Problem(
      409,
      "ring_overlap",
      { other, level },
      {
        field,
        detail: `the ring's boundary crosses ring "${other}" of the same level (${level}); rings of one level must nest or be apart`,
      },
    ),
  /** 409 plan_superseded: a newer plan request for the same incident replaced this one. */
  planSuperseded: (incidentId: string) =>
    new Problem(
      409,
      "plan_superseded",
      { incidentId },
      { field: "incident", detail: "a newer interception plan request for this incident cancelled this one; use the newer result" },
    ),
  /** 503 road_network_unavailable: the planner needs a loaded road graph. */
  noRoadNetwork: () =>
    new Problem(
      503,
      "road_network_unavailable",
      {},
      { detail: "no road network is loaded (the server runs with straight-line travel times); the interception planner needs one" },
    ),
};

export function roadNetworkOf(ctx: AppContext): RoadNetwork {
  if (ctx.travel instanceof RoadTravelTimes) return ctx.travel.network;
  throw interceptProblems.noRoadNetwork();
}

/** Maps planner input errors onto problem+json, their reason worded in both languages. */
export function toInterceptProblem(err: unknown): unknown {
  if (err instanceof PlannerInputError) {
    const reason = renderPlanMessage(err.reason, "en");
    const reasonZh = renderPlanMessage(err.reason, "zh-CN");
    if (err.kind === "beyond_reserve") return interceptProblems.nothingBeyondReserve(err.field, reason, reasonZh);
    return err.kind === "off_network"
      ? interceptProblems.offNetwork(err.field, reason, reasonZh)
      : withDetail(problems.validation(err.field, reason, reasonZh), reason);
  }
  return err;
}

export function withDetail(p: Problem, detail: string): Problem {
  return new Problem(p.status, p.code, p.params, { ...p.extra, detail });
}
