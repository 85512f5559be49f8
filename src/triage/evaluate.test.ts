import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LabelledExample } from "./classifier.ts";
import { baselines, NONE, type Prediction, scorePredictions, textCeiling, timeSplit } from "./evaluate.ts";

const ex = (text: string, label: string, time: number | null): LabelledExample => ({ text, label, time });

describe("scorePredictions", () => {
  it("computes per-class and averaged precision, recall and F1 as worked out by hand", () => {
    // truth A A A B B C ; predicted A A B B C (none)
    const preds: Prediction[] = [
      { truth: "A", ranked: ["A", "B"], confidence: 0.9 },
      { truth: "A", ranked: ["A"], confidence: 0.8 },
      { truth: "A", ranked: ["B", "A"], confidence: 0.6 },
      { truth: "B", ranked: ["B"], confidence: 0.7 },
      { truth: "B", ranked: ["C", "B"], confidence: 0.5 },
      { truth: "C", ranked: [], confidence: 0 },
    ];
    const ev = scorePredictions(preds, 2);
    const by = Object.fromEntries(ev.perClass.map((c) => [c.label, c]));
    // A: tp 2, predicted 2, support 3 → P 1, R 2/3
    expect(by.A.precision).toBeCloseTo(1);
    expect(by.A.recall).toBeCloseTo(2 / 3);
    expect(by.A.f1).toBeCloseTo(0.8);
    // B: tp 1, predicted 2, support 2 → P 0.5, R 0.5
    expect(by.B.precision).toBeCloseTo(0.5);
    expect(by.B.recall).toBeCloseTo(0.5);
    // C: tp 0, predicted 1, support 1
    expect(by.C.precision).toBe(0);
    expect(by.C.recall).toBe(0);
    expect(ev.macro.recall).toBeCloseTo((2 / 3 + 0.5 + 0) / 3);
    // 3 correct of 5 suggested, of 6 calls
    expect(ev.micro.precision).toBeCloseTo(3 / 5);
    expect(ev.micro.recall).toBeCloseTo(3 / 6);
    expect(ev.accuracy).toBeCloseTo(0.5);
    expect(ev.coverage).toBeCloseTo(5 / 6);
    expect(ev.topKAccuracy).toBeCloseTo(5 / 6);
    expect(ev.confusion.C[NONE]).toBe(1);
    expect(ev.confusion.A.B).toBe(1);
  });

  it("keeps its invariants on random predictions", () => {
    const label = fc.constantFrom("A", "B", "C", "D");
    const pred = fc.record({
      truth: label,
      ranked: fc.uniqueArray(label, { maxLength: 3 }),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(pred, { minLength: 1, maxLength: 60 }), (preds) => {
        const ev = scorePredictions(preds);
        let cells = 0;
        for (const row of Object.values(ev.confusion)) for (const v of Object.values(row)) cells += v;
        expect(cells).toBe(preds.length);
        expect(ev.micro.recall).toBeCloseTo(ev.accuracy);
        for (const v of [ev.macro.precision, ev.macro.recall, ev.macro.f1, ev.ece, ev.coverage]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(ev.perClass.reduce((s, c) => s + c.support, 0)).toBe(preds.length);
      }),
    );
  });
});

describe("timeSplit", () => {
  it("tests on the latest calls, whatever order the file is in", () => {
    const data = [5, 1, 4, 2, 3, 9, 7, 8, 6, 0].map((t) => ex(`call ${t}`, "x", t));
    const { train, test, cut } = timeSplit(data, 0.3);
    expect(train.map((e) => e.time)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(test.map((e) => e.time)).toEqual([7, 8, 9]);
    expect(cut).toBe(7);
  });

  it("keeps file order when times are missing, and rejects bad fractions", () => {
    const data = ["a", "b", "c", "d"].map((t) => ex(t, "x", null));
    expect(timeSplit(data, 0.25).test.map((e) => e.text)).toEqual(["d"]);
    expect(() => timeSplit(data, 0)).toThrowError(/between 0 and 1/);
    expect(() => timeSplit(data.slice(0, 1), 0.5)).toThrowError(/too few/);
  });
});

describe("textCeiling and baselines", () => {
  it("caps accuracy where one text carries several labels", () => {
    const test = [
      ex("vehicle accident", "EMS", 1),
      ex("vehicle accident", "Traffic", 2),
      ex("vehicle accident", "Traffic", 3),
      ex("fire alarm", "Fire", 4),
    ];
    const c = textCeiling(test);
    expect(c.accuracy).toBeCloseTo(3 / 4);
    expect(c.ambiguousTexts).toBe(1);
    expect(c.ambiguousShare).toBeCloseTo(3 / 4);
    const train = [ex("Vehicle Accident", "Traffic", 0), ex("fire alarm", "Fire", 0), ex("fall", "EMS", 0), ex("fall", "EMS", 0)];
    const b = baselines(train, test);
    expect(b.majority).toBeCloseTo(1 / 4);
    expect(b.lookup).toBeCloseTo(3 / 4);
    expect(b.unseenTexts).toBe(0);
  });
});
