/**
 * Sending the plan, in two steps: a confirmation screen that says how many units leave normal
 * duty, per district and station, and what stays available there; then the dispatch of exactly
 * what was confirmed (the server refuses it with plan_changed when the units changed meanwhile).
 */
import type { TFunction } from "i18next";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { ApiError, api, errorText, newIdempotencyKey } from "../platform/api.ts";
import { store } from "../platform/store.ts";
import { capacityTotal, type DispatchPreview, type InterceptPlan, type PlanDispatchResult } from "./types.ts";

export interface PlanDispatching {
  busy: boolean;
  /** The confirmation screen's figures while it is open. */
  preview: DispatchPreview | null;
  result: PlanDispatchResult | null;
  error: string | null;
  errorCode: string | null;
  /** Opens the confirmation screen. */
  ask: () => Promise<void>;
  confirm: () => Promise<void>;
  cancel: () => void;
}

/** Dispatching the plan shown, and what came of it. */
export function usePlanDispatch(
  incidentId: string,
  plan: InterceptPlan,
  onDispatched: (r: PlanDispatchResult) => void,
  t: TFunction,
): PlanDispatching {
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<DispatchPreview | null>(null);
  const [result, setResult] = useState<PlanDispatchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  // One key per confirmation: a retry after a lost answer must not dispatch twice.
  const key = useRef<{ confirmation: string; key: string } | null>(null);
  const base = `/incidents/${encodeURIComponent(incidentId)}/intercept-plan`;

  async function run(work: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setErrorCode(null);
    try {
      await work();
    } catch (e) {
      setPreview(null);
      setError(errorText(e, t));
      setErrorCode(e instanceof ApiError ? (e.code ?? String(e.status)) : "network");
    } finally {
      setBusy(false);
    }
  }

  const ask = () =>
    run(async () => {
      const p = await api<DispatchPreview>("POST", `${base}/dispatch-preview`, {});
      // The screen belongs to the plan shown: a newer one arriving meanwhile needs its own.
      if (p.planId === plan.id) setPreview(p);
    });

  const confirm = () =>
    run(async () => {
      if (!preview) return;
      if (key.current?.confirmation !== preview.confirmation)
        key.current = { confirmation: preview.confirmation, key: newIdempotencyKey() };
      const r = await api<PlanDispatchResult>(
        "POST",
        `${base}/dispatch`,
        { confirmation: preview.confirmation },
        { "Idempotency-Key": key.current.key },
      );
      setPreview(null);
      setResult(r);
      onDispatched(r);
      // The stream brings these too; asking now shows the new states without waiting for it.
      for (const u of r.redirected) void store.refreshUnit(u.unitId);
      void store.refreshIncident(incidentId);
    });

  return { busy, preview, result, error, errorCode, ask, confirm, cancel: () => setPreview(null) };
}

