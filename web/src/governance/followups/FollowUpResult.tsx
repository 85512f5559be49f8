/** What recording an outcome did: done, a retry scheduled, unreachable, an order re-opened, an incident flagged. */
import { useTranslation } from "react-i18next";
import { dateTime } from "./FollowUpList.tsx";
import type { FollowUpRecorded } from "./types.ts";

/** One word for tests and styling: what became of the call. */
export function outcomeOf(r: FollowUpRecorded): "retry" | "unreachable" | "reopened" | "flagged" | "satisfied" | "dissatisfied" {
  const f = r.followUp;
  if (f.status === "pending") return "retry";
  if (f.status === "unreachable") return "unreachable";
  if (r.reopenedWorkOrder) return "reopened";
  if (r.flaggedForCommander) return "flagged";
  return f.outcome.satisfied ? "satisfied" : "dissatisfied";
}

export function FollowUpResult({ result, number, moved }: { result: FollowUpRecorded; number: string | null; moved: boolean }) {
  const { t, i18n } = useTranslation();
  const f = result.followUp;
  const outcome = outcomeOf(result);
  const lines: string[] = [];
  if (outcome === "retry") lines.push(t("fu.result.retry", { n: f.attempts, time: dateTime(f.dueAt, i18n.language) }));
  else if (outcome === "unreachable") lines.push(t("fu.result.unreachable", { n: f.attempts }));
  else if (outcome === "reopened") lines.push(t("fu.result.reopened"));
  else if (outcome === "flagged") lines.push(t("fu.result.flagged"));
  else if (outcome === "dissatisfied") lines.push(t("fu.result.dissatisfied"));
  else {
    lines.push(t("fu.result.satisfied"));
    if (f.subjectType === "work_order") lines.push(t("fu.result.followedUp"));
  }
  lines.push(moved ? t("fu.result.next") : t("fu.result.last"));
  const tone = outcome === "satisfied" ? "ok" : outcome === "retry" ? "info" : "warn";
  return (
    <div className={`note ${tone}`} role="status" data-testid="fu-result" data-outcome={outcome} data-id={f.id}>
      {number && <b>{number} </b>}
      {lines.join(" ")}
    </div>
  );
}
