/**
 * Montgomery County, PA 911 calls (Kaggle "911.csv", Dec 2015 – Aug 2016), read from the zip.
 *
 * The title is "<class>: <sub-type>", e.g. "EMS: BACK PAINS/INJURY". Text: the sub-type;
 * label: the class (EMS, Fire, Traffic). Several sub-types ("VEHICLE ACCIDENT", "VEHICLE
 * FIRE", "BUILDING FIRE", ...) occur under more than one class, so no classifier reading only
 * the sub-type can be always right; `textCeiling` in evaluate.ts measures how far that goes.
 */
import { unzipSync } from "fflate";
import { parseCsvRows } from "./csv.ts";
import { type LoadResult, newReport, skip } from "./load-report.ts";
import { parseTime } from "./time.ts";

export const montgomeryClasses = ["EMS", "Fire", "Traffic"] as const;

/** Extracts 911.csv (or the only .csv) from the zip bytes, in memory. */
export function unzipMontgomery(zip: Uint8Array): string {
  const files = unzipSync(zip, { filter: (f) => f.name.toLowerCase().endsWith(".csv") });
  const names = Object.keys(files);
  const name = names.find((n) => n.toLowerCase().endsWith("911.csv")) ?? (names.length === 1 ? names[0] : undefined);
  if (!name) throw new Error(`zip holds no 911.csv (csv files: ${names.join(", ") || "none"})`);
  return new TextDecoder().decode(files[name]);
}

export function loadMontgomery(csvText: string): LoadResult {
  const { rows, malformed, firstError } = parseCsvRows(csvText);
  if (rows.length === 0) throw new Error("Montgomery CSV is empty");
  const header = rows[0].map((h) => h.trim());
  const ti = header.indexOf("title");
  const si = header.indexOf("timeStamp");
  if (ti < 0 || si < 0) throw new Error(`not a Montgomery 911 CSV: needs "title" and "timeStamp" columns (columns: ${header.join(", ")})`);
  const known = new Set<string>(montgomeryClasses);
  const report = newReport();
  for (let m = 0; m < malformed; m++) {
    report.rows++;
    skip(report, 0, "malformed row", firstError ?? "unreadable CSV record");
  }
  const examples = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    report.rows++;
    if (row.length <= Math.max(ti, si)) {
      skip(report, r, "malformed row", `${row.length} fields`);
      continue;
    }
    const title = row[ti];
    const colon = title.indexOf(":");
    const label = (colon < 0 ? "" : title.slice(0, colon)).trim();
    // "Traffic: VEHICLE ACCIDENT -": the trailing dash is formatting, not content.
    const text = (colon < 0 ? title : title.slice(colon + 1)).replace(/[\s-]+$/, "").trim();
    if (text === "") {
      skip(report, r, "empty text", title);
      continue;
    }
    if (label === "") {
      skip(report, r, "empty label", title);
      continue;
    }
    if (!known.has(label)) {
      report.unknownLabels[label] = (report.unknownLabels[label] ?? 0) + 1;
      skip(report, r, "unknown label", label);
      continue;
    }
    const time = parseTime(row[si]);
    if (time === null) {
      skip(report, r, "bad time", row[si]);
      continue;
    }
    examples.push({ text, label, time });
  }
  report.loaded = examples.length;
  return { examples, report };
}
