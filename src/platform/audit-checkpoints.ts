/**
 * Signed checkpoints of the audit chain, kept where a database user cannot rewrite them.
 *
 * The chain's own hashes prove only that the rows agree with each other: someone who can write the
 * database can delete the newest rows and set `audit_head` to match, and the chain still verifies.
 * So every few minutes the process signs the verified head, {seq, hash, at}, with HMAC-SHA256 under
 * a key that is not in the database, and appends the line to a file outside it and to the process
 * log. Verification then checks the chain against the newest checkpoint whose signature holds: a
 * chain shorter than that checkpoint, or different at its row, has been cut or rewritten.
 *
 * The key is AUDIT_KEY, or else a key file made with mode 0600 in the data directory on first
 * start. The file is convenient on a laptop, but it sits beside a SQLite database: in production
 * the operator sets AUDIT_KEY from a secret store and keeps copies of the checkpoints (the log)
 * off the database host (docs/api.md, "The audit chain").
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Kysely } from "kysely";
import { type ChainCheck, type ChainFinding, type ChainPosition, verifyAuditChain } from "./audit.ts";
import type { Config } from "./config.ts";
import { render } from "./messages.ts";

export interface Checkpoint extends ChainPosition {
  at: string;
}

type AuditConfig = Pick<Config, "dataDir" | "auditKey" | "auditCheckpointFile">;

export const checkpointFileOf = (c: AuditConfig) => c.auditCheckpointFile ?? join(c.dataDir, "audit-checkpoints.jsonl");
export const keyFileOf = (c: AuditConfig) => join(c.dataDir, "audit.key");

/** The signing key and where it came from (for the start-up line; never the key itself). */
export function auditKey(c: AuditConfig): { key: Buffer; source: string } {
  if (c.auditKey) return { key: Buffer.from(c.auditKey, "utf8"), source: "AUDIT_KEY" };
  const file = keyFileOf(c);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // "wx": two processes starting at once must not overwrite each other's key.
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return { key: Buffer.from(readFileSync(file, "utf8").trim(), "utf8"), source: file };
}

/** The signed text: the three fields in a fixed order. */
const signed = (c: Checkpoint) => JSON.stringify({ seq: c.seq, hash: c.hash, at: c.at });
export const signCheckpoint = (key: Buffer, c: Checkpoint) => createHmac("sha256", key).update(signed(c)).digest("hex");

function validSignature(key: Buffer, c: Checkpoint, mac: unknown): boolean {
  if (typeof mac !== "string" || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(mac, "hex"), Buffer.from(signCheckpoint(key, c), "hex"));
}

/** What this process has read of a checkpoint file: it reads only what was appended since. */
interface FileState {
  offset: number;
  lines: number;
  newest: Checkpoint | null;
  valid: number;
  badLines: number[];
  shrank: { before: number; now: number } | null;
}

const files = new Map<string, FileState>();
const fresh = (): FileState => ({ offset: 0, lines: 0, newest: null, valid: 0, badLines: [], shrank: null });

function parseLine(key: Buffer, text: string): Checkpoint | null {
  try {
    const o = JSON.parse(text);
    const c: Checkpoint = { seq: o.seq, hash: o.hash, at: o.at };
    if (!Number.isInteger(c.seq) || typeof c.hash !== "string" || typeof c.at !== "string") return null;
    return validSignature(key, c, o.mac) ? c : null;
  } catch {
    return null;
  }
}

/** Reads the complete lines appended after `s.offset` (a line still being written waits for the next read). */
function readFrom(file: string, key: Buffer, s: FileState): void {
  const size = existsSync(file) ? statSync(file).size : 0;
  if (size <= s.offset) return;
  const fd = openSync(file, "r");
  const buf = Buffer.alloc(size - s.offset);
  try {
    readSync(fd, buf, 0, buf.length, s.offset);
  } finally {
    closeSync(fd);
  }
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return;
  for (const text of buf.subarray(0, end).toString("utf8").split("\n")) {
    s.lines++;
    if (!text.trim()) continue;
    const c = parseLine(key, text);
    if (!c) s.badLines.push(s.lines);
    else {
      s.valid++;
      if (!s.newest || c.seq >= s.newest.seq) s.newest = c;
    }
  }
  s.offset += end + 1;
}

