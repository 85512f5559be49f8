/**
 * One incident: targets, location, caller (masked until a reason is given), the recommendation
 * with ETA and reason per unit, one-click dispatch of the plan, units on it, and its timeline.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../data/query.ts";
import { pickName } from "../i18n.ts";
import { api, can } from "../platform/api.ts";
import { type FieldError, FieldErrorText, fieldError } from "../platform/errors.tsx";
import { useTick } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { TriagePanel } from "../triage/TriagePanel.tsx";
import { IncidentAssignments } from "./IncidentAssignments.tsx";
import { IncidentDispatchPanel } from "./IncidentDispatchPanel.tsx";
import { IncidentSummary } from "./IncidentSummary.tsx";
import { assignmentsRead, timelineRead, useIncident } from "./queries.ts";
import { TimelineLine } from "./TimelineLine.tsx";
import type { Incident } from "./types.ts";
import { useIncidentDispatch } from "./useIncidentDispatch.ts";

/** Shown for one incident: the console mounts a fresh one (keyed by id) when another is chosen. */
export function IncidentDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  useTopic("incidents", "ref");
  useTick(1000);
  const { incident, missing } = useIncident(id);
  // Assignments and timeline follow every event about this incident (data/bridge.ts).
  const assignments = useApi(assignmentsRead(id)).data ?? [];
  const timeline = useApi(timelineRead(id)).data ?? [];
  const desk = useIncidentDispatch(id, incident);
  const { open, wantsRec, message } = desk;
  const canDispatch = can("dispatch:assign");

  if (!incident) return <aside className="detail empty">{missing ? t("detail.notFound") : t("common.loading")}</aside>;

  return (
    <aside className="detail" data-testid="incident-detail" data-incident={incident.id} data-status={incident.status}>
      <IncidentSummary incident={incident} onClose={onClose} />

      {can("incident:update") && <TriagePanel key={incident.id} incident={incident} />}

      {can("dispatch:recommend") && (
        <button
          type="button"
          className="small"
          data-testid="open-intercept"
          onClick={() => {
            location.hash = `#intercept/${encodeURIComponent(id)}`;
          }}
        >
          {t("icp.openFromIncident")}
        </button>
      )}

      {message && (
        <div className={`note ${message.kind}`} role={message.kind === "error" ? "alert" : "status"} data-testid="detail-message">
          {message.text && <div>{t(message.text.key, message.text.params)}</div>}
          {message.error && <FieldErrorText field="dispatch" error={message.error} />}
        </div>
      )}

      {wantsRec && (
        <IncidentDispatchPanel
          rec={desk.rec}
          recError={desk.recError}
          onRefresh={desk.refresh}
          selected={desk.selected}
          onToggle={desk.toggle}
          isPlan={desk.isPlan}
          canDispatch={canDispatch}
          busy={desk.busy}
          onDispatch={desk.dispatch}
        />
      )}

      <IncidentAssignments
        assignments={assignments}
        canAskMore={open && !wantsRec && canDispatch && incident.status !== "new"}
        onAskMore={desk.askMore}
        onStep={desk.step}
      />

      {open && <CloseOrCancel incident={incident} />}

      <section className="timeline">
        <h3>{t("detail.timeline")}</h3>
        <ol data-testid="timeline">
          {timeline.map((e) => (
            <TimelineLine key={`${e.seq}-${e.type}`} e={e} />
          ))}
        </ol>
      </section>
    </aside>
  );
}

/** Closing the incident with a disposition, or cancelling it with a reason. */
function CloseOrCancel({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const [disposition, setDisposition] = useState("");
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [mode, setMode] = useState<"none" | "cancel">("none");
  const [error, setError] = useState<Record<string, FieldError>>({});
  const canClose = can("incident:close") && (incident.status === "cleared" || incident.status === "new");
  const canCancel = can("incident:cancel");
  if (!canClose && !canCancel) return null;

  async function close() {
    if (!disposition) {
      setError({ disposition: { key: "val.required", params: { field: t("field.disposition") } } });
      return;
    }
    try {
      store.upsertIncident(await api<Incident>("POST", `/incidents/${incident.id}/close`, { disposition, note: note.trim() || null }));
      setError({});
    } catch (e) {
      setError({ disposition: fieldError(e) });
    }
  }
  async function cancel() {
    if (!reason.trim()) {
      setError({ reason: { key: "val.required", params: { field: t("field.reason") } } });
      return;
    }
    try {
      store.upsertIncident(await api<Incident>("POST", `/incidents/${incident.id}/cancel`, { reason: reason.trim() }));
      void store.refreshIncident(incident.id);
    } catch (e) {
      setError({ reason: fieldError(e) });
    }
  }
  return (
    <section className="close-box">
      {canClose && (
        <div className="inline-form" data-testid="close-form">
          <b>{t("detail.closeTitle")}</b>
          <select
            name="disposition"
            value={disposition}
            onChange={(e) => setDisposition(e.target.value)}
            aria-label={t("field.disposition")}
          >
            <option value="">{t("field.disposition")}</option>
            {store.dispositions.map((d) => (
              <option key={d.code} value={d.code}>
                {pickName(d)}
              </option>
            ))}
          </select>
          <input name="note" placeholder={t("field.note")} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="button" className="primary" onClick={close} data-testid="close-incident">
            {t("detail.closeBtn")}
          </button>
          <FieldErrorText field="disposition" error={error.disposition} />
        </div>
      )}
      {canCancel && mode === "none" && (
        <button type="button" className="small danger" onClick={() => setMode("cancel")}>
          {t("detail.cancelBtn")}
        </button>
      )}
      {canCancel && mode === "cancel" && (
        <div className="inline-form">
          <b>{t("detail.cancelTitle")}</b>
          <input placeholder={t("field.reason")} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" className="danger" onClick={cancel}>
            {t("common.confirm")}
          </button>
          <button type="button" onClick={() => setMode("none")}>
            {t("common.cancel")}
          </button>
          <FieldErrorText field="reason" error={error.reason} />
        </div>
      )}
    </section>
  );
}
