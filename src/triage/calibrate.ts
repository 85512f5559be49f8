/**
 * Temperature scaling: naive Bayes multiplies token likelihoods as if n-grams were
 * independent, which they are not (a bigram repeats its unigrams), so raw posteriors sit
 * near 0 or 1. Dividing the log posterior by one fitted temperature keeps the ranking and
 * makes the confidence roughly match how often the top suggestion is right.
 */
import { softmax } from "./naive-bayes.ts";

export interface CalibrationCase {
  logits: Float64Array;
  /** Index of the true class. */
  truth: number;
}

/** Mean negative log-likelihood of the true classes at a given temperature. */
export function meanNll(cases: CalibrationCase[], temperature: number): number {
  if (cases.length === 0) return 0;
  let sum = 0;
  for (const k of cases) {
    const p = softmax(k.logits, temperature);
    sum -= Math.log(Math.max(p[k.truth], 1e-12));
  }
  return sum / cases.length;
}

/** Fits the temperature by golden-section search on log T in [0.01, 100]; 1 when there is nothing to fit. */
export function fitTemperature(cases: CalibrationCase[]): number {
  if (cases.length === 0) return 1;
  let lo = Math.log(0.01);
  let hi = Math.log(100);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = meanNll(cases, Math.exp(x1));
  let f2 = meanNll(cases, Math.exp(x2));
  for (let iter = 0; iter < 60; iter++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = meanNll(cases, Math.exp(x1));
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = meanNll(cases, Math.exp(x2));
    }
  }
  return Math.exp((lo + hi) / 2);
}
