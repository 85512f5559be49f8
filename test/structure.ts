/**
 * Two shape checks of the tree that the compiler does not make: no import circles (a module that
 * reaches itself through its imports cannot be understood, tested or loaded on its own), and no
 * function longer than a reader can hold (about 150 lines). Both read the sources with the
 * TypeScript parser, so comments and strings cannot fool them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** "About 150 lines": a little slack so a comment or a formatter line does not fail the tree. */
export const MAX_FUNCTION_LINES = 160;

/** Source files under `dir`, tests and declarations excepted. */
export function sourceFiles(dir: string): string[] {
  // Absolute paths, as importsOf resolves imports to: a relative `dir` would match no import.
  return readdirSync(dir).flatMap((name) => {
    const path = join(resolve(dir), name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
}

/** The files a file imports or re-exports by relative path (type-only imports count: they tie the files just the same). */
export function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const st of parse(file).statements) {
    const spec = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier;
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith(".")) out.push(resolve(dirname(file), spec.text));
  }
  return out;
}

/** Every import circle among `files`, each as the list of files (relative to `root`) that form it. */
export function importCircles(files: string[], root: string): string[][] {
  const known = new Set(files);
  const edges = new Map(files.map((f) => [f, importsOf(f).filter((g) => known.has(g))]));
  // Tarjan's strongly connected components: each component of more than one file is a circle.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const selfImport = edges.get(v)?.includes(v);
    if (component.length > 1 || selfImport) circles.push(component.map((f) => relative(root, f)).sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return circles;
}

export interface LongFunction {
  file: string;
  name: string;
  line: number;
  lines: number;
}

function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return "(anonymous)";
}

/** Functions (declarations, arrows, methods) longer than `max` lines, counted from their first to their last line. */
export function longFunctions(files: string[], root: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const out: LongFunction[] = [];
  for (const file of files) {
    const sf = parse(file);
    const walk = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
        const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (last - first + 1 > max) out.push({ file: relative(root, file), name: nameOf(node), line: first + 1, lines: last - first + 1 });
      }
      ts.forEachChild(node, walk);
    };
    walk(sf);
  }
  return out;
}
