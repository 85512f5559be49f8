/**
 * The query cache's keys, one family per read. A key is a path: invalidating a shorter key
 * refreshes every read under it (`workOrders()` covers each list query, `workOrder(id)` covers
 * the order and its timeline), which is how the stream bridge and the forms say "this moved".
 */
import type { QueryKey } from "@tanstack/react-query";

/** The family name followed by whichever parts were given: no `undefined` holes, so a short key is a prefix. */
const path = (...parts: unknown[]): QueryKey => parts.filter((p) => p !== undefined);

export const keys = {
  incident: (id: string) => path("incident", id),
  assignments: (incidentId: string) => path("incident", incidentId, "assignments"),
  timeline: (incidentId: string) => path("incident", incidentId, "timeline"),
  /** Kept apart from the incident's family: the stream must not reset a selection being made. */
  recommendation: (incidentId: string, status?: string) => path("recommendation", incidentId, status),
  nearby: (lat: number, lon: number, categoryCode: string) => path("nearby", lat, lon, categoryCode),
  addresses: (q: string) => path("addresses", q),

  unit: (id: string) => path("unit", id),
  unitRoute: (unitId: string, stage?: string) => path("unitRoute", unitId, stage),

  duplicates: (incidentId: string, categoryCode?: string) => path("duplicates", incidentId, categoryCode),
  routePreview: (incidentId: string, version?: number, townCode?: string) => path("routePreview", incidentId, version, townCode),
  suggestions: (text: string) => path("suggestions", text),

  /** The base map's street names: one read per session, the graph does not change under it. */
  streetLabels: () => path("streetLabels"),

  interceptPlan: (incidentId?: string) => path("interceptPlan", incidentId),
  interceptLayer: () => path("interceptLayer"),
  watchOrders: (filter?: { incidentId?: string; status?: string }) => path("watchOrders", filter),
  checkpoints: () => path("checkpoints"),

  /** Every figure read (response times, incidents by hour, governance KPIs) sits under this one. */
  figures: (...parts: string[]) => path("figures", ...parts),

  workOrders: (query?: string) => path("workOrders", query),
  workOrder: (id: string) => path("workOrder", id),
  workOrderTimeline: (id: string) => path("workOrder", id, "timeline"),
  candidates: (id: string, version?: number) => path("candidates", id, version),
  photo: (url: string) => path("photo", url),
  towns: () => path("towns"),
  workers: () => path("workers"),
  skills: () => path("skills"),

  followups: (query?: string) => path("followups", query),
  commanderFlags: (withReviewed?: boolean) => path("commanderFlags", withReviewed),

  routingRules: () => path("routingRules"),
  timers: () => path("timers"),
};
