/**
 * Module lines the code keeps by itself: no module names another's tables or imports its
 * tables.ts/migrations.ts, except the crossings docs/architecture.md lists; and the check itself
 * is shown to catch a planted violation, an undeclared import and a stale entry.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkBoundaries, findCrossings, tableOwners } from "./boundaries.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const architecture = readFileSync(join(root, "docs", "architecture.md"), "utf8");

describe("module boundaries", () => {
  it("the tree crosses exactly where docs/architecture.md says it does", () => {
    expect(tableOwners(join(root, "src")).get("incidents")).toBe("incidents");
    expect(tableOwners(join(root, "src")).get("work_orders")).toBe("governance");
    expect(checkBoundaries(join(root, "src"), architecture)).toEqual({ undocumented: [], stale: [] });
  });

  describe("on a planted tree", () => {
    const src = mkdtempSync(join(tmpdir(), "lantern-boundaries-"));
    afterAll(() => rmSync(src, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(src, file)), { recursive: true });
      writeFileSync(join(src, file), text);
    };
    write("incidents/tables.ts", "export interface IncidentTables {\n  incidents: IncidentsTable;\n}\n");
    write("dispatch/tables.ts", "export type DispatchTables = {\n  units: UnitsTable;\n};\n");
    write("dispatch/units.ts", 'await db.updateTable("units").set({}).execute();\n');
    write("schema.ts", 'import type { IncidentTables } from "./incidents/tables.ts";\n');
    const doc = "### Crossings\n\n- `dispatch/clocks.ts` → `incidents`: listed.\n\n## Next\n";

    it("passes a module that queries its own tables", () => {
      expect(findCrossings(src)).toEqual([]);
    });

    it("catches a query of another module's table, a raw SQL one, an import, and a stale entry", () => {
      write("dispatch/clocks.ts", 'await db.selectFrom("incidents as i").selectAll().execute();\n');
      write("governance/kpis.ts", "await sql`select count(*) from incidents where valid = 0`.execute(db);\n");
      write("governance/rows.ts", 'import type { IncidentsTable } from "../incidents/tables.ts";\n');
      write("intercept/plans.ts", 'await tx.innerJoin("units", "units.id", "x.unit_id");\n');
      expect(checkBoundaries(src, doc)).toEqual({
        undocumented: ["governance/kpis.ts → incidents", "governance/rows.ts → incidents/tables.ts", "intercept/plans.ts → units"],
        stale: [],
      });
      rmSync(join(src, "dispatch", "clocks.ts"));
      expect(checkBoundaries(src, doc).stale).toEqual(["dispatch/clocks.ts → incidents"]);
    });
  });
});
