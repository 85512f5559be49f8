/**
 * Generic loader for an agency's own labelled history: any CSV with a header row, naming the
 * narrative, label and (optionally) time columns. Broken rows are counted and skipped.
 */
import { parse } from "csv-parse/sync";
import type { LabelledExample } from "../classifier.ts";
import { type LoadResult, newReport, skip } from "./load-report.ts";
import { parseTime } from "./time.ts";

export interface CsvColumns {
  textCol: string;
  labelCol: string;
  timeCol?: string;
  /** Accepted labels; a row with any other label is skipped as "unknown label". Null accepts all. */
  labels?: ReadonlySet<string> | null;
  delimiter?: string;
}

/** Parses CSV text into rows of fields, counting records the parser could not read. */
export function parseCsvRows(text: string, delimiter = ","): { rows: string[][]; malformed: number; firstError: string | null } {
  let malformed = 0;
  let firstError: string | null = null;
  const rows = parse(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      malformed++;
      if (firstError === null && err) firstError = err.message;
      return undefined;
    },
  }) as string[][];
  return { rows, malformed, firstError };
}

export function loadCsv(text: string, cols: CsvColumns): LoadResult {
  const { rows, malformed, firstError } = parseCsvRows(text, cols.delimiter);
  const report = newReport();
  if (rows.length === 0) throw new Error("CSV has no header row");
  const header = rows[0].map((h) => h.trim());
  const find = (name: string, what: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`CSV has no ${what} column "${name}"; columns are: ${header.join(", ")}`);
    return i;
  };
  const ti = find(cols.textCol, "text");
  const li = find(cols.labelCol, "label");
  const tmi = cols.timeCol ? find(cols.timeCol, "time") : -1;
  const needed = Math.max(ti, li, tmi) + 1;
  const labels = cols.labels ?? null;
  const examples: LabelledExample[] = [];

  for (let m = 0; m < malformed; m++) {
    report.rows++;
    skip(report, 0, "malformed row", firstError ?? "unreadable CSV record");
  }
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    report.rows++;
    if (row.length < needed) {
      skip(report, r, "malformed row", `${row.length} fields, need at least ${needed}`);
      continue;
    }
    const text = row[ti].trim();
    const label = row[li].trim();
    if (text === "") {
      skip(report, r, "empty text", "");
      continue;
    }
    if (label === "") {
      skip(report, r, "empty label", text);
      continue;
    }
    if (labels && !labels.has(label)) {
      report.unknownLabels[label] = (report.unknownLabels[label] ?? 0) + 1;
      skip(report, r, "unknown label", label);
      continue;
    }
    let time: number | null = null;
    if (tmi >= 0) {
      time = parseTime(row[tmi]);
      if (time === null) {
        skip(report, r, "bad time", row[tmi]);
        continue;
      }
    }
    examples.push({ text, label, time });
  }
  report.loaded = examples.length;
  return { examples, report };
}
