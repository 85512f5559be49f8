/**
 * The category dictionary: the codes a call can be filed under, their names, and the words
 * callers use for them in Chinese and English. It is plain JSON so an agency can edit its own
 * copy; the classifier uses it both as an explanation ("matched 入室, 撬锁") and as prior
 * evidence before any labelled history exists.
 */
import { toUnits } from "./tokenize.ts";

export interface CategoryEntry {
  /** Dotted code, kind first: `alarm.` 报警, `help.` 求助, `complaint.` 投诉. */
  code: string;
  name: { zh: string; en: string };
  /** Words and phrases callers use for this category. Matching is on whole words / characters. */
  keywords: { zh: string[]; en: string[] };
}

export interface CategoryDictionary {
  version: 1;
  categories: CategoryEntry[];
}

const CODE = /^(alarm|help|complaint)\.[a-z][a-z0-9_]*$/;

/** Checks a dictionary read from outside; throws one error listing every problem found. */
export function validateDictionary(input: unknown): CategoryDictionary {
  const problems: string[] = [];
  const d = input as Partial<CategoryDictionary> | null;
  if (!d || typeof d !== "object") throw new Error("category dictionary: expected a JSON object");
  if (d.version !== 1) problems.push(`version must be 1 (got ${JSON.stringify(d.version)})`);
  if (!Array.isArray(d.categories) || d.categories.length === 0) {
    problems.push("categories must be a non-empty array");
  } else {
    const seen = new Set<string>();
    d.categories.forEach((c, i) => {
      const at = `categories[${i}]`;
      if (!c || typeof c !== "object") {
        problems.push(`${at} is not an object`);
        return;
      }
      if (typeof c.code !== "string" || !CODE.test(c.code))
        problems.push(`${at}.code ${JSON.stringify(c.code)} must look like alarm.x, help.x or complaint.x`);
      else if (seen.has(c.code)) problems.push(`${at}.code ${c.code} is duplicated`);
      else seen.add(c.code);
      if (!c.name || typeof c.name.zh !== "string" || typeof c.name.en !== "string") problems.push(`${at}.name needs zh and en strings`);
      for (const lang of ["zh", "en"] as const) {
        const k = c.keywords?.[lang];
        if (!Array.isArray(k) || k.some((w) => typeof w !== "string" || w.trim() === ""))
          problems.push(`${at}.keywords.${lang} must be an array of non-empty strings`);
      }
    });
  }
  if (problems.length > 0) throw new Error(`category dictionary is invalid:\n  ${problems.join("\n  ")}`);
  return d as CategoryDictionary;
}

/** One keyword found in a text. */
export interface KeywordHit {
  code: string;
  keyword: string;
  /** Evidence weight: about 1 per English word or per two Han characters. */
  weight: number;
}

interface CompiledKeyword {
  code: string;
  keyword: string;
  units: string[];
  weight: number;
}

/**
 * Finds dictionary keywords in texts. A keyword matches a run of whole units, so "fire" does
 * not match "firearm". When a match lies inside a longer match ("盗窃" inside "入室盗窃"),
 * only the longer one counts: the longer phrase is the more specific category.
 */
export class KeywordMatcher {
  private readonly byFirstUnit = new Map<string, CompiledKeyword[]>();

  constructor(readonly dictionary: CategoryDictionary) {
    for (const c of dictionary.categories) {
      for (const keyword of [...c.keywords.zh, ...c.keywords.en]) {
        const { units, han } = toUnits(keyword);
        if (units.length === 0) continue;
        let hanCount = 0;
        for (const h of han) if (h) hanCount++;
        const weight = Math.max(1, hanCount / 2 + (units.length - hanCount));
        const list = this.byFirstUnit.get(units[0]) ?? [];
        list.push({ code: c.code, keyword, units, weight });
        this.byFirstUnit.set(units[0], list);
      }
    }
  }

  match(text: string): KeywordHit[] {
    const { units } = toUnits(text);
    const spans: Array<{ start: number; end: number; k: CompiledKeyword }> = [];
    for (let i = 0; i < units.length; i++) {
      const candidates = this.byFirstUnit.get(units[i]);
      if (!candidates) continue;
      for (const k of candidates) {
        if (i + k.units.length > units.length) continue;
        let ok = true;
        for (let j = 1; j < k.units.length && ok; j++) ok = units[i + j] === k.units[j];
        if (ok) spans.push({ start: i, end: i + k.units.length, k });
      }
    }
    // Longest first; a span inside a longer accepted span is not counted again.
    spans.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const accepted: typeof spans = [];
    for (const s of spans) {
      const inside = accepted.some((a) => a.start <= s.start && s.end <= a.end && a.end - a.start > s.end - s.start);
      if (!inside) accepted.push(s);
    }
    const hits: KeywordHit[] = [];
    const seen = new Set<string>();
    for (const s of accepted) {
      const key = `${s.k.code}\u0000${s.k.keyword}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ code: s.k.code, keyword: s.k.keyword, weight: s.k.weight });
    }
    return hits;
  }
}
