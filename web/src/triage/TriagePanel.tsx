/**
 * Triage of a call in the console (警情研判), for the call-taker: the category suggestion, the
 * labels, possible duplicates, and where the call goes (dispatch, the town centre or 12345). A
 * new call gets the whole panel; once it is dispatched or closed, one line says how it was
 * triaged and what became of it.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { ApiError, api } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { store } from "../platform/store.ts";
import type { TriageOutcome } from "./outcome.ts";
import { openIncident, TriageDuplicates } from "./TriageDuplicates.tsx";
import { policeOf, TriageLabels } from "./TriageLabels.tsx";
import { TriageRoute } from "./TriageRoute.tsx";
import { TriageSuggest } from "./TriageSuggest.tsx";
import type { TriagedIncident } from "./types.ts";

const box = { borderTop: "1px solid var(--line)", borderBottom: "1px solid var(--line)", margin: "8px 0", padding: "4px 0 6px" };

export function TriagePanel({ incident }: { incident: TriagedIncident }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<TriageOutcome | null>(null);
  const done = outcome && (
    <div className="note ok" role="status" data-testid="tri-outcome">
      <span>{t(outcome.key, outcome.params)}</span>
      {outcome.open && (
        <button type="button" className="small" data-testid="tri-open-target" onClick={() => openIncident(outcome.open!.id)}>
          {t("tri.dup.open", { number: outcome.open.number })}
        </button>
      )}
    </div>
  );

  if (incident.status !== "new") {
    const dupOf = incident.flags?.duplicateOf;
    return (
      <section className="triage" data-testid="triage-panel" data-state="summary">
        {done}
        <div className="muted" data-testid="tri-summary">
          {t("tri.summary", { labels: summaryOf(incident, t) })}
          {/* The note of a call closed at triage is its reason; any other closing note is shown with the disposition. */}
          {!outcome && incident.disposition?.code === "invalid_call" && incident.disposition.note && (
            <span> · {incident.disposition.note}</span>
          )}
          {dupOf && !outcome && (
            <>
              {" "}
              <button type="button" className="link" data-testid="tri-open-original" onClick={() => openIncident(dupOf)}>
                {t("tri.openOriginal")}
              </button>
            </>
          )}
        </div>
      </section>
    );
  }

  return (
    <section className="triage" data-testid="triage-panel" data-state="open" style={box}>
      <h3>{t("tri.title")}</h3>
      {done}
      <TriageSuggest incident={incident} />
      <TriageLabels incident={incident} />
      {incident.flags?.valid === false && <CloseInvalid incident={incident} onDone={setOutcome} />}
      <TriageDuplicates incident={incident} onDone={setOutcome} />
      <TriageRoute incident={incident} onDone={setOutcome} />
    </section>
  );
}

/** "有效 · 非警务 · 非急 · 噪音扰民": the labels as they stand, for the one-line summary. */
function summaryOf(incident: TriagedIncident, t: (k: string, o?: Record<string, unknown>) => string): string {
  const f = incident.flags;
  const parts: string[] = [];
  if (f?.valid === false)
    parts.push(f.invalidReason ? t("tri.invalidWith", { reason: t(`tri.reason.${f.invalidReason}`) }) : t("tri.invalid"));
  else if (f?.valid === true) parts.push(t("tri.valid"));
  const { police } = policeOf(incident);
  if (police !== null) parts.push(police ? t("tri.police") : t("tri.nonPolice"));
  parts.push(incident.priority === "routine" ? t("tri.nonUrgent") : t("tri.urgent"));
  parts.push(pickName(incident.category));
  return parts.join(" · ");
}

/** An invalid call ends here, as 无效报警, without waiting for a dispatcher. */
function CloseInvalid({ incident, onDone }: { incident: TriagedIncident; onDone: (o: TriageOutcome) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  async function close() {
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/triage/incidents/${encodeURIComponent(incident.id)}/close-invalid`);
      onDone({ key: "tri.closedInvalid" });
      await store.refreshIncident(incident.id);
    } catch (e) {
      setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="tri-row">
      <button type="button" disabled={busy} onClick={close} data-testid="tri-close-invalid">
        {t("tri.closeInvalid")}
      </button>
      <FieldErrorText field="closeInvalid" error={error} />
    </div>
  );
}
