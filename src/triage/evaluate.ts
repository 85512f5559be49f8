/**
 * Evaluation of category suggestions with a time-based holdout: train on the earlier calls,
 * test on the later ones. A random split would let the same week's wording leak into both
 * halves and flatter the model; in service the model always meets calls from its future.
 */
import type { LabelledExample, TriageClassifier } from "./classifier.ts";
import { tokenize } from "./tokenize.ts";

/** Sorts by time (stable; examples without a time keep file order) and cuts off the latest share. */
export function timeSplit(
  examples: LabelledExample[],
  testFraction: number,
): { train: LabelledExample[]; test: LabelledExample[]; cut: number | null } {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`test fraction must be between 0 and 1 (got ${testFraction})`);
  const withTime = examples.every((e) => e.time !== null);
  const sorted = withTime
    ? examples
        .map((e, i) => ({ e, i }))
        .sort((a, b) => (a.e.time as number) - (b.e.time as number) || a.i - b.i)
        .map((x) => x.e)
    : examples.slice();
  const n = Math.round(sorted.length * (1 - testFraction));
  if (n < 1 || n >= sorted.length) throw new Error(`too few examples (${examples.length}) for a ${testFraction} holdout`);
  return { train: sorted.slice(0, n), test: sorted.slice(n), cut: withTime ? sorted[n].time : null };
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Test examples whose true label is this class. */
  support: number;
  /** Times this class was predicted. */
  predicted: number;
}

export interface Evaluation {
  n: number;
  /** Share of test examples that got any suggestion. */
  coverage: number;
  accuracy: number;
  topKAccuracy: number;
  k: number;
  perClass: ClassMetrics[];
  macro: { precision: number; recall: number; f1: number };
  /** Micro averages over all test examples; a missing suggestion counts as a miss. */
  micro: { precision: number; recall: number; f1: number };
  /** Expected calibration error of the top-1 confidence, 10 equal-width bins. */
  ece: number;
  meanConfidence: number;
  /** truth → predicted → count; "(none)" when nothing was suggested. */
  confusion: Record<string, Record<string, number>>;
  topConfusions: Array<{ truth: string; predicted: string; count: number }>;
}

export interface Prediction {
  truth: string;
  /** Ranked suggestions; empty when there was no evidence. */
  ranked: string[];
  confidence: number;
}

export const NONE = "(none)";

const f1of = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

export function scorePredictions(preds: Prediction[], k = 3): Evaluation {
  const n = preds.length;
  const labels = new Set<string>();
  for (const p of preds) {
    labels.add(p.truth);
    if (p.ranked.length) labels.add(p.ranked[0]);
  }
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const support = new Map<string, number>();
  const confusion: Record<string, Record<string, number>> = {};
  let correct = 0;
  let topK = 0;
  let covered = 0;
  let confSum = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
  for (const p of preds) {
    const top = p.ranked[0] ?? NONE;
    support.set(p.truth, (support.get(p.truth) ?? 0) + 1);
    confusion[p.truth] ??= {};
    confusion[p.truth][top] = (confusion[p.truth][top] ?? 0) + 1;
    if (top === NONE) continue;
    covered++;
    confSum += p.confidence;
    predicted.set(top, (predicted.get(top) ?? 0) + 1);
    const ok = top === p.truth;
    if (ok) {
      correct++;
      tp.set(top, (tp.get(top) ?? 0) + 1);
    }
    if (p.ranked.slice(0, k).includes(p.truth)) topK++;
    const b = bins[Math.min(9, Math.floor(p.confidence * 10))];
    b.n++;
    b.conf += p.confidence;
    b.correct += ok ? 1 : 0;
  }
  const perClass: ClassMetrics[] = [...labels]
    .filter((l) => l !== NONE)
    .sort()
    .map((label) => {
      const t = tp.get(label) ?? 0;
      const pr = predicted.get(label) ?? 0;
      const s = support.get(label) ?? 0;
      const precision = pr > 0 ? t / pr : 0;
      const recall = s > 0 ? t / s : 0;
      return { label, precision, recall, f1: f1of(precision, recall), support: s, predicted: pr };
    });
  // Macro over classes present in the test set: a class never seen in testing has no recall to average.
  const present = perClass.filter((c) => c.support > 0);
  const mean = (f: (c: ClassMetrics) => number) => (present.length ? present.reduce((s, c) => s + f(c), 0) / present.length : 0);
  const microP = covered > 0 ? correct / covered : 0;
  const microR = n > 0 ? correct / n : 0;
  let ece = 0;
  for (const b of bins) if (b.n > 0) ece += (b.n / Math.max(1, covered)) * Math.abs(b.conf / b.n - b.correct / b.n);
  const topConfusions: Evaluation["topConfusions"] = [];
  for (const [truth, row] of Object.entries(confusion))
    for (const [pred, count] of Object.entries(row)) if (pred !== truth) topConfusions.push({ truth, predicted: pred, count });
  topConfusions.sort((a, b) => b.count - a.count || a.truth.localeCompare(b.truth));
  return {
    n,
    coverage: n ? covered / n : 0,
    accuracy: n ? correct / n : 0,
    topKAccuracy: n ? topK / n : 0,
    k,
    perClass,
    macro: { precision: mean((c) => c.precision), recall: mean((c) => c.recall), f1: mean((c) => c.f1) },
    micro: { precision: microP, recall: microR, f1: f1of(microP, microR) },
    ece,
    meanConfidence: covered ? confSum / covered : 0,
    confusion,
    topConfusions: topConfusions.slice(0, 10),
  };
}

