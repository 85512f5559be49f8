/**
 * How one of the figures GET /governance/kpis returns reads: a rate is always
 * shown with what it was computed from ("86% (43/50)"), and nothing to divide by reads as no data,
 * never as NaN or 0%.
 */

import { pickName } from "../i18n.ts";
import { duration } from "../platform/format.ts";
import { store } from "../platform/store.ts";
import type { Rate } from "./types.ts";

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

export { categoryName } from "../governance/work-orders/workorders.ts";
