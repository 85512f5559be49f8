/**
 * Category suggestion from a call narrative. Advisory only: the call-taker confirms the code.
 *
 * Two sources of evidence:
 * - the category dictionary: keywords found in the text (always reported as the explanation);
 * - a naive Bayes model learnt from the agency's labelled history, when one is loaded.
 *   Dictionary keywords enter that model as pseudo-counts, so categories with little history
 *   still respond to their keywords.
 * Without a trained model the suggestion rests on the keywords alone.
 */
import { type CalibrationCase, fitTemperature } from "./calibrate.ts";
import { defaultDictionary } from "./default-dictionary.ts";
import { type CategoryDictionary, KeywordMatcher, validateDictionary } from "./dictionary.ts";
import { NaiveBayesBuilder, type NaiveBayesJSON, NaiveBayesModel, softmax } from "./naive-bayes.ts";
import { tokenize } from "./tokenize.ts";

export interface CategorySuggestion {
  code: string;
  /** In [0, 1]. From a trained model: temperature-calibrated posterior. Dictionary only: keyword evidence share. */
  confidence: number;
  /** Dictionary keywords found in the text that point at this category. */
  matched: string[];
  /** Tokens the trained model weighed most for this category (empty without a model). */
  evidence: string[];
}

export interface SuggestOptions {
  /** How many suggestions at most (default 3). */
  k?: number;
}

export interface LabelledExample {
  text: string;
  label: string;
  /** Epoch milliseconds, or null when the source has no usable time. */
  time: number | null;
}

export interface TrainOptions {
  dictionary?: CategoryDictionary | null;
  /** Pseudo-count weight of each dictionary keyword (default 1; 0 disables the keyword prior). */
  dictionaryWeight?: number;
  alpha?: number;
  /** Latest share of the (time-ordered) examples used to fit the temperature (default 0.1). */
  calibrationFraction?: number;
  onProgress?: (message: string) => void;
}

export interface TriageModelJSON {
  format: "lantern-triage-model";
  version: 1;
  temperature: number;
  dictionaryWeight: number;
  dictionary: CategoryDictionary | null;
  naiveBayes: NaiveBayesJSON | null;
  trainedOn: { examples: number; from: string | null; to: string | null; classes: Record<string, number> } | null;
}

/** Evidence share given to "none of these" in dictionary-only confidence. */
const NO_MATCH_MASS = 1;

export class TriageClassifier {
  private readonly matcher: KeywordMatcher | null;
  private readonly nb: NaiveBayesModel | null;

  private constructor(private readonly json: TriageModelJSON) {
    this.matcher = json.dictionary ? new KeywordMatcher(json.dictionary) : null;
    this.nb = json.naiveBayes ? new NaiveBayesModel(json.naiveBayes) : null;
  }

  /** A classifier that only uses dictionary keywords. */
  static fromDictionary(dictionary: CategoryDictionary = defaultDictionary): TriageClassifier {
    return new TriageClassifier({
      format: "lantern-triage-model",
      version: 1,
      temperature: 1,
      dictionaryWeight: 0,
      dictionary: validateDictionary(dictionary),
      naiveBayes: null,
      trainedOn: null,
    });
  }

  /** Loads a model saved with `toJSON()`; throws naming what is wrong. */
  static fromJSON(input: unknown): TriageClassifier {
    const j = input as Partial<TriageModelJSON> | null;
    if (!j || typeof j !== "object" || j.format !== "lantern-triage-model")
      throw new Error('triage model: not a Lantern triage model (format must be "lantern-triage-model")');
    if (j.version !== 1) throw new Error(`triage model: unsupported version ${JSON.stringify(j.version)}`);
    if (typeof j.temperature !== "number" || !(j.temperature > 0)) throw new Error("triage model: temperature must be a positive number");
    if (!j.dictionary && !j.naiveBayes) throw new Error("triage model: needs a dictionary, a naive Bayes part, or both");
    return new TriageClassifier({
      format: "lantern-triage-model",
      version: 1,
      temperature: j.temperature,
      dictionaryWeight: typeof j.dictionaryWeight === "number" ? j.dictionaryWeight : 0,
      dictionary: j.dictionary ? validateDictionary(j.dictionary) : null,
      naiveBayes: j.naiveBayes ?? null,
      trainedOn: j.trainedOn ?? null,
    });
  }

