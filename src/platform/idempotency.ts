/**
 * Idempotency-Key support for creates from outside. The key, a hash of the request and the
 * response are stored in the same transaction as the created row, so a retry after a timeout
 * gets the original answer and never a second incident. Two identical requests racing each other
 * collide on the primary key; the loser reads the winner's stored answer.
 */
import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { isoNow } from "./clock.ts";
import { isUniqueViolation } from "./db.ts";
import { Problem } from "./problem.ts";

export interface IdempotencyTable {
  actor_id: string;
  key: string;
  scope: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

export interface PlatformIdempotencyTables {
  idempotency_keys: IdempotencyTable;
}

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export function requestHash(payload: unknown): string {
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
}

async function lookup(db: Kysely<any>, actorId: string, key: string) {
  return (db as Kysely<PlatformIdempotencyTables>)
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("actor_id", "=", actorId)
    .where("key", "=", key)
    .executeTakeFirst();
}

/**
 * Runs `create` once per (actor, key). `create` receives the transaction it must use and returns
 * the response body; storing the key is part of that same transaction.
 */
export async function onceForKey<T>(
  db: Kysely<any>,
  opts: { actorId: string; key: string | undefined; scope: string; payload: unknown },
  create: (store: (tx: Transaction<any>, status: number, body: T) => Promise<void>) => Promise<T>,
): Promise<StoredResponse<T>> {
  const { key, actorId, scope } = opts;
  if (!key) return { status: 201, body: await create(async () => {}), replayed: false };
  const hash = requestHash({ scope, payload: opts.payload });
  const replay = async (): Promise<StoredResponse<T> | null> => {
    const row = await lookup(db, actorId, key);
    if (!row) return null;
    if (row.request_hash !== hash || row.scope !== scope) {
      throw new Problem(422, "idempotency_mismatch", {}, { field: "Idempotency-Key" });
    }
    return { status: row.status, body: JSON.parse(row.body) as T, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const body = await create(async (tx, status, b) => {
      await (tx as unknown as Kysely<PlatformIdempotencyTables>)
        .insertInto("idempotency_keys")
        .values({ actor_id: actorId, key, scope, request_hash: hash, status, body: JSON.stringify(b), created_at: isoNow() })
        .execute();
    });
    return { status: 201, body, replayed: false };
  } catch (err) {
    if (isUniqueViolation(err)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw err;
  }
}
