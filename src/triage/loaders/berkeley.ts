/**
 * Berkeley Police calls for service (2022 open-data export).
 *
 * Text: OFFENSE, the call's offence description ("BURGLARY AUTO", "THEFT MISD. (UNDER $950)").
 * Label: the department's own crime category CVLEGEND, mapped to Lantern category codes by
 * the table below. CVLEGEND is set by the department, not derived by us from the text, and
 * mapping it to Lantern codes makes the trained model speak Lantern's codes and lets the
 * dictionary keywords take part. Categories with no Lantern counterpart (liquor-law
 * violations, recovered vehicles, "all other offenses") are reported as unknown labels and
 * skipped. `scheme: "cvlegend"` keeps the raw CVLEGEND instead.
 * Time: EVENTDT (a date at midnight) plus EVENTTM (the clock time).
 */

import { parseCsvRows } from "./csv.ts";
import { type LoadResult, newReport, skip } from "./load-report.ts";
import { parseClock, parseTime } from "./time.ts";

export const berkeleyToLantern: Readonly<Record<string, string>> = {
  "BURGLARY - RESIDENTIAL": "alarm.burglary",
  "BURGLARY - COMMERCIAL": "alarm.burglary",
  // A car break-in takes property from a vehicle: 盗窃 (theft), not 入室盗窃.
  "BURGLARY - VEHICLE": "alarm.theft",
  LARCENY: "alarm.theft",
  "LARCENY - FROM VEHICLE": "alarm.theft",
  "MOTOR VEHICLE THEFT": "alarm.vehicle_theft",
  ROBBERY: "alarm.robbery",
  FRAUD: "alarm.fraud",
  ASSAULT: "alarm.assault",
  "FAMILY OFFENSE": "alarm.domestic_violence",
  "DISORDERLY CONDUCT": "alarm.disorder",
  "NOISE VIOLATION": "complaint.noise",
  VANDALISM: "alarm.vandalism",
  "WEAPONS OFFENSE": "alarm.weapons",
  "DRUG VIOLATION": "alarm.drugs",
  "SEX CRIME": "alarm.sexual_assault",
  HOMICIDE: "alarm.homicide",
  KIDNAPPING: "alarm.kidnapping",
  ARSON: "alarm.arson",
  "MISSING PERSON": "help.missing_person",
};

export type BerkeleyScheme = "lantern" | "cvlegend";

export function loadBerkeley(csvText: string, scheme: BerkeleyScheme = "lantern"): LoadResult {
  const { rows, malformed, firstError } = parseCsvRows(csvText);
  if (rows.length === 0) throw new Error("Berkeley CSV is empty");
  const header = rows[0].map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`not a Berkeley calls CSV: no "${name}" column (columns: ${header.join(", ")})`);
    return i;
  };
  const oi = col("OFFENSE");
  const li = col("CVLEGEND");
  const di = col("EVENTDT");
  const ci = col("EVENTTM");
  const report = newReport();
  for (let m = 0; m < malformed; m++) {
    report.rows++;
    skip(report, 0, "malformed row", firstError ?? "unreadable CSV record");
  }
  const examples = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    report.rows++;
    if (row.length < header.length) {
      skip(report, r, "malformed row", `${row.length} fields, expected ${header.length}`);
      continue;
    }
    const text = row[oi].trim();
    const legend = row[li].trim();
    if (text === "") {
      skip(report, r, "empty text", "");
      continue;
    }
    if (legend === "") {
      skip(report, r, "empty label", text);
      continue;
    }
    const label = scheme === "cvlegend" ? legend : berkeleyToLantern[legend];
    if (label === undefined) {
      report.unknownLabels[legend] = (report.unknownLabels[legend] ?? 0) + 1;
      skip(report, r, "unknown label", legend);
      continue;
    }
    const day = parseTime(row[di].trim().split(/\s+/)[0]);
    const clock = parseClock(row[ci]);
    if (day === null || clock === null) {
      skip(report, r, "bad time", `${row[di]} ${row[ci]}`);
      continue;
    }
    examples.push({ text, label, time: day + clock });
  }
  report.loaded = examples.length;
  return { examples, report };
}
