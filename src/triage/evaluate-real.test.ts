import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TriageClassifier } from "./classifier.ts";
import { baselines, evaluateClassifier, textCeiling, timeSplit } from "./evaluate.ts";
import { loadBerkeley } from "./loaders/berkeley.ts";
import { loadMontgomery, unzipMontgomery } from "./loaders/montgomery.ts";
import { sharedCallLog } from "./shared-data.ts";

const montgomery = sharedCallLog("montgomery-pa-911-2015-2016.zip");
const berkeley = sharedCallLog("berkeley-pd-2022.csv");
if (!montgomery || !berkeley) console.log("skipping real call-log evaluation tests: shared data folder not found");

describe.skipIf(!montgomery)("time-held-out evaluation on Montgomery", () => {
  it("gets close to the text ceiling and never above it, with calibrated confidence", () => {
    const { examples } = loadMontgomery(unzipMontgomery(readFileSync(montgomery ?? "")));
    const { train, test } = timeSplit(examples, 0.2);
    expect(Math.max(...train.map((e) => e.time as number))).toBeLessThanOrEqual(test[0].time as number);
    const ev = evaluateClassifier(TriageClassifier.train(train, { dictionary: null }), test);
    const ceiling = textCeiling(test).accuracy;
    // The sub-type text is all the model sees, so no function of it can beat the ceiling.
    expect(ev.accuracy).toBeLessThanOrEqual(ceiling + 1e-12);
    expect(ev.accuracy).toBeGreaterThan(baselines(train, test).lookup - 0.01);
    expect(ev.ece).toBeLessThan(0.05);
  });
});

describe.skipIf(!berkeley)("time-held-out evaluation on Berkeley", () => {
  it("learns offence text → Lantern code on the later months", () => {
    const { examples } = loadBerkeley(readFileSync(berkeley ?? "", "utf8"));
    const { train, test } = timeSplit(examples, 0.2);
    const ev = evaluateClassifier(TriageClassifier.train(train), test);
    expect(ev.accuracy).toBeGreaterThan(0.95);
    expect(ev.accuracy).toBeLessThanOrEqual(textCeiling(test).accuracy);
  });
});