/**
 * The checkpoints as far as they are known: the file's new lines are read, or (`full`) the whole
 * file again. A checkpoint this process has seen stays known even if the file loses it; a file
 * shorter than what was read before is itself reported.
 */
export function readCheckpoints(c: AuditConfig, opts: { full?: boolean } = {}): FileState {
  const file = checkpointFileOf(c);
  const { key } = auditKey(c);
  const known = files.get(file) ?? fresh();
  const size = existsSync(file) ? statSync(file).size : 0;
  const s = opts.full || size < known.offset ? fresh() : known;
  if (size < known.offset) s.shrank = { before: known.offset, now: size };
  else if (s !== known) s.shrank = known.shrank;
  readFrom(file, key, s);
  if (known.newest && (!s.newest || known.newest.seq > s.newest.seq)) s.newest = known.newest;
  files.set(file, s);
  return s;
}

export interface AuditFinding {
  code: string;
  brokenAt: number | null;
  titles: { "zh-CN": string; en: string };
}

export interface AuditVerification extends Omit<ChainCheck, "findings"> {
  findings: AuditFinding[];
  /** The newest checkpoint with a valid signature, which the chain was checked against. */
  checkpoint: Checkpoint | null;
  checkpoints: { valid: number; badSignature: number };
}

const titled = (f: ChainFinding): AuditFinding => ({
  code: f.code,
  brokenAt: f.brokenAt,
  titles: { "zh-CN": render(f.code, f.params, "zh-CN"), en: render(f.code, f.params, "en") },
});

/**
 * The audit chain's state for a reader: the chain against its head and the newest valid signed
 * checkpoint, incrementally (rows and checkpoint lines added since this process last looked) or in
 * full; bad signatures and a shrunken checkpoint file are findings beside the chain.
 */
export async function verifyAudit(db: Kysely<any>, c: AuditConfig, opts: { full?: boolean } = {}): Promise<AuditVerification> {
  const cps = readCheckpoints(c, opts);
  const chain = await verifyAuditChain(db, { full: opts.full, anchor: cps.newest });
  const beside: ChainFinding[] = cps.badLines.map((line) => ({ code: "audit_checkpoint_bad_signature", params: { line }, brokenAt: null }));
  if (cps.shrank) beside.push({ code: "audit_checkpoint_file_shrank", params: cps.shrank, brokenAt: null });
  return {
    ...chain,
    findings: [...chain.findings, ...beside].map(titled),
    checkpoint: cps.newest,
    checkpoints: { valid: cps.valid, badSignature: cps.badLines.length },
  };
}

/**
 * Verifies the chain and, when it is intact and has grown since the newest checkpoint, signs its
 * head and appends the checkpoint to the file and to the log. A broken chain is never signed: that
 * would vouch for the tampering. Returns the checkpoint written, or null.
 */
export async function writeAuditCheckpoint(
  db: Kysely<any>,
  c: AuditConfig,
  log: (line: string) => void,
  now: () => Date = () => new Date(),
): Promise<Checkpoint | null> {
  const v = await verifyAudit(db, c);
  if (!v.intact) {
    log(`audit chain NOT intact, no checkpoint signed: ${v.findings.map((f) => f.titles.en).join("; ")}`);
    return null;
  }
  const head = v.verifiedThrough;
  if (head.seq === 0 || (v.checkpoint && v.checkpoint.seq >= head.seq)) return null;
  const cp: Checkpoint = { seq: head.seq, hash: head.hash, at: now().toISOString() };
  const line = JSON.stringify({ ...cp, mac: signCheckpoint(auditKey(c).key, cp) });
  const file = checkpointFileOf(c);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${line}\n`, { mode: 0o600 });
  log(`audit checkpoint ${line}`);
  return cp;
}

/** Writes a checkpoint now and then every `auditCheckpointS` seconds; returns the stop function. */
export function startAuditCheckpoints(db: Kysely<any>, c: AuditConfig & Pick<Config, "auditCheckpointS">, log: (line: string) => void) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await writeAuditCheckpoint(db, c, log);
    } catch (err) {
      log(`audit checkpoint failed: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, c.auditCheckpointS * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
