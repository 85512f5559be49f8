/** Reading and writing models and dictionaries as JSON files. */
import { readFileSync, writeFileSync } from "node:fs";
import { TriageClassifier } from "./classifier.ts";
import { type CategoryDictionary, validateDictionary } from "./dictionary.ts";

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Loads a trained model written by `lantern triage train --out`. */
export function loadTriageModel(path: string): TriageClassifier {
  return TriageClassifier.fromJSON(readJson(path, "triage model"));
}

export function saveTriageModel(path: string, model: TriageClassifier): void {
  writeFileSync(path, `${JSON.stringify(model.toJSON())}\n`);
}

/** Loads an agency's own category dictionary (same shape as the default one). */
export function loadDictionaryFile(path: string): CategoryDictionary {
  return validateDictionary(readJson(path, "category dictionary"));
}
