import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { PlatformAuditTables } from "./audit.ts";
import { verifyAudit } from "./audit-checkpoints.ts";
import type { Config } from "./config.ts";
import { actorOf } from "./http.ts";
import { AnyObject } from "./schemas.ts";

/** The audit trail, for auditors: the reads of personal data in their subtree and the chain's state. */
export async function auditRoutes(app: FastifyInstance, { db, config }: { db: Kysely<any>; config: Config }) {
  app.get(
    "/audit",
    {
      config: { permission: "audit:read" },
      schema: {
        tags: ["audit"],
        description:
          "The newest audit entries in the reader's subtree, and the chain's state: verified incrementally (only the rows " +
          "added since this process last verified), against the head and the newest signed checkpoint.",
        querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$" })) }, { additionalProperties: false }),
        response: { 200: AnyObject },
      },
    },
    async (req) => {
      const scope = actorOf<{ orgPath: string }>(req).orgPath;
      const limit = Number((req.query as { limit?: string }).limit ?? 200);
      const entries = await (db as Kysely<PlatformAuditTables>)
        .selectFrom("audit_log")
        .selectAll()
        .where("org_path", "like", `${scope}%`)
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
        querystring: Type.Object(
          { full: Type.Optional(Type.Union([Type.Literal("true"), Type.Literal("false")])) },
          { additionalProperties: false },
        ),
        response: { 200: AnyObject },
      },
    },
    async (req) => verifyAudit(db, config, { full: (req.query as { full?: string }).full === "true" }),
  );
}
