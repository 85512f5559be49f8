/** The worker's next step as a form: the note it asks for, the feedback photo, and one big button. */
import { useTranslation } from "react-i18next";
import { WorkOrderPhotoInput } from "./WorkOrderPhotoInput.tsx";
import type { WorkStep } from "./workorders.ts";

export function WorkOrderStepForm({
  step,
  note,
  onNote,
  photo,
  onPhoto,
  busy,
  ready,
  onSend,
}: {
  step: WorkStep;
  note: string;
  onNote: (note: string) => void;
  photo: File | null;
  onPhoto: (f: File | null) => void;
  busy: boolean;
  /** Whether the step has what it needs (words, and for feedback a picture). */
  ready: boolean;
  onSend: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="wo-step" data-testid="wo-step-form" data-step={step}>
      {step !== "on_scene" && (
        <label>
          {t(`worker.noteLabel.${step}`)}
          <textarea
            rows={3}
            name="note"
            value={note}
            placeholder={t(`worker.notePlaceholder.${step}`)}
            onChange={(e) => onNote(e.target.value)}
            disabled={busy}
            data-testid="wo-note"
          />
        </label>
      )}
      {step === "feedback" && <WorkOrderPhotoInput file={photo} onChange={onPhoto} disabled={busy} />}
      <button type="button" className="step next wo-big" disabled={busy || !ready} onClick={onSend} data-testid={`wo-step-${step}`}>
        {busy ? t("worker.sending") : t(`worker.step.${step}`)}
      </button>
      {step !== "on_scene" && !ready && <span className="hint">{t(step === "feedback" ? "worker.needNotePhoto" : "worker.needNote")}</span>}
    </div>
  );
}
