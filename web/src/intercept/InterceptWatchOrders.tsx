/**
 * Watch orders (布控) for one incident: the list, a new order to the checkpoints the suspect can
 * reach (or to a ring's posts), a hit or pass-through reported at a post (which re-plans from it),
 * and lifting an order with a reason.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { ApiError, api, can, newIdempotencyKey } from "../platform/api.ts";
import { type FieldError, FieldErrorText } from "../platform/errors.tsx";
import { timeOfDay } from "../platform/format.ts";
import type { ReachFrom } from "./planRequest.ts";
import { checkpointsOf, type InterceptLayer, type InterceptPlan, ringsOf, type WatchOrder } from "./types.ts";
import { apiError, useWatchOrderActions } from "./useWatchOrderActions.ts";

export function InterceptWatchOrders({
  incidentId,
  orders,
  layer,
  reachFrom,
  onChanged,
  onPlan,
}: {
  incidentId: string;
  orders: WatchOrder[] | null;
  layer: InterceptLayer | null;
  /** From the planner form: a "reachable" order counts from the same place and moment. */
  reachFrom: ReachFrom;
  onChanged: () => void;
  onPlan: (plan: InterceptPlan) => void;
}) {
  const { t } = useTranslation();
  const names = new Map(checkpointsOf(layer).map((c) => [c.properties.id, pickName(c.properties)]));
  const canAct = can("dispatch:assign");
  return (
    <section className="icp-orders" data-testid="watch-orders">
      <h3>{t("icp.wo.title")}</h3>
      {orders === null && <div className="muted">{t("common.loading")}</div>}
      {orders?.length === 0 && <div className="muted">{t("icp.wo.none")}</div>}
      <ul>
        {orders?.map((o) => (
          <WatchOrderRow key={o.id} order={o} names={names} canAct={canAct} onChanged={onChanged} onPlan={onPlan} />
        ))}
      </ul>
      {canAct && <NewWatchOrder incidentId={incidentId} layer={layer} reachFrom={reachFrom} onCreated={onChanged} />}
    </section>
  );
}

