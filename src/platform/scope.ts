/**
 * The org-scope filter and page size every list query shares. A reader sees rows whose org path
 * lies under theirs. The path is matched exactly: LIKE's `_` and `%` in an org id are taken
 * literally, and SQLite's case-insensitive LIKE is held to the exact prefix by a `substr`
 * comparison, so an org named `a_b` does not see `aXb`'s rows, nor `/A/` those of `/a/`.
 */
import { type Expression, type SqlBool, sql } from "kysely";

/** `s` with LIKE's wildcards and the escape character itself escaped by a backslash. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Rows whose `column` (an org path) starts with `orgPath`: the reader's scope. */
export function underOrg(column: string, orgPath: string): Expression<SqlBool> {
  const ref = sql.ref(column);
  // Code points, as both SQLite's and PostgreSQL's substr count them.
  const length = [...orgPath].length;
  return sql<SqlBool>`(${ref} like ${`${escapeLike(orgPath)}%`} escape '\\' and substr(${ref}, 1, ${length}) = ${orgPath})`;
}

/** The default page of a list, and the most one request may ask for. */
export const PAGE = { default: 200, max: 1000 } as const;

/** The rows a list returns: what was asked, the default when nothing was, never above the cap. */
export function pageSize(asked: number | undefined, fallback: number = PAGE.default, max: number = PAGE.max): number {
  return Math.min(asked ?? fallback, max);
}
