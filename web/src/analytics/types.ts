/**
 * The figure views: the response-time figures of GET /analytics/response and the non-police
 * loop's of GET /governance/kpis. They are the server's own contract types, so the console cannot
 * drift from what the API sends.
 */
import type { GroupFiguresView, ResponseSummaryView } from "../../../src/analytics/figure-schemas.ts";
import type { KpiView, Rate, StationKpis, TownKpis } from "../../../src/analytics/kpi-schemas.ts";

export type { Rate, StationKpis, TownKpis };

/** One group's response times (a district, a station, or all); `key` is null for incidents outside any. */
export type Group = GroupFiguresView;

/** GET /analytics/response: the groups asked for, all of them together, and the reference arrival time. */
export type Figures = ResponseSummaryView;

export type Kpis = KpiView;
