/**
 * What the figure views share: the time ranges they offer. Refreshing them when the stream moves
 * is the stream bridge's (data/bridge.ts), at most every few seconds.
 */

export type Range = "today" | "24h" | "7d" | "30d";
export const RANGES: Range[] = ["today", "24h", "7d", "30d"];

export function rangeFrom(r: Range): Date {
  const now = new Date();
  if (r === "today") return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const hours = r === "24h" ? 24 : r === "7d" ? 24 * 7 : 24 * 30;
  return new Date(now.getTime() - hours * 3600_000);
}
