/**
 * The tree keeps its shape: no import circles and no function longer than about 150 lines in the
 * server (src/), the web app (web/src/) or the benchmarks (bench/); the checks themselves are shown catching a planted
 * circle and a planted long function.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importCircles, longFunctions, MAX_FUNCTION_LINES, sourceFiles } from "./structure.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the tree's shape", () => {
  for (const dir of ["src", "web/src", "bench"]) {
    it(`${dir} has no import circle`, () => {
      const files = sourceFiles(join(root, dir));
      // A wrong path would find nothing and pass: each tree has its files.
      expect(files.length).toBeGreaterThan(5);
      expect(importCircles(files, root)).toEqual([]);
    });

    it(`${dir} has no function over ${MAX_FUNCTION_LINES} lines`, () => {
      const long = longFunctions(sourceFiles(join(root, dir)), root).map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
      expect(long).toEqual([]);
    });
  }

  describe("on a planted tree", () => {
    const dir = mkdtempSync(join(tmpdir(), "lantern-structure-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    write("a/one.ts", 'import { two } from "../b/two.ts";\nexport const one = () => two();\n');
    write("b/two.ts", 'import type { Three } from "./three.ts";\nexport const two = (t?: Three) => t;\n');
    write("b/three.ts", 'export type { One } from "../a/one.ts";\nexport interface Three { x: number }\n');
    write("c/alone.ts", 'import { one } from "../a/one.ts";\nexport const alone = one;\n');
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const x${i} = ${i};`).join("\n");
    write("c/long.ts", `export function tooLong() {\n${body}\n}\nexport const short = () => 1;\n`);
    write("c/long.test.ts", `export function testsMayBeLong() {\n${body}\n}\n`);

    it("finds the circle through a type-only import and a re-export, and nothing else", () => {
      expect(importCircles(sourceFiles(dir), dir)).toEqual([["a/one.ts", "b/three.ts", "b/two.ts"]]);
    });

    it("finds the long function, with its name, line and length, and leaves tests alone", () => {
      expect(longFunctions(sourceFiles(dir), dir)).toEqual([
        { file: "c/long.ts", name: "tooLong", line: 1, lines: MAX_FUNCTION_LINES + 2 },
      ]);
    });
  });
});
