/**
 * Dispatching one incident: the recommendation (asked for while the incident is new, or when the
 * dispatcher wants more units), the units ticked on it, sending them, and setting an assigned
 * unit's status on its behalf. What came of the last of these is the message the detail shows.
 */
import { useState } from "react";
import { OPEN_STATUSES } from "../../../src/incidents/model.ts";
import { keys } from "../data/keys.ts";
import { forget, invalidate, reread, setAnswer } from "../data/mutations.ts";
import { useApi } from "../data/query.ts";
import { recommendationRead } from "../dispatch/queries.ts";
import type { Assignment, DispatchResult } from "../dispatch/types.ts";
import { ApiError, api, can } from "../platform/api.ts";
import { type FieldError, fieldError } from "../platform/errors.tsx";
import { store } from "../platform/store.ts";
import { assignmentsRead } from "./queries.ts";
import type { Incident } from "./types.ts";

export interface Message {
  kind: "ok" | "error";
  error?: FieldError;
  text?: { key: string; params?: Record<string, unknown> };
}

export function useIncidentDispatch(id: string, incident: Incident | null) {
  const [showRec, setShowRec] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  /** The units the dispatcher ticked, and on which answer: a newer recommendation starts from its own plan. */
  const [picked, setPicked] = useState<{ answeredAt: number; unitIds: string[] } | null>(null);

  const open = incident ? OPEN_STATUSES.includes(incident.status) : false;
  const wantsRec = !!incident && can("dispatch:recommend") && open && (incident.status === "new" || showRec);
  const recommendation = useApi(incident ? recommendationRead(id, incident.status) : null, { enabled: wantsRec });
  const rec = wantsRec ? (recommendation.data ?? null) : null;
  const recError = wantsRec && recommendation.error ? fieldError(recommendation.error) : null;
  const answeredAt = recommendation.dataUpdatedAt;
  const selected = picked && picked.answeredAt === answeredAt ? picked.unitIds : (rec?.unitIds ?? []);
  const toggle = (unitId: string) =>
    setPicked({ answeredAt, unitIds: selected.includes(unitId) ? selected.filter((x) => x !== unitId) : [...selected, unitId] });
  const planSet = new Set(rec?.unitIds ?? []);
  const isPlan = selected.length === planSet.size && selected.every((u) => planSet.has(u));

  async function dispatch() {
    if (!selected.length || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await api<DispatchResult>("POST", `/incidents/${id}/dispatch`, { unitIds: selected });
      store.upsertIncident(r.incident);
      setAnswer(assignmentsRead(id), (old = []) => [...old.filter((a) => !r.assignments.some((n) => n.id === a.id)), ...r.assignments]);
      setMessage({ kind: "ok", text: { key: "rec.dispatched", params: { units: r.assignments.map((a) => a.callsign).join(", ") } } });
      setShowRec(false);
      // The plan is spent: "more units" later asks afresh.
      forget(keys.recommendation(id, r.incident.status), keys.recommendation(id, incident!.status));
      for (const a of r.assignments) void store.refreshUnit(a.unitId);
    } catch (e) {
      if (e instanceof ApiError && (e.code === "unit_unavailable" || e.status === 409)) {
        setMessage({ kind: "error", error: { error: e }, text: { key: "rec.raceLost" } });
        void reread(keys.recommendation(id, incident!.status));
      } else setMessage({ kind: "error", error: fieldError(e) });
    } finally {
      setBusy(false);
    }
  }

  async function step(a: Assignment, status: string) {
    setMessage(null);
    try {
      await api("POST", `/incidents/${id}/units/${encodeURIComponent(a.unitId)}/status`, { status });
      await Promise.all([store.refreshIncident(id), store.refreshUnit(a.unitId), invalidate(keys.assignments(id))]);
    } catch (e) {
      setMessage({ kind: "error", error: fieldError(e) });
    }
  }

  return {
    open,
    wantsRec,
    rec,
    recError,
    refresh: () => void recommendation.refetch(),
    selected,
    toggle,
    isPlan,
    busy,
    dispatch,
    askMore: () => setShowRec(true),
    step,
    message,
  };
}
