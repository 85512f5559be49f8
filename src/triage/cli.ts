/**
 * `lantern triage train|eval FILE`: learn category suggestion from labelled call history and
 * measure it with a time-based holdout (earlier calls train, later calls test).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { recordResult } from "../../bench/results.ts";
import { type LabelledExample, TriageClassifier } from "./classifier.ts";
import { defaultDictionary } from "./default-dictionary.ts";
import type { CategoryDictionary } from "./dictionary.ts";
import {
  baselines,
  type Evaluation,
  evaluateClassifier,
  formatConfusions,
  formatMatrix,
  formatTable,
  textCeiling,
  timeSplit,
} from "./evaluate.ts";
import { type BerkeleyScheme, loadBerkeley } from "./loaders/berkeley.ts";
import { loadCsv } from "./loaders/csv.ts";
import { describeReport, type LoadReport } from "./loaders/load-report.ts";
import { loadMontgomery, unzipMontgomery } from "./loaders/montgomery.ts";
import { loadDictionaryFile, loadTriageModel, saveTriageModel } from "./model-file.ts";

type Format = "berkeley" | "montgomery" | "csv";

interface LoadOptions {
  format?: Format;
  textCol?: string;
  labelCol?: string;
  timeCol?: string;
  delimiter?: string;
  labels: "dictionary" | "any";
  berkeleyLabels: BerkeleyScheme;
  dictionary?: string;
  keywordPrior: boolean;
  dictionaryWeight: string;
  alpha: string;
}

interface Loaded {
  examples: LabelledExample[];
  report: LoadReport;
  format: Format;
  /** The dictionary whose codes are the labels, or null when labels are something else. */
  dictionary: CategoryDictionary | null;
}

const log = (msg: string) => process.stderr.write(`triage: ${msg}\n`);

/** Bad input ends the command with one clear line and exit code 1, not a stack trace. */
function guarded<A extends unknown[]>(action: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      action(...args);
    } catch (e) {
      process.stderr.write(`triage: error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    }
  };
}

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a non-negative number`);
  return v;
};

function guessFormat(file: string, head: string): Format {
  if (file.toLowerCase().endsWith(".zip")) return "montgomery";
  const first = head.split(/\r?\n/, 1)[0] ?? "";
  if (/\bOFFENSE\b/.test(first) && /\bCVLEGEND\b/.test(first)) return "berkeley";
  if (/\btitle\b/.test(first) && /\btimeStamp\b/.test(first)) return "montgomery";
  return "csv";
}

function load(file: string, o: LoadOptions): Loaded {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const text = isZip ? "" : bytes.toString("utf8");
  const format = o.format ?? guessFormat(file, text.slice(0, 2000));
  const dictionary = o.dictionary ? loadDictionaryFile(o.dictionary) : defaultDictionary;
  log(`reading ${basename(file)} as ${format}`);
  if (format === "montgomery") {
    const csv = isZip ? unzipMontgomery(new Uint8Array(bytes)) : text;
    return { ...loadMontgomery(csv), format, dictionary: null };
  }
  if (isZip) throw new Error(`${file} is a zip; only --format montgomery reads zips`);
  if (format === "berkeley") {
    const r = loadBerkeley(text, o.berkeleyLabels);
    return { ...r, format, dictionary: o.berkeleyLabels === "lantern" ? dictionary : null };
  }
  if (!o.textCol || !o.labelCol) throw new Error("--format csv needs --text-col and --label-col");
  const labels = o.labels === "dictionary" ? new Set(dictionary.categories.map((c) => c.code)) : null;
  const r = loadCsv(text, {
    textCol: o.textCol,
    labelCol: o.labelCol,
    timeCol: o.timeCol,
    delimiter: o.delimiter,
    labels,
  });
  if (!o.timeCol) log("warning: no --time-col; rows are taken to be in time order as they appear in the file");
  return { ...r, format, dictionary: o.labels === "dictionary" ? dictionary : null };
}

function addLoadOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--format <format>", "berkeley | montgomery | csv (default: guessed from the file)").choices([
        "berkeley",
        "montgomery",
        "csv",
      ]),
    )
    .option("--text-col <name>", "csv: column with the narrative text")
    .option("--label-col <name>", "csv: column with the category label")
    .option("--time-col <name>", "csv: column with the call time (ISO-8601, MM/DD/YYYY hh:mm AM, or epoch)")
    .option("--delimiter <char>", "csv: field delimiter", ",")
    .addOption(
      new Option("--labels <set>", "csv: accept only dictionary codes as labels, or any label")
        .choices(["dictionary", "any"])
        .default("dictionary"),
    )
    .addOption(
      new Option("--berkeley-labels <scheme>", "berkeley: CVLEGEND mapped to Lantern codes, or raw CVLEGEND")
        .choices(["lantern", "cvlegend"])
        .default("lantern"),
    )
    .option("--dictionary <file.json>", "category dictionary to use instead of the built-in one")
    .option("--no-keyword-prior", "do not add dictionary keywords as pseudo-counts when training")
    .option("--dictionary-weight <n>", "pseudo-count weight of each dictionary keyword", positive("--dictionary-weight"), "1")
    .option("--alpha <n>", "naive Bayes additive smoothing", positive("--alpha"), "0.5");
}

