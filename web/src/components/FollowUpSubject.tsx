/**
 * What a follow-up call is about: the follow-up API names only ids, so the caller's list reads
 * the incident or work order behind each (its number, place and close time). Reads are cached for
 * the view's lifetime and made a few at a time, so a long list does not flood the server.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api.ts";
import type { Incident } from "../types.ts";

export interface FollowUp {
  id: string;
  subjectType: "incident" | "work_order";
  subjectId: string;
  round: number;
  incidentId: string;
  workOrderId: string | null;
  stationId: string | null;
  townId: string | null;
  categoryCode: string;
  status: "pending" | "done" | "unreachable";
  dueAt: string;
  attempts: number;
  outcome: {
    reached: boolean | null;
    satisfied: boolean | null;
    comment: string | null;
    recordedBy: string | null;
    recordedAt: string | null;
  };
  script: { zh: string; en: string };
  /** A dissatisfied police caller: the station commander's review, once made. */
  review: { note: string; by: string; at: string } | null;
}

/** The answer to POST /followups/{id}. */
export interface FollowUpRecorded {
  followUp: FollowUp;
  reopenedWorkOrder: boolean;
  flaggedForCommander: boolean;
}

export interface Subject {
  number: string;
  address: string | null;
  closedAt: string | null;
  /** The work order's status name, for orders. */
  statusName: { zh: string; en: string } | null;
}

interface WorkOrderLite {
  number: string;
  statusName: { zh: string; en: string };
  location: { address: string | null };
  times: { closedAt: string | null };
}

const PARALLEL = 6;

async function readSubject(f: FollowUp): Promise<Subject | null> {
  try {
    if (f.subjectType === "work_order" && f.workOrderId) {
      const w = await api<WorkOrderLite>("GET", `/work-orders/${encodeURIComponent(f.workOrderId)}`);
      return { number: w.number, address: w.location.address, closedAt: w.times.closedAt, statusName: w.statusName };
    }
    const i = await api<Incident>("GET", `/incidents/${encodeURIComponent(f.incidentId)}`);
    return { number: i.number, address: i.location.address, closedAt: i.times.closedAt, statusName: null };
  } catch {
    return null;
  }
}

/**
 * Subjects of the given follow-ups, keyed by follow-up id, filled in as they arrive. `forget`
 * drops one from the cache: recording an outcome can change its subject (an order re-opened).
 */
export function useSubjects(list: FollowUp[], generation: number) {
  const cache = useRef(new Map<string, Promise<Subject | null>>());
  const [subjects, setSubjects] = useState(new Map<string, Subject | null>());
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list's generation is the trigger, not its identity
  useEffect(() => {
    let alive = true;
    const queue = [...list];
    const worker = async () => {
      for (let f = queue.shift(); f && alive; f = queue.shift()) {
        const id = f.id;
        let p = cache.current.get(id);
        if (!p) {
          p = readSubject(f);
          cache.current.set(id, p);
        }
        const s = await p;
        // A failed read is tried again on the next refresh, not remembered.
        if (s === null) cache.current.delete(id);
        if (alive) setSubjects((m) => new Map(m).set(id, s));
      }
    };
    void Promise.all(Array.from({ length: PARALLEL }, worker));
    return () => {
      alive = false;
    };
  }, [generation]);
  const forget = useCallback((id: string) => cache.current.delete(id), []);
  return { subjects, forget };
}
