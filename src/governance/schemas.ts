/**
 * Contract pieces the governance sub-modules share: the bodies of one-click steps and reasons,
 * and the answer of the background sweep run by hand.
 */
import { type Static, Type } from "typebox";
import { lit } from "../platform/schemas.ts";
import { SKILL_CODES } from "./model.ts";

/** A step that needs a reason (decline, escalate, re-open, a 12345 transfer). */
export const Reason = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false });
export type Reason = Static<typeof Reason>;

/** A one-click step: nothing to send (a missing body reads as this; see body-optional.ts). */
export const Empty = Type.Object({}, { additionalProperties: false });

/** A skill of town field staff (城管, 网格员, 调解员 …). */
export const SkillCode = lit(SKILL_CODES);

/** POST /governance/sweep: what one pass of the timers and the follow-up scheduling did. */
export const SweepResult = Type.Object({
  warnings: Type.Integer({ minimum: 0, description: "timer warnings sent" }),
  escalations: Type.Integer({ minimum: 0, description: "overdue escalations sent" }),
  followUpsScheduled: Type.Integer({ minimum: 0, description: "follow-up calls scheduled for closed police incidents" }),
});
export type SweepResult = Static<typeof SweepResult>;
