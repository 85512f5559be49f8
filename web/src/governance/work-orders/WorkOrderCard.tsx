/**
 * One work order on the worker's phone: what and where, the running timer in big digits, and big
 * buttons for the next step the order allows: 接单, on scene, handled (note), feedback (note and
 * photo), close (note); decline and escalation to police ask for a reason first.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../../i18n.ts";
import { ApiError, api } from "../../platform/api.ts";
import { type FieldError, FieldErrorText } from "../../platform/errors.tsx";
import type { Escalation, PhotoUpload, SkillName, WorkOrder } from "./types.ts";
import { WorkOrderClock, WorkOrderTimers } from "./WorkOrderClock.tsx";
import { WorkOrderPhoto } from "./WorkOrderPhoto.tsx";
import { WorkOrderPhotoInput } from "./WorkOrderPhotoInput.tsx";
import { WorkOrderReason } from "./WorkOrderReason.tsx";
import { addressOf, isOpen, PhotoError, preparePhoto, STEP_PATHS, skillName, uploadPhoto, workerActions } from "./workorders.ts";

type Act = "step" | "decline" | "escalate";

export function WorkOrderCard({
  order: o,
  me,
  skills,
  onChanged,
  onTakenElsewhere,
}: {
  order: WorkOrder;
  me: string;
  skills: SkillName[];
  onChanged: () => Promise<void>;
  /** Another worker won the race for this offer; the list says so after the order leaves it. */
  onTakenElsewhere: (number: string) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Act, FieldError>>>({});
  const [note, setNote] = useState("");
  const [photo, setPhoto] = useState<File | null>(null);
  // A photo already uploaded for this file is attached again on a retry, not sent twice.
  const [uploaded, setUploaded] = useState<{ file: File; photo: PhotoUpload } | null>(null);
  const [escalatedTo, setEscalatedTo] = useState<string | null>(null);
  const actions = workerActions(o, me);
  const step = actions.find((a) => a === "on_scene" || a === "handled" || a === "feedback" || a === "closed") ?? null;
  const offer = !o.assigneeId && o.status === "dispatched";

  async function run(act: Act, fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setErrors((e) => ({ ...e, [act]: undefined }));
    try {
      await fn();
      setNote("");
      await onChanged();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === "already_taken") {
        setErrors((x) => ({ ...x, [act]: { key: "worker.alreadyTaken", params: { number: o.number } } }));
        onTakenElsewhere(o.number);
        await onChanged();
      } else if (e instanceof PhotoError) setErrors((x) => ({ ...x, [act]: { key: e.key } }));
      else setErrors((x) => ({ ...x, [act]: e instanceof ApiError ? { error: e } : { key: "err.network" } }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function sendStep() {
    if (!step) return;
    await run("step", async () => {
      const body: { note?: string; photoId?: string } = note.trim() ? { note: note.trim() } : {};
      if (step === "feedback" && photo) {
        let up = uploaded?.file === photo ? uploaded.photo : null;
        if (!up) {
          up = await uploadPhoto(o.id, await preparePhoto(photo));
          setUploaded({ file: photo, photo: up });
        }
        body.photoId = up.id;
      }
      await api("POST", `/work-orders/${o.id}/${STEP_PATHS[step]}`, body);
      setPhoto(null);
      setUploaded(null);
    });
  }

  // Feedback tells the citizen what was done: it needs words and a picture. Handled and close need words.
  const ready = step === "on_scene" || (note.trim().length > 0 && (step !== "feedback" || !!photo));

  return (
    <article
      className={`wo-card ${isOpen(o) ? "" : "done"}`}
      data-testid="wo-card"
      data-order={o.id}
      data-number={o.number}
      data-status={o.status}
    >
      <header>
        <h2>{pickName(o.category)}</h2>
        <span className={`status wo-status-${o.status}`} data-testid="wo-status">
          {pickName(o.statusName)}
        </span>
      </header>
      <div className="muted">{o.number}</div>
      <div className="wo-card-clock">
        <WorkOrderClock order={o} big />
      </div>
      <div className="address">{addressOf(o)}</div>
      {o.summary && <p className="wo-summary">{o.summary}</p>}
      {offer && <div className="note info">{t("worker.offer", { skill: skillName(skills, o.teamSkill) })}</div>}
      {o.notes.photoUrl && <WorkOrderPhoto url={o.notes.photoUrl} />}
      {escalatedTo && (
        <div className="note ok" data-testid="wo-escalated-note">
          {t("wo.escalatedTo", { number: escalatedTo })}
        </div>
      )}

      {actions.includes("take") && (
        <button
          type="button"
          className="step next wo-big"
          disabled={busy}
          onClick={() => run("step", () => api("POST", `/work-orders/${o.id}/take`, {}))}
          data-testid="wo-take"
        >
          {t("worker.take")}
        </button>
      )}
      {step && (
        <div className="wo-step" data-testid="wo-step-form" data-step={step}>
          {step !== "on_scene" && (
            <label>
              {t(`worker.noteLabel.${step}`)}
              <textarea
                rows={3}
                name="note"
                value={note}
                placeholder={t(`worker.notePlaceholder.${step}`)}
                onChange={(e) => setNote(e.target.value)}
                disabled={busy}
                data-testid="wo-note"
              />
            </label>
          )}
          {step === "feedback" && <WorkOrderPhotoInput file={photo} onChange={setPhoto} disabled={busy} />}
          <button type="button" className="step next wo-big" disabled={busy || !ready} onClick={sendStep} data-testid={`wo-step-${step}`}>
            {busy ? t("worker.sending") : t(`worker.step.${step}`)}
          </button>
          {step !== "on_scene" && !ready && (
            <span className="hint">{t(step === "feedback" ? "worker.needNotePhoto" : "worker.needNote")}</span>
          )}
        </div>
      )}
      <FieldErrorText field="status" error={errors.step} />

      {(actions.includes("decline") || actions.includes("escalate")) && (
        <div className="wo-card-more">
          {actions.includes("decline") && (
            <WorkOrderReason
              action="decline"
              label={t("worker.decline")}
              confirmLabel={t("worker.declineConfirm")}
              placeholder={t("worker.declinePlaceholder")}
              busy={busy}
              error={errors.decline ?? null}
              className="wo-mid"
              onConfirm={(reason) => run("decline", () => api("POST", `/work-orders/${o.id}/decline`, { reason }))}
            />
          )}
          {actions.includes("escalate") && (
            <WorkOrderReason
              action="escalate"
              label={t("wo.escalate")}
              confirmLabel={t("wo.escalateConfirm")}
              placeholder={t("wo.escalatePlaceholder")}
              busy={busy}
              error={errors.escalate ?? null}
              danger
              className="wo-mid"
              onConfirm={(reason) =>
                run("escalate", async () => {
                  const r = await api<Escalation>("POST", `/work-orders/${o.id}/escalate`, { reason });
                  setEscalatedTo(r.incidentNumber);
                })
              }
            />
          )}
        </div>
      )}
      <details className="wo-card-timers">
        <summary>{t("worker.allTimers")}</summary>
        <WorkOrderTimers order={o} />
      </details>
    </article>
  );
}
