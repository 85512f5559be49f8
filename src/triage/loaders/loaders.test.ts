import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { textCeiling } from "../evaluate.ts";
import { sharedCallLog } from "../shared-data.ts";
import { berkeleyToLantern, loadBerkeley } from "./berkeley.ts";
import { loadMontgomery, unzipMontgomery } from "./montgomery.ts";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name), "utf8");

describe("loadBerkeley (fixture)", () => {
  it("maps CVLEGEND to Lantern codes and reports what it skipped", () => {
    const { examples, report } = loadBerkeley(fixture("berkeley-sample.csv"));
    expect(examples).toEqual([
      { text: "THEFT FROM AUTO", label: "alarm.theft", time: Date.UTC(2022, 7, 10, 6, 10) },
      { text: "BURGLARY RESIDENTIAL", label: "alarm.burglary", time: Date.UTC(2022, 5, 16, 20, 25) },
      { text: "VEHICLE STOLEN", label: "alarm.vehicle_theft", time: Date.UTC(2022, 6, 1, 12, 0) },
      { text: "ROBBERY", label: "alarm.robbery", time: Date.UTC(2022, 6, 4, 0, 0) },
      { text: "DOMESTIC VIOLENCE", label: "alarm.domestic_violence", time: Date.UTC(2022, 6, 5, 15, 15) },
    ]);
    expect(report.rows).toBe(9);
    expect(report.skipped).toEqual({ "empty text": 1, "unknown label": 1, "bad time": 1, "empty label": 1 });
    expect(report.unknownLabels).toEqual({ "LIQUOR LAW VIOLATION": 1 });
  });

  it("keeps the raw CVLEGEND when asked", () => {
    const { examples } = loadBerkeley(fixture("berkeley-sample.csv"), "cvlegend");
    expect(examples.map((e) => e.label)).toContain("LARCENY - FROM VEHICLE");
    expect(examples.length).toBe(6);
  });

  it("refuses a file without the Berkeley columns", () => {
    expect(() => loadBerkeley("a,b\n1,2\n")).toThrowError(/no "OFFENSE" column/);
  });
});

describe("loadMontgomery (fixture)", () => {
  it("splits the title into sub-type text and EMS/Fire/Traffic class, from a zip in memory", () => {
    const zip = zipSync({ "911.csv": strToU8(fixture("montgomery-sample.csv")) });
    const { examples, report } = loadMontgomery(unzipMontgomery(zip));
    expect(examples.map((e) => [e.label, e.text])).toEqual([
      ["EMS", "BACK PAINS/INJURY"],
      ["Traffic", "VEHICLE ACCIDENT"],
      ["Fire", "GAS-ODOR/LEAK"],
      ["EMS", "VEHICLE ACCIDENT"],
      ["Traffic", "DISABLED VEHICLE"],
    ]);
    expect(examples[0].time).toBe(Date.UTC(2015, 11, 10, 17, 40));
    expect(report.skipped).toEqual({ "unknown label": 1, "empty text": 1, "bad time": 1 });
    expect(report.unknownLabels).toEqual({ Police: 1 });
  });

  it("says what is missing from a zip without 911.csv", () => {
    const zip = zipSync({ "a.txt": strToU8("x"), "b.csv": strToU8("x"), "c.csv": strToU8("y") });
    expect(() => unzipMontgomery(zip)).toThrowError(/no 911\.csv \(csv files: b\.csv, c\.csv\)/);
  });
});

const berkeleyPath = sharedCallLog("berkeley-pd-2022.csv");
const montgomeryPath = sharedCallLog("montgomery-pa-911-2015-2016.zip");
if (!berkeleyPath || !montgomeryPath) console.log("skipping real call-log loader tests: shared data folder not found");

describe.skipIf(!berkeleyPath)("loadBerkeley (real 2022 export)", () => {
  it("loads every row; only the categories without a Lantern counterpart are skipped", () => {
    const { examples, report } = loadBerkeley(readFileSync(berkeleyPath ?? "", "utf8"));
    expect(report.rows).toBe(4490);
    expect(report.skipped["bad time"] ?? 0).toBe(0);
    expect(report.skipped["malformed row"] ?? 0).toBe(0);
    expect(Object.keys(report.unknownLabels).sort()).toEqual(["ALL OTHER OFFENSES", "LIQUOR LAW VIOLATION", "RECOVERED VEHICLE"]);
    expect(examples.length + Object.values(report.unknownLabels).reduce((a, b) => a + b, 0)).toBe(4490);
    const codes = new Set(Object.values(berkeleyToLantern));
    for (const e of examples) expect(codes.has(e.label)).toBe(true);
  });
});

describe.skipIf(!montgomeryPath)("loadMontgomery (real 2015-2016 zip)", () => {
  it("loads all 99,492 calls, and the sub-type text caps accuracy near 93%", () => {
    const { examples, report } = loadMontgomery(unzipMontgomery(readFileSync(montgomeryPath ?? "")));
    expect(report.rows).toBe(99492);
    expect(examples.length).toBe(99492);
    // Computed separately (lower-cased alphanumeric sub-type → majority class count): 92,607 / 99,492.
    expect(textCeiling(examples).accuracy).toBeCloseTo(0.9308, 3);
  });
});
