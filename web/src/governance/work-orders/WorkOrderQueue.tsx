/** The town centre's queue: its work orders, most urgent timer first, each with its running clock. */
import { useTranslation } from "react-i18next";
import { pickName } from "../../i18n.ts";
import type { WorkOrder } from "./types.ts";
import { WorkOrderClock } from "./WorkOrderClock.tsx";
import { addressOf, byTimerUrgency, isOpen } from "./workorders.ts";

export function WorkOrderQueue({
  orders,
  selectedId,
  onSelect,
}: {
  orders: WorkOrder[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  // Open orders by urgency; closed ones (when shown) after them, latest first.
  const open = orders.filter(isOpen).sort(byTimerUrgency);
  const done = orders
    .filter((o) => !isOpen(o))
    .sort((a, b) => Date.parse(b.times.closedAt ?? b.times.createdAt) - Date.parse(a.times.closedAt ?? a.times.createdAt));
  const list = [...open, ...done];
  return (
    <section className="queue wo-queue" data-testid="wo-queue">
      <h2>
        {t("town.queue")} <span className="count">{t("town.openCount", { n: open.length })}</span>
      </h2>
      {list.length === 0 && (
        <div className="empty" data-testid="wo-queue-empty">
          {t("town.empty")}
        </div>
      )}
      <ul>
        {list.map((o) => (
          <li
            key={o.id}
            className={`q-row wo-row ${o.id === selectedId ? "selected" : ""}`}
            data-testid="wo-row"
            data-order={o.id}
            data-number={o.number}
            data-status={o.status}
          >
            <button type="button" onClick={() => onSelect(o.id)}>
              <span className="q-main">
                <span className="q-title">
                  {pickName(o.category)} <small>{o.number}</small>
                </span>
                <span className="q-addr">{addressOf(o)}</span>
              </span>
              <span className="q-side">
                <span className={`status wo-status-${o.status}`} data-testid="wo-status">
                  {pickName(o.statusName)}
                </span>
                <WorkOrderClock order={o} />
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
