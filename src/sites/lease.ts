/**
 * A short lease per site in the database, so that processes sharing one database handle a site's
 * alarm signals one at a time, as the in-process queue does within one process: two first alarms
 * of one site arriving at two processes at once then make one incident, not two. A lease that its
 * holder never released (a crashed process) lapses after LEASE_MS. Lease times are wall-clock
 * times: this is a technical lock, not a record of when anything happened.
 */
import type { AppContext } from "../context.ts";
import { newId } from "../platform/ids.ts";

/** Longer than handling one signal takes (a recommendation included), short enough to outlive a crash briefly. */
export const LEASE_MS = 15_000;
/** How long to wait for a lease before handling the signal anyway: an alarm is never held back for good. */
export const WAIT_LIMIT_MS = 20_000;

/** Takes the site's lease, waiting while another process holds it; returns the holder id, or null on timeout. */
export async function acquireSiteLease(ctx: AppContext, siteId: string): Promise<string | null> {
  const holder = newId();
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const now = Date.now();
    const row = await ctx.db
      .insertInto("site_leases")
      .values({ site_id: siteId, holder, until: new Date(now + LEASE_MS).toISOString() })
      .onConflict((oc) =>
        oc
          .column("site_id")
          .doUpdateSet({ holder, until: new Date(now + LEASE_MS).toISOString() })
          .where("site_leases.until", "<", new Date(now).toISOString()),
      )
      .returning("holder")
      .executeTakeFirst();
    if (row?.holder === holder) return holder;
    if (now - started > WAIT_LIMIT_MS) return null;
    // Back off briefly: the holder is handling one signal, which takes milliseconds.
    await new Promise((r) => setTimeout(r, Math.min(10 * 2 ** attempt, 200)));
  }
}

export async function releaseSiteLease(ctx: AppContext, siteId: string, holder: string): Promise<void> {
  await ctx.db.deleteFrom("site_leases").where("site_id", "=", siteId).where("holder", "=", holder).execute();
}
