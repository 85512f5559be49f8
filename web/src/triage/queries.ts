/** The triage reads, each kept under its key in the query cache (data/query.ts). */
import { keys } from "../data/keys.ts";
import { get, postRead } from "../data/query.ts";
import type { Candidate, RouteDecision, Suggestions } from "./types.ts";

const at = (id: string) => `/triage/incidents/${encodeURIComponent(id)}`;

/** Reports this one may repeat; a new category (same kind) changes them. */
export const duplicatesRead = (id: string, categoryCode: string) =>
  get<Candidate[]>(keys.duplicates(id, categoryCode), `${at(id)}/duplicates`);

/** Where the call would go, at this incident version, with the town the call-taker picked (if any). */
export const routePreviewRead = (id: string, version: number, townCode: string) =>
  get<RouteDecision>(
    keys.routePreview(id, version, townCode),
    `${at(id)}/route${townCode ? `?townCode=${encodeURIComponent(townCode)}` : ""}`,
  );

/** The top three categories a narrative points at. */
export const suggestionsRead = (text: string) => postRead<Suggestions>(keys.suggestions(text), "/triage/suggest", { text, k: 3 });
