/** The officer's notes on the assignment, and the button that sends them to the incident's timeline. */
import { useTranslation } from "react-i18next";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";

export interface OfficerNotesProps {
  notes: string;
  onChange: (text: string) => void;
  busy: boolean;
  onSend: () => void;
  error: FieldError | null;
}

export function OfficerNotes({ notes, onChange, busy, onSend, error }: OfficerNotesProps) {
  const { t } = useTranslation();
  return (
    <>
      <label className="notes">
        {t("officer.notes")}
        <textarea rows={3} value={notes} onChange={(e) => onChange(e.target.value)} />
        <span className="hint">{t("officer.notesHint")}</span>
      </label>
      <button type="button" disabled={busy || !notes.trim()} data-testid="officer-send-note" onClick={onSend}>
        {t("officer.sendNote")}
      </button>
      <FieldErrorText field="text" error={error} />
    </>
  );
}
