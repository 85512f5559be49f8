/** What the figure views share: the time ranges they offer, and refetching when the stream moves. */
import { useEffect, useState } from "react";
import { store } from "./store.ts";

export type Range = "today" | "24h" | "7d" | "30d";
export const RANGES: Range[] = ["today", "24h", "7d", "30d"];

export function rangeFrom(r: Range): Date {
  const now = new Date();
  if (r === "today") return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const hours = r === "24h" ? 24 : r === "7d" ? 24 * 7 : 24 * 30;
  return new Date(now.getTime() - hours * 3600_000);
}

/**
 * A number that goes up when the event stream says something changed, at most every 3 s (AVL
 * positions aside): figures are recomputed on the server, and a burst of events is one refetch.
 */
export function useStreamGeneration(): number {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const off = store.onEvent((e) => {
      if (e.type === "unit.position" || timer) return;
      const wait = Math.max(300, 3000 - (Date.now() - last));
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        setGeneration((g) => g + 1);
      }, wait);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return generation;
}
