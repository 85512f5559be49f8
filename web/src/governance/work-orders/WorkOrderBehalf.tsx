/**
 * The centre records the next step on the worker's behalf (a phoned-in report), with a note for
 * every step but on scene. The note lives with the detail view, so it survives this form coming and going.
 */
import { useTranslation } from "react-i18next";
import { type FieldError, FieldErrorText } from "../../platform/errors.tsx";
import type { WorkStep } from "./workorders.ts";

export function WorkOrderBehalf({
  step,
  assignee,
  note,
  onNote,
  busy,
  error,
  onSend,
}: {
  step: WorkStep;
  assignee: string | null;
  note: string;
  onNote: (note: string) => void;
  busy: boolean;
  error: FieldError | undefined;
  onSend: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="wo-behalf" data-testid="wo-behalf-form">
      <h3>{t("town.onBehalf", { name: assignee ?? "" })}</h3>
      {step !== "on_scene" && (
        <textarea
          rows={2}
          name="note"
          value={note}
          placeholder={t(`worker.notePlaceholder.${step}`)}
          onChange={(e) => onNote(e.target.value)}
          data-testid="wo-behalf-note"
        />
      )}
      <button type="button" className="primary" disabled={busy} data-testid="wo-behalf" data-step={step} onClick={onSend}>
        {t(`worker.step.${step}`)}
      </button>
      <FieldErrorText field="note" error={error} />
    </section>
  );
}
