/**
 * The shapes GET /governance/kpis returns, and how one of its figures reads: a rate is always
 * shown with what it was computed from ("86% (43/50)"), and nothing to divide by reads as no data,
 * never as NaN or 0%.
 */
import { duration } from "../format.ts";
import { pickName } from "../i18n.ts";
import { store } from "../store.ts";

export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface StationKpis {
  stationId: string | null;
  name: string | null;
  incidents: number;
  invalidShare: Rate;
  nonPoliceShare: Rate;
  diversionRate: Rate;
  satisfaction: Rate;
  medianCloseS: number | null;
}

export interface TownKpis {
  townId: string;
  name: string | null;
  workOrders: number;
  resolutionRate: Rate;
  escalated: number;
  reopened: number;
  satisfaction: Rate;
  medianCloseS: number | null;
}

export interface Kpis {
  from: string;
  to: string;
  totals: Omit<StationKpis, "stationId" | "name"> & { resolutionRate: Rate };
  byStation: StationKpis[];
  byTown: TownKpis[];
  byCategory: { categoryCode: string; satisfaction: Rate }[];
}

/** Whole percent, or null when there is nothing to divide by. */
export function percent(r: Rate): number | null {
  return r.value === null || r.denominator === 0 ? null : Math.round(r.value * 100);
}

/** "86% (43/50)"; "—" when the denominator is 0. */
export function rateText(r: Rate): string {
  const p = percent(r);
  return p === null ? "—" : `${p}% (${r.numerator}/${r.denominator})`;
}

export function closeText(s: number | null): string {
  return s === null ? "—" : duration(s);
}

/** Org names in the reader's language; the API sends only the Chinese one. */
export function orgName(id: string | null, apiName: string | null, none: string): string {
  if (!id) return none;
  return pickName(store.orgById.get(id)) || apiName || id;
}

export { categoryName } from "../workorders.ts";
