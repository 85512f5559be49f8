/** Durations, countdowns and urgency: the arithmetic the queue and detail views share. */
import { useEffect, useState } from "react";
import type { BaseType } from "../../../src/dispatch/model.ts";
import { targetMinutes as lookUpTarget } from "../../../src/dispatch/target-defaults.ts";
import { OPEN_STATUSES, PRIORITIES, type Priority } from "../../../src/incidents/model.ts";
import type { TargetTier } from "../dispatch/types.ts";
import i18next from "../i18n.ts";
import type { Incident } from "../incidents/types.ts";
import { serverNow } from "./api.ts";

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return i18next.t("time.s", { n: s });
  if (s < 3600) return i18next.t("time.ms", { m: Math.floor(s / 60), s: s % 60 });
  return i18next.t("time.hm", { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

/** m:ss, for a countdown that must be read at a glance. */
export function clock(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function timeOfDay(iso: string | number): string {
  const d = new Date(iso);
  return d.toLocaleTimeString(i18next.language === "en" ? "en-GB" : "zh-CN", { hour12: false });
}

export function ageSeconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  return (serverNow() - Date.parse(iso)) / 1000;
}

/** The incident's target for a stage, looked up as the server does (dispatch/target-defaults.ts). */
export function targetMinutes(tiers: TargetTier[], stage: TargetTier["stage"], i: Incident): number | null {
  return lookUpTarget(tiers, stage, i.priority, i.location.areaType);
}

export interface Countdown {
  stage: TargetTier["stage"] | null;
  /** Seconds left; negative when overdue. */
  remainingS: number | null;
  overdue: boolean;
  minutes: number | null;
  /** Past stages: whether each was met. */
  met: { dispatch: boolean | null; arrival: boolean | null };
}

/** The next response target this incident is running against, as a live countdown. */
export function countdown(tiers: TargetTier[], i: Incident, now = serverNow()): Countdown {
  const received = Date.parse(i.times.receivedAt);
  const dm = targetMinutes(tiers, "dispatch", i);
  const am = targetMinutes(tiers, "arrival", i);
  const metAt = (at: string | null, m: number | null) => (at && m !== null ? Date.parse(at) <= received + m * 60_000 : null);
  const met = { dispatch: metAt(i.times.firstDispatchedAt, dm), arrival: metAt(i.times.firstOnSceneAt, am) };
  const open = OPEN_STATUSES.includes(i.status);
  let stage: Countdown["stage"] = null;
  let minutes: number | null = null;
  if (open && !i.times.firstDispatchedAt && dm !== null) {
    stage = "dispatch";
    minutes = dm;
  } else if (open && !i.times.firstOnSceneAt && am !== null) {
    stage = "arrival";
    minutes = am;
  }
  if (stage === null || minutes === null) return { stage: null, remainingS: null, overdue: false, minutes: null, met };
  const remainingS = (received + minutes * 60_000 - now) / 1000;
  return { stage, remainingS, overdue: remainingS < 0, minutes, met };
}

/** Urgency order: overdue first, then waiting for dispatch, then priority, then least time left. */
export function byUrgency(tiers: TargetTier[], now = serverNow()) {
  return (a: Incident, b: Incident): number => {
    const ca = countdown(tiers, a, now);
    const cb = countdown(tiers, b, now);
    if (ca.overdue !== cb.overdue) return ca.overdue ? -1 : 1;
    const wa = a.status === "new" ? 0 : 1;
    const wb = b.status === "new" ? 0 : 1;
    if (wa !== wb) return wa - wb;
    // The server lists priorities most pressing first.
    const pa = PRIORITIES.indexOf(a.priority);
    const pb = PRIORITIES.indexOf(b.priority);
    if (pa !== pb) return pa - pb;
    const ra = ca.remainingS ?? Number.POSITIVE_INFINITY;
    const rb = cb.remainingS ?? Number.POSITIVE_INFINITY;
    if (ra !== rb) return ra - rb;
    return Date.parse(a.times.receivedAt) - Date.parse(b.times.receivedAt);
  };
}

export function haversineMeters(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const R = 6371008.8;
  const toRad = Math.PI / 180;
  const dLat = (bLat - aLat) * toRad;
  const dLon = (bLon - aLon) * toRad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}

export const BASE_COLOURS: Record<BaseType, string> = { available: "#1f9d55", committed: "#d9480f", unavailable: "#868e96" };
export const PRIORITY_COLOURS: Record<Priority, string> = { in_progress: "#c92a2a", urgent: "#e67700", routine: "#1c7ed6" };

/**
 * A 1 s tick for countdowns; components that show time call this. A clock for the display (the
 * seconds left, "minutes ago"), not a poll: it asks nothing of the server.
 */
export function useTick(ms = 1000): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return n;
}
