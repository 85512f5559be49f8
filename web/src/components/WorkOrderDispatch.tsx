/**
 * 派单: the on-duty staff of the town with the skill the order needs, each with a dispatch
 * button, and the offer to the whole team (the first worker to take it has it).
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api.ts";
import { type FieldWorker, type SkillName, skillName, type WorkOrder } from "../workorders.ts";
import { type FieldError, FieldErrorText } from "./errors.tsx";

export function WorkOrderDispatch({ order, skills, onDone }: { order: WorkOrder; skills: SkillName[]; onDone: (o: WorkOrder) => void }) {
  const { t } = useTranslation();
  const [candidates, setCandidates] = useState<FieldWorker[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version (a decline) can change who is free
  useEffect(() => {
    let alive = true;
    setCandidates(null);
    api<FieldWorker[]>("GET", `/work-orders/${order.id}/candidates`)
      .then((c) => alive && setCandidates(c))
      .catch((e) => {
        if (!alive) return;
        setCandidates([]);
        setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
      });
    return () => {
      alive = false;
    };
  }, [order.id, order.version]);

  async function dispatch(body: { assigneeId: string } | { teamSkill: string }) {
    setBusy(true);
    setError(null);
    try {
      onDone(await api<WorkOrder>("POST", `/work-orders/${order.id}/dispatch`, body));
    } catch (e) {
      setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
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
