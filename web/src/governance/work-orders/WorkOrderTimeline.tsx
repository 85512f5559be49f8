/** A work order's history from its own event stream: each move with who, what note, what reason. */
import { useTranslation } from "react-i18next";
import { timeOfDay } from "../../platform/format.ts";
import type { SkillName, WorkOrderEvent } from "./types.ts";
import { skillName } from "./workorders.ts";

/** An event's fields depend on its type, so each is read as text only when it is text. */
const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function WorkOrderTimeline({
  events,
  names,
  skills,
}: {
  events: WorkOrderEvent[];
  /** userId → display name, for the staff of the town. */
  names: Map<string, string>;
  skills: SkillName[];
}) {
  const { t } = useTranslation();
  const who = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? id) : "");
  /** Who made a move the line does not already name: a worker by name, anyone else is the centre. */
  const by = (e: WorkOrderEvent): string | null => {
    if (!e.actorId || e.type !== "workorder.status_changed" || ["dispatched", "taken", "accepted"].includes(text(e.data.to) ?? ""))
      return null;
    return names.get(e.actorId) ?? t("wo.ev.byCentre");
  };
  const line = (e: WorkOrderEvent): string => {
    const d = e.data;
    if (e.type === "workorder.created") return t("wo.ev.created", { skill: skillName(skills, text(d.skill)) });
    if (e.type === "workorder.timer_warning") return t("wo.ev.timerWarning", { stage: t(`wo.stage.${d.stage}`) });
    if (e.type === "workorder.timer_overdue") return t("wo.ev.timerOverdue", { stage: t(`wo.stage.${d.stage}`) });
    if (e.type === "workorder.photo_added") return t("wo.ev.photoAdded");
    if (e.type !== "workorder.status_changed") return e.type;
    const status = t(`wo.status.${d.to}`, { defaultValue: String(d.to) });
    if (d.to === "dispatched")
      return d.assigneeId
        ? t("wo.ev.dispatchedTo", { name: who(d.assigneeId) })
        : t("wo.ev.offered", { skill: skillName(skills, text(d.teamSkill)) });
    if (d.to === "taken") return t("wo.ev.taken", { name: who(d.assigneeId) });
    if (d.to === "accepted") return t("wo.ev.declined", { name: who(d.declinedBy), reason: d.reason ?? "" });
    if (d.to === "escalated") return t("wo.ev.escalated", { number: d.escalatedIncidentNumber ?? "", reason: d.reason ?? "" });
    if (d.to === "reopened") return t("wo.ev.reopened", { reason: d.reason ?? "" });
    return d.note ? t("wo.ev.statusNote", { status, note: d.note }) : status;
  };
  return (
    <section className="timeline wo-timeline">
      <h3>{t("wo.timeline")}</h3>
      <ol data-testid="wo-timeline">
        {events.map((e) => (
          <li key={e.seq} data-testid="wo-timeline-event" data-type={e.type} data-to={text(e.data.to) ?? ""}>
            <time>{timeOfDay(e.at)}</time> {line(e)}
            {by(e) && <small className="muted"> · {by(e)}</small>}
            {e.data.photoUrl ? <span className="badge">{t("wo.ev.withPhoto")}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
