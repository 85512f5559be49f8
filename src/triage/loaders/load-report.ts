/** What a loader kept and what it skipped, so bad training rows are reported, never fatal. */
import type { LabelledExample } from "../classifier.ts";

export type SkipReason = "empty text" | "empty label" | "unknown label" | "bad time" | "malformed row";

export interface LoadReport {
  /** Data rows seen (header excluded). */
  rows: number;
  loaded: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** The first few skipped rows (1-based data row number), to show the user what went wrong. */
  samples: Array<{ row: number; reason: SkipReason; detail: string }>;
  /** Distinct unknown labels with counts. */
  unknownLabels: Record<string, number>;
}

export interface LoadResult {
  examples: LabelledExample[];
  report: LoadReport;
}

export function newReport(): LoadReport {
  return { rows: 0, loaded: 0, skipped: {}, samples: [], unknownLabels: {} };
}

export function skip(report: LoadReport, row: number, reason: SkipReason, detail: string): void {
  report.skipped[reason] = (report.skipped[reason] ?? 0) + 1;
  if (report.samples.length < 5) report.samples.push({ row, reason, detail: detail.slice(0, 120) });
}

export function skippedTotal(report: LoadReport): number {
  let n = 0;
  for (const v of Object.values(report.skipped)) n += v ?? 0;
  return n;
}

/** One human line per reason, e.g. "skipped 3 rows: empty text 2, unknown label 1 (Police: 1)". */
export function describeReport(report: LoadReport): string {
  const parts = Object.entries(report.skipped).map(([r, n]) => `${r} ${n}`);
  let s = `${report.rows} rows, ${report.loaded} loaded`;
  if (parts.length) s += `, skipped ${skippedTotal(report)}: ${parts.join(", ")}`;
  const unknown = Object.entries(report.unknownLabels)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([l, n]) => `${l}: ${n}`);
  if (unknown.length) s += ` (unknown labels ${unknown.join(", ")})`;
  return s;
}
