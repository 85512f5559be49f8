/** The incident queue: open incidents by urgency, each with its live response-target countdown. */
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { byUrgency, clock, countdown, useTick } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import type { Incident } from "./types.ts";

export function Queue({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  useTopic("incidents", "ref");
  useTick(1000);
  const list = store.openIncidents().sort(byUrgency(store.targets));
  return (
    <section className="queue" data-testid="queue">
      <h2>
        {t("queue.title")} <span className="count">{t("queue.count", { n: list.length })}</span>
      </h2>
      {list.length === 0 && <div className="empty">{t("queue.empty")}</div>}
      <ul>
        {list.slice(0, 300).map((i) => (
          <QueueRow key={i.id} i={i} selected={i.id === selectedId} onSelect={onSelect} />
        ))}
      </ul>
    </section>
  );
}

function QueueRow({ i, selected, onSelect }: { i: Incident; selected: boolean; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const c = countdown(store.targets, i);
  let clockText: string;
  if (c.stage && c.remainingS !== null) {
    clockText = c.overdue
      ? t("queue.overdueBy", { t: clock(-c.remainingS) })
      : t(c.stage === "dispatch" ? "queue.dispatchIn" : "queue.arriveIn", { t: clock(c.remainingS) });
  } else clockText = c.met.dispatch === false || c.met.arrival === false ? t("queue.missed") : t("queue.metAll");
  return (
    <li
      className={`q-row ${selected ? "selected" : ""} ${c.overdue ? "overdue" : ""} prio-${i.priority}`}
      data-testid="queue-row"
      data-incident={i.id}
      data-number={i.number}
      data-status={i.status}
    >
      <button type="button" onClick={() => onSelect(i.id)}>
        <span className={`prio-badge prio-${i.priority}`}>{t(`priority.${i.priority}`)}</span>
        <span className="q-main">
          <span className="q-title">
            {pickName(i.category)} <small>{i.number}</small>
          </span>
          <span className="q-addr">{i.location.address ?? `${i.location.lat.toFixed(4)}, ${i.location.lon.toFixed(4)}`}</span>
        </span>
        <span className="q-side">
          <span className={`status status-${i.status}`}>{t(`status.${i.status}`)}</span>
          <span className={`q-clock ${c.overdue ? "overdue" : ""}`} data-testid="countdown">
            {clockText}
          </span>
        </span>
      </button>
    </li>
  );
}
