import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dc09Error } from "./dc09-errors.ts";
import { formatDc09Timestamp, parseDc09Timestamp } from "./dc09-timestamp.ts";

describe("DC-09 timestamp", () => {
  it("formats and parses a known instant", () => {
    expect(formatDc09Timestamp(Date.UTC(2026, 10, 29, 3, 4, 5))).toBe("_03:04:05,11-29-2026");
    expect(parseDc09Timestamp("_23:59:59,12-31-1999")).toBe(Date.UTC(1999, 11, 31, 23, 59, 59));
    expect(parseDc09Timestamp("_00:00:00,02-29-2024")).toBe(Date.UTC(2024, 1, 29));
  });

  it("round-trips every second (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799 }), (s) => {
        expect(parseDc09Timestamp(formatDc09Timestamp(s * 1000))).toBe(s * 1000);
      }),
    );
  });

  it.each([
    "",
    "03:04:05,11-29-2026",
    "_3:04:05,11-29-2026 ",
    "_24:00:00,11-29-2026",
    "_10:60:00,11-29-2026",
    "_10:00:00,13-01-2026",
    "_10:00:00,02-29-2025",
    "_10:00:00,00-10-2026",
    "_aa:00:00,01-01-2026",
  ])("rejects %j", (t) => {
    expect(() => parseDc09Timestamp(t)).toThrow(Dc09Error);
  });
});
