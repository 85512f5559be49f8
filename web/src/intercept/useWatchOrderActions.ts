/**
 * What a watch order's row can do: report a hit or pass-through at one of its posts (the server
 * re-plans from it), or lift the order with a reason. One action at a time, and one error slot for
 * both, so starting either clears what the other said.
 */
import type { TFunction } from "i18next";
import { useRef, useState } from "react";
import { ApiError, api, newIdempotencyKey } from "../platform/api.ts";
import type { FieldError } from "../platform/errors.tsx";
import type { InterceptPlan, WatchOrder, WatchReportResult } from "./types.ts";

export const apiError = (e: unknown): FieldError => (e instanceof ApiError ? { error: e } : { key: "err.network" });

export type ReportKind = "hit" | "pass_through";

export function useWatchOrderActions(
  order: WatchOrder,
  names: Map<string, string>,
  onChanged: () => void,
  onPlan: (plan: InterceptPlan) => void,
  t: TFunction,
) {
  const [checkpoint, setCheckpoint] = useState(order.checkpointIds[0] ?? "");
  const [kind, setKind] = useState<ReportKind>("hit");
  const [stopped, setStopped] = useState(false);
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [lifting, setLifting] = useState(false);
  const [busy, setBusy] = useState<"report" | "lift" | null>(null);
  const [error, setError] = useState<Record<string, FieldError>>({});
  const [outcome, setOutcome] = useState<{ key: string; params?: Record<string, unknown>; warn?: string } | null>(null);
  // Kept until a report goes through: a retry after a lost answer is the same report, not a second one.
  const reportKey = useRef(newIdempotencyKey());

  async function report() {
    if (busy || !checkpoint) return;
    setBusy("report");
    setError({});
    setOutcome(null);
    try {
      const r = await api<WatchReportResult>(
        "POST",
        `/watch-orders/${encodeURIComponent(order.id)}/reports`,
        { checkpointId: checkpoint, kind, note: note.trim() || undefined, stopped: kind === "hit" && stopped ? true : undefined },
        { "Idempotency-Key": reportKey.current },
      );
      reportKey.current = newIdempotencyKey();
      const where = names.get(checkpoint) ?? checkpoint;
      if (r.plan) {
        onPlan(r.plan);
        setOutcome({ key: "icp.wo.replanned", params: { where } });
      } else if (r.replanError) setOutcome({ key: "icp.wo.replanFailed", params: { where }, warn: r.replanError.code });
      else setOutcome({ key: stopped ? "icp.wo.stopped" : "icp.wo.reported", params: { where } });
      setNote("");
      setStopped(false);
      onChanged();
    } catch (e) {
      // The server answered, so nothing was stored under the key: a corrected report gets a new one.
      if (e instanceof ApiError) reportKey.current = newIdempotencyKey();
      const f = e instanceof ApiError ? e.field : undefined;
      setError({ [f === "checkpointId" || f === "kind" || f === "note" ? f : "report"]: apiError(e) });
    } finally {
      setBusy(null);
    }
  }

  async function lift() {
    if (busy) return;
    if (!reason.trim()) {
      setError({ reason: { key: "val.required", params: { field: t("icp.wo.liftReason") } } });
      return;
    }
    setBusy("lift");
    setError({});
    try {
      await api("POST", `/watch-orders/${encodeURIComponent(order.id)}/lift`, { reason: reason.trim() });
      setLifting(false);
      onChanged();
    } catch (e) {
      setError({ reason: apiError(e) });
    } finally {
      setBusy(null);
    }
  }

  return {
    checkpoint,
    setCheckpoint,
    kind,
    setKind,
    stopped,
    setStopped,
    note,
    setNote,
    reason,
    setReason,
    lifting,
    setLifting,
    busy,
    error,
    outcome,
    report,
    lift,
  };
}
