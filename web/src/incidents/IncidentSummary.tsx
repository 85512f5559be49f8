/**
 * The top of an incident's detail: what and how urgent, its status, how it is closed, how it
 * stands against the response targets, and the facts of the call.
 */
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { clock, countdown, targetMinutes, timeOfDay } from "../platform/format.ts";
import { store } from "../platform/store.ts";
import { IncidentCaller } from "./IncidentCaller.tsx";
import type { Incident } from "./types.ts";

export function IncidentSummary({ incident, onClose }: { incident: Incident; onClose: () => void }) {
  const { t } = useTranslation();
  const c = countdown(store.targets, incident);
  const dm = targetMinutes(store.targets, "dispatch", incident);
  const am = targetMinutes(store.targets, "arrival", incident);
  const zone = incident.location.zoneId ? store.orgById.get(incident.location.zoneId) : null;
  return (
    <>
      <header>
        <div>
          <span className={`prio-badge prio-${incident.priority}`}>{t(`priority.${incident.priority}`)}</span>{" "}
          <b>{pickName(incident.category)}</b> <small>{incident.number}</small>
        </div>
        <div>
          <span className={`status status-${incident.status}`} data-testid="incident-status">
            {t(`status.${incident.status}`)}
          </span>
          <button type="button" className="small" onClick={onClose} aria-label={t("common.close")}>
            ✕
          </button>
        </div>
      </header>

      {incident.disposition && (
        <div className="note ok" data-testid="closed-note">
          {t("detail.closed", { d: pickName(incident.disposition) })}
        </div>
      )}
      {incident.disposition?.note && (
        <div className="muted" data-testid="closed-remark">
          {t("detail.closingNote", { note: incident.disposition.note })}
        </div>
      )}

      <section className="targets">
        <h3>{t("detail.targets")}</h3>
        <div className="target-row">
          <span>{dm !== null ? t("detail.targetDispatch", { m: dm }) : ""}</span>
          <TargetState stage="dispatch" c={c} met={c.met.dispatch} />
        </div>
        <div className="target-row">
          <span>{am !== null ? t("detail.targetArrival", { m: am }) : ""}</span>
          <TargetState stage="arrival" c={c} met={c.met.arrival} />
        </div>
      </section>

      <dl className="facts">
        <dt>{t("detail.received")}</dt>
        <dd>{timeOfDay(incident.times.receivedAt)}</dd>
        <dt>{t("detail.location")}</dt>
        <dd>
          {incident.location.address ?? ""}{" "}
          <small>
            ({incident.location.lat.toFixed(5)}, {incident.location.lon.toFixed(5)})
          </small>
        </dd>
        <dt>{t("detail.zone")}</dt>
        <dd>{zone ? pickName(zone) : (incident.location.zoneId ?? t("common.unknown"))}</dd>
        <dt>{t("detail.caller")}</dt>
        <dd>
          <IncidentCaller incident={incident} />
        </dd>
        {incident.narrative && (
          <>
            <dt>{t("detail.narrative")}</dt>
            <dd>{incident.narrative}</dd>
          </>
        )}
      </dl>
    </>
  );
}

function TargetState({ stage, c, met }: { stage: "dispatch" | "arrival"; c: ReturnType<typeof countdown>; met: boolean | null }) {
  const { t } = useTranslation();
  if (met !== null) return <span className={`badge ${met ? "ok" : "bad"}`}>{met ? t("detail.met") : t("detail.notMet")}</span>;
  if (c.stage === stage && c.remainingS !== null)
    return (
      <span className={`q-clock ${c.overdue ? "overdue" : ""}`}>
        {c.overdue ? t("queue.overdueBy", { t: clock(-c.remainingS) }) : clock(c.remainingS)}
      </span>
    );
  return <span className="muted">—</span>;
}