/** The confirmation screen: who leaves normal duty, where, and what is left. */
function ConfirmDispatch({
  preview,
  busy,
  confirm,
  cancel,
}: Pick<PlanDispatching, "busy" | "confirm" | "cancel"> & { preview: DispatchPreview }) {
  const { t } = useTranslation();
  return (
    <div className="icp-confirm-backdrop">
      <div className="icp-confirm" role="dialog" aria-modal="true" aria-labelledby="icp-confirm-title" data-testid="intercept-confirm">
        <h3 id="icp-confirm-title">{t("icp.confirm.title")}</h3>
        <p data-testid="intercept-confirm-leaving">{t("icp.confirm.leaving", { n: preview.leaving, r: preview.redirected })}</p>
        {preview.districts.length > 0 && (
          <table className="icp-table">
            <thead>
              <tr>
                <th>{t("icp.confirm.org")}</th>
                <th className="icp-num">{t("icp.confirm.leave")}</th>
                <th className="icp-num">{t("icp.confirm.remain")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.districts.map((d) => [
                <tr key={d.orgId} className="icp-confirm-district" data-testid="intercept-confirm-district" data-org={d.orgId}>
                  <th scope="row">{pickName(d)}</th>
                  <td className="icp-num">{d.leaving}</td>
                  <td className="icp-num">{d.remaining}</td>
                </tr>,
                ...d.stations.map((s) => (
                  <tr key={`${d.orgId}/${s.orgId}`} data-testid="intercept-confirm-station" data-org={s.orgId}>
                    <td className="icp-confirm-station">{pickName(s)}</td>
                    <td className="icp-num">{s.leaving}</td>
                    <td className={`icp-num ${s.remaining === 0 ? "icp-tight" : ""}`}>
                      {s.remaining}
                      {s.remaining === 0 && <span className="badge warn">{t("icp.confirm.lastUnit")}</span>}
                    </td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        )}
        <p className="muted">
          {preview.districts.length > 0 && `${t("icp.confirm.remaining", { n: preview.remaining })} · `}
          {t("icp.confirm.checkpoints", { k: preview.checkpointsToActivate })}
        </p>
        {capacityTotal(preview.outsideArea) > 0 && (
          <p className="muted">{t("icp.confirm.outside", { n: capacityTotal(preview.outsideArea) })}</p>
        )}
        <div className="icp-confirm-actions">
          <button type="button" onClick={cancel} disabled={busy} data-testid="intercept-confirm-cancel">
            {t("icp.confirm.cancel")}
          </button>
          <button type="button" className="primary" onClick={confirm} disabled={busy} data-testid="intercept-confirm-ok">
            {busy ? t("icp.dispatching") : t("icp.confirm.ok")}
          </button>
        </div>
      </div>
    </div>
  );
}

export function PlanDispatchPanel({
  planned,
  allOnIncident,
  dispatching,
  sentThis,
}: {
  /** How many units have a point, and how many checkpoints are to be switched on. */
  planned: { units: number; checkpoints: number };
  /** Every unit with a point is already on the incident: the click redirects them. */
  allOnIncident: boolean;
  dispatching: PlanDispatching;
  /** This plan is the one last sent. */
  sentThis: boolean;
}) {
  const { t } = useTranslation();
  const { busy, preview, result, error, errorCode, ask } = dispatching;
  const nothing = planned.units === 0 && planned.checkpoints === 0;
  const dispatchState = busy ? "busy" : sentThis ? "dispatched" : preview ? "confirming" : error ? "error" : "ready";
  return (
    <div className="icp-dispatch">
      <button
        type="button"
        className="primary big"
        data-testid="intercept-dispatch"
        data-state={dispatchState}
        disabled={busy || sentThis || nothing || preview !== null}
        onClick={ask}
      >
        {busy && !preview
          ? t("icp.confirm.loading")
          : sentThis
            ? t("icp.dispatched")
            : nothing
              ? t("icp.nothingToDispatch")
              : allOnIncident
                ? t("icp.redirect", { n: planned.units, k: planned.checkpoints })
                : t("icp.dispatch", { n: planned.units, k: planned.checkpoints })}
      </button>
      {preview && <ConfirmDispatch preview={preview} busy={busy} confirm={dispatching.confirm} cancel={dispatching.cancel} />}
      {sentThis && result && (
        <div className="note ok" role="status" data-testid="intercept-dispatch-result">
          {t("icp.dispatchedResult", {
            units: result.redirected.map((r) => r.callsign).join(", ") || t("common.none"),
            k: result.checkpointsActivated.length,
          })}
        </div>
      )}
      {sentThis && result && capacityTotal(result.outsideArea) > 0 && (
        <div className="note info" data-testid="intercept-dispatch-outside">
          {t("icp.outsideArea", { n: capacityTotal(result.outsideArea) })}
        </div>
      )}
      {error && (
        <div className="note error" role="alert" data-testid="intercept-dispatch-error" data-code={errorCode ?? ""}>
          {error}
        </div>
      )}
    </div>
  );
}
