/**
 * The audit trail for reads of personal data and other sensitive acts. Each row carries the hash
 * of the previous row, so deleting or editing a row breaks the chain and `verifyAuditChain` says
 * where. Appends serialise on the single `audit_head` row, which keeps the chain linear even with
 * several processes writing to PostgreSQL.
 */
import { createHash } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { isoNow } from "./clock.ts";

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string;
  org_path: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  hash: string;
}

export interface PlatformAuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export interface AuditEntry {
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string;
  orgPath: string;
}

export const GENESIS = "0".repeat(64);

function chainHash(prev: string, at: string, e: AuditEntry): string {
  return createHash("sha256")
    .update([prev, at, e.actorId, e.action, e.subjectType, e.subjectId, e.reason, e.orgPath].join("\u001f"))
    .digest("hex");
}

export async function appendAudit(tx: Transaction<any>, entry: AuditEntry): Promise<void> {
  const db = tx as unknown as Kysely<PlatformAuditTables>;
  // A no-op update takes the row lock on PostgreSQL (SQLite transactions are serialised anyway),
  // so two appends cannot both read the same head. The head row is created by the migration.
  await db.updateTable("audit_head").set({ hash: sql`hash` }).where("id", "=", 1).execute();
  const head = await db.selectFrom("audit_head").select("hash").where("id", "=", 1).executeTakeFirstOrThrow();
  const prev = head.hash;
  const at = isoNow();
  const hash = chainHash(prev, at, entry);
  await db
    .insertInto("audit_log")
    .values({
      at,
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      reason: entry.reason,
      org_path: entry.orgPath,
      prev_hash: prev,
      hash,
    } as never)
    .execute();
  await db.updateTable("audit_head").set({ hash }).where("id", "=", 1).execute();
}

/** A row of the chain, by its seq and its hash: a verified-up-to position, or a signed checkpoint's. */
export interface ChainPosition {
  seq: number;
  hash: string;
}

const START: ChainPosition = { seq: 0, hash: GENESIS };

/** One thing found wrong. `brokenAt` is the first row that is wrong or missing; null for a problem beside the chain. */
export interface ChainFinding {
  code: string;
  params: Record<string, unknown>;
  brokenAt: number | null;
}

export interface ChainCheck {
  intact: boolean;
  brokenAt: number | null;
  findings: ChainFinding[];
  mode: "full" | "incremental";
  /** Rows re-hashed by this check: all of them when full, those added since the last check otherwise. */
  checkedRows: number;
  /** The last row the chain is verified up to (seq 0: empty). */
  verifiedThrough: ChainPosition;
}

/** Rows hashed per query when a long stretch is walked, so a full check never holds the table in memory. */
const BATCH = 2000;

/**
 * How far this process has verified each database's chain. A check starts there (or at the newest
 * signed checkpoint after a restart), so a call hashes only the rows added since; the full check
 * starts at the first row.
 */
const verified = new WeakMap<Kysely<any>, ChainPosition>();

type Row = AuditLogTable;

/** Walks rows after `pos`: returns the new position, the rows hashed, and the first broken row. */
function walk(rows: Row[], pos: ChainPosition): { pos: ChainPosition; hashed: number; broken: number | null } {
  let hashed = 0;
  for (const r of rows) {
    hashed++;
    const expected = chainHash(pos.hash, r.at, {
      actorId: r.actor_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      reason: r.reason,
      orgPath: r.org_path,
    });
    if (r.prev_hash !== pos.hash || r.hash !== expected) return { pos, hashed, broken: Number(r.seq) };
    pos = { seq: Number(r.seq), hash: r.hash };
  }
  return { pos, hashed, broken: null };
}

const rowsAfter = (db: Kysely<PlatformAuditTables> | Transaction<PlatformAuditTables>, seq: number, limit?: number) => {
  const q = db.selectFrom("audit_log").selectAll().where("seq", ">", seq).orderBy("seq");
  return (limit ? q.limit(limit) : q).execute();
};

/**
 * Whether the row at a known position is still there with the same hash. A row verified before,
 * or vouched for by a signed checkpoint, that has gone means rows were lost; one that changed
 * means the chain was rewritten.
 */
