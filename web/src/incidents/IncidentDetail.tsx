/**
 * One incident: targets, location, caller (masked until a reason is given), the recommendation
 * with ETA and reason per unit, one-click dispatch of the plan, units on it, and its timeline.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { OPEN_STATUSES } from "../../../src/incidents/model.ts";
import { keys } from "../data/keys.ts";
import { forget, invalidate, reread, setAnswer } from "../data/mutations.ts";
import { useApi } from "../data/query.ts";
import { recommendationRead } from "../dispatch/queries.ts";
import type { Assignment, DispatchResult } from "../dispatch/types.ts";
import { currentLang, pickName } from "../i18n.ts";
import { ApiError, api, can } from "../platform/api.ts";
import { type FieldError, FieldErrorText, fieldError } from "../platform/errors.tsx";
import { clock, countdown, duration, targetMinutes, timeOfDay, useTick } from "../platform/format.ts";
import { store, useTopic } from "../platform/store.ts";
import { TriagePanel } from "../triage/TriagePanel.tsx";
import { assignmentsRead, timelineRead, useIncident } from "./queries.ts";
import { TimelineLine } from "./TimelineLine.tsx";
import type { Caller as CallerView, Incident } from "./types.ts";

const NEXT_STEP: Record<string, string | undefined> = {
  dispatched: "acknowledged",
  acknowledged: "en_route",
  en_route: "on_scene",
  on_scene: "cleared",
};

interface Message {
  kind: "ok" | "error";
  error?: FieldError;
  text?: { key: string; params?: Record<string, unknown> };
}

/** Shown for one incident: the console mounts a fresh one (keyed by id) when another is chosen. */
export function IncidentDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  useTopic("incidents", "ref");
  useTick(1000);
  const { incident, missing } = useIncident(id);
  const [showRec, setShowRec] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  /** The units the dispatcher ticked, and on which answer: a newer recommendation starts from its own plan. */
  const [picked, setPicked] = useState<{ answeredAt: number; unitIds: string[] } | null>(null);

  const open = incident ? OPEN_STATUSES.includes(incident.status) : false;
  const canDispatch = can("dispatch:assign");
  const wantsRec = !!incident && can("dispatch:recommend") && open && (incident.status === "new" || showRec);

  // Assignments and timeline follow every event about this incident (data/bridge.ts).
  const assignments = useApi(assignmentsRead(id)).data ?? [];
  const timeline = useApi(timelineRead(id)).data ?? [];
  const recommendation = useApi(incident ? recommendationRead(id, incident.status) : null, { enabled: wantsRec });
  const rec = wantsRec ? (recommendation.data ?? null) : null;
  const recError = wantsRec && recommendation.error ? fieldError(recommendation.error) : null;
  const answeredAt = recommendation.dataUpdatedAt;
  const selected = picked && picked.answeredAt === answeredAt ? picked.unitIds : (rec?.unitIds ?? []);
  const setSelected = (change: (s: string[]) => string[]) => setPicked({ answeredAt, unitIds: change(selected) });

  if (!incident) return <aside className="detail empty">{missing ? t("detail.notFound") : t("common.loading")}</aside>;

  async function dispatch() {
    if (!selected.length || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await api<DispatchResult>("POST", `/incidents/${id}/dispatch`, { unitIds: selected });
      store.upsertIncident(r.incident);
      setAnswer(assignmentsRead(id), (old = []) => [...old.filter((a) => !r.assignments.some((n) => n.id === a.id)), ...r.assignments]);
      setMessage({ kind: "ok", text: { key: "rec.dispatched", params: { units: r.assignments.map((a) => a.callsign).join(", ") } } });
      setShowRec(false);
      // The plan is spent: "more units" later asks afresh.
      forget(keys.recommendation(id, r.incident.status), keys.recommendation(id, incident!.status));
      for (const a of r.assignments) void store.refreshUnit(a.unitId);
    } catch (e) {
      if (e instanceof ApiError && (e.code === "unit_unavailable" || e.status === 409)) {
        setMessage({ kind: "error", error: { error: e }, text: { key: "rec.raceLost" } });
        void reread(keys.recommendation(id, incident!.status));
      } else setMessage({ kind: "error", error: fieldError(e) });
    } finally {
      setBusy(false);
    }
  }

  async function step(a: Assignment, status: string) {
    setMessage(null);
    try {
      await api("POST", `/incidents/${id}/units/${encodeURIComponent(a.unitId)}/status`, { status });
      await Promise.all([store.refreshIncident(id), store.refreshUnit(a.unitId), invalidate(keys.assignments(id))]);
    } catch (e) {
      setMessage({ kind: "error", error: fieldError(e) });
    }
  }

  const c = countdown(store.targets, incident);
  const dm = targetMinutes(store.targets, "dispatch", incident);
  const am = targetMinutes(store.targets, "arrival", incident);
  const zone = incident.location.zoneId ? store.orgById.get(incident.location.zoneId) : null;
  const activeAssignments = assignments.filter((a) => a.status !== "cancelled");
  const lang = currentLang();
  const planSet = new Set(rec?.unitIds ?? []);
  const isPlan = selected.length === planSet.size && selected.every((u) => planSet.has(u));

  return (
    <aside className="detail" data-testid="incident-detail" data-incident={incident.id} data-status={incident.status}>
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
          <Caller incident={incident} />
        </dd>
        {incident.narrative && (
          <>
            <dt>{t("detail.narrative")}</dt>
            <dd>{incident.narrative}</dd>
          </>
        )}
      </dl>

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
        <section className="recommendation" data-testid="recommendation">
          <h3>
            {t("rec.title")}{" "}
            <button type="button" className="small" onClick={() => void recommendation.refetch()}>
              {t("rec.refresh")}
            </button>
          </h3>
          {recError && <FieldErrorText field="recommendation" error={recError} />}
          {!rec && !recError && <div className="muted">{t("rec.loading")}</div>}
          {rec && (
            <>
              {rec.warnings.map((w) => (
                <div key={w.code} className="note warn">
                  {lang === "en" ? w.en : w.zh}
                </div>
              ))}
              {rec.requirements.map((req) => {
                const typeName = pickName(store.unitTypes.find((u) => u.code === req.unitType)) || req.unitType;
                return (
                  <div key={`${req.unitType}-${req.count}`} className="requirement">
                    <div className="req-head">
                      {t("rec.need", { type: typeName, n: req.count })}
                      {req.missing > 0 && <span className="badge warn">{t("rec.missing", { n: req.missing })}</span>}
                    </div>
                    {req.unfilledReason && <div className="muted">{lang === "en" ? req.unfilledReason.en : req.unfilledReason.zh}</div>}
                    <ul>
                      {[...req.chosen, ...req.alternatives].map((u) => {
                        const on = selected.includes(u.unitId);
                        const chosen = req.chosen.some((x) => x.unitId === u.unitId);
                        if (!chosen && !on && req.alternatives.indexOf(u) > 2) return null;
                        return (
                          <li
                            key={u.unitId}
                            className={`rec-unit ${on ? "on" : ""} ${chosen ? "" : "alt"}`}
                            data-testid="rec-unit"
                            data-unit={u.unitId}
                          >
                            <span className="callsign">{u.callsign}</span>
                            <span className="eta" data-testid="eta">
                              {t("rec.eta", { t: duration(u.etaS) })}
                            </span>
                            {u.meters !== null && <span className="muted">{t("rec.km", { km: (u.meters / 1000).toFixed(1) })}</span>}
                            {u.avlStale && <span className="badge warn">{t("map.staleAvl")}</span>}
                            <span className="reason">{lang === "en" ? u.reason.en : u.reason.zh}</span>
                            {canDispatch && (
                              <button
                                type="button"
                                className="small"
                                onClick={() => setSelected((s) => (on ? s.filter((x) => x !== u.unitId) : [...s, u.unitId]))}
                              >
                                {on ? t("rec.remove") : t("rec.add")}
                              </button>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                );
              })}
              <div className="muted">{t("rec.method", { m: lang === "en" ? rec.travelMethodLabel.en : rec.travelMethodLabel.zh })}</div>
              {canDispatch && (
                <button
                  type="button"
                  className="primary big"
                  disabled={busy || !selected.length}
                  onClick={dispatch}
                  data-testid="dispatch-plan"
                >
                  {busy
                    ? t("rec.dispatching")
                    : !selected.length
                      ? t("rec.nothing")
                      : isPlan
                        ? t("rec.dispatchPlan")
                        : t("rec.dispatchSelected", { n: selected.length })}
                </button>
              )}
            </>
          )}
        </section>
      )}

      <section className="assignments">
        <h3>
          {t("detail.assignments")}
          {open && !wantsRec && canDispatch && incident.status !== "new" && (
            <button type="button" className="small" onClick={() => setShowRec(true)}>
              {t("rec.moreUnits")}
            </button>
          )}
        </h3>
        {activeAssignments.length === 0 && <div className="muted">{t("detail.noAssignments")}</div>}
        <ul>
          {activeAssignments.map((a) => {
            const next = NEXT_STEP[a.status];
            return (
              <li key={a.id} className="assignment" data-testid="assignment" data-unit={a.unitId} data-status={a.status}>
                <span className="callsign">{a.callsign}</span>
                <span className={`status asg-${a.status}`}>{t(`asg.${a.status}`)}</span>
                {a.etaS !== null && a.status !== "cleared" && <span className="muted">{t("rec.eta", { t: duration(a.etaS) })}</span>}
                {next && can("unit:status") && (
                  <button type="button" className="small" onClick={() => step(a, next)}>
                    {t("detail.setOnBehalf", { status: t(`asg.${next}`) })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </section>

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

function Caller({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [full, setFull] = useState<CallerView | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  // The revealed number is an audited read made on request, never a cached query; it goes with
  // this incident's detail, which is mounted afresh for the next incident.
  // The masked caller is always sent; both parts empty means the call left no name or number.
  if (!incident.caller.name && !incident.caller.phone) return <span className="muted">{t("common.none")}</span>;
  if (full)
    return (
      <span>
        {full.name ?? ""} {full.phone ?? ""} <small className="muted">{t("detail.revealed")}</small>
      </span>
    );
  async function reveal() {
    if (!reason.trim()) {
      setError({ key: "val.required", params: { field: t("field.reason") } });
      return;
    }
    try {
      const r = await api<CallerView>("GET", `/incidents/${incident.id}/caller?reason=${encodeURIComponent(reason.trim())}`);
      setFull(r);
      setError(null);
    } catch (e) {
      setError(fieldError(e));
    }
  }
  return (
    <span>
      {incident.caller.name ?? ""} {incident.caller.phone ?? ""}{" "}
      {can("caller:read") && !asking && (
        <button type="button" className="small" onClick={() => setAsking(true)}>
          {t("detail.reveal")}
        </button>
      )}
      {asking && (
        <span className="inline-form">
          <input
            placeholder={t("detail.revealReason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && reveal()}
          />
          <button type="button" className="small" onClick={reveal}>
            {t("common.confirm")}
          </button>
          <FieldErrorText field="reason" error={error} />
        </span>
      )}
    </span>
  );
}

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
