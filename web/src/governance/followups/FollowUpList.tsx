/** The follow-up caller's list: one row per call, saying what it is about and how it stands. */
import { useTranslation } from "react-i18next";
import { categoryName } from "../../analytics/GovernanceKpis.tsx";
import type { Subject } from "./FollowUpSubject.tsx";
import type { FollowUp } from "./types.ts";

/** Month, day and time: a call is often about something closed on another day. */
export function dateTime(iso: string, lang: string): string {
  return new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "zh-CN", {
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
}

export function FollowUpList({
  list,
  subjects,
  selected,
  onSelect,
  emptyText,
}: {
  list: FollowUp[];
  subjects: Map<string, Subject | null>;
  selected: string | null;
  onSelect: (id: string) => void;
  emptyText: string;
}) {
  const { t, i18n } = useTranslation();
  if (list.length === 0)
    return (
      <div className="fu-empty muted" data-testid="fu-empty">
        {emptyText}
      </div>
    );
  return (
    <ul className="fu-list">
      {list.map((f) => {
        const s = subjects.get(f.id);
        return (
          <li key={f.id}>
            <button
              type="button"
              className={`fu-row-button ${selected === f.id ? "selected" : ""}`}
              onClick={() => onSelect(f.id)}
              data-testid="fu-row"
              data-id={f.id}
              data-incident={f.incidentId}
              data-work-order={f.workOrderId ?? ""}
              data-status={f.status}
              aria-pressed={selected === f.id}
            >
              <div className="fu-row-head">
                <span className={`badge fu-kind-${f.subjectType}`}>
                  {f.subjectType === "work_order" ? t("fu.kind.work_order") : t("fu.kind.incident")}
                </span>
                <b>{s?.number ?? "…"}</b>
                {f.round > 0 && <span className="muted">{t("fu.round", { n: f.round + 1 })}</span>}
                <span className={`fu-status fu-row-status fu-status-${f.status}`}>{t(`fu.status.${f.status}`)}</span>
              </div>
              <div className="fu-row-what">
                {categoryName(f.categoryCode)} · {s ? (s.address ?? t("fu.noAddress")) : "…"}
              </div>
              <div className="fu-row-when muted">
                <span>{s?.closedAt ? t("fu.closedAt", { time: dateTime(s.closedAt, i18n.language) }) : s ? t("fu.notClosed") : ""}</span>
                {f.status === "pending" && <span>{t("fu.dueAt", { time: dateTime(f.dueAt, i18n.language) })}</span>}
                <span data-testid="fu-attempts">{t("fu.attempts", { n: f.attempts })}</span>
              </div>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
