/** What the town centre knows of one order: where, what, whose skill, who has it, and the notes it has gathered. */
import { useTranslation } from "react-i18next";
import { timeOfDay } from "../../platform/format.ts";
import type { SkillName, WorkOrder } from "./types.ts";
import { addressOf, skillName } from "./workorders.ts";

export function WorkOrderFacts({
  order: o,
  skills,
  assignee,
  incidentNumber,
}: {
  order: WorkOrder;
  skills: SkillName[];
  /** The assignee's name, or null while nobody has the order. */
  assignee: string | null;
  /** The police incident the order came from, by its number when the timeline names it. */
  incidentNumber: string;
}) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t("wo.address")}</dt>
      <dd>{addressOf(o)}</dd>
      {o.summary && (
        <>
          <dt>{t("wo.summary")}</dt>
          <dd className="wo-summary">{o.summary}</dd>
        </>
      )}
      <dt>{t("wo.skill")}</dt>
      <dd>{skillName(skills, o.skill)}</dd>
      <dt>{t("wo.assignee")}</dt>
      <dd data-testid="wo-assignee">
        {assignee ?? (o.teamSkill ? t("wo.offeredTo", { skill: skillName(skills, o.teamSkill) }) : t("wo.unassigned"))}
      </dd>
      <dt>{t("wo.incident")}</dt>
      <dd>{incidentNumber}</dd>
      <dt>{t("wo.arrived")}</dt>
      <dd>{timeOfDay(o.times.clockStartAt)}</dd>
      {o.declines.count > 0 && (
        <>
          <dt>{t("wo.declines")}</dt>
          <dd>{t("wo.declinesValue", { n: o.declines.count, reason: o.declines.lastReason ?? "" })}</dd>
        </>
      )}
      {o.reopenCount > 0 && (
        <>
          <dt>{t("wo.reopens")}</dt>
          <dd>{o.reopenCount}</dd>
        </>
      )}
      {o.notes.handled && (
        <>
          <dt>{t("wo.note.handled")}</dt>
          <dd>{o.notes.handled}</dd>
        </>
      )}
      {o.notes.feedback && (
        <>
          <dt>{t("wo.note.feedback")}</dt>
          <dd>{o.notes.feedback}</dd>
        </>
      )}
      {o.notes.close && (
        <>
          <dt>{t("wo.note.close")}</dt>
          <dd data-testid="wo-close-note">{o.notes.close}</dd>
        </>
      )}
      {o.escalation.incidentId && (
        <>
          <dt>{t("wo.escalation")}</dt>
          <dd>{o.escalation.reason}</dd>
        </>
      )}
    </dl>
  );
}
