/**
 * Reports that may repeat an open incident: nearby, recent, of the same category or kind. The
 * call-taker attaches one with a confirm click; the caller then joins that incident's timeline and
 * this report closes as a duplicate, in one transaction on the server.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../data/query.ts";
import { pickName } from "../i18n.ts";
import { ApiError, api } from "../platform/api.ts";
import { type FieldError, FieldErrorText, fieldError } from "../platform/errors.tsx";
import { ageSeconds, duration, timeOfDay } from "../platform/format.ts";
import { store } from "../platform/store.ts";
import type { TriageOutcome } from "./outcome.ts";
import { duplicatesRead } from "./queries.ts";
import type { Candidate, Duplicate, TriagedIncident } from "./types.ts";

export function TriageDuplicates({ incident, onDone }: { incident: TriagedIncident; onDone: (o: TriageOutcome) => void }) {
  const { t } = useTranslation();
  const answer = useApi(duplicatesRead(incident.id, incident.category.code), { keepPrevious: true });
  const list = answer.data ?? null;
  const loadError = answer.error && !answer.isFetching ? fieldError(answer.error) : null;
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ id: string; error: FieldError } | null>(null);

  async function attach(c: Candidate) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<Duplicate>("POST", `/triage/incidents/${encodeURIComponent(incident.id)}/duplicate-of`, { incidentId: c.id });
      store.upsertIncident(r.target);
      store.upsertIncident(r.duplicate);
      onDone({ key: "tri.dup.attached", params: { number: r.target.number }, open: { id: r.target.id, number: r.target.number } });
    } catch (e) {
      setError({ id: c.id, error: fieldError(e) });
      // A target closed meanwhile drops out of the list.
      if (e instanceof ApiError && e.code === "duplicate_target_closed") void answer.refetch();
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  return (
    <div className="tri-duplicates" data-testid="tri-duplicates" data-count={list?.length ?? ""}>
      <div className="inline-form">
        <b>{t("tri.dup.title")}</b>
        <button type="button" className="small" data-testid="tri-dup-refresh" onClick={() => void answer.refetch()}>
          {t("tri.refresh")}
        </button>
      </div>
      {loadError && <FieldErrorText field="duplicates" error={loadError} />}
      {!list && !loadError && <div className="muted">{t("tri.dup.loading")}</div>}
      {list && list.length === 0 && <div className="muted">{t("tri.dup.none")}</div>}
      {list && list.length > 0 && (
        <ul className="dup-hint" style={{ listStyle: "none", margin: 0 }}>
          {list.map((c) => (
            <li key={c.id} data-testid="tri-dup" data-incident={c.id} data-number={c.number}>
              <div className="inline-form">
                <button type="button" className="link" data-testid="tri-dup-open" onClick={() => openIncident(c.id)}>
                  <b>{c.number}</b>
                </button>
                <span>{pickName(c.category)}</span>
                <span className="badge">{t("tri.dup.meters", { m: c.distanceM })}</span>
                <span className="muted">
                  {t("tri.dup.at", { time: timeOfDay(c.times.receivedAt), ago: duration(ageSeconds(c.times.receivedAt) ?? 0) })}
                </span>
                <span className={`status status-${c.status}`}>{t(`status.${c.status}`)}</span>
                {confirming !== c.id && (
                  <button
                    type="button"
                    className="small"
                    disabled={busy}
                    data-testid="tri-dup-attach"
                    onClick={() => {
                      setError(null);
                      setConfirming(c.id);
                    }}
                  >
                    {t("tri.dup.attach")}
                  </button>
                )}
              </div>
              {confirming === c.id && (
                <div className="inline-form note warn" data-testid="tri-dup-confirm-box">
                  <span>{t("tri.dup.confirm", { number: c.number })}</span>
                  <button type="button" className="primary" disabled={busy} data-testid="tri-dup-confirm" onClick={() => attach(c)}>
                    {t("tri.dup.confirmBtn")}
                  </button>
                  <button type="button" disabled={busy} data-testid="tri-dup-cancel" onClick={() => setConfirming(null)}>
                    {t("common.cancel")}
                  </button>
                </div>
              )}
              {error?.id === c.id && <FieldErrorText field="incidentId" error={error.error} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Opens an incident in the console the way other views link to one. */
export function openIncident(id: string): void {
  location.hash = `#console/${encodeURIComponent(id)}`;
}
