/**
 * The POST body of an Open311 request, from `application/x-www-form-urlencoded` (what the spec
 * sends) or JSON. Attributes arrive as `attribute[CODE]=v` and, for multi-value lists,
 * `attribute[CODE][]=v1&attribute[CODE][]=v2`. The spec's examples send numbers where the
 * schemas say strings, so every scalar is accepted as a number or a string and kept as text.
 */

export interface Open311Form {
  fields: Record<string, string>;
  attributes: Record<string, string[]>;
  /** Names whose values were neither strings nor finite numbers (rejected by the caller). */
  badFields: string[];
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

/** A scalar as text: strings as they are, finite numbers in JavaScript's shortest form. */
export function scalarText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function add(form: Open311Form, key: string, value: unknown): void {
  if (value === null || value === undefined) return;
  const m = ATTRIBUTE_KEY.exec(key);
  if (m) {
    const text = scalarText(value);
    if (text === null) form.badFields.push(key);
    else form.attributes[m[1]] = [...(form.attributes[m[1]] ?? []), text];
    return;
  }
  const text = scalarText(value);
  if (text === null) form.badFields.push(key);
  // A repeated plain field keeps its first value, as most form parsers do.
  else if (!(key in form.fields)) form.fields[key] = text;
}

/** Null-prototype records: a client's `__proto__` key is data, never the object's prototype. */
const emptyForm = (): Open311Form => ({ fields: Object.create(null), attributes: Object.create(null), badFields: [] });

export function parseUrlEncoded(body: string): Open311Form {
  const form = emptyForm();
  for (const [k, v] of new URLSearchParams(body)) add(form, k, v);
  return form;
}

/** A JSON body: flat like the form, or with `attribute` as an object of code → value(s). */
export function fromJson(body: unknown): Open311Form {
  const form = emptyForm();
  // No body at all reads as an empty form (the missing fields are then named one by one).
  if (body === undefined || body === null) return form;
  if (typeof body !== "object" || Array.isArray(body)) {
    form.badFields.push("body");
    return form;
  }
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === "attribute" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [code, val] of Object.entries(v as Record<string, unknown>)) {
        for (const one of Array.isArray(val) ? val : [val]) add(form, `attribute[${code}]`, one);
      }
    } else {
      add(form, k, v);
    }
  }
  return form;
}

/** The posted body as a form: the form parser's result as it is, anything else read as JSON. */
export function formOf(body: unknown): Open311Form {
  return isParsedForm(body) ? body : fromJson(body);
}

function isParsedForm(body: unknown): body is Open311Form {
  return !!body && typeof body === "object" && "fields" in body && "attributes" in body;
}
