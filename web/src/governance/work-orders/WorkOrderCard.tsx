/**
 * One work order on the worker's phone: what and where, the running timer in big digits, and big
 * buttons for the next step the order allows: 接单, on scene, handled (note), feedback (note and
 * photo), close (note); decline and escalation to police ask for a reason first.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../../i18n.ts";
import { api } from "../../platform/api.ts";
import { FieldErrorText } from "../../platform/errors.tsx";
import type { Escalation, SkillName, WorkOrder } from "./types.ts";
import { useWorkerSteps } from "./useWorkerSteps.ts";
import { WorkOrderClock, WorkOrderTimers } from "./WorkOrderClock.tsx";
import { WorkOrderPhoto } from "./WorkOrderPhoto.tsx";
import { WorkOrderReason } from "./WorkOrderReason.tsx";
import { WorkOrderStepForm } from "./WorkOrderStepForm.tsx";
import { addressOf, isOpen, skillName, workerActions } from "./workorders.ts";

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
  const actions = workerActions(o, me);
  const step = actions.find((a) => a === "on_scene" || a === "handled" || a === "feedback" || a === "closed") ?? null;
  const { busy, errors, note, setNote, photo, setPhoto, ready, run, sendStep } = useWorkerSteps(o, step, onChanged, onTakenElsewhere);
  const [escalatedTo, setEscalatedTo] = useState<string | null>(null);
  const offer = !o.assigneeId && o.status === "dispatched";

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
        <WorkOrderStepForm
          step={step}
          note={note}
          onNote={setNote}
          photo={photo}
          onPhoto={setPhoto}
          busy={busy}
          ready={ready}
          onSend={sendStep}
        />
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