function trainOn(examples: LabelledExample[], loaded: Loaded, o: LoadOptions): TriageClassifier {
  const alpha = Number(o.alpha);
  if (!(alpha > 0)) throw new Error("--alpha must be greater than 0");
  return TriageClassifier.train(examples, {
    dictionary: loaded.dictionary,
    dictionaryWeight: o.keywordPrior ? Number(o.dictionaryWeight) : 0,
    alpha,
    onProgress: log,
  });
}

function reportLoad(r: LoadReport): void {
  log(describeReport(r));
  for (const s of r.samples) log(`  skipped row ${s.row || "?"}: ${s.reason}${s.detail ? ` (${s.detail})` : ""}`);
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** Quotes an argument for a POSIX shell when it needs it, so the recorded command can be pasted back. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** The command as the user typed it, from `triage` on (relative paths stay relative). */
function typedCommand(): string {
  const argv = process.argv;
  const i = argv.lastIndexOf("triage");
  return `lantern ${(i >= 0 ? argv.slice(i) : argv.slice(2)).map(shellQuote).join(" ")}`;
}

export function registerTriageCommands(program: Command): void {
  const triage = program
    .command("triage")
    .description("category suggestion from call narratives: train on labelled history, evaluate by time");

  addLoadOptions(
    triage
      .command("train")
      .description("train a category model on a labelled call log and write it as JSON")
      .argument("<file>", "labelled call log: Berkeley CSV, Montgomery zip/CSV, or any CSV with text and label columns")
      .requiredOption("--out <model.json>", "where to write the model"),
  )
    .addHelpText(
      "after",
      `
Rows with empty text, an empty or unknown label, or an unreadable time are skipped and counted.
The latest 10% of the (time-ordered) rows are used to fit the confidence temperature.

Examples:
  lantern triage train history.csv --text-col narrative --label-col category --time-col received_at --out model.json
  lantern triage train berkeley-pd-2022.csv --format berkeley --out berkeley-model.json`,
    )
    .action(
      guarded((file: string, o: LoadOptions & { out: string }) => {
        const loaded = load(file, o);
        reportLoad(loaded.report);
        if (loaded.examples.length === 0) throw new Error("no usable rows to train on");
        const examples = loaded.examples.every((e) => e.time !== null) ? timeSplitAll(loaded.examples) : loaded.examples;
        const model = trainOn(examples, loaded, o);
        saveTriageModel(o.out, model);
        const classes = model.classes.length;
        console.log(
          `trained on ${examples.length} examples, ${classes} classes, confidence temperature ${model.temperature.toFixed(3)}; wrote ${o.out}`,
        );
      }),
    );

  addLoadOptions(
    triage
      .command("eval")
      .description("train on the earlier calls, test on the later ones, print per-class precision/recall/F1")
      .argument("<file>", "labelled call log (same formats as train)")
      .option("--test-fraction <f>", "share of the latest calls held out for testing", "0.2")
      .option("--k <n>", "suggestions per call (for top-k accuracy)", "3")
      .option("--dictionary-only", "no training: score the dictionary keywords alone on the held-out calls")
      .option("--model <model.json>", "no training: test this saved model on every row of FILE")
      .option("--name <name>", "name of the result in bench/RESULTS.md (default: triage-eval <file>)")
      .option("--no-record", "do not append the result to bench/RESULTS.md")
      .option("--json", "print the result as one JSON object on the last line"),
  )
    .addHelpText(
      "after",
      `
The holdout is by time, never random: rows are sorted by their time column and the latest
--test-fraction is the test set. The output also shows a majority-class baseline, an exact-text
lookup baseline and the text ceiling (the best any classifier reading only this text could do,
lower than 100% when one text occurs under several labels).

Examples:
  lantern triage eval berkeley-pd-2022.csv --format berkeley
  lantern triage eval montgomery-pa-911-2015-2016.zip --format montgomery
  lantern triage eval history.csv --text-col narrative --label-col category --time-col received_at`,
    )
    .action(
      guarded(
        (
          file: string,
          o: LoadOptions & {
            testFraction: string;
            k: string;
            dictionaryOnly?: boolean;
            model?: string;
            name?: string;
            record: boolean;
            json?: boolean;
          },
        ) => {
          const k = Number(o.k);
          if (!Number.isInteger(k) || k < 1) throw new Error("--k must be a whole number ≥ 1");
          const loaded = load(file, o);
          reportLoad(loaded.report);
          if (loaded.examples.length === 0) throw new Error("no usable rows to evaluate");

          let train: LabelledExample[] = [];
          let test: LabelledExample[];
          let model: TriageClassifier;
          let mode: string;
          if (o.model) {
            model = loadTriageModel(o.model);
            test = loaded.examples;
            mode = `saved model ${basename(o.model)} on all ${test.length} rows`;
          } else {
            const split = timeSplit(loaded.examples, Number(o.testFraction));
            train = split.train;
            test = split.test;
            const cut = split.cut === null ? "file order" : new Date(split.cut).toISOString();
            if (o.dictionaryOnly) {
              if (!loaded.dictionary) throw new Error("--dictionary-only needs labels that are dictionary codes");
              model = TriageClassifier.fromDictionary(loaded.dictionary);
              mode = `dictionary keywords only, tested on the latest ${test.length} rows (from ${cut})`;
            } else {
              log(`time split at ${cut}: ${train.length} train, ${test.length} test`);
              model = trainOn(train, loaded, o);
              mode = `trained on the earliest ${train.length} rows, tested on the latest ${test.length} (from ${cut})`;
            }
          }
          log(`evaluating ${test.length} calls`);
          const ev = evaluateClassifier(model, test, k, (d, t) => log(`evaluated ${d}/${t}`));
          const ceiling = textCeiling(test);
          const base = train.length ? baselines(train, test) : null;
          const summary = renderSummary(file, typedCommand(), mode, loaded, ev, ceiling, base, model);
          console.log(summary);
          const json = {
            command: typedCommand(),
            file: basename(file),
            format: loaded.format,
            mode,
            load: loaded.report,
            train: train.length,
            test: test.length,
            temperature: model.temperature,
            accuracy: ev.accuracy,
            topKAccuracy: ev.topKAccuracy,
            k: ev.k,
            coverage: ev.coverage,
            macro: ev.macro,
            micro: ev.micro,
            ece: ev.ece,
            meanConfidence: ev.meanConfidence,
            perClass: ev.perClass,
            confusion: ev.confusion,
            textCeiling: ceiling,
            baselines: base,
          };
          if (o.record) {
            recordResult(o.name ?? `triage-eval ${basename(file)}`, summary, json, `lantern ${process.argv.slice(2).join(" ")}`);
            log("appended to bench/RESULTS.md");
          }
          if (o.json) console.log(JSON.stringify(json));
        },
      ),
    );
}

/** Orders by time so the calibration slice is the latest one. */
function timeSplitAll(examples: LabelledExample[]): LabelledExample[] {
  return examples
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.time as number) - (b.e.time as number) || a.i - b.i)
    .map((x) => x.e);
}

