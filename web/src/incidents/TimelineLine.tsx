/**
 * One line of an incident's timeline in the reader's language. The police see on the 110
 * incident what the town centre, the follow-up caller and the interception planner did with it,
 * so those events read as sentences, not as event codes. Where the server words a line itself
 * (`text`: who acted and on whose behalf, a target missed, the disposition with its closing note,
 * the cancel reason), that sentence is shown as it is, in the reader's language.
 */
import { useTranslation } from "react-i18next";
import { timeOfDay } from "../platform/format.ts";
import type { TimelineEntry } from "./types.ts";

export function TimelineLine({ e }: { e: TimelineEntry }) {
  const { t, i18n } = useTranslation();
  if (e.text) {
    return (
      <li data-type={e.type} className={e.type === "incident.target_missed" || e.type === "incident.target_overdue" ? "late" : undefined}>
        <time>{timeOfDay(e.at)}</time> {i18n.language === "en" ? e.text.en : e.text["zh-CN"]}
      </li>
    );
  }
  const d = e.data ?? {};
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
  const detail: (string | null)[] = [];
  if (e.type === "incident.status_changed" && d.to) detail.push(`→ ${t(`status.${d.to}`)}`);
  if (e.type.startsWith("workorder.")) {
    detail.push(t("ev.detail.workOrder", { number: d.number ?? "" }));
    if (e.type === "workorder.status_changed") detail.push(`→ ${t(`wo.status.${d.to}`, { defaultValue: String(d.to) })}`);
    if (e.type === "workorder.timer_warning" || e.type === "workorder.timer_overdue")
      detail.push(t(`wo.stage.${d.stage}`, { defaultValue: String(d.stage) }));
    detail.push(str(d.note) ?? str(d.reason));
  }
  if (e.type === "incident.routed") detail.push(t(`ev.route.${d.target}`, { defaultValue: String(d.target) }));
  if (e.type === "intercept.plan_computed" && typeof d.probability === "number")
    detail.push(t("ev.detail.probability", { p: (d.probability * 100).toFixed(1) }));
  if (e.type === "intercept.plan_dispatched" && Array.isArray(d.units)) detail.push(t("ev.detail.units", { n: d.units.length }));
  if (e.type === "intercept.checkpoint_hit" || e.type === "intercept.checkpoint_pass_through") detail.push(str(d.checkpointName));
  if (e.type.startsWith("watch_order.")) detail.push(str(d.plate), str(d.reason));
  if (e.type.startsWith("followup.") || e.type === "incident.flagged_for_commander") detail.push(str(d.comment));
  if (e.type === "incident.commander_reviewed") detail.push(str(d.note));
  if (["incident.note_added", "intercept.sighting", "incident.caller_attached"].includes(e.type)) detail.push(str(d.text) ?? str(d.note));
  const extra = detail.filter(Boolean).join(" · ");
  return (
    <li data-type={e.type}>
      <time>{timeOfDay(e.at)}</time> {t(`ev.${e.type}`, { defaultValue: e.type })}
      {typeof d.callsign === "string" && <b> {d.callsign}</b>}
      {extra && <span> · {extra}</span>}
    </li>
  );
}
