/**
 * Open311's XML form, written by hand (no dependency): the spec maps JSON to XML by the Spark
 * convention — a JSON array becomes a container element holding one element per item, an object
 * becomes child elements, null becomes an empty element.
 */

/** XML 1.0's Char production: everything else (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot be carried at all. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** Text content, escaped; characters XML cannot carry become U+FFFD. */
export function escapeXml(text: string): string {
  let out = "";
  // for…of walks code points, so a valid surrogate pair arrives whole and a lone one alone.
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (!isXmlChar(c)) out += "\uFFFD";
    else if (ch === "&") out += "&amp;";
    else if (ch === "<") out += "&lt;";
    else if (ch === ">") out += "&gt;";
    else if (ch === '"') out += "&quot;";
    else if (ch === "'") out += "&apos;";
    else out += ch;
  }
  return out;
}

export type JsonLike = string | number | boolean | null | undefined | JsonLike[] | { [k: string]: JsonLike };

/** Element names of array items inside a container, per Open311 (`attributes` → `attribute`). */
const ITEM_NAMES: Record<string, string> = {
  services: "service",
  service_requests: "request",
  attributes: "attribute",
  values: "value",
  errors: "error",
};

function element(name: string, value: JsonLike, indent: string, out: string[]): void {
  if (value === undefined) return;
  if (value === null || value === "") {
    out.push(`${indent}<${name}></${name}>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? "item";
    out.push(`${indent}<${name}>`);
    for (const v of value) element(item, v, `${indent}  `, out);
    out.push(`${indent}</${name}>`);
    return;
  }
  if (typeof value === "object") {
    out.push(`${indent}<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, `${indent}  `, out);
    out.push(`${indent}</${name}>`);
    return;
  }
  out.push(`${indent}<${name}>${escapeXml(String(value))}</${name}>`);
}

/** A whole document: `<?xml …?>` and the root container, e.g. `services` holding `service` items. */
export function xmlDocument(root: string, value: JsonLike): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  element(root, value, "", out);
  return `${out.join("\n")}\n`;
}
