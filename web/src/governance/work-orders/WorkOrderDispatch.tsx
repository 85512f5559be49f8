/**
 * 派单: the on-duty staff of the town with the skill the order needs, each with a dispatch
 * button, and the offer to the whole team (the first worker to take it has it).
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../../data/query.ts";
import { api } from "../../platform/api.ts";
import { type FieldError, FieldErrorText, fieldError } from "../../platform/errors.tsx";
import { candidatesRead } from "./queries.ts";
import type { FieldWorker, SkillName, WorkOrder } from "./types.ts";
import { skillName } from "./workorders.ts";

const NO_ONE: FieldWorker[] = [];

export function WorkOrderDispatch({ order, skills, onDone }: { order: WorkOrder; skills: SkillName[]; onDone: (o: WorkOrder) => void }) {
  const { t } = useTranslation();
  // A new version (a decline) can change who is free.
  const answer = useApi(candidatesRead(order.id, order.version));
  const candidates = answer.isError ? NO_ONE : (answer.data ?? null);
  const [busy, setBusy] = useState(false);
  const [failed, setError] = useState<FieldError | null>(null);
  const error = failed ?? (answer.error ? fieldError(answer.error) : null);

  async function dispatch(body: { assigneeId: string } | { teamSkill: string }) {
    setBusy(true);
    setError(null);
    try {
      onDone(await api<WorkOrder>("POST", `/work-orders/${order.id}/dispatch`, body));
    } catch (e) {
      setError(fieldError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="wo-dispatch" data-testid="wo-dispatch">
      <h3>{t("town.dispatchTitle", { skill: skillName(skills, order.skill) })}</h3>
      {candidates === null && <div className="muted">{t("common.loading")}</div>}
      {candidates?.length === 0 && !error && <div className="note warn">{t("town.noCandidates")}</div>}
      <ul className="wo-candidates">
        {candidates?.map((w) => (
          <li key={w.userId} data-testid="wo-candidate" data-user={w.userId}>
            <span className="wo-candidate-name">
              <b>{w.displayName}</b>
              <small className="muted">{w.skills.map((s) => skillName(skills, s)).join(" · ")}</small>
            </span>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => dispatch({ assigneeId: w.userId })}
              data-testid="wo-dispatch-to"
            >
              {t("town.dispatchTo")}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" disabled={busy} onClick={() => dispatch({ teamSkill: order.skill })} data-testid="wo-offer-team">
        {t("town.offerTeam", { skill: skillName(skills, order.skill) })}
      </button>
      <FieldErrorText field="assigneeId" error={error} />
    </section>
  );
}
