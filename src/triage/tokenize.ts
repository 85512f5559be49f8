/**
 * Tokeniser for call narratives in Chinese, English or both mixed.
 *
 * Chinese runs become character unigrams and bigrams; English runs become lower-cased word
 * unigrams and bigrams. Character n-grams need no segmenter (no dictionary file, no native
 * dependency), do not break on place names or slang a segmenter has never seen, and are a
 * well-known strong baseline for classifying short Chinese texts. See docs/triage.md.
 */

/** One surface unit of a text: a Han character or a normalised word. */
export interface Units {
  /** The units in reading order. */
  units: string[];
  /** True where the unit is a Han character. */
  han: boolean[];
  /** True where a clause boundary (punctuation, script change) comes before the unit. */
  breakBefore: boolean[];
}

const HAN = /\p{Script=Han}/u;
// Letters and digits of any script except Han, plus the apostrophe inside words (don't → dont).
const WORD_CHAR = /[\p{L}\p{N}'’]/u;
// Punctuation that ends a clause: a bigram never spans it. Spaces, hyphens and slashes do not.
const CLAUSE_END = /[.,;:!?()[\]{}"“”、，。；：！？（）【】《》…\n\r\t|]/u;

/** NFKC folds full-width letters and digits (常见于中文输入法) to ASCII; then lower-case. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** Light English normalisation: drop apostrophes and a plural "s" so "fights" matches "fight". */
export function normalizeWord(word: string): string {
  let w = word.replace(/['’]/g, "");
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
    w = w.endsWith("ies") && w.length > 4 ? `${w.slice(0, -3)}y` : w.slice(0, -1);
  }
  return w;
}

/** Splits a text into Han characters and normalised words, remembering clause boundaries. */
export function toUnits(text: string): Units {
  const s = normalizeText(text);
  const units: string[] = [];
  const han: boolean[] = [];
  const breakBefore: boolean[] = [];
  let pendingBreak = true;
  let word = "";
  const flushWord = () => {
    if (word.length === 0) return;
    const w = normalizeWord(word);
    word = "";
    if (w.length === 0) return;
    // A switch from Han to a word is a boundary too: "在starbucks" gives no cross-script bigram.
    const prevHan = han.length > 0 && han[han.length - 1];
    units.push(w);
    han.push(false);
    breakBefore.push(pendingBreak || prevHan);
    pendingBreak = false;
  };
  for (const ch of s) {
    if (HAN.test(ch)) {
      flushWord();
      const prevWord = han.length > 0 && !han[han.length - 1];
      units.push(ch);
      han.push(true);
      breakBefore.push(pendingBreak || prevWord);
      pendingBreak = false;
    } else if (WORD_CHAR.test(ch)) {
      word += ch;
    } else {
      flushWord();
      if (CLAUSE_END.test(ch)) pendingBreak = true;
    }
  }
  flushWord();
  return { units, han, breakBefore };
}

/**
 * Features for the classifier: every unit (Han character or word) plus every bigram of two
 * adjacent units in the same clause and script. Chinese bigrams are written without a
 * separator ("盗窃"), English bigrams with one space ("theft from"), so they never collide.
 */
export function tokenize(text: string): string[] {
  const { units, han, breakBefore } = toUnits(text);
  const out: string[] = [];
  for (let i = 0; i < units.length; i++) {
    out.push(units[i]);
    if (i > 0 && !breakBefore[i]) out.push(han[i] ? units[i - 1] + units[i] : `${units[i - 1]} ${units[i]}`);
  }
  return out;
}
