import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { TriageClassifier } from "./classifier.ts";
import { shellQuote } from "./cli.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lantern-triage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lantern(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/lantern.js", ...args], {
    cwd: repo,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A synthetic labelled history (behaviour only; no accuracy is claimed from it). */
function writeHistory(): string {
  const phrases: Array<[string, string]> = [
    ["someone stole my bike from the rack", "alarm.theft"],
    ["wallet stolen on the bus", "alarm.theft"],
    ["loud music from the flat upstairs", "complaint.noise"],
    ["neighbours shouting and loud party", "complaint.noise"],
    ["smoke coming out of the kitchen window", "alarm.fire"],
    ["car crashed into a lamp post", "alarm.traffic_accident"],
  ];
  const rows = ["id,narrative,category,received_at"];
  for (let i = 0; i < 240; i++) {
    const [text, label] = phrases[i % phrases.length];
    const day = String(1 + Math.floor(i / 10)).padStart(2, "0");
    rows.push(`${i},"${text}",${label},2024-01-${day} ${String(i % 24).padStart(2, "0")}:00:00`);
  }
  rows.push('900,"",alarm.theft,2024-01-25 10:00:00');
  rows.push('901,"my cat is on the roof",help.cat,2024-01-25 11:00:00');
  const file = join(dir, "history.csv");
  writeFileSync(file, rows.join("\n"));
  return file;
}

describe("lantern triage CLI", () => {
  const history = writeHistory();

  it("has help for both commands", () => {
    const train = lantern("triage", "train", "--help");
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/--out <model\.json>/);
    const ev = lantern("triage", "eval", "--help");
    expect(ev.code).toBe(0);
    expect(ev.stdout).toMatch(/holdout is by time, never random/);
  });

  it("trains a model file that loads and suggests, reporting skipped rows", () => {
    const out = join(dir, "model.json");
    const r = lantern(
      "triage",
      "train",
      history,
      "--text-col",
      "narrative",
      "--label-col",
      "category",
      "--time-col",
      "received_at",
      "--out",
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped 2: empty text 1, unknown label 1 \(unknown labels help\.cat: 1\)/);
    const model = TriageClassifier.fromJSON(JSON.parse(readFileSync(out, "utf8")));
    expect(model.suggest("my bike was stolen")[0].code).toBe("alarm.theft");
  });

  it("evaluates with a time holdout and prints a per-class table and JSON", () => {
    const r = lantern(
      "triage",
      "eval",
      history,
      "--text-col",
      "narrative",
      "--label-col",
      "category",
      "--time-col",
      "received_at",
      "--test-fraction",
      "0.25",
      "--no-record",
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| alarm\.theft \| 100\.0 \| 100\.0 \| 100\.0 \| 20 \|/);
    const json = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "");
    expect(json.train).toBe(180);
    expect(json.test).toBe(60);
    expect(json.accuracy).toBe(1);
    expect(json.load.skipped).toEqual({ "empty text": 1, "unknown label": 1 });
    expect(r.stderr).toMatch(/time split at 2024-01-19/);
  });

  it("fails with one clear line on bad input", () => {
    const missing = lantern("triage", "eval", history, "--no-record");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/needs --text-col and --label-col/);
    const noFile = lantern("triage", "train", join(dir, "nope.csv"), "--format", "csv", "--out", join(dir, "x.json"));
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/cannot read .*nope\.csv/);
    const badCol = lantern("triage", "eval", history, "--text-col", "story", "--label-col", "category", "--no-record");
    expect(badCol.stderr).toMatch(/no text column "story"; columns are: id, narrative, category, received_at/);
  });
});

describe("shellQuote", () => {
  it("leaves plain arguments alone and quotes the rest so a shell reads them back", () => {
    expect(shellQuote("../data/x.csv")).toBe("../data/x.csv");
    expect(shellQuote("a b")).toBe("'a b'");
    const tricky = 'it\'s → "x"';
    const r = spawnSync("sh", ["-c", `printf %s ${shellQuote(tricky)}`], { encoding: "utf8" });
    expect(r.stdout).toBe(tricky);
  });
});
