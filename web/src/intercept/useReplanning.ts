/**
 * "Re-planning": from a new position (a sighting, a checkpoint report) until a plan other than
 * the one then shown arrives, our own re-plan's event comes back, or the wait runs out.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { store } from "../platform/store.ts";
import { NEW_POSITION_EVENTS, PLAN_EVENT } from "./types.ts";

/** After a new position the server re-plans; a plan should follow well within this. */
const REPLAN_WAIT_MS = 60_000;

/** Whether the server is re-planning for the incident, and how to say it has answered. */
export function useReplanning(incidentId: string, shownPlanId: string | null): { replanning: boolean; replanned: () => void } {
  const [replanningFrom, setReplanningFrom] = useState<{ planId: string | null } | null>(null);
  const planId = useRef<string | null>(null);
  planId.current = shownPlanId;
  const replanning = !!replanningFrom && replanningFrom.planId === shownPlanId;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = store.onEvent((e) => {
      if (e.stream !== "incident" || e.streamId !== incidentId) return;
      // Our own re-plan, already shown from the answer: the stream's "re-planning" is over too.
      if (e.type === PLAN_EVENT && e.data?.planId === planId.current) setReplanningFrom(null);
      if (NEW_POSITION_EVENTS.includes(e.type)) {
        setReplanningFrom({ planId: planId.current });
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => setReplanningFrom(null), REPLAN_WAIT_MS);
      }
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [incidentId]);
  const replanned = useCallback(() => setReplanningFrom(null), []);
  return { replanning, replanned };
}
