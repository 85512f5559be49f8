/**
 * The follow-up views (回访): a call to make, and what recording one answers. They are the
 * server's own contract types, so the console cannot drift from what the API sends.
 */
import type { FollowUpResult, FollowUpView } from "../../../../src/governance/followups/schemas.ts";

/** `GET /followups` and `GET /followups/commander-flags`. */
export type FollowUp = FollowUpView;

/** The answer to `POST /followups/{id}`. */
export type FollowUpRecorded = FollowUpResult;
