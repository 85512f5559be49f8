/** The follow-up views (回访): a call to make, what recording one answers, as far as the console reads them. */

export interface FollowUp {
  id: string;
  subjectType: "incident" | "work_order";
  subjectId: string;
  round: number;
  incidentId: string;
  workOrderId: string | null;
  stationId: string | null;
  townId: string | null;
  categoryCode: string;
  status: "pending" | "done" | "unreachable";
  dueAt: string;
  attempts: number;
  outcome: {
    reached: boolean | null;
    satisfied: boolean | null;
    comment: string | null;
    recordedBy: string | null;
    recordedAt: string | null;
  };
  script: { zh: string; en: string };
  /** A dissatisfied police caller: the station commander's review, once made. */
  review: { note: string; by: string; at: string } | null;
}

/** The answer to POST /followups/{id}. */
export interface FollowUpRecorded {
  followUp: FollowUp;
  reopenedWorkOrder: boolean;
  flaggedForCommander: boolean;
}
