/** The follow-up reads (回访), each kept under its key in the query cache (data/query.ts). */
import { keys } from "../../data/keys.ts";
import { get } from "../../data/query.ts";
import type { FollowUp } from "./types.ts";

/** The caller's list; `query` is its filter as a query string. */
export const followupsRead = (query: string) => get<FollowUp[]>(keys.followups(query), `/followups?${query}`);

/** Dissatisfied police callers waiting for the station commander (the reviewed ones too, on request). */
export const commanderFlagsRead = (withReviewed: boolean) =>
  get<FollowUp[]>(keys.commanderFlags(withReviewed), `/followups/commander-flags${withReviewed ? "?includeReviewed=true" : ""}`);
