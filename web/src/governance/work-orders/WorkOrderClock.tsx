/**
 * A work order's timers, counting live: the one it is running against now (in the queue row and,
 * big, on the worker's phone) and all four stages with their outcome (in the detail).
 */
import { useTranslation } from "react-i18next";
import { clock, useTick } from "../../platform/format.ts";
import type { TimerStage, WorkOrder } from "./types.ts";
import { liveTimer, runningTimer } from "./workorders.ts";

const STAGE_KEYS: Record<TimerStage, string> = {
  dispatch: "wo.stage.dispatch",
  on_scene: "wo.stage.on_scene",
  first_feedback: "wo.stage.first_feedback",
  close: "wo.stage.close",
};

export function WorkOrderClock({ order, big = false }: { order: WorkOrder; big?: boolean }) {
  const { t } = useTranslation();
  useTick(1000);
  const r = runningTimer(order);
  const cls = `wo-clock ${big ? "big" : ""}`;
  if (!r || r.remainingS === null) {
    const missed = order.timers.some((x) => x.state === "missed");
    const text = order.status === "escalated" ? t("wo.clock.stopped") : missed ? t("wo.clock.doneLate") : t("wo.clock.doneInTime");
    return (
      <span className={`${cls} state-${missed ? "missed" : "met"}`} data-testid="wo-timer" data-stage="" data-state="done">
        {text}
      </span>
    );
  }
  const stage = t(STAGE_KEYS[r.stage]);
  const text =
    r.state === "overdue"
      ? t("wo.clock.overdue", { stage, t: clock(-r.remainingS) })
      : t("wo.clock.running", { stage, t: clock(r.remainingS) });
  return (
    <span className={`${cls} state-${r.state}`} data-testid="wo-timer" data-stage={r.stage} data-state={r.state} role="timer">
      {text}
    </span>
  );
}

export function WorkOrderTimers({ order }: { order: WorkOrder }) {
  const { t } = useTranslation();
  useTick(1000);
  const stopped = order.status === "escalated";
  return (
    <ul className="wo-timers" data-testid="wo-timers">
      {order.timers.map((x) => {
        const l = liveTimer(x, stopped);
        const value =
          l.remainingS === null
            ? x.doneAt
              ? t(`wo.timerState.${l.state}`)
              : t("wo.clock.stopped")
            : l.state === "overdue"
              ? t("wo.clock.overdueBy", { t: clock(-l.remainingS) })
              : t("wo.clock.left", { t: clock(l.remainingS) });
        return (
          <li key={x.stage} className={`state-${l.state}`} data-testid="wo-timer-stage" data-stage={x.stage} data-state={l.state}>
            <span>{t(STAGE_KEYS[x.stage])}</span>
            <span className="wo-timer-limit">{t("wo.clock.limit", { t: clock(x.seconds) })}</span>
            <b>{value}</b>
          </li>
        );
      })}
    </ul>
  );
}
