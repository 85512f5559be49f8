/**
 * Every string the console shows exists in Chinese and in English: each key has two non-empty
 * texts, the English one has no Chinese characters left in it, the same {{placeholders}} appear
 * in both, and every key the source code asks for exists. Needs no browser.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CHANNELS as API_CHANNELS } from "../../src/incidents/model.ts";
import { STRINGS } from "../../web/src/strings.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const HAN = /[\u3400-\u9fff]/;
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("console strings in both languages", () => {
  const table = STRINGS as Record<string, readonly [string, string]>;

  it("has a Chinese and an English text for every key, with the same placeholders", () => {
    for (const [key, [zh, en]] of Object.entries(table)) {
      expect(zh.trim(), key).not.toBe("");
      expect(en.trim(), key).not.toBe("");
      // The language button names the other language in that language: 中文 on the English page.
      if (key !== "lang.switch") expect(HAN.test(en), `English text of ${key} contains Chinese: ${en}`).toBe(false);
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });

  it("defines every key the source code uses", () => {
    const code = sources(join(repoRoot, "web", "src"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const literal = new Set([...code.matchAll(/\bt\(\s*"([\w.]+)"/g)].map((m) => m[1]));
    // Keys built from domain values: every value the API can send needs its text.
    const built = [
      ...["in_progress", "urgent", "routine"].map((p) => `priority.${p}`),
      ...["new", "dispatched", "on_scene", "cleared", "closed", "cancelled"].map((s) => `status.${s}`),
      ...["dispatched", "acknowledged", "en_route", "on_scene", "cleared", "cancelled"].map((s) => `asg.${s}`),
      ...["available", "committed", "unavailable"].map((b) => `base.${b}`),
      ...API_CHANNELS.map((c) => `channel.${c}`),
      ...["console", "units", "intercept", "town", "followups", "dashboard", "governance", "settings", "officer", "worker"].map(
        (n) => `nav.${n}`,
      ),
      ...["live", "connecting", "down"].map((c) => `conn.${c}`),
      ...["today", "24h", "7d", "30d"].map((r) => `dash.range.${r}`),
    ];
    const missing = [...literal, ...built].filter((k) => !(k in table));
    expect(missing).toEqual([]);
    expect(literal.size).toBeGreaterThan(100);
  });
});
