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

/** Walks the chain; returns the seq of the first broken row, or null when intact. */
export async function verifyAuditChain(db: Kysely<any>): Promise<number | null> {
  const rows = await (db as Kysely<PlatformAuditTables>).selectFrom("audit_log").selectAll().orderBy("seq").execute();
  let prev = GENESIS;
  for (const r of rows) {
    const expected = chainHash(prev, r.at, {
      actorId: r.actor_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      reason: r.reason,
      orgPath: r.org_path,
    });
    if (r.prev_hash !== prev || r.hash !== expected) return Number(r.seq);
    prev = r.hash;
  }
  return null;
}
