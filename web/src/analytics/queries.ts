/**
 * The figure reads. They are kept under the time range's name, not its start: the start is taken
 * when the read is made, so each refresh (data/bridge.ts refreshes figures at most every few
 * seconds) covers the range up to now.
 */
import { keys } from "../data/keys.ts";
import { endpoint } from "../data/query.ts";
import type { Incident } from "../incidents/types.ts";
import { api } from "../platform/api.ts";
import { type Range, rangeFrom } from "./figures.ts";
import type { Figures, Kpis } from "./types.ts";

const since = (range: Range) => `from=${encodeURIComponent(rangeFrom(range).toISOString())}`;

/** Response times grouped by district or station over the range. */
export const responseFiguresRead = (groupBy: "district" | "station", range: Range) =>
  endpoint(keys.figures("response", groupBy, range), () => api<Figures>("GET", `/analytics/response?groupBy=${groupBy}&${since(range)}`));

/** The incidents received in the range, for the charts by hour and by category (none when they cannot be read). */
export const rangeIncidentsRead = (range: Range) =>
  endpoint(keys.figures("incidents", range), () => api<Incident[]>("GET", `/incidents?${since(range)}&limit=5000`).catch(() => []));

/** The non-police loop's figures over the range. */
export const governanceKpisRead = (range: Range) =>
  endpoint(keys.figures("governance", range), () => api<Kpis>("GET", `/governance/kpis?${since(range)}`));
