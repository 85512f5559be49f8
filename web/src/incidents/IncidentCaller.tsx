/** The caller of an incident, masked until the dispatcher gives a reason to see the full name and number. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, can } from "../platform/api.ts";
import { type FieldError, FieldErrorText, fieldError } from "../platform/errors.tsx";
import type { Caller as CallerView, Incident } from "./types.ts";

export function IncidentCaller({ incident }: { incident: Incident }) {
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
