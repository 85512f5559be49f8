/**
 * One click that sends the plan: the reader's own units to their points and the checkpoints
 * switched on, with what the server did (and the units of other areas it left to their owners).
 */
import type { TFunction } from "i18next";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, errorText, newIdempotencyKey } from "../platform/api.ts";
import { store } from "../platform/store.ts";
import { capacityTotal, type InterceptPlan, type PlanDispatchResult } from "./types.ts";

export interface PlanDispatching {
  busy: boolean;
  result: PlanDispatchResult | null;
  error: string | null;
  errorCode: string | null;
  dispatch: () => Promise<void>;
}

/** Dispatching the plan shown, and what came of it. */
export function usePlanDispatch(
  incidentId: string,
  plan: InterceptPlan,
  onDispatched: (r: PlanDispatchResult) => void,
  t: TFunction,
): PlanDispatching {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PlanDispatchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  // One key per plan: a retry after a lost answer must not dispatch twice.
  const key = useRef<{ planId: string; key: string } | null>(null);

  async function dispatch() {
    if (busy) return;
    if (key.current?.planId !== plan.id) key.current = { planId: plan.id, key: newIdempotencyKey() };
    setBusy(true);
    setError(null);
    setErrorCode(null);
    try {
      const r = await api<PlanDispatchResult>(
        "POST",
        `/incidents/${encodeURIComponent(incidentId)}/intercept-plan/dispatch`,
        {},
        { "Idempotency-Key": key.current.key },
      );
      setResult(r);
      onDispatched(r);
      // The stream brings these too; asking now shows the new states without waiting for it.
      for (const u of r.redirected) void store.refreshUnit(u.unitId);
      void store.refreshIncident(incidentId);
    } catch (e) {
      setError(errorText(e, t));
      setErrorCode(e instanceof ApiError ? (e.code ?? String(e.status)) : "network");
    } finally {
      setBusy(false);
    }
  }

  return { busy, result, error, errorCode, dispatch };
}

export function PlanDispatchPanel({
  planned,
  allOnIncident,
  dispatching: { busy, result, error, errorCode, dispatch },
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
  const nothing = planned.units === 0 && planned.checkpoints === 0;
  const dispatchState = busy ? "busy" : sentThis ? "dispatched" : error ? "error" : "ready";
  return (
    <div className="icp-dispatch">
      <button
        type="button"
        className="primary big"
        data-testid="intercept-dispatch"
        data-state={dispatchState}
        disabled={busy || sentThis || nothing}
        onClick={dispatch}
      >
        {busy
          ? t("icp.dispatching")
          : sentThis
            ? t("icp.dispatched")
            : nothing
              ? t("icp.nothingToDispatch")
              : allOnIncident
                ? t("icp.redirect", { n: planned.units, k: planned.checkpoints })
                : t("icp.dispatch", { n: planned.units, k: planned.checkpoints })}
      </button>
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
