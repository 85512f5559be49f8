import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import { type PlatformAuditTables, verifyAuditChain } from "./audit.ts";
import { actorOf } from "./http.ts";
import { AnyObject } from "./schemas.ts";

/** The audit trail, for auditors: the reads of personal data in their subtree and the chain's state. */
export async function auditRoutes(app: FastifyInstance, { db }: { db: Kysely<any> }) {
  app.get(
    "/audit",
    {
      config: { permission: "audit:read" },
      schema: {
        tags: ["audit"],
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
      const brokenAt = await verifyAuditChain(db);
      return { chain: { intact: brokenAt === null, brokenAt }, entries };
    },
  );
}
