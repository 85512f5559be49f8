/**
 * The caller's number, behind the audited read: it is personal data, so it is fetched only when
 * the follow-up caller asks, with a reason that goes into the audit log with the reading.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CallerView } from "../../../../src/incidents/schemas.ts";
import { ApiError, api } from "../../platform/api.ts";
import { type FieldError, FieldErrorText } from "../../platform/errors.tsx";

// Kept in the audit log, which readers of either language review: so it is written in both at once.
const DEFAULT_REASON = "回访 / follow-up call";

export function FollowUpCaller({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState(DEFAULT_REASON);
  const [shown, setShown] = useState<(CallerView & { reason: string }) | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);

  async function reveal() {
    const why = reason.trim();
    if (!why) {
      setError({ key: "val.required", params: { field: t("fu.reason") } });
      return;
    }
    setBusy(true);
    try {
      const r = await api<CallerView>("GET", `/incidents/${encodeURIComponent(incidentId)}/caller?reason=${encodeURIComponent(why)}`);
      setShown({ ...r, reason: why });
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
    } finally {
      setBusy(false);
    }
  }

  if (shown)
    return (
      <div className="fu-caller" data-testid="fu-caller-shown">
        {shown.phone ? (
          <a className="fu-phone" href={`tel:${shown.phone}`} data-testid="fu-phone">
            {shown.phone}
          </a>
        ) : (
          <span className="muted" data-testid="fu-phone">
            {t("fu.noPhone")}
          </span>
        )}
        {shown.name && <span>{shown.name}</span>}
        <div className="hint" data-testid="fu-audited">
          {t("fu.revealed", { reason: shown.reason })}
        </div>
      </div>
    );
  return (
    <div className="fu-caller">
      <label>
        {t("fu.reason")}
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && reveal()}
          aria-invalid={!!error}
          data-testid="fu-reason"
        />
      </label>
      <FieldErrorText field="reason" error={error} />
      <div className="hint">{t("fu.reasonHint")}</div>
      <button type="button" className="small fu-reveal" onClick={reveal} disabled={busy} data-testid="fu-reveal">
        {t("fu.reveal")}
      </button>
    </div>
  );
}
