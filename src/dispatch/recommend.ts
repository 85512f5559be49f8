/**
 * Unit recommendation: for each line of the response plan, the available units that arrive first,
 * each with the reason it was chosen, its ETA and the age of its position; and for each line that
 * cannot be filled, why. Candidates are the available units in the dispatcher's subtree, whoever
 * owns the ground: "dispatch goes to whoever arrives first".
 */
import type { AppContext } from "../context.ts";
import type { TravelMethod, TravelTimes } from "../geo/travel-times.ts";
import { loadIncidentRow } from "../incidents/service.ts";
import type { Actor } from "../org/model.ts";
import type { LatLon } from "../platform/geodesy.ts";
import { type CANDIDATE_FLAGS, type Requirement, UNIT_TYPES, type UnitType } from "./model.ts";
import { planFor } from "./plans.ts";
import type { CandidateView, RecommendationView, RequirementResultView } from "./schemas.ts";
import { listUnits, type UnitView } from "./units.ts";

export type Candidate = CandidateView;
export type RequirementResult = RequirementResultView;
export type Recommendation = RecommendationView;

const fmt = (s: number) => ({
  zh: `${Math.floor(s / 60)}分${Math.round(s % 60)}秒`,
  en: `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`,
});

/** Snapped more than this far from a road, an incident's road ETAs are suspect. */
const FAR_FROM_ROAD_M = 500;

export async function recommend(ctx: AppContext, actor: Actor, incidentId: string): Promise<Recommendation> {
  const inc = await loadIncidentRow(ctx, actor, incidentId);
  const { plan, requirements } = await planFor(ctx, inc.category_code, inc.priority, inc.area_type);
  const units = (await listUnits(ctx, actor)).filter((u) => u.status.baseType === "available");
  const target = { lat: inc.lat, lon: inc.lon };
  const positioned = units.filter((u) => u.position);
  const estimates = ctx.travel.estimate(
    positioned.map((u) => u.id),
    target,
  );
  const method = ctx.travel.method;
  const warnings: Recommendation["warnings"] = [];
  if (method === "straight_line") {
    warnings.push({
      code: "straight_line",
      zh: "未加载路网：到达时间为直线距离估算",
      en: "No road graph loaded: ETAs are straight-line estimates",
    });
  }
  const snap = ctx.travel.snapDistance(target);
  if (snap !== null && snap > FAR_FROM_ROAD_M) {
    warnings.push({
      code: "far_from_road",
      zh: `警情位置距最近道路 ${Math.round(snap)} 米，请核实地址`,
      en: `The incident is ${Math.round(snap)} m from the nearest road: check the address`,
    });
  }

  const byType = new Map<UnitType, Candidate[]>();
  const unreachable = new Map<UnitType, number>();
  for (const u of positioned) {
    const est = estimates.get(u.id);
    if (!est || est.seconds === null) {
      unreachable.set(u.type, (unreachable.get(u.type) ?? 0) + 1);
      continue;
    }
    const c = candidateOf(u, est.seconds, est.meters, inc.station_id, method);
    byType.set(u.type, [...(byType.get(u.type) ?? []), c]);
  }
  for (const list of byType.values()) {
    list.sort((a, b) => a.etaS - b.etaS);
    list.forEach((c, i) => {
      if (i === 0) return;
      c.reason = {
        zh: c.reason.zh.replace("最快到达的", `到达时间第 ${i + 1} 的`),
        en: c.reason.en.replace("Fastest available", `#${i + 1} fastest available`),
      };
    });
  }

  const taken = new Set<string>();
  const results: RequirementResult[] = requirements.map((req: Requirement) => {
    const pool = (byType.get(req.unitType) ?? []).filter((c) => !taken.has(c.unitId));
    const chosen = pool.slice(0, req.count);
    for (const c of chosen) taken.add(c.unitId);
    const missing = req.count - chosen.length;
    const name = UNIT_TYPES[req.unitType];
    const unpositioned = units.filter((u) => u.type === req.unitType && !u.position).length;
    return {
      unitType: req.unitType,
      count: req.count,
      chosen,
      alternatives: pool.slice(req.count, req.count + 3),
      missing,
      unfilledReason:
        missing > 0
          ? {
              zh: `辖区内空闲${name.zh}不足：需要 ${req.count}，可派 ${chosen.length}${unreachable.get(req.unitType) ? `（${unreachable.get(req.unitType)} 个无法到达）` : ""}${unpositioned ? `（${unpositioned} 个无定位）` : ""}`,
              en: `Not enough available ${name.en} units in scope: need ${req.count}, have ${chosen.length}${unreachable.get(req.unitType) ? ` (${unreachable.get(req.unitType)} cannot reach it)` : ""}${unpositioned ? ` (${unpositioned} without a position)` : ""}`,
            }
          : null,
    };
  });
  roadMetersOfShown(ctx.travel, results, positioned, target);
  return {
    incidentId,
    travelMethod: method,
    travelMethodLabel:
      method === "road" ? { zh: "道路行程时间", en: "Road travel time" } : { zh: "直线估算", en: "Straight-line estimate" },
    planId: plan?.id ?? null,
    requirements: results,
    unitIds: results.flatMap((r) => r.chosen.map((c) => c.unitId)),
    warnings,
  };
}

/**
 * The road distance of each candidate shown. The one-to-many search that ranks every unit yields
 * times only; the few shown (chosen and alternatives) cost one point-to-point route each.
 */
function roadMetersOfShown(travel: TravelTimes, results: RequirementResult[], units: UnitView[], target: LatLon): void {
  const at = new Map(units.map((u) => [u.id, u.position]));
  for (const r of results) {
    for (const c of [...r.chosen, ...r.alternatives]) {
      const pos = at.get(c.unitId);
      if (c.meters === null && pos) c.meters = travel.route(pos, target)?.meters ?? null;
    }
  }
}

function candidateOf(u: UnitView, etaS: number, meters: number | null, incidentStation: string | null, method: TravelMethod): Candidate {
  const eta = fmt(etaS);
  const name = UNIT_TYPES[u.type];
  const pos = u.position!;
  const flags: (typeof CANDIDATE_FLAGS)[number][] = [];
  if (pos.stale) flags.push("avl_stale");
  const home = u.stationId === incidentStation;
  const how = method === "road" ? { zh: "道路", en: "by road" } : { zh: "直线估算", en: "straight-line estimate" };
  return {
    unitId: u.id,
    callsign: u.callsign,
    type: u.type,
    stationId: u.stationId,
    etaS,
    meters,
    avlAgeS: pos.ageS,
    avlStale: pos.stale,
    homeStation: home,
    flags,
    reason: {
      zh: `最快到达的空闲${name.zh}：${eta.zh}（${how.zh}）${home ? "，本所警力" : ""}${pos.stale ? `；定位已 ${Math.round(pos.ageS)} 秒未更新` : ""}`,
      en: `Fastest available ${name.en}: ${eta.en} (${how.en})${home ? ", home station" : ""}${pos.stale ? `; position ${Math.round(pos.ageS)} s old` : ""}`,
    },
  };
}
