/**
 * The town governance centre (镇街综合治理指挥中心): its queue of work orders by timer urgency,
 * the map of them, and the selected order's detail with dispatch (派单). New diverted orders and
 * every move the workers make arrive over the live stream; the queue refetches on each
 * (data/bridge.ts).
 */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../../data/keys.ts";
import { invalidate } from "../../data/mutations.ts";
import { useApi } from "../../data/query.ts";
import { pickName } from "../../i18n.ts";
import { getSession } from "../../platform/api.ts";
import { FieldErrorText, fieldError } from "../../platform/errors.tsx";
import { store, useTopic } from "../../platform/store.ts";
import { townsRead, useSkills, workersRead, workOrdersRead } from "./queries.ts";
import type { Town, WorkOrder } from "./types.ts";
import { WorkOrderDetail } from "./WorkOrderDetail.tsx";
import { WorkOrderMap } from "./WorkOrderMap.tsx";
import { WorkOrderQueue } from "./WorkOrderQueue.tsx";
import { isOpen } from "./workorders.ts";
import "./workorders.css";

const NONE: WorkOrder[] = [];
const NO_TOWNS: Town[] = [];

export function TownCentre() {
  const { t } = useTranslation();
  useTopic("conn", "ref");
  const [showClosed, setShowClosed] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const session = getSession();
  const scope = session?.user.orgPath ?? "/";

  // Live: every event on a work order's stream refetches the queue and the selected order's
  // detail (data/bridge.ts). While the stream is down nothing says what changed: the queue is
  // re-read every 15 s until it is back.
  const queue = useApi(workOrdersRead(showClosed ? "limit=300" : "open=true&limit=1000"), {
    freshness: { whileNoStream: 15_000 },
    keepPrevious: true,
  });
  const orders = queue.data ?? NONE;
  const loaded = !queue.isPending;
  const error = queue.error ? fieldError(queue.error) : null;

  // Reference data: the towns in this centre's area (for the map) and its staff (for names).
  const towns =
    useApi(townsRead(), {
      select: (all) => {
        const mine = all.filter((x) => x.path.startsWith(scope) || scope.startsWith(x.path));
        return mine.length ? mine : all;
      },
    }).data ?? NO_TOWNS;
  const workers = useApi(workersRead()).data;
  const skills = useSkills();
  const live = store.conn === "live";

  const names = useMemo(() => new Map((workers ?? []).map((w) => [w.userId, w.displayName])), [workers]);
  const town = session ? store.orgById.get(session.user.orgId) : undefined;
  const openCount = orders.filter(isOpen).length;

  return (
    <div className={`town-centre ${selected ? "with-detail" : ""}`} data-testid="towncentre-view">
      <div className="left">
        <div className="wo-head">
          <h2>{town ? t("town.title", { town: pickName(town) }) : t("town.titlePlain")}</h2>
          <label className="wo-toggle">
            <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} data-testid="wo-show-closed" />{" "}
            {t("town.showClosed")}
          </label>
        </div>
        <FieldErrorText field="list" error={error} />
        {loaded && <WorkOrderQueue orders={orders} selectedId={selected} onSelect={setSelected} />}
        <div className="muted wo-foot" data-testid="wo-live" data-n={openCount}>
          {live ? t("town.live") : t("town.polling")}
        </div>
      </div>
      <div className="centre">
        <WorkOrderMap orders={orders} towns={towns} selectedId={selected} onSelect={setSelected} />
      </div>
      {selected && (
        <div className="right">
          <WorkOrderDetail
            key={selected}
            id={selected}
            names={names}
            skills={skills}
            onChanged={() => void invalidate(keys.workOrders(), keys.workers())}
            onClose={() => setSelected(null)}
          />
        </div>
      )}
    </div>
  );
}
