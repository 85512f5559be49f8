/**
 * A follow-up call as it is first scheduled, for a police incident or for a work order's closing:
 * pending, due FOLLOW_UP.dueAfterS after the close, nothing recorded yet.
 */
import { newId } from "../../platform/ids.ts";
import { FOLLOW_UP } from "../model.ts";
import type { FollowUpsTable } from "../tables.ts";

export type FollowUpSubject = Pick<
  FollowUpsTable,
  "subject_type" | "subject_id" | "round" | "incident_id" | "work_order_id" | "station_id" | "town_id" | "category_code" | "org_path"
>;

export function pendingFollowUp(subject: FollowUpSubject, closedAt: Date): FollowUpsTable {
  return {
    id: newId(),
    ...subject,
    status: "pending",
    due_at: new Date(closedAt.getTime() + FOLLOW_UP.dueAfterS * 1000).toISOString(),
    attempts: 0,
    reached: null,
    satisfied: null,
    comment: null,
    recorded_by: null,
    recorded_at: null,
    created_at: closedAt.toISOString(),
    review_note: null,
    reviewed_by: null,
    reviewed_at: null,
  };
}
