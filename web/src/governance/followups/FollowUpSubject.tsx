/**
 * What a follow-up call is about: the follow-up API names only ids, so the caller's list reads
 * the incident or work order behind each (its number, place and close time). The reads go through
 * the query cache under the incident's or the order's own key, so the stream keeps them current
 * where the reader has it, and they are made a few at a time, so a long list does not flood the
 * server.
 */
import { useCallback } from "react";
import { invalidate } from "../../data/mutations.ts";
import { pool } from "../../data/pool.ts";
import { type Endpoint, useApis } from "../../data/query.ts";
import { incidentRead } from "../../incidents/queries.ts";
import type { Incident } from "../../incidents/types.ts";
import { workOrderRead } from "../work-orders/queries.ts";
import type { WorkOrder } from "../work-orders/types.ts";
import type { FollowUp } from "./types.ts";

/** What the caller reads about a follow-up's subject. */
export interface Subject {
  number: string;
  address: string | null;
  closedAt: string | null;
  /** The work order's status name, for orders. */
  statusName: WorkOrder["statusName"] | null;
}

/** At most this many subject reads at once. */
const inTurn = pool(6);

type Behind = Incident | WorkOrder;

function behind(f: FollowUp): Endpoint<Behind> {
  const e: Endpoint<Behind> = f.subjectType === "work_order" && f.workOrderId ? workOrderRead(f.workOrderId) : incidentRead(f.incidentId);
  return { key: e.key, read: inTurn(e.read) };
}

function subjectOf(b: Behind): Subject {
  if ("statusName" in b) return { number: b.number, address: b.location.address, closedAt: b.times.closedAt, statusName: b.statusName };
  return { number: b.number, address: b.location.address, closedAt: b.times.closedAt, statusName: null };
}

/**
 * Subjects of the given follow-ups, keyed by follow-up id, filled in as they arrive (a read that
 * fails is tried again a couple of times, then shows as unknown). `forget` reads one again:
 * recording an outcome can change its subject (an order re-opened).
 */
export function useSubjects(list: readonly FollowUp[]) {
  const endpoints = list.map(behind);
  const answers = useApis(endpoints, { select: subjectOf, staleTime: Number.POSITIVE_INFINITY, retry: 2 });
  const subjects = new Map<string, Subject | null>();
  list.forEach((f, i) => {
    const a = answers[i];
    if (a?.data) subjects.set(f.id, a.data);
    else if (a?.isError) subjects.set(f.id, null);
  });
  const forget = useCallback(
    (id: string) => {
      const f = list.find((x) => x.id === id);
      if (f) void invalidate(behind(f).key);
    },
    [list],
  );
  return { subjects, forget };
}
