/**
 * The module boundary check. A module (a folder under src/) owns the tables its `tables.ts`
 * declares (platform: the ones its own files declare). Another module may not name those tables in
 * a query, nor import the owner's `tables.ts` or `migrations.ts`. The crossings the team has agreed
 * to are listed in one place, docs/architecture.md ("Crossings"), and the check allows exactly
 * those: one that is not listed fails, and so does a listed one that no longer happens.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface Crossing {
  /** The file that crosses, relative to src/ (`dispatch/clocks.ts`). */
  file: string;
  /** A table name, or the other module's file it imports (`incidents/tables.ts`). */
  target: string;
}

const key = (c: Crossing) => `${c.file} → ${c.target}`;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Which module owns each table: the `…Tables` interfaces of every module's files. */
export function tableOwners(src: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of tsFiles(src)) {
    const module = relative(src, file).split("/")[0];
    if (module.endsWith(".ts")) continue; // files at the root compose the others and own nothing
    const text = readFileSync(file, "utf8");
    for (const block of text.matchAll(/export (?:interface \w+Tables\b[^{]*|type \w+Tables\s*=\s*)\{([^}]*)\}/g)) {
      for (const m of block[1].matchAll(/^\s*(\w+)\s*:/gm)) owners.set(m[1], module);
    }
  }
  return owners;
}

const QUERY_CALL = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*["'`](\w+)/g;
const SQL_TABLE = /\b(?:from|join|into|update)\s+(\w+)/gi;
const IMPORT = /from\s+["'](?:\.\.\/)+(\w[\w-]*)\/(tables|migrations)\.ts["']/g;

/** Every place a module names another module's table or imports its tables/migrations file. */
export function findCrossings(src: string): Crossing[] {
  const owners = tableOwners(src);
  const found = new Map<string, Crossing>();
  for (const path of tsFiles(src)) {
    const file = relative(src, path);
    const parts = file.split("/");
    if (parts.length < 2) continue; // the composition root (server, schema, migrations) may see all
    const module = parts[0];
    const text = readFileSync(path, "utf8");
    const note = (target: string) => found.set(key({ file, target }), { file, target });
    for (const m of text.matchAll(QUERY_CALL)) {
      const owner = owners.get(m[1]);
      if (owner && owner !== module) note(m[1]);
    }
    for (const tpl of text.matchAll(/sql(?:<[^>]*>)?`([^`]*)`/g)) {
      for (const m of tpl[1].matchAll(SQL_TABLE)) {
        const owner = owners.get(m[1]);
        if (owner && owner !== module) note(m[1]);
      }
    }
    for (const m of text.matchAll(IMPORT)) if (m[1] !== module) note(`${m[1]}/${m[2]}.ts`);
  }
  return [...found.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

/** The crossings listed in the architecture document: lines "- `file` → `target`: why". */
export function documentedCrossings(doc: string): Crossing[] {
  const section = doc.split(/^### Crossings$/m)[1]?.split(/^#{2,3} /m)[0] ?? "";
  return [...section.matchAll(/^- `([^`]+)` → `([^`]+)`/gm)].map((m) => ({ file: m[1], target: m[2] }));
}

/** What is wrong: crossings that are not documented, and documented ones that no longer happen. */
export function checkBoundaries(src: string, doc: string): { undocumented: string[]; stale: string[] } {
  const found = new Set(findCrossings(src).map(key));
  const listed = new Set(documentedCrossings(doc).map(key));
  return {
    undocumented: [...found].filter((k) => !listed.has(k)),
    stale: [...listed].filter((k) => !found.has(k)),
  };
}
