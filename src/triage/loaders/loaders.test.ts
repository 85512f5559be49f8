import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { textCeiling } from "../evaluate.ts";
import { sharedCallLog } from "../shared-data.ts";
import { berkeleyToLantern, loadBerkeley } from "./berkeley.ts";
import { loadMontgomery, unzipMontgomery } from "./montgomery.ts";

/**
 * Made-up rows in the two exports' layouts (made-up streets, case numbers from 90000001), each
 * there for a case the loaders must handle: a multi-line quoted location, an empty offence, an
 * unknown category, an impossible date, an empty sub-type. The real files are read from the
 * shared data folder further down, never copied here.
 */
const BERKELEY = `CASENO,OFFENSE,EVENTDT,EVENTTM,CVLEGEND,CVDOW,InDbDate,Block_Location,BLKADDR,City,State
90000001,THEFT FROM AUTO,08/10/2022 12:00:00 AM,6:10:00 AM,LARCENY - FROM VEHICLE,3,10/13/2022 04:42:00 PM,"100 BLOCK EXAMPLE ST
Berkeley, CA
(37.87000, -122.27000)",100 BLOCK EXAMPLE ST,Berkeley,CA
90000002,BURGLARY RESIDENTIAL,06/16/2022 12:00:00 AM,8:25:00 PM,BURGLARY - RESIDENTIAL,4,10/13/2022 04:42:00 PM,"200 BLOCK SAMPLE AVE
Berkeley, CA",200 BLOCK SAMPLE AVE,Berkeley,CA
90000003,VEHICLE STOLEN,07/01/2022 12:00:00 AM,12:00:00 PM,MOTOR VEHICLE THEFT,5,10/13/2022 04:42:00 PM,"Berkeley, CA",,Berkeley,CA
90000004,,07/02/2022 12:00:00 AM,1:00:00 PM,LARCENY,6,10/13/2022 04:42:00 PM,"Berkeley, CA",,Berkeley,CA
90000005,ALCOHOL OFFENSE,07/03/2022 12:00:00 AM,11:30:00 PM,LIQUOR LAW VIOLATION,0,10/13/2022 04:42:00 PM,"Berkeley, CA",,Berkeley,CA
90000006,DISTURBANCE,13/45/2022 12:00:00 AM,9:00:00 PM,DISORDERLY CONDUCT,1,10/13/2022 04:42:00 PM,"Berkeley, CA",,Berkeley,CA
90000007,ROBBERY,07/04/2022 12:00:00 AM,12:00:00 AM,ROBBERY,1,10/13/2022 04:42:00 PM,"Berkeley, CA",,Berkeley,CA
90000008,DOMESTIC VIOLENCE,07/05/2022 12:00:00 AM,3:15:00 PM,FAMILY OFFENSE,2,10/13/2022 04:42:00 PM,"Berkeley, CA",,Berkeley,CA
90000009,THEFT MISD. (UNDER $950),07/06/2022 12:00:00 AM,10:05:00 AM,,3,10/13/2022 04:42:00 PM,"Berkeley, CA",,Berkeley,CA
`;

const MONTGOMERY = `lat,lng,desc,zip,title,timeStamp,twp,addr,e
40.1,-75.1,EXAMPLE RD & SAMPLE LN; TOWNSHIP A; Station 300;,19400,EMS: BACK PAINS/INJURY,2015-12-10 17:40:00,TOWNSHIP A,EXAMPLE RD & SAMPLE LN,1
40.2,-75.2,SAMPLE AVE; TOWNSHIP B;,19401,Traffic: VEHICLE ACCIDENT -,2015-12-10 17:41:00,TOWNSHIP B,SAMPLE AVE,1
40.3,-75.3,"MAIN ST, REAR; TOWNSHIP C;",,Fire: GAS-ODOR/LEAK,2015-12-10 17:42:00,TOWNSHIP C,MAIN ST,1
40.4,-75.4,OAK ST;,19402,EMS: VEHICLE ACCIDENT,2015-12-10 17:43:00,TOWNSHIP D,OAK ST,1
40.5,-75.5,ELM ST;,19403,Police: SUSPICIOUS,2015-12-10 17:44:00,TOWNSHIP E,ELM ST,1
40.6,-75.6,PINE ST;,19404,EMS: ,2015-12-10 17:45:00,TOWNSHIP F,PINE ST,1
40.7,-75.7,BIRCH ST;,19405,Fire: BUILDING FIRE,not a time,TOWNSHIP G,BIRCH ST,1
40.8,-75.8,CEDAR ST;,19406,Traffic: DISABLED VEHICLE -,2015-12-10 17:47:00,TOWNSHIP H,CEDAR ST,1
`;

describe("loadBerkeley (fixture)", () => {
  it("maps CVLEGEND to Lantern codes and reports what it skipped", () => {
    const { examples, report } = loadBerkeley(BERKELEY);
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
    const { examples } = loadBerkeley(BERKELEY, "cvlegend");
    expect(examples.map((e) => e.label)).toContain("LARCENY - FROM VEHICLE");
    expect(examples.length).toBe(6);
  });

  it("refuses a file without the Berkeley columns", () => {
    expect(() => loadBerkeley("a,b\n1,2\n")).toThrowError(/no "OFFENSE" column/);
  });
});

describe("loadMontgomery (fixture)", () => {
  it("splits the title into sub-type text and EMS/Fire/Traffic class, from a zip in memory", () => {
    const zip = zipSync({ "911.csv": strToU8(MONTGOMERY) });
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
