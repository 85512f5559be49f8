/**
 * Unit recommendation: for an in-progress or urgent call, the nearest street unit first (就近先行);
 * then for each line of the response plan the available units that arrive first, of the line's
 * type or one of its substitutes, each with the reason it was chosen, its ETA against the arrival
 * target, its road distance, the streets it takes and what its leaving does to its patrol zone;
 * and for each line that cannot be filled, why. Candidates are the available units in the
 * dispatcher's subtree, whoever owns the ground: "dispatch goes to whoever arrives first".
 */
import type { AppContext } from "../context.ts";
import type { TravelTimes } from "../geo/travel-times.ts";
import { loadIncidentRow } from "../incidents/service.ts";
import type { Actor } from "../org/model.ts";
import type { LatLon } from "../platform/geodesy.ts";
import { type Candidate, type CandidateSetting, formatDuration, type RankedUnit } from "./candidates.ts";
import { weighCoverage } from "./coverage.ts";
import { firstResponderOf } from "./first-responder.ts";
import { FIRST_RESPONDER_PRIORITIES } from "./model.ts";
import { unitEstimates } from "./on-foot.ts";
import { fillLines, type Unranked } from "./plan-lines.ts";
import { planFor } from "./plans.ts";
import { listTargets, targetMinutes } from "./response-targets.ts";
import type { RecommendationView } from "./schemas.ts";
import { dispatchSettings } from "./settings.ts";
import { listUnits, type UnitView } from "./units.ts";

export type { RequirementResult } from "./plan-lines.ts";
export type { Candidate };
export type Recommendation = RecommendationView;
type Warning = Recommendation["warnings"][number];

/** Snapped more than this far from a road, an incident's road ETAs are suspect. */
const FAR_FROM_ROAD_M = 500;
/** How many of a route's named streets a candidate carries ("经 学院路 → 文三路 → 湖墅南路"). */
const VIA_STREETS = 3;

export async function recommend(ctx: AppContext, actor: Actor, incidentId: string): Promise<Recommendation> {
  const inc = await loadIncidentRow(ctx, actor, incidentId);
  const { plan, requirements } = await planFor(ctx, inc.category_code, inc.priority, inc.area_type);
  const tiers = await listTargets(ctx);
  const minutes = targetMinutes(tiers, "arrival", inc.priority, inc.area_type);
  const available = (await listUnits(ctx, actor)).filter((u) => u.status.baseType === "available");
  const target = { lat: inc.lat, lon: inc.lon };
  const positioned = available.filter((u) => u.position);
  const { ranked, unreachable } = rank(ctx.travel, positioned, target);
  const unranked: Unranked = { unreachable, unpositioned: available.filter((u) => !u.position) };
  const method = ctx.travel.method;
  const setting: CandidateSetting = { incidentStation: inc.station_id, method, targetS: minutes === null ? null : minutes * 60 };

  const lines = fillLines(requirements, ranked, unranked, setting);
  const firstResponder = FIRST_RESPONDER_PRIORITIES.includes(inc.priority)
    ? firstResponderOf(ranked, dispatchSettings(ctx).streetUnitTypes, lines, setting)
    : null;
  const chosen = lines.flatMap((r) => r.chosen);
  const sentAhead = firstResponder && firstResponder.onPlanLine === null ? [firstResponder.candidate] : [];
  const unitIds = [...sentAhead, ...chosen].map((c) => c.unitId);
  const headline = [...(firstResponder ? [firstResponder.candidate] : []), ...chosen];
  const shown = [...headline, ...lines.flatMap((r) => r.alternatives)];
  describeRoutes(ctx, headline, shown, positioned, target);
  await weighCoverage(ctx, shown, positioned, new Set(unitIds), target, tiers);

  const warnings = travelWarnings(ctx.travel, target);
  if (FIRST_RESPONDER_PRIORITIES.includes(inc.priority) && !firstResponder) {
    warnings.push({ code: "no_first_responder", zh: "无空闲街面警力可先行到场", en: "No available street unit can go first" });
  }
  const late = targetWarning(ranked, setting.targetS);
  if (late) warnings.push(late);
  // Coverage is warned about for the units the one-click dispatch would send; alternatives carry it on their line.
  for (const c of [...sentAhead, ...chosen]) {
    if (c.coverage) warnings.push({ code: "zone_uncovered", zh: `${c.callsign}：${c.coverage.zh}`, en: `${c.callsign}: ${c.coverage.en}` });
  }
  return {
    incidentId,
    locationName: ctx.streets?.nameAt(target) ?? null,
    targetS: setting.targetS,
    firstResponder,
    travelMethod: method,
    travelMethodLabel:
      method === "road" ? { zh: "道路行程时间", en: "Road travel time" } : { zh: "直线估算", en: "Straight-line estimate" },
    planId: plan?.id ?? null,
    requirements: lines,
    unitIds,
    warnings,
  };
}