function renderSummary(
  file: string,
  command: string,
  mode: string,
  loaded: Loaded,
  ev: Evaluation,
  ceiling: ReturnType<typeof textCeiling>,
  base: ReturnType<typeof baselines> | null,
  model: TriageClassifier,
): string {
  const lines = [
    `Command: \`${command}\``,
    "",
    `Data: ${basename(file)} (${loaded.format}): ${describeReport(loaded.report)}.`,
    `Method: ${mode}. Confidence temperature ${model.temperature.toFixed(3)}.`,
    "",
    formatTable(ev),
    "",
    `Accuracy ${pct(ev.accuracy)}, top-${ev.k} ${pct(ev.topKAccuracy)}, coverage ${pct(ev.coverage)}, ` +
      `mean top-1 confidence ${pct(ev.meanConfidence)}, calibration error (ECE) ${pct(ev.ece)}.`,
    `Text ceiling on the test set ${pct(ceiling.accuracy)} (${ceiling.ambiguousTexts} texts occur under more than one label; ` +
      `they make up ${pct(ceiling.ambiguousShare)} of test calls).`,
  ];
  if (base)
    lines.push(
      `Baselines from the training part: most common class ${pct(base.majority)}, exact-text lookup ${pct(base.lookup)} ` +
        `(${base.unseenTexts} test calls have a text never seen in training).`,
    );
  lines.push("", "Most frequent confusions (truth → suggested):", formatConfusions(ev));
  if (Object.keys(ev.confusion).length <= 6) lines.push("", formatMatrix(ev));
  return lines.join("\n");
}