function NewWatchOrder({
  incidentId,
  layer,
  reachFrom,
  onCreated,
}: {
  incidentId: string;
  layer: InterceptLayer | null;
  reachFrom: ReachFrom;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const [plate, setPlate] = useState("");
  const [vehicle, setVehicle] = useState("");
  const [description, setDescription] = useState("");
  /** "reachable" or a ring id. */
  const [target, setTarget] = useState("reachable");
  const [within, setWithin] = useState("10");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [key, setKey] = useState(newIdempotencyKey);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    const errs: Record<string, FieldError> = {};
    if (!description.trim()) errs.description = { key: "val.required", params: { field: t("icp.wo.description") } };
    const horizon = Number(within);
    if (target === "reachable" && (within.trim() === "" || !Number.isFinite(horizon)))
      errs.reachable = { key: "icp.err.number", params: { field: t("icp.wo.within") } };
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const body: Record<string, unknown> = { plate: plate.trim() || null, vehicle: vehicle.trim() || null, description: description.trim() };
    if (target === "reachable")
      body.reachable = {
        minutesSinceFlight: reachFrom.minutes ?? 0,
        horizonMinutes: horizon,
        ...(reachFrom.origin ? { origin: reachFrom.origin } : {}),
      };
    else body.ringIds = [target];
    setBusy(true);
    try {
      await api("POST", `/incidents/${encodeURIComponent(incidentId)}/watch-orders`, body, { "Idempotency-Key": key });
      setPlate("");
      setVehicle("");
      setDescription("");
      setKey(newIdempotencyKey());
      onCreated();
    } catch (err) {
      if (err instanceof ApiError) setKey(newIdempotencyKey());
      const f = err instanceof ApiError ? (err.field ?? "").split(/[./]/)[0] : "";
      const slot = ["plate", "vehicle", "description", "reachable", "ringIds", "expiresInMinutes"].includes(f) ? f : "form";
      setErrors({ [slot === "ringIds" ? "reachable" : slot]: apiError(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="icp-wo-form" data-testid="watch-order-form" onSubmit={create} noValidate>
      <h3>{t("icp.wo.new")}</h3>
      <div className="icp-grid">
        <label>
          {t("icp.wo.plate")}
          <input name="plate" value={plate} onChange={(e) => setPlate(e.target.value)} aria-invalid={errors.plate ? true : undefined} />
          <FieldErrorText field="plate" error={errors.plate} />
        </label>
        <label>
          {t("icp.wo.vehicle")}
          <input name="vehicle" value={vehicle} onChange={(e) => setVehicle(e.target.value)} />
          <FieldErrorText field="vehicle" error={errors.vehicle} />
        </label>
      </div>
      <label>
        {t("icp.wo.description")}
        <input
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={errors.description ? true : undefined}
        />
        <FieldErrorText field="description" error={errors.description} />
      </label>
      <div className="icp-grid">
        <label>
          {t("icp.wo.target")}
          <select name="target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="reachable">{t("icp.wo.reachable")}</option>
            {ringsOf(layer).map((r) => (
              <option key={r.properties.id} value={r.properties.id}>
                {t("icp.wo.ring", { ring: pickName(r.properties) })}
              </option>
            ))}
          </select>
        </label>
        {target === "reachable" && (
          <label>
            {t("icp.wo.within")}
            <input name="within" inputMode="decimal" value={within} onChange={(e) => setWithin(e.target.value)} />
          </label>
        )}
      </div>
      <FieldErrorText field="reachable" error={errors.reachable} />
      <button type="submit" className="primary" disabled={busy} data-testid="watch-order-create">
        {busy ? t("icp.wo.creating") : t("icp.wo.create")}
      </button>
      <FieldErrorText field="form" error={errors.form ?? errors.expiresInMinutes} />
    </form>
  );
}

function WatchOrderRow({
  order,
  names,
  canAct,
  onChanged,
  onPlan,
}: {
  order: WatchOrder;
  names: Map<string, string>;
  canAct: boolean;
  onChanged: () => void;
  onPlan: (plan: InterceptPlan) => void;
}) {
  const { t } = useTranslation();
  const w = useWatchOrderActions(order, names, onChanged, onPlan, t);
  const { checkpoint, kind, stopped, note, reason, lifting, busy, error, outcome } = w;
  const active = order.status === "active";

  return (
    <li className={`icp-wo wo-${order.status}`} data-testid="watch-order" data-order={order.id} data-status={order.status}>
      <div className="icp-wo-head">
        <b>{order.plate ?? t("icp.wo.noPlate")}</b> {order.vehicle && <span>{order.vehicle}</span>}{" "}
        <span className={`badge ${active ? "ok" : ""}`}>{t(`icp.wo.status.${order.status}`)}</span>
      </div>
      <div>{order.description}</div>
      <div className="muted">
        {t(order.mode === "reachable" ? "icp.wo.pushedReachable" : "icp.wo.pushedChosen", { n: order.checkpointIds.length })} ·{" "}
        {active
          ? t("icp.wo.expires", { at: timeOfDay(order.expiresAt) })
          : order.closeReason
            ? t("icp.wo.closed", { reason: order.closeReason })
            : ""}
      </div>
      {outcome && (
        <div className={`note ${outcome.warn ? "warn" : "ok"}`} role="status" data-testid="watch-order-outcome">
          {t(outcome.key, outcome.params)}
          {outcome.warn ? ` (${outcome.warn})` : ""}
        </div>
      )}
      {active && canAct && (
        <div className="icp-wo-actions">
          <div className="inline-form" data-testid="watch-report-form">
            <select
              name="checkpoint"
              value={checkpoint}
              onChange={(e) => w.setCheckpoint(e.target.value)}
              aria-label={t("icp.wo.checkpoint")}
            >
              {order.checkpointIds.map((id) => (
                <option key={id} value={id}>
                  {names.get(id) ?? id}
                </option>
              ))}
            </select>
            <select
              name="kind"
              value={kind}
              onChange={(e) => w.setKind(e.target.value as "hit" | "pass_through")}
              aria-label={t("icp.wo.kind")}
            >
              <option value="hit">{t("icp.wo.kind.hit")}</option>
              <option value="pass_through">{t("icp.wo.kind.pass_through")}</option>
            </select>
            {kind === "hit" && (
              <label className="icp-check">
                <span>
                  <input type="checkbox" name="stopped" checked={stopped} onChange={(e) => w.setStopped(e.target.checked)} />{" "}
                  {t("icp.wo.stoppedBox")}
                </span>
              </label>
            )}
            <input name="note" placeholder={t("icp.wo.note")} value={note} onChange={(e) => w.setNote(e.target.value)} />
            <button type="button" className="primary" disabled={!!busy} onClick={w.report} data-testid="watch-report">
              {busy === "report" ? t("icp.wo.reporting") : t("icp.wo.report")}
            </button>
          </div>
          <FieldErrorText field="checkpointId" error={error.checkpointId ?? error.kind ?? error.note ?? error.report} />
          {!lifting ? (
            <button type="button" className="small danger" onClick={() => w.setLifting(true)} data-testid="watch-lift-open">
              {t("icp.wo.lift")}
            </button>
          ) : (
            <div className="inline-form">
              <input
                name="liftReason"
                placeholder={t("icp.wo.liftReason")}
                value={reason}
                onChange={(e) => w.setReason(e.target.value)}
                onKeyDown={(e) => e.key === "Enter" && w.lift()}
              />
              <button type="button" className="danger" disabled={!!busy} onClick={w.lift} data-testid="watch-lift">
                {t("common.confirm")}
              </button>
              <button type="button" onClick={() => w.setLifting(false)}>
                {t("common.cancel")}
              </button>
            </div>
          )}
          <FieldErrorText field="reason" error={error.reason} />
        </div>
      )}
    </li>
  );
}
