/**
 * One work order at the town centre: what, where, who has it, its timers and history, and what
 * the centre may do next: dispatch (派单), record a step on the worker's behalf (a phoned-in
 * report), escalate to police, re-open a closed order.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../../data/keys.ts";
import { invalidate } from "../../data/mutations.ts";
import { useApi } from "../../data/query.ts";
import { pickName } from "../../i18n.ts";
import { api } from "../../platform/api.ts";
import { type FieldError, FieldErrorText, fieldError } from "../../platform/errors.tsx";
import { workOrderRead, workOrderTimelineRead } from "./queries.ts";
import type { Escalation, SkillName, WorkOrderEvent } from "./types.ts";
import { WorkOrderBehalf } from "./WorkOrderBehalf.tsx";
import { WorkOrderClock, WorkOrderTimers } from "./WorkOrderClock.tsx";
import { WorkOrderDispatch } from "./WorkOrderDispatch.tsx";
import { WorkOrderFacts } from "./WorkOrderFacts.tsx";
import { WorkOrderPhoto } from "./WorkOrderPhoto.tsx";
import { WorkOrderReason } from "./WorkOrderReason.tsx";
import { WorkOrderTimeline } from "./WorkOrderTimeline.tsx";
import { nextWorkStep, STEP_PATHS } from "./workorders.ts";

type Action = "behalf" | "escalate" | "reopen";
const NO_EVENTS: WorkOrderEvent[] = [];

export function WorkOrderDetail({
  id,
  names,
  skills,
  onChanged,
  onClose,
}: {
  id: string;
  names: Map<string, string>;
  skills: SkillName[];
  onChanged: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // Live events about this order refetch it and its timeline (data/bridge.ts).
  const answer = useApi(workOrderRead(id));
  const order = answer.data ?? null;
  const loadError = answer.error ? fieldError(answer.error) : null;
  const timeline = useApi(workOrderTimelineRead(id)).data ?? NO_EVENTS;
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Action, FieldError>>>({});
  const [note, setNote] = useState("");
  const [escalatedTo, setEscalatedTo] = useState<string | null>(null);
  /** The order, its timeline and its candidates, read again after a change. */
  const reload = () => invalidate(keys.workOrder(id));

  async function run(action: Action, fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setErrors((e) => ({ ...e, [action]: undefined }));
    try {
      await fn();
      await reload();
      onChanged();
      return true;
    } catch (e) {
      setErrors((x) => ({ ...x, [action]: fieldError(e) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  if (!order)
    return (
      <div className="detail wo-detail" data-testid="wo-detail">
        {loadError ? <FieldErrorText field="id" error={loadError} /> : <span className="muted">{t("common.loading")}</span>}
      </div>
    );

  const o = order;
  const step = nextWorkStep(o);
  const created = timeline.find((e) => e.type === "workorder.created");
  const incidentNumber = (created?.data?.incidentNumber as string | undefined) ?? o.incidentId;
  const assignee = o.assigneeId ? (names.get(o.assigneeId) ?? o.assigneeId) : null;

  return (
    <div className="detail wo-detail" data-testid="wo-detail" data-order={o.id} data-status={o.status}>
      <header>
        <div>
          <h2>
            {pickName(o.category)} <small>{o.number}</small>
          </h2>
          <span className={`status wo-status-${o.status}`} data-testid="wo-detail-status">
            {pickName(o.statusName)}
          </span>{" "}
          <WorkOrderClock order={o} />
        </div>
        <button type="button" className="small" onClick={onClose} data-testid="wo-detail-close">
          {t("common.close")}
        </button>
      </header>
      <WorkOrderFacts order={o} skills={skills} assignee={assignee} incidentNumber={incidentNumber} />
      {o.notes.photoUrl && <WorkOrderPhoto url={o.notes.photoUrl} />}
      <WorkOrderTimers order={o} />

      {escalatedTo && (
        <div className="note ok" data-testid="wo-escalated-note">
          {t("wo.escalatedTo", { number: escalatedTo })}
        </div>
      )}
      <div className="wo-actions">
        {o.allowed.includes("dispatched") && <WorkOrderDispatch order={o} skills={skills} onDone={() => void reload().then(onChanged)} />}
        {step && o.assigneeId && (
          <WorkOrderBehalf
            step={step}
            assignee={assignee}
            note={note}
            onNote={setNote}
            busy={busy}
            error={errors.behalf}
            onSend={() =>
              run("behalf", async () => {
                await api("POST", `/work-orders/${o.id}/${STEP_PATHS[step]}`, note.trim() ? { note: note.trim() } : {});
                setNote("");
              })
            }
          />
        )}
        <div className="wo-action-row">
          {o.allowed.includes("escalated") && (
            <WorkOrderReason
              action="escalate"
              label={t("wo.escalate")}
              confirmLabel={t("wo.escalateConfirm")}
              placeholder={t("wo.escalatePlaceholder")}
              busy={busy}
              error={errors.escalate ?? null}
              danger
              onConfirm={(reason) =>
                run("escalate", async () => {
                  const r = await api<Escalation>("POST", `/work-orders/${o.id}/escalate`, { reason });
                  setEscalatedTo(r.incidentNumber);
                })
              }
            />
          )}
          {o.allowed.includes("reopened") && (
            <WorkOrderReason
              action="reopen"
              label={t("town.reopen")}
              confirmLabel={t("town.reopenConfirm")}
              placeholder={t("town.reopenPlaceholder")}
              busy={busy}
              error={errors.reopen ?? null}
              onConfirm={(reason) => run("reopen", () => api("POST", `/work-orders/${o.id}/reopen`, { reason }))}
            />
          )}
        </div>
      </div>
      <WorkOrderTimeline events={timeline} names={names} skills={skills} />
    </div>
  );
}
