/**
 * The audit trail's contract: its entries as stored, and the chain's verification. Imports
 * typebox and the shared pieces only, so the web app can import the types built from it.
 */
import { type Static, Type } from "typebox";
import { Instant, lit, Nullable } from "./schemas.ts";

export const AuditQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })) }, { additionalProperties: false });

export const AuditVerifyQuery = Type.Object({ full: Type.Optional(lit(["true", "false"])) }, { additionalProperties: false });

/** One row of the chain as stored: who did what to which subject, for what reason, and its hashes. */
export const AuditLogEntry = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  at: Instant,
  actor_id: Type.String(),
  action: Type.String({ description: "caller.read, …" }),
  subject_type: Type.String(),
  subject_id: Type.String(),
  reason: Type.String(),
  org_path: Type.String(),
  prev_hash: Type.String({ description: "the previous row's hash (64 zeros for the first row)" }),
  hash: Type.String({ description: "SHA-256 over the previous hash and this row's fields" }),
});
export type AuditLogEntry = Static<typeof AuditLogEntry>;

/** A row of the chain by its seq and hash (seq 0: the empty chain). */
export const ChainPositionView = Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Type.String() });
export type ChainPositionView = Static<typeof ChainPositionView>;

/** One thing found wrong, its text in both languages. */
export const AuditFindingView = Type.Object({
  code: Type.String(),
  brokenAt: Nullable(Type.Integer({ description: "the first row wrong or missing; null for a problem beside the chain" })),
  titles: Type.Object({ "zh-CN": Type.String(), en: Type.String() }),
});
export type AuditFindingView = Static<typeof AuditFindingView>;

/** The chain checked against its head and the newest signed checkpoint. */
export const AuditVerificationView = Type.Object({
  intact: Type.Boolean(),
  brokenAt: Nullable(Type.Integer()),
  findings: Type.Array(AuditFindingView),
  mode: lit(["full", "incremental"]),
  checkedRows: Type.Integer({ minimum: 0, description: "rows re-hashed by this check" }),
  verifiedThrough: ChainPositionView,
  checkpoint: Nullable(
    Type.Object(
      { ...ChainPositionView.properties, at: Instant },
      { description: "the newest checkpoint with a valid signature, which the chain was checked against" },
    ),
  ),
  checkpoints: Type.Object({ valid: Type.Integer({ minimum: 0 }), badSignature: Type.Integer({ minimum: 0 }) }),
});
export type AuditVerificationView = Static<typeof AuditVerificationView>;

/** GET /audit: the newest entries in the reader's subtree and the chain's state. */
export const AuditTrailView = Type.Object({
  chain: Type.Object({ intact: Type.Boolean(), brokenAt: Nullable(Type.Integer()) }),
  verification: AuditVerificationView,
  entries: Type.Array(AuditLogEntry, { description: "newest first" }),
});
export type AuditTrailView = Static<typeof AuditTrailView>;
