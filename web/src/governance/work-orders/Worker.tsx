/**
 * The field worker's phone (网格员, 城管 …): the orders assigned to them and the team offers they
 * could take, each with its timer and big buttons for the next step.
 */
import { Fragment, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../../data/keys.ts";
import { invalidate } from "../../data/mutations.ts";
import { useApi } from "../../data/query.ts";
import { getSession } from "../../platform/api.ts";
import { FieldErrorText, fieldError } from "../../platform/errors.tsx";
import { timeOfDay } from "../../platform/format.ts";
import { useSkills, workOrdersRead } from "./queries.ts";
import { WorkOrderCard } from "./WorkOrderCard.tsx";
import { byTimerUrgency, isOpen } from "./workorders.ts";
import "./workorders.css";

/**
 * Field workers have no events:stream permission (the stream carries a whole town's work, and a
 * worker may see only their own orders and the offers open to them), so the phone re-reads its
 * list every 15 s while it has no stream (which for this role is always), whenever the screen
 * comes back on, and after each action.
 */
const POLL_MS = 15_000;
/** Finished orders stay on the phone a while, so the worker sees what they just closed. */
const DONE_SHOWN = 5;

export function Worker() {
  const { t } = useTranslation();
  const me = getSession()?.user;
  const list = useApi(workOrdersRead("limit=100"), { freshness: { whileNoStream: POLL_MS }, refetchOnShow: true });
  const orders = list.data ?? null;
  const error = list.error ? fieldError(list.error) : null;
  const refreshedAt = list.dataUpdatedAt || null;
  const reload = () => invalidate(keys.workOrders("limit=100"));
  const [takenElsewhere, setTakenElsewhere] = useState<string | null>(null);
  const skills = useSkills();

  // A new order or offer buzzes the phone, where the device allows it.
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!orders) return;
    const ids = orders.filter(isOpen).map((o) => o.id);
    if (seen.current && ids.some((id) => !seen.current?.has(id))) navigator.vibrate?.([300, 150, 300]);
    seen.current = new Set(ids);
  }, [orders]);

  if (!me) return null;
  const open = (orders ?? []).filter(isOpen).sort(byTimerUrgency);
  const done = (orders ?? [])
    .filter((o) => !isOpen(o))
    .sort(
      (a, b) =>
        Date.parse(b.times.closedAt ?? b.times.escalatedAt ?? b.times.createdAt) -
        Date.parse(a.times.closedAt ?? a.times.escalatedAt ?? a.times.createdAt),
    )
    .slice(0, DONE_SHOWN);

  return (
    <div className="worker" data-testid="worker-view">
      <div className="worker-head">
        <b>{me.displayName}</b>
        <span className="muted" data-testid="worker-refreshed">
          {refreshedAt ? t("worker.refreshedAt", { time: timeOfDay(refreshedAt) }) : t("common.loading")}
        </span>
        <button type="button" className="small" onClick={() => void list.refetch()} data-testid="worker-refresh">
          {t("worker.refresh")}
        </button>
      </div>
      <FieldErrorText field="list" error={error} />
      {takenElsewhere && (
        <div className="note warn" role="alert" data-testid="worker-notice">
          {t("worker.alreadyTaken", { number: takenElsewhere })}{" "}
          <button type="button" className="link" onClick={() => setTakenElsewhere(null)}>
            {t("common.close")}
          </button>
        </div>
      )}
      <h2 className="worker-section">{t("worker.mine", { n: open.length })}</h2>
      {orders && open.length === 0 && (
        <div className="no-assignment" data-testid="worker-idle">
          {t("worker.none")}
        </div>
      )}
      {/* One keyed list, so a card that finishes keeps its state as it moves down to the done section. */}
      {[...open, ...done].map((o, i) => (
        <Fragment key={o.id}>
          {i === open.length && <h2 className="worker-section">{t("worker.done")}</h2>}
          <WorkOrderCard order={o} me={me.userId} skills={skills} onChanged={reload} onTakenElsewhere={setTakenElsewhere} />
        </Fragment>
      ))}
    </div>
  );
}
