/**
 * The non-police loop's figures, by station and by town: invalid share, non-police share,
 * diversion rate, resolution at town level, satisfaction and time to close.
 *
 * These read the incidents, work orders and follow-ups tables directly (read-only, one query
 * each per call) because neither module aggregates across a whole area; when they offer a
 * summary, this should call it instead.
 */
import type { AppContext } from "../context.ts";
import type { Actor } from "../org/model.ts";
import { listOrgs } from "../org/service.ts";
import { problems } from "../platform/problem.ts";
import { underOrg } from "../platform/scope.ts";
import type { KpiQuery, KpiView, Rate } from "./kpi-schemas.ts";

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const RESOLVED = ["closed", "followed_up"];
const DIVERTED = ["diverted_non_police", "transferred"];

export async function computeKpis(ctx: AppContext, actor: Actor, q: KpiQuery = {}): Promise<KpiView> {
  // The default window ends just after now, so what happened this instant is counted.
  const to = q.to ?? new Date(ctx.clock.now().getTime() + 1).toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 30 * 86400_000).toISOString();
  if (Number.isNaN(Date.parse(from))) throw problems.validation("from", "an ISO-8601 time", "须为 ISO-8601 格式的时间");
  if (Number.isNaN(Date.parse(to))) throw problems.validation("to", "an ISO-8601 time", "须为 ISO-8601 格式的时间");
  if (from >= to) throw problems.validation("from", "must be before to", "必须早于 to");
  const scope = actor.orgPath;
  const incidents = await ctx.db
    .selectFrom("incidents")
    .select(["station_id", "valid", "police", "disposition", "received_at", "closed_at", "status"])
    .where(underOrg("org_path", scope))
    .where("received_at", ">=", from)
    .where("received_at", "<", to)
    .execute();
  const orders = await ctx.db
    .selectFrom("work_orders")
    .select(["town_id", "station_id", "status", "created_at", "closed_at", "reopen_count"])
    .where((eb) => eb.or([underOrg("org_path", scope), underOrg("incident_org_path", scope)]))
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .execute();
  const followups = await ctx.db
    .selectFrom("followups")
    .select(["station_id", "town_id", "category_code", "reached", "satisfied"])
    .where(underOrg("org_path", scope))
    .where("status", "=", "done")
    .where("recorded_at", ">=", from)
    .where("recorded_at", "<", to)
    .execute();
  const names = new Map((await listOrgs(ctx, actor)).map((o) => [o.id, o.nameZh]));

  const satisfaction = (rows: typeof followups) => {
    const reached = rows.filter((f) => f.reached === 1);
    return rate(reached.filter((f) => f.satisfied === 1).length, reached.length);
  };
  const incidentFigures = (rows: typeof incidents, fs: typeof followups) => {
    const invalid = rows.filter((r) => r.valid === 0).length;
    const nonPolice = rows.filter((r) => r.valid !== 0 && r.police === 0).length;
    const diverted = rows.filter((r) => r.disposition && DIVERTED.includes(r.disposition)).length;
    const closeTimes = rows.filter((r) => r.closed_at).map((r) => (Date.parse(r.closed_at!) - Date.parse(r.received_at)) / 1000);
    return {
      incidents: rows.length,
      invalidShare: rate(invalid, rows.length),
      nonPoliceShare: rate(nonPolice, rows.length),
      diversionRate: rate(diverted, nonPolice),
      satisfaction: satisfaction(fs),
      medianCloseS: median(closeTimes),
    };
  };

  const stationIds = [...new Set(incidents.map((r) => r.station_id))];
  const byStation = stationIds
    .map((s) => ({
      stationId: s,
      name: s ? (names.get(s) ?? null) : null,
      ...incidentFigures(
        incidents.filter((r) => r.station_id === s),
        followups.filter((f) => f.station_id === s),
      ),
    }))
    .sort((a, b) => String(a.stationId).localeCompare(String(b.stationId)));

  const townIds = [...new Set([...orders.map((o) => o.town_id), ...followups.map((f) => f.town_id).filter((t): t is string => !!t)])];
  const byTown = townIds
    .map((t) => {
      const os = orders.filter((o) => o.town_id === t);
      const resolved = os.filter((o) => RESOLVED.includes(o.status));
      return {
        townId: t,
        name: names.get(t) ?? null,
        workOrders: os.length,
        resolutionRate: rate(resolved.length, os.length),
        escalated: os.filter((o) => o.status === "escalated").length,
        reopened: os.filter((o) => o.reopen_count > 0).length,
        satisfaction: satisfaction(followups.filter((f) => f.town_id === t)),
        medianCloseS: median(resolved.map((o) => (Date.parse(o.closed_at!) - Date.parse(o.created_at)) / 1000)),
      };
    })
    .sort((a, b) => a.townId.localeCompare(b.townId));

  const categories = [...new Set(followups.map((f) => f.category_code))].sort();
  return {
    from,
    to,
    totals: {
      ...incidentFigures(incidents, followups),
      resolutionRate: rate(orders.filter((o) => RESOLVED.includes(o.status)).length, orders.length),
    },
    byStation,
    byTown,
    byCategory: categories.map((c) => ({ categoryCode: c, satisfaction: satisfaction(followups.filter((f) => f.category_code === c)) })),
  };
}
