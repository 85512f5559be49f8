/**
 * Text no part of Lantern may store, found anywhere in a parsed request (values and keys, at any
 * depth). PostgreSQL refuses a NUL (U+0000) in text, which reached the client as a 500; an
 * unpaired UTF-16 surrogate is silently turned into U+FFFD on the way to either database, so the
 * record would not say what the caller said. A `__proto__` key (and a
 * `constructor` holding a `prototype`) is refused too: JSON.parse makes it a plain own key, but a
 * later Object.assign or deep merge would turn it into a change of the target's prototype.
 */
import { type Problem, problems } from "./problem.ts";

export type TextFault = "nul" | "surrogate" | "prototype_key";

export interface TextFinding {
  /** Dotted path to the offending value or key (`caller.name`, `unitIds.0`), as schema errors name fields. */
  field: string;
  fault: TextFault;
}

// In Unicode mode a well-formed surrogate pair is one code point, so \p{Cs} matches only a lone half.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL is the point
const FORBIDDEN = /\u0000|\p{Cs}/u;

/** Why a string may not be stored, or null when it may. */
export function textFault(s: string): Exclude<TextFault, "prototype_key"> | null {
  const m = FORBIDDEN.exec(s);
  if (!m) return null;
  return m[0] === "\u0000" ? "nul" : "surrogate";
}

/** A key shown in a field path: escaped, so a message never echoes a NUL or a lone surrogate back. */
function shownKey(key: string): string {
  return textFault(key) ? JSON.stringify(key).slice(1, -1) : key;
}

interface Step {
  value: unknown;
  key: string | null;
  parent: Step | null;
}

function pathOf(step: Step, leaf?: string): string {
  const keys: string[] = leaf === undefined ? [] : [leaf];
  for (let s: Step | null = step; s; s = s.parent) if (s.key !== null) keys.push(s.key);
  return keys.reverse().join(".");
}

function keyFault(key: string, value: unknown): TextFault | null {
  if (key === "__proto__") return "prototype_key";
  if (key === "constructor" && value !== null && typeof value === "object" && Object.hasOwn(value, "prototype")) return "prototype_key";
  return textFault(key);
}

/**
 * The first forbidden string or key in a parsed JSON-like value, or null. `root` names the value
 * itself when it is a bare string (a text/plain body). Iterative, so a deeply nested body cannot
 * exhaust the stack; binary bodies (photos) are not text and are skipped.
 */
export function findForbiddenText(value: unknown, root = "body"): TextFinding | null {
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === "string") {
      const fault = textFault(v);
      if (fault) return { field: pathOf(step) || root, fault };
      continue;
    }
    if (v === null || typeof v !== "object" || ArrayBuffer.isView(v)) continue;
    const keys = Object.keys(v);
    if (!Array.isArray(v)) {
      for (const key of keys) {
        const fault = keyFault(key, (v as Record<string, unknown>)[key]);
        if (fault === "prototype_key") return { field: pathOf(step, key === "__proto__" ? key : `${key}.prototype`), fault };
        if (fault) return { field: pathOf(step, shownKey(key)), fault };
      }
    }
    // Pushed in reverse so that the first field in the body is reported first.
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]], key: keys[i], parent: step });
  }
  return null;
}

const REASONS: Record<TextFault, { en: string; zh: string }> = {
  nul: { en: "contains a NUL character (U+0000)", zh: "含有空字符（U+0000）" },
  surrogate: { en: "contains an unpaired UTF-16 surrogate", zh: "含有不成对的代理字符（U+D800–U+DFFF）" },
  prototype_key: { en: "is a reserved key name", zh: "是保留的键名，不能使用" },
};

/**
 * The refusal for a request whose path parameters, query or body hold forbidden text, or null.
 * Checked in that order, so a bad id is named before anything in the body.
 */
export function forbiddenTextProblem(req: { params: unknown; query: unknown; body: unknown }): Problem | null {
  const found = findForbiddenText(req.params, "params") ?? findForbiddenText(req.query, "query") ?? findForbiddenText(req.body);
  if (!found) return null;
  const reason = REASONS[found.fault];
  return problems.validation(found.field, reason.en, reason.zh);
}