async function checkPosition(
  db: Kysely<PlatformAuditTables>,
  pos: ChainPosition,
  source: "verified" | "checkpoint",
): Promise<ChainFinding | null> {
  const row = await db.selectFrom("audit_log").select("hash").where("seq", "=", pos.seq).executeTakeFirst();
  if (row?.hash === pos.hash) return null;
  const max = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .executeTakeFirst();
  const last = Number(max?.seq ?? 0);
  if (!row && last < pos.seq)
    return source === "checkpoint"
      ? { code: "audit_rows_lost_after_checkpoint", params: { checkpoint: pos.seq, last }, brokenAt: last + 1 }
      : { code: "audit_verified_rows_lost", params: { seq: pos.seq, last }, brokenAt: last + 1 };
  return source === "checkpoint"
    ? { code: "audit_checkpoint_mismatch", params: { checkpoint: pos.seq }, brokenAt: pos.seq }
    : { code: "audit_verified_row_changed", params: { seq: pos.seq }, brokenAt: pos.seq };
}

/**
 * The stretch after `from`, and the head, read while the head row is locked: appends take that
 * lock first, so none can commit between reading the rows and reading the head, and the two agree.
 */
async function checkTail(db: Kysely<PlatformAuditTables>, from: ChainPosition) {
  return db.transaction().execute(async (tx) => {
    await tx.updateTable("audit_head").set({ hash: sql`hash` }).where("id", "=", 1).execute();
    const head = await tx.selectFrom("audit_head").select("hash").where("id", "=", 1).executeTakeFirst();
    return { ...walk(await rowsAfter(tx, from.seq), from), head: head?.hash ?? null };
  });
}

/**
 * Verifies the chain: every row's link and hash from the position this process verified last
 * (`full`: from the first row), the head against the last row, and the newest signed checkpoint
 * (`anchor`) against the row it vouches for. Advances the verified position only when all is well.
 */
export async function verifyAuditChain(
  anyDb: Kysely<any>,
  opts: { full?: boolean; anchor?: ChainPosition | null } = {},
): Promise<ChainCheck> {
  const db = anyDb as Kysely<PlatformAuditTables>;
  const anchor = opts.anchor ?? null;
  const known = opts.full ? undefined : verified.get(anyDb);
  // After a restart the newest signed checkpoint is a verified position: it was signed only over an intact chain.
  const from = opts.full ? START : (known ?? anchor ?? START);
  const findings: ChainFinding[] = [];
  const done = (pos: ChainPosition, checkedRows: number): ChainCheck => {
    const brokenAt = findings.reduce<number | null>((m, f) => (f.brokenAt === null ? m : Math.min(m ?? f.brokenAt, f.brokenAt)), null);
    if (findings.length === 0) verified.set(anyDb, pos);
    return {
      intact: findings.length === 0,
      brokenAt,
      findings,
      mode: opts.full ? "full" : "incremental",
      checkedRows,
      verifiedThrough: pos,
    };
  };

  if (from.seq > 0) {
    const moved = await checkPosition(db, from, from === known ? "verified" : "checkpoint");
    if (moved) {
      findings.push(moved);
      return done(from, 0);
    }
  }
  let pos = from;
  let checkedRows = 0;
  // The long stretch in pages, outside any transaction; the last few rows with the head, below.
  for (;;) {
    const rows = await rowsAfter(db, pos.seq, BATCH);
    if (rows.length < BATCH) break;
    const w = walk(rows, pos);
    checkedRows += w.hashed;
    if (w.broken !== null) {
      findings.push({ code: "audit_row_altered", params: { seq: w.broken }, brokenAt: w.broken });
      return done(pos, checkedRows);
    }
    pos = w.pos;
  }
  const tail = await checkTail(db, pos);
  checkedRows += tail.hashed;
  if (tail.broken !== null) findings.push({ code: "audit_row_altered", params: { seq: tail.broken }, brokenAt: tail.broken });
  else if (tail.head === null) findings.push({ code: "audit_head_missing", params: {}, brokenAt: tail.pos.seq + 1 });
  else if (tail.head !== tail.pos.hash)
    findings.push({ code: "audit_head_mismatch", params: { seq: tail.pos.seq }, brokenAt: tail.pos.seq + 1 });
  pos = tail.pos;
  if (anchor && anchor !== from) {
    const off = await checkPosition(db, anchor, "checkpoint");
    if (off) findings.push(off);
  }
  return done(pos, checkedRows);
}