/** Every positioned unit that can reach the target, fastest first, and those that cannot. */
function rank(travel: TravelTimes, positioned: UnitView[], target: LatLon): { ranked: RankedUnit[]; unreachable: UnitView[] } {
  const estimates = unitEstimates(travel, positioned, target);
  const ranked: RankedUnit[] = [];
  const unreachable: UnitView[] = [];
  for (const u of positioned) {
    const est = estimates.get(u.id);
    if (!est || est.seconds === null) unreachable.push(u);
    else ranked.push({ unit: u, etaS: est.seconds, meters: est.meters });
  }
  ranked.sort((a, b) => a.etaS - b.etaS);
  return { ranked, unreachable };
}

function travelWarnings(travel: TravelTimes, target: LatLon): Warning[] {
  const warnings: Warning[] = [];
  if (travel.method === "straight_line") {
    warnings.push({
      code: "straight_line",
      zh: "未加载路网：到达时间为直线距离估算",
      en: "No road graph loaded: ETAs are straight-line estimates",
    });
  }
  const snap = travel.snapDistance(target);
  if (snap !== null && snap > FAR_FROM_ROAD_M) {
    warnings.push({
      code: "far_from_road",
      zh: `警情位置距最近道路 ${Math.round(snap)} 米，请核实地址`,
      en: `The incident is ${Math.round(snap)} m from the nearest road: check the address`,
    });
  }
  return warnings;
}

/** "无警力可在目标 3分 内到达：最快 7分20秒，超出 4分20秒", when not even the fastest unit of any type makes it. */
function targetWarning(ranked: readonly RankedUnit[], targetS: number | null): Warning | null {
  if (targetS === null || ranked.length === 0 || ranked[0].etaS <= targetS) return null;
  const t = formatDuration(targetS);
  const best = formatDuration(ranked[0].etaS);
  const gap = formatDuration(ranked[0].etaS - targetS);
  return {
    code: "target_unreachable",
    zh: `无警力可在目标 ${t.zh} 内到达：最快 ${best.zh}，超出 ${gap.zh}`,
    en: `No unit can arrive within the ${t.en} target: the fastest takes ${best.en}, ${gap.en} over`,
  };
}

/**
 * The road distance of each candidate shown, and the named streets of the units to be sent. The
 * one-to-many search that ranks every unit yields times only; the few shown cost one
 * point-to-point route each, and only when the distance is missing or the streets have names.
 */
function describeRoutes(ctx: AppContext, headline: Candidate[], shown: Candidate[], units: UnitView[], target: LatLon): void {
  const at = new Map(units.map((u) => [u.id, u.position]));
  const routes = new Map<string, ReturnType<TravelTimes["route"]>>();
  const routeOf = (c: Candidate) => {
    if (!routes.has(c.unitId)) {
      const pos = at.get(c.unitId);
      routes.set(c.unitId, pos ? ctx.travel.route(pos, target) : null);
    }
    return routes.get(c.unitId) ?? null;
  };
  for (const c of shown) if (c.meters === null) c.meters = routeOf(c)?.meters ?? null;
  if (!ctx.streets) return;
  for (const c of headline) c.via = (routeOf(c)?.streets ?? []).slice(0, VIA_STREETS);
}
