import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseClock, parseTime } from "./time.ts";

describe("parseTime", () => {
  it("reads the formats found in call logs", () => {
    expect(parseTime("2015-12-10 17:40:00")).toBe(Date.UTC(2015, 11, 10, 17, 40, 0));
    expect(parseTime("2015-12-10T17:40")).toBe(Date.UTC(2015, 11, 10, 17, 40, 0));
    expect(parseTime("2015-12-10")).toBe(Date.UTC(2015, 11, 10));
    expect(parseTime("2022-08-10T06:10:00+08:00")).toBe(Date.UTC(2022, 7, 9, 22, 10, 0));
    expect(parseTime("08/10/2022 12:00:00 AM")).toBe(Date.UTC(2022, 7, 10, 0, 0, 0));
    expect(parseTime("08/10/2022 12:30:00 PM")).toBe(Date.UTC(2022, 7, 10, 12, 30, 0));
    expect(parseTime("08/10/2022")).toBe(Date.UTC(2022, 7, 10));
    expect(parseTime("1660112400")).toBe(1660112400000);
    expect(parseTime("1660112400000")).toBe(1660112400000);
  });

  it("rejects impossible dates instead of rolling them over", () => {
    for (const bad of ["", "2022-02-31", "13/45/2022", "02/30/2022 10:00 AM", "2022-01-01 25:00", "00/10/2022 13:00 PM", "yesterday"])
      expect(parseTime(bad), bad).toBeNull();
  });

  it("round-trips any ISO timestamp", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-02T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), (d) => {
        const ms = Math.floor(d.getTime() / 1000) * 1000;
        expect(parseTime(new Date(ms).toISOString().replace(".000Z", ""))).toBe(ms);
      }),
    );
  });
});

describe("parseClock", () => {
  it("reads 12- and 24-hour clock times", () => {
    expect(parseClock("6:10:00 AM")).toBe((6 * 60 + 10) * 60_000);
    expect(parseClock("12:00:00 AM")).toBe(0);
    expect(parseClock("12:05:00 PM")).toBe((12 * 60 + 5) * 60_000);
    expect(parseClock("18:10")).toBe((18 * 60 + 10) * 60_000);
    expect(parseClock("13:00 PM")).toBeNull();
    expect(parseClock("noon")).toBeNull();
  });
});
