/**
 * The follow-up contract (回访): the caller's list with its script, the outcome they record, and
 * the station commander's review of a dissatisfied call. The web app imports the view types from here.
 */
import { type Static, Type } from "typebox";
import { codeFilter } from "../../platform/code-filter.ts";
import { Instant, lit, Nullable } from "../../platform/schemas.ts";
import { FOLLOW_UP_STATUSES, FOLLOW_UP_SUBJECTS } from "../model.ts";

export const FollowUpQuery = Type.Object(
  {
    status: Type.Optional(codeFilter("follow-up status", FOLLOW_UP_STATUSES)),
    due: Type.Optional(lit(["now"])),
    dissatisfied: Type.Optional(lit(["true", "false"])),
    subjectType: Type.Optional(codeFilter("follow-up subject type", FOLLOW_UP_SUBJECTS)),
  },
  { additionalProperties: false },
);

export const CommanderFlagsQuery = Type.Object({ includeReviewed: Type.Optional(lit(["true", "false"])) }, { additionalProperties: false });

export const ReviewBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const OutcomeBody = Type.Object(
  {
    reached: Type.Boolean(),
    satisfied: Type.Optional(Nullable(Type.Boolean())),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type OutcomeBody = Static<typeof OutcomeBody>;

/** One follow-up call: what it is about, when it is due, what the caller said. */
export const FollowUpView = Type.Object({
  id: Type.String(),
  subjectType: lit(FOLLOW_UP_SUBJECTS),
  subjectId: Type.String(),
  round: Type.Integer({ minimum: 0, description: "a work order gets one follow-up per closing (its re-open count)" }),
  incidentId: Type.String(),
  workOrderId: Nullable(Type.String()),
  stationId: Nullable(Type.String()),
  townId: Nullable(Type.String()),
  categoryCode: Type.String(),
  status: lit(FOLLOW_UP_STATUSES),
  dueAt: Instant,
  attempts: Type.Integer({ minimum: 0 }),
  outcome: Type.Object({
    reached: Nullable(Type.Boolean()),
    satisfied: Nullable(Type.Boolean()),
    comment: Nullable(Type.String()),
    recordedBy: Nullable(Type.String()),
    recordedAt: Nullable(Instant),
  }),
  script: Type.Object({ zh: Type.String(), en: Type.String() }, { description: "what the caller says" }),
  review: Nullable(
    Type.Object(
      { note: Type.String(), by: Type.String(), at: Instant },
      { description: "the station commander's review of a dissatisfied police call, once made" },
    ),
  ),
});
export type FollowUpView = Static<typeof FollowUpView>;

/** A recorded outcome and what it set off. */
export const FollowUpResult = Type.Object({
  followUp: FollowUpView,
  reopenedWorkOrder: Type.Boolean(),
  flaggedForCommander: Type.Boolean(),
});
export type FollowUpResult = Static<typeof FollowUpResult>;
