import type { Kysely } from "kysely";
import type { PlatformAuditTables } from "./audit.ts";
import { verifyAudit } from "./audit-checkpoints.ts";
import { AuditQuery, AuditTrailView, AuditVerificationView, AuditVerifyQuery } from "./audit-schemas.ts";
import type { Config } from "./config.ts";
import { actorOf, type Routes } from "./http.ts";
import { errors } from "./schemas.ts";
import { underOrg } from "./scope.ts";

export interface AuditRoutesOptions {
  db: Kysely<any>;
  config: Config;
}

/** The audit trail, for auditors: the reads of personal data in their subtree and the chain's state. */
export const auditRoutes: Routes<AuditRoutesOptions> = async (app, { db, config }) => {
  app.get(
    "/audit",
    {
      config: { permission: "audit:read" },
      schema: {
        tags: ["audit"],
        description:
          "The newest audit entries in the reader's subtree, and the chain's state: verified incrementally (only the rows " +
          "added since this process last verified), against the head and the newest signed checkpoint.",
        querystring: AuditQuery,
        response: { 200: AuditTrailView, ...errors },
      },
    },
    async (req) => {
      const scope = actorOf<{ orgPath: string }>(req).orgPath;
      const limit = Number(req.query.limit ?? 200);
      const entries = await (db as Kysely<PlatformAuditTables>)
        .selectFrom("audit_log")
        .selectAll()
        .where(underOrg("org_path", scope))
        .orderBy("seq", "desc")
        .limit(limit)
        .execute();
      const verification = await verifyAudit(db, config);
      return { chain: { intact: verification.intact, brokenAt: verification.brokenAt }, verification, entries };
    },
  );
  app.get(
    "/audit/verify",
    {
      config: { permission: "audit:read" },
      schema: {
        tags: ["audit"],
        description:
          "Verifies the audit chain against its head and the newest signed checkpoint; `full=true` re-hashes every row and " +
          "re-reads every checkpoint. Findings carry their text in zh-CN and en.",
        querystring: AuditVerifyQuery,
        response: { 200: AuditVerificationView, ...errors },
      },
    },
    async (req) => verifyAudit(db, config, { full: req.query.full === "true" }),
  );
};
