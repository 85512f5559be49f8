/**
 * Query filters that take codes from a closed vocabulary (a status, a type, a skill). An unknown
 * code is refused as 422 `unknown_code` naming the field: answering 200 with an empty list would
 * tell a dispatcher who mistyped a status that there is nothing to do. The check is a schema
 * keyword, `x-codes`, so it runs with the other query validation before the handler, and the
 * vocabulary is published in OpenAPI (an `x-` extension is legal in an OpenAPI schema).
 */
import { type TUnsafe, Type } from "typebox";
import { hasNoun } from "./messages.ts";

export const CODES_KEYWORD = "x-codes";

interface CodesSchema {
  /** The thing the code names, as the unknown-code message says it (a noun in messages.ts). */
  what: string;
  codes: readonly string[];
  /** A comma-separated list of codes (`status=new,dispatched`); empty items are ignored. */
  list: boolean;
}

/** The parameters an unknown code's validation error carries to the HTTP layer. */
export interface UnknownCodeParams {
  what: string;
  code: string;
}

function filter<T>(what: string, codes: readonly string[], list: boolean): TUnsafe<T> {
  // A noun without a Chinese name would put English into a Chinese message: refuse at start-up.
  if (!hasNoun(what)) throw new Error(`code filter: "${what}" has no entry in the message nouns`);
  const shown = list ? `comma-separated: ${codes.join(", ")}` : `one of: ${codes.join(", ")}`;
  return Type.Unsafe<T>(Type.String({ description: shown, [CODES_KEYWORD]: { what, codes, list } satisfies CodesSchema }));
}

/** One code, e.g. `?type=compound`. */
export function codeFilter<const C extends string>(what: string, codes: readonly C[]): TUnsafe<C> {
  return filter<C>(what, codes, false);
}

/** A comma-separated list of codes, e.g. `?status=new,dispatched`. */
export function codeListFilter(what: string, codes: readonly string[]): TUnsafe<string> {
  return filter<string>(what, codes, true);
}

/** The first code in `value` outside the vocabulary, or null. */
export function unknownCode(schema: CodesSchema, value: string): string | null {
  const items = schema.list ? value.split(",").filter(Boolean) : [value];
  return items.find((c) => !schema.codes.includes(c)) ?? null;
}

/** The part of Ajv this plugin uses (Ajv is Fastify's validator, not a dependency of ours). */
interface KeywordHost {
  addKeyword(definition: {
    keyword: string;
    type: "string";
    schemaType: "object";
    errors: true;
    validate: (schema: CodesSchema, value: string) => boolean;
  }): unknown;
}

/** Teaches the schema validator the `x-codes` keyword (an Ajv plugin for Fastify's validator). */
export function codesKeyword<A extends KeywordHost>(ajv: A): A {
  ajv.addKeyword({
    keyword: CODES_KEYWORD,
    type: "string",
    schemaType: "object",
    errors: true,
    validate: function check(schema: CodesSchema, value: string) {
      const code = unknownCode(schema, value);
      if (code === null) return true;
      const params: UnknownCodeParams = { what: schema.what, code };
      (check as { errors?: unknown[] }).errors = [{ keyword: CODES_KEYWORD, message: `unknown ${schema.what} code`, params }];
      return false;
    },
  });
  return ajv;
}