  /**
   * Trains on labelled history, oldest first. The dictionary (if given) supplies keyword
   * pseudo-counts for its codes and is kept for explanations; pass null when the labels are
   * not dictionary codes (e.g. EMS/Fire/Traffic).
   */
  static train(examples: LabelledExample[], opts: TrainOptions = {}): TriageClassifier {
    const dictionary = opts.dictionary === undefined ? defaultDictionary : opts.dictionary;
    const dictionaryWeight = dictionary ? (opts.dictionaryWeight ?? 1) : 0;
    const alpha = opts.alpha ?? 0.5;
    const calibrationFraction = opts.calibrationFraction ?? 0.1;
    const progress = opts.onProgress ?? (() => {});
    if (examples.length === 0) throw new Error("triage training: no usable examples");

    const tokens = examples.map((e) => tokenize(e.text));
    const build = (end: number): NaiveBayesModel => {
      const b = new NaiveBayesBuilder(alpha);
      if (dictionary && dictionaryWeight > 0) {
        for (const c of dictionary.categories) {
          b.addClass(c.code);
          for (const kw of [...c.keywords.zh, ...c.keywords.en]) b.add(c.code, tokenize(kw), dictionaryWeight, false);
        }
      }
      for (let i = 0; i < end; i++) b.add(examples[i].label, tokens[i]);
      return b.build();
    };

    let temperature = 1;
    const calibrationStart = Math.floor(examples.length * (1 - calibrationFraction));
    if (calibrationFraction > 0 && examples.length >= 50 && calibrationStart > 0) {
      progress(`fitting confidence temperature on the latest ${examples.length - calibrationStart} examples`);
      const early = build(calibrationStart);
      const index = new Map(early.classes.map((c, i) => [c, i]));
      const cases: CalibrationCase[] = [];
      for (let i = calibrationStart; i < examples.length; i++) {
        const truth = index.get(examples[i].label);
        const ids = early.encode(tokens[i]);
        // Classes the early model never saw, and texts with no known token, say nothing about confidence.
        if (truth === undefined || ids.length === 0) continue;
        cases.push({ logits: early.logits(ids), truth });
      }
      temperature = fitTemperature(cases);
    }
    progress(`counting n-grams in ${examples.length} examples`);
    const nb = build(examples.length);
    const classCounts: Record<string, number> = {};
    for (const e of examples) classCounts[e.label] = (classCounts[e.label] ?? 0) + 1;
    const times = examples.map((e) => e.time).filter((t): t is number => t !== null);
    return new TriageClassifier({
      format: "lantern-triage-model",
      version: 1,
      temperature,
      dictionaryWeight,
      dictionary: dictionary ? validateDictionary(dictionary) : null,
      naiveBayes: nb.toJSON(),
      trainedOn: {
        examples: examples.length,
        from: times.length ? new Date(Math.min(...times)).toISOString() : null,
        to: times.length ? new Date(Math.max(...times)).toISOString() : null,
        classes: classCounts,
      },
    });
  }

  get temperature(): number {
    return this.json.temperature;
  }

  get isTrained(): boolean {
    return this.nb !== null;
  }

  /** Codes this classifier can suggest. */
  get classes(): string[] {
    if (this.nb) return [...this.nb.classes];
    return this.json.dictionary ? this.json.dictionary.categories.map((c) => c.code) : [];
  }

  /** Top-k categories, most likely first. Empty when the text carries no evidence at all. */
  suggest(text: string, opts: SuggestOptions = {}): CategorySuggestion[] {
    const k = Math.max(1, Math.floor(opts.k ?? 3));
    if (typeof text !== "string" || text.trim() === "") return [];
    const hits = this.matcher ? this.matcher.match(text) : [];
    const matchedBy = new Map<string, string[]>();
    for (const h of hits) matchedBy.set(h.code, [...(matchedBy.get(h.code) ?? []), h.keyword]);

    if (!this.nb) {
      const score = new Map<string, number>();
      let total = NO_MATCH_MASS;
      for (const h of hits) {
        score.set(h.code, (score.get(h.code) ?? 0) + h.weight);
        total += h.weight;
      }
      return [...score.entries()]
        .map(([code, s]) => ({ code, confidence: s / total, matched: matchedBy.get(code) ?? [], evidence: [] }))
        .sort((a, b) => b.confidence - a.confidence || a.code.localeCompare(b.code))
        .slice(0, k);
    }

    const nb = this.nb;
    const ids = nb.encode(tokenize(text));
    if (ids.length === 0) return [];
    const p = softmax(nb.logits(ids), this.json.temperature);
    const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a]);
    return order.slice(0, k).map((c) => ({
      code: nb.classes[c],
      confidence: p[c],
      matched: matchedBy.get(nb.classes[c]) ?? [],
      evidence: nb.evidence(ids, c),
    }));
  }

  toJSON(): TriageModelJSON {
    return this.json;
  }
}

let current: TriageClassifier | null = null;

/** Replaces the model behind `suggestCategories` (null returns to the default dictionary). */
export function useTriageModel(model: TriageClassifier | null): void {
  current = model;
}

/**
 * Suggests categories for a narrative with the loaded model, or with the default dictionary's
 * keywords when no trained model is loaded.
 */
export function suggestCategories(text: string, opts: SuggestOptions = {}): CategorySuggestion[] {
  if (!current) current = TriageClassifier.fromDictionary(defaultDictionary);
  return current.suggest(text, opts);
}
