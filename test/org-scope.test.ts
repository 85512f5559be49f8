/**
 * The org-scope filter every list shares (platform/scope.ts) matches the reader's org path
 * exactly as a prefix, on both back ends: LIKE's `_` and `%` in an org id are literal, and
 * SQLite's case-insensitive LIKE does not let `/c/A_B/` read `/c/a_b/`.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageSize, underOrg } from "../src/platform/scope.ts";
import { backends, type Lantern, startLantern } from "./harness.ts";

const PATHS = ["/c/a_b/", "/c/a_b/z1/", "/c/aXb/", "/c/A_B/", "/c/a%/", "/c/a%/z/", "/c/ab/", "/c/a\\b/"];

describe.each(backends)("the org-scope filter on %s", (backend) => {
  let l: Lantern;
  // The probe table is the test's own: the filter is a plain SQL expression on any org-path column.
  const db = () => l.ctx.db as unknown as import("kysely").Kysely<{ scope_probe: { org_path: string } }>;

  beforeAll(async () => {
    l = await startLantern(backend, { seed: false });
    await sql`create table scope_probe (org_path text not null)`.execute(l.ctx.db);
    await db()
      .insertInto("scope_probe")
      .values(PATHS.map((org_path) => ({ org_path })))
      .execute();
  });
  afterAll(() => l?.close());

  const under = async (path: string) =>
    (await db().selectFrom("scope_probe").select("org_path").where(underOrg("org_path", path)).orderBy("org_path").execute())
      .map((r) => r.org_path)
      .sort();

  it("takes an underscore literally", async () => {
    expect(await under("/c/a_b/")).toEqual(["/c/a_b/", "/c/a_b/z1/"]);
  });

  it("takes a percent sign and a backslash literally", async () => {
    expect(await under("/c/a%/")).toEqual(["/c/a%/", "/c/a%/z/"]);
    expect(await under("/c/a\\b/")).toEqual(["/c/a\\b/"]);
  });

  it("tells capitals apart", async () => {
    expect(await under("/c/A_B/")).toEqual(["/c/A_B/"]);
  });

  it("gives the whole city to the city's path", async () => {
    expect(await under("/c/")).toEqual([...PATHS].sort());
  });
});

describe("the page size", () => {
  it("takes what was asked, the default when nothing was, and never more than the cap", () => {
    expect(pageSize(undefined)).toBe(200);
    expect(pageSize(50)).toBe(50);
    expect(pageSize(5000)).toBe(1000);
    expect(pageSize(undefined, 20, 100)).toBe(20);
  });
});
