import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCsv } from "./csv.ts";
import { skippedTotal } from "./load-report.ts";

/** RFC 4180 quoting, written independently of the parser under test. */
const quote = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
const toCsv = (rows: string[][]) => rows.map((r) => r.map(quote).join(",")).join("\r\n");

const field = fc.string({
  unit: fc.constantFrom("a", "B", " ", ",", '"', "\n", "\r\n", "火", "盗", "'", ";", "x"),
  maxLength: 12,
});

describe("loadCsv", () => {
  it("reads quoted fields, embedded commas, quotes and newlines", () => {
    const text =
      'id,narrative,category,at\n1,"smoke, then ""flames"" in\nthe kitchen",alarm.fire,2024-01-01 10:00\n2,楼上太吵,complaint.noise,2024-01-02 11:00\n';
    const { examples, report } = loadCsv(text, { textCol: "narrative", labelCol: "category", timeCol: "at" });
    expect(examples).toEqual([
      { text: 'smoke, then "flames" in\nthe kitchen', label: "alarm.fire", time: Date.UTC(2024, 0, 1, 10) },
      { text: "楼上太吵", label: "complaint.noise", time: Date.UTC(2024, 0, 2, 11) },
    ]);
    expect(report).toMatchObject({ rows: 2, loaded: 2, skipped: {} });
  });

  it("reports and skips empty text, unknown labels, bad times and short rows, with counts", () => {
    const text = [
      "narrative,category,at",
      "car stolen,alarm.vehicle_theft,2024-01-01",
      ",alarm.theft,2024-01-02",
      "loud party,complaint.loud,2024-01-03",
      "loud party,complaint.loud,2024-01-04",
      "fight outside,,2024-01-05",
      "fight outside,alarm.fight,someday",
      "only one field",
      "bike stolen,alarm.theft,2024-01-06",
    ].join("\n");
    const labels = new Set(["alarm.vehicle_theft", "alarm.theft", "alarm.fight"]);
    // A byte-order mark before the header must not hide the first column name.
    const { examples, report } = loadCsv(`\uFEFF${text}`, {
      textCol: "narrative",
      labelCol: "category",
      timeCol: "at",
      labels,
    });
    expect(examples.map((e) => e.text)).toEqual(["car stolen", "bike stolen"]);
    expect(report.rows).toBe(8);
    expect(report.skipped).toEqual({
      "empty text": 1,
      "unknown label": 2,
      "empty label": 1,
      "bad time": 1,
      "malformed row": 1,
    });
    expect(report.unknownLabels).toEqual({ "complaint.loud": 2 });
    expect(report.samples[0]).toMatchObject({ row: 2, reason: "empty text" });
  });

  it("names the missing column and the ones that exist", () => {
    expect(() => loadCsv("a,b\n1,2\n", { textCol: "narrative", labelCol: "b" })).toThrowError(
      /no text column "narrative"; columns are: a, b/,
    );
    expect(() => loadCsv("", { textCol: "a", labelCol: "b" })).toThrowError(/no header row/);
  });

  it("reads back exactly what was written, for any fields", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(field, field, field), { maxLength: 25 }), (records) => {
        const text = toCsv([["id", "text", "label"], ...records.map(([a, b, c]) => [a, b, c])]);
        const { examples, report } = loadCsv(text, { textCol: "text", labelCol: "label" });
        const expected = records
          .map(([, t, l]) => ({ text: t.trim(), label: l.trim(), time: null }))
          .filter((e) => e.text !== "" && e.label !== "");
        expect(examples).toEqual(expected);
        expect(report.loaded + skippedTotal(report)).toBe(report.rows);
      }),
    );
  });

  it("never throws on malformed bodies and accounts for every row", () => {
    const junk = fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ", "火", "\\"), maxLength: 200 });
    fc.assert(
      fc.property(junk, (body) => {
        const { examples, report } = loadCsv(`text,label\n${body}`, { textCol: "text", labelCol: "label" });
        expect(report.loaded).toBe(examples.length);
        expect(report.loaded + skippedTotal(report)).toBe(report.rows);
        for (const e of examples) {
          expect(e.text).not.toBe("");
          expect(e.label).not.toBe("");
        }
      }),
      { numRuns: 300 },
    );
  });
});
