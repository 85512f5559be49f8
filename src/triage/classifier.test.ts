import { describe, expect, it } from "vitest";
import { type LabelledExample, suggestCategories, TriageClassifier, useTriageModel } from "./classifier.ts";

describe("suggestCategories with the default dictionary", () => {
  it("suggests the category whose keywords a Chinese narrative uses", () => {
    const [top] = suggestCategories("我家被入室盗窃了，门被撬开了");
    expect(top.code).toBe("alarm.burglary");
    expect(top.matched).toEqual(expect.arrayContaining(["入室盗窃", "门被撬"]));
    expect(suggestCategories("楼上装修太吵了，半夜施工")[0].code).toBe("complaint.noise");
    expect(suggestCategories("我爸爸走失了，找不到人")[0].code).toBe("help.missing_person");
    expect(suggestCategories("接到电话冒充客服让我转账，被骗了")[0].code).toBe("alarm.fraud");
  });

  it("suggests from English and from mixed text", () => {
    expect(suggestCategories("Someone stole my wallet on the bus")[0].code).toBe("alarm.theft");
    expect(suggestCategories("loud music from the party next door")[0].code).toBe("complaint.noise");
    expect(suggestCategories("在地铁站 pickpocket 偷了我的手机")[0].code).toBe("alarm.theft");
  });

  it("gives nothing when there is no evidence, and respects k", () => {
    expect(suggestCategories("")).toEqual([]);
    expect(suggestCategories("   ")).toEqual([]);
    expect(suggestCategories("你好，请问现在几点")).toEqual([]);
    const many = suggestCategories("有人打架，有人被打伤，还着火了", { k: 2 });
    expect(many.length).toBe(2);
    expect(many[0].confidence).toBeGreaterThanOrEqual(many[1].confidence);
    for (const s of many) expect(s.confidence).toBeGreaterThan(0);
    const total = suggestCategories("有人打架，有人被打伤，还着火了", { k: 10 }).reduce((a, s) => a + s.confidence, 0);
    expect(total).toBeLessThan(1);
  });
});

/** Synthetic history: each phrase belongs to a label with a known probability. */
function synthetic(n: number, seed: number): LabelledExample[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const out: LabelledExample[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    // "smoke in kitchen" is fire 70% of the time and medical 30%; the other two phrases are unambiguous.
    if (r < 0.4) out.push({ text: "smoke in kitchen", label: rand() < 0.7 ? "alarm.fire" : "help.medical", time: i });
    else if (r < 0.7) out.push({ text: "man collapsed not breathing", label: "help.medical", time: i });
    else out.push({ text: "neighbours playing loud music", label: "complaint.noise", time: i });
  }
  return out;
}

describe("TriageClassifier trained on history", () => {
  const history = synthetic(4000, 7);

  it("learns the labels and calibrates confidence to the true rate", () => {
    const model = TriageClassifier.train(history, { dictionary: null });
    const [top, second] = model.suggest("smoke in kitchen");
    expect(top.code).toBe("alarm.fire");
    expect(second.code).toBe("help.medical");
    // The true rate is 0.7 by construction; raw naive Bayes would say about 0.99.
    expect(top.confidence).toBeGreaterThan(0.6);
    expect(top.confidence).toBeLessThan(0.8);
    expect(model.suggest("neighbours playing loud music")[0].code).toBe("complaint.noise");
    expect(model.suggest("neighbours playing loud music")[0].evidence.length).toBeGreaterThan(0);
  });

  it("round-trips through JSON with identical suggestions", () => {
    const model = TriageClassifier.train(history);
    const copy = TriageClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const t of ["smoke in kitchen", "loud music", "入室盗窃", "nothing known here"])
      expect(copy.suggest(t, { k: 5 })).toEqual(model.suggest(t, { k: 5 }));
  });

  it("explains with dictionary keywords when its labels are dictionary codes", () => {
    const model = TriageClassifier.train(history);
    const noise = model.suggest("neighbours playing loud music").find((s) => s.code === "complaint.noise");
    expect(noise?.matched).toContain("loud music");
  });

  it("rejects a file that is not a model, naming the problem", () => {
    expect(() => TriageClassifier.fromJSON({ format: "something" })).toThrowError(/not a Lantern triage model/);
    expect(() => TriageClassifier.fromJSON({ format: "lantern-triage-model", version: 9 })).toThrowError(/version 9/);
    expect(() => TriageClassifier.fromJSON({ format: "lantern-triage-model", version: 1, temperature: -1, dictionary: null })).toThrowError(
      /temperature/,
    );
    expect(() => TriageClassifier.train([])).toThrowError(/no usable examples/);
  });

  it("serves suggestCategories once loaded, and falls back to the dictionary when unloaded", () => {
    const model = TriageClassifier.train(history, { dictionary: null });
    useTriageModel(model);
    try {
      expect(suggestCategories("smoke in kitchen")[0].evidence.length).toBeGreaterThan(0);
    } finally {
      useTriageModel(null);
    }
    expect(suggestCategories("smoke in kitchen")[0].evidence).toEqual([]);
  });
});
