/**
 * The town governance centre (镇街综合治理指挥中心): its queue of work orders by timer urgency,
 * the map of them, and the selected order's detail with dispatch (派单). New diverted orders and
 * every move the workers make arrive over the live stream; the queue refetches on each.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, getSession } from "../api.ts";
import { type FieldError, FieldErrorText } from "../components/errors.tsx";
import { WorkOrderDetail } from "../components/WorkOrderDetail.tsx";
import { WorkOrderMap } from "../components/WorkOrderMap.tsx";
import { WorkOrderQueue } from "../components/WorkOrderQueue.tsx";
import { pickName } from "../i18n.ts";
import { store, useTopic } from "../store.ts";
import { type FieldWorker, isOpen, loadSkills, type SkillName, type Town, type WorkOrder } from "../workorders.ts";
import "../workorders.css";

/** The stream name work-order events carry (the order's own stream; the incident's copy says "incident"). */
const WORK_ORDER_STREAM = "workorder";

export function TownCentre() {
  const { t } = useTranslation();
  useTopic("conn", "ref");
  const [orders, setOrders] = useState<WorkOrder[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<FieldError | null>(null);
  const [showClosed, setShowClosed] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [rev, setRev] = useState(0);
  const [towns, setTowns] = useState<Town[]>([]);
  const [workers, setWorkers] = useState<FieldWorker[]>([]);
  const [skills, setSkills] = useState<SkillName[]>([]);
  const session = getSession();
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const load = useCallback(async () => {
    try {
      const list = await api<WorkOrder[]>("GET", showClosed ? "/work-orders?limit=300" : "/work-orders?open=true&limit=1000");
      setOrders(list);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? { error: e } : { key: "err.network" });
    } finally {
      setLoaded(true);
    }
  }, [showClosed]);

  useEffect(() => {
    void load();
  }, [load]);

  // Reference data: the towns in this centre's area (for the map) and its staff (for names).
  useEffect(() => {
    const scope = session?.user.orgPath ?? "/";
    void api<Town[]>("GET", "/governance/towns")
      .then((all) => {
        const mine = all.filter((x) => x.path.startsWith(scope) || scope.startsWith(x.path));
        setTowns(mine.length ? mine : all);
      })
      .catch(() => {});
    void loadSkills().then(setSkills);
  }, [session?.user.orgPath]);

  const loadWorkers = useCallback(() => {
    void api<FieldWorker[]>("GET", "/governance/workers")
      .then(setWorkers)
      .catch(() => {});
  }, []);
  useEffect(loadWorkers, [loadWorkers]);

  // Live: any event on a work order's stream refetches the queue (several in a burst, once), and
  // the detail when it names the selected order.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = store.onEvent((e) => {
      if (e.stream !== WORK_ORDER_STREAM) return;
      if (e.streamId === selectedRef.current) setRev((r) => r + 1);
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void load();
      }, 150);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [load]);

  // While the stream is down nothing says what changed: poll until it is back.
  const live = store.conn === "live";
  useEffect(() => {
    if (live) return;
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [live, load]);

  const names = useMemo(() => new Map(workers.map((w) => [w.userId, w.displayName])), [workers]);
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
            rev={rev}
            names={names}
            skills={skills}
            onChanged={() => {
              void load();
              loadWorkers();
            }}
            onClose={() => setSelected(null)}
          />
        </div>
      )}
    </div>
  );
}
