/**
 * A one-click action that needs a reason (decline, escalate to police, re-open): the button opens
 * a reason field and a confirm button, so nothing irreversible happens on a stray tap.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type FieldError, FieldErrorText } from "../../platform/errors.tsx";

export function WorkOrderReason({
  action,
  label,
  confirmLabel,
  placeholder,
  busy,
  error,
  danger = false,
  className = "",
  onConfirm,
}: {
  /** Names the test ids: wo-<action>, wo-<action>-reason, wo-<action>-confirm. */
  action: string;
  label: string;
  confirmLabel: string;
  placeholder: string;
  busy: boolean;
  error: FieldError | null;
  danger?: boolean;
  className?: string;
  /** Resolves true when done (the form closes), false to keep it open. */
  onConfirm: (reason: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open)
    return (
      <>
        <button
          type="button"
          className={`${className} ${danger ? "danger" : ""}`}
          disabled={busy}
          onClick={() => setOpen(true)}
          data-testid={`wo-${action}`}
        >
          {label}
        </button>
        <FieldErrorText field="reason" error={error} />
      </>
    );
  const ok = reason.trim().length >= 2;
  return (
    <form
      className="wo-reason"
      data-testid={`wo-${action}-form`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ok || busy) return;
        if (await onConfirm(reason.trim())) {
          setOpen(false);
          setReason("");
        }
      }}
    >
      <label>
        {label}
        <textarea
          rows={2}
          name="reason"
          value={reason}
          placeholder={placeholder}
          onChange={(e) => setReason(e.target.value)}
          data-testid={`wo-${action}-reason`}
          // biome-ignore lint/a11y/noAutofocus: the reason is the only thing to do next
          autoFocus
        />
      </label>
      {!ok && reason.length > 0 && <span className="hint">{t("wo.reasonShort")}</span>}
      <div className="wo-reason-buttons">
        <button
          type="submit"
          className={`${className} ${danger ? "danger" : "primary"}`}
          disabled={busy || !ok}
          data-testid={`wo-${action}-confirm`}
        >
          {confirmLabel}
        </button>
        <button type="button" className={className} disabled={busy} onClick={() => setOpen(false)}>
          {t("common.cancel")}
        </button>
      </div>
      <FieldErrorText field="reason" error={error} />
    </form>
  );
}
