/**
 * The live stream drives the query cache: each event invalidates the reads it touches, and the
 * views on screen read those again. Bursts (an order's event and its incident's arrive together)
 * become one read per key. What is never refreshed from here: a dispatch recommendation (a
 * dispatcher adjusting the selection must not have it reset under the mouse) and AVL positions
 * (the store applies them itself).
 */
import type { QueryKey } from "@tanstack/react-query";
import { NEW_POSITION_EVENTS, PLAN_EVENT } from "../intercept/types.ts";
import type { LiveStore } from "../platform/store.ts";
import type { StreamEvent } from "../platform/types.ts";
import { keys } from "./keys.ts";
import { invalidate } from "./mutations.ts";

/** Figures are aggregates over many events: refreshed at most this often. */
const FIGURES_EVERY_MS = 3000;
const FLAG_EVENTS = ["incident.flagged_for_commander", "incident.commander_reviewed"];

const isWatchOrderEvent = (e: StreamEvent) =>
  e.stream === "watch_order" || e.type.startsWith("watch_order.") || e.type.startsWith("checkpoint.");

/** The keys an event makes stale, with how long to gather a burst before reading again. */
export function staleBy(e: StreamEvent): [QueryKey, number][] {
  const out: [QueryKey, number][] = [];
  const incidentId = e.stream === "incident" ? e.streamId : (e.data?.incidentId as string | undefined);
  if (incidentId) {
    out.push([keys.assignments(incidentId), 150], [keys.timeline(incidentId), 150]);
    if (e.type === PLAN_EVENT) out.push([keys.interceptPlan(incidentId), 150]);
  }
  if (FLAG_EVENTS.includes(e.type)) out.push([keys.commanderFlags(), 150]);
  if (isWatchOrderEvent(e) || NEW_POSITION_EVENTS.includes(e.type)) out.push([keys.watchOrders(), 200], [keys.checkpoints(), 200]);
  if (e.stream === "intercept" || e.type === "intercept.plan_dispatched") out.push([keys.interceptLayer(), 300]);
  if (e.stream === "workorder") out.push([keys.workOrders(), 150], [keys.workOrder(e.streamId), 150]);
  return out;
}

/** Connects a store's events to the cache; returns how to disconnect. */
export function bridgeStream(s: LiveStore): () => void {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const soon = (key: QueryKey, ms: number) => {
    const id = JSON.stringify(key);
    if (pending.has(id)) return;
    pending.set(
      id,
      setTimeout(() => {
        pending.delete(id);
        void invalidate(key);
      }, ms),
    );
  };
  let figuresAt = 0;
  const off = s.onEvent((e) => {
    if (e.type === "unit.position") return;
    for (const [key, ms] of staleBy(e)) soon(key, ms);
    const figures = JSON.stringify(keys.figures());
    if (pending.has(figures)) return;
    const wait = Math.max(300, FIGURES_EVERY_MS - (Date.now() - figuresAt));
    pending.set(
      figures,
      setTimeout(() => {
        pending.delete(figures);
        figuresAt = Date.now();
        void invalidate(keys.figures());
      }, wait),
    );
  });
  return () => {
    off();
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  };
}
