/**
 * Response figures per incident and per zone: call processing, time to dispatch, travel, arrival,
 * and the share within each target.
 */
import type { AppContext } from "../context.ts";
import { firstArrivalTravel, firstArrivalTravels } from "../dispatch/assignments.ts";
import { STAGES } from "../dispatch/model.ts";
import { figuresFor, listTargets, type ResponseFigures, type TargetTier } from "../dispatch/response-targets.ts";
import { loadIncidentRow } from "../incidents/service.ts";
import type { IncidentsTable } from "../incidents/tables.ts";
import type { Actor } from "../org/model.ts";
import { underOrg } from "../platform/scope.ts";
import type { FigureGrouping, GroupFiguresView, ResponseSummaryView } from "./figure-schemas.ts";

export async function incidentFigures(ctx: AppContext, actor: Actor, incidentId: string): Promise<ResponseFigures> {
  const r = await loadIncidentRow(ctx, actor, incidentId);
  return figuresFor(r, await firstArrivalTravel(ctx, incidentId), await listTargets(ctx), ctx.clock.now());
}

export type GroupFigures = GroupFiguresView;

const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export function summarise(key: string | null, rows: { r: IncidentsTable; f: ResponseFigures }[]): GroupFigures {
  const pick = (fn: (f: ResponseFigures) => number | null) => rows.map((x) => fn(x.f)).filter((v): v is number => v !== null);
  const arrival = pick((f) => f.arrivalS);
  const withinTarget = {} as GroupFigures["withinTarget"];
  for (const stage of STAGES) {
    const measured = rows.filter((x) => x.f.targets[stage].met !== null);
    const met = measured.filter((x) => x.f.targets[stage].met).length;
    withinTarget[stage] = { measured: measured.length, met, share: measured.length ? met / measured.length : null };
  }
  return {
    key,
    incidents: rows.length,
    avgCallProcessingS: avg(pick((f) => f.callProcessingS)),
    avgTimeToDispatchS: avg(pick((f) => f.timeToDispatchS)),
    avgTravelS: avg(pick((f) => f.travelS)),
    avgArrivalS: avg(arrival),
    p90ArrivalS: pct(arrival, 90),
    withinTarget,
  };
}

/** Figures for the actor's subtree, grouped by zone, station or district, over a time range. */
export async function responseFigures(
  ctx: AppContext,
  actor: Actor,
  opts: { groupBy: FigureGrouping; from?: string; to?: string },
): Promise<ResponseSummaryView> {
  let q = ctx.db.selectFrom("incidents").selectAll().where(underOrg("org_path", actor.orgPath));
  if (opts.from) q = q.where("received_at", ">=", opts.from);
  if (opts.to) q = q.where("received_at", "<", opts.to);
  const rows = await q.execute();
  const firstTravel = await firstArrivalTravels(ctx);
  const tiers: TargetTier[] = await listTargets(ctx);
  const now = ctx.clock.now();
  const withFigures = rows.map((r) => ({ r, f: figuresFor(r, firstTravel.get(r.id) ?? null, tiers, now) }));
  const keyOf = (r: IncidentsTable) =>
    opts.groupBy === "zone" ? r.zone_id : opts.groupBy === "station" ? r.station_id : opts.groupBy === "district" ? r.district_id : "all";
  const groups = new Map<string | null, typeof withFigures>();
  for (const x of withFigures) groups.set(keyOf(x.r), [...(groups.get(keyOf(x.r)) ?? []), x]);
  return {
    overall: summarise("all", withFigures),
    groups: [...groups.entries()].map(([k, xs]) => summarise(k, xs)),
    // The city-wide average arrival the article reports against: 4 minutes.
    referenceArrivalS: 240,
  };
}