export function evaluateClassifier(
  model: TriageClassifier,
  test: LabelledExample[],
  k = 3,
  onProgress?: (done: number, total: number) => void,
): Evaluation {
  const preds: Prediction[] = [];
  for (let i = 0; i < test.length; i++) {
    const s = model.suggest(test[i].text, { k });
    preds.push({ truth: test[i].label, ranked: s.map((x) => x.code), confidence: s[0]?.confidence ?? 0 });
    if (onProgress && (i + 1) % 5000 === 0) onProgress(i + 1, test.length);
  }
  return scorePredictions(preds, k);
}

/** The same text, as the classifier sees it: its token list. */
const textKey = (text: string) => tokenize(text).join("\u0001");

/**
 * Best accuracy any classifier reading only the text could reach on `test`: for every
 * distinct text, the most common label among the test calls with that text. Texts shared by
 * several classes cap it below 1.
 */
export function textCeiling(test: LabelledExample[]): {
  accuracy: number;
  ambiguousTexts: number;
  ambiguousShare: number;
} {
  const byText = new Map<string, Map<string, number>>();
  for (const e of test) {
    const key = textKey(e.text);
    const m = byText.get(key) ?? new Map<string, number>();
    m.set(e.label, (m.get(e.label) ?? 0) + 1);
    byText.set(key, m);
  }
  let best = 0;
  let ambiguousTexts = 0;
  let ambiguousCalls = 0;
  for (const m of byText.values()) {
    let max = 0;
    let total = 0;
    for (const v of m.values()) {
      max = Math.max(max, v);
      total += v;
    }
    best += max;
    if (m.size > 1) {
      ambiguousTexts++;
      ambiguousCalls += total;
    }
  }
  return {
    accuracy: test.length ? best / test.length : 0,
    ambiguousTexts,
    ambiguousShare: test.length ? ambiguousCalls / test.length : 0,
  };
}

/**
 * Baselines from the training part only: always the most common class, and a lookup table
 * "this exact text → its most common training label" (falling back to the most common class).
 */
export function baselines(train: LabelledExample[], test: LabelledExample[]): { majority: number; lookup: number; unseenTexts: number } {
  const classCount = new Map<string, number>();
  const byText = new Map<string, Map<string, number>>();
  for (const e of train) {
    classCount.set(e.label, (classCount.get(e.label) ?? 0) + 1);
    const key = textKey(e.text);
    const m = byText.get(key) ?? new Map<string, number>();
    m.set(e.label, (m.get(e.label) ?? 0) + 1);
    byText.set(key, m);
  }
  const argmax = (m: Map<string, number>) => {
    let best = "";
    let bestN = -1;
    for (const [l, n] of m) if (n > bestN || (n === bestN && l < best)) [best, bestN] = [l, n];
    return best;
  };
  const majority = argmax(classCount);
  let maj = 0;
  let look = 0;
  let unseen = 0;
  for (const e of test) {
    if (e.label === majority) maj++;
    const m = byText.get(textKey(e.text));
    if (!m) unseen++;
    if ((m ? argmax(m) : majority) === e.label) look++;
  }
  const n = Math.max(1, test.length);
  return { majority: maj / n, lookup: look / n, unseenTexts: unseen };
}

const pct = (x: number) => (100 * x).toFixed(1);

/** Markdown table of per-class P/R/F1 plus the averages. */
export function formatTable(ev: Evaluation): string {
  const lines = ["| class | precision | recall | F1 | support | predicted |", "|---|---:|---:|---:|---:|---:|"];
  for (const c of ev.perClass)
    lines.push(`| ${c.label} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} | ${c.support} | ${c.predicted} |`);
  lines.push(`| **macro avg** | ${pct(ev.macro.precision)} | ${pct(ev.macro.recall)} | ${pct(ev.macro.f1)} | ${ev.n} | |`);
  lines.push(`| **micro avg** | ${pct(ev.micro.precision)} | ${pct(ev.micro.recall)} | ${pct(ev.micro.f1)} | ${ev.n} | |`);
  return lines.join("\n");
}

/** The most frequent mistakes, one per line. */
export function formatConfusions(ev: Evaluation, max = 8): string {
  if (ev.topConfusions.length === 0) return "no confusions";
  return ev.topConfusions
    .slice(0, max)
    .map((c) => `- ${c.truth} → ${c.predicted}: ${c.count}`)
    .join("\n");
}

/** Full confusion matrix as markdown (rows: truth, columns: predicted); only sensible for a few classes. */
export function formatMatrix(ev: Evaluation): string {
  const truths = Object.keys(ev.confusion).sort();
  const predSet = new Set<string>(truths);
  for (const row of Object.values(ev.confusion)) for (const p of Object.keys(row)) predSet.add(p);
  const preds = [...predSet].sort((a, b) => (a === NONE ? 1 : b === NONE ? -1 : a.localeCompare(b)));
  const lines = [`| truth \\ predicted | ${preds.join(" | ")} |`, `|---|${preds.map(() => "---:").join("|")}|`];
  for (const t of truths) lines.push(`| ${t} | ${preds.map((p) => ev.confusion[t][p] ?? 0).join(" | ")} |`);
  return lines.join("\n");
}
