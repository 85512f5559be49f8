/**
 * The bridge from the DC-09 alarm receiver (src/alarms) to sites: one decoded DC-09 message
 * becomes one handleAlarmSignal call per event, keyed by the message's idempotency key, so a
 * retransmitted frame never makes a second incident. Wire it as the receiver's callbacks:
 *
 *   const lookupAccount = await dc09AccountLookup(ctx);
 *   new AlarmReceiver({ lookupAccount, onSignal: (s) => handleDc09Signal(ctx, s).then(() => {}), … })
 */
import type { AlarmEvent, AlarmSignal } from "../alarms/model.ts";
import type { AppContext } from "../context.ts";
import { problems } from "../platform/problem.ts";
import type { Qualifier } from "./model.ts";
import { sitesRuntime, warmSites } from "./runtime.ts";
import { handleAlarmSignal, type SignalResult } from "./signals.ts";

function qualifierOf(e: AlarmEvent): Qualifier {
  if (e.contactId) return e.contactId.qualifier === 3 ? "restore" : e.contactId.qualifier === 6 ? "status" : "new";
  if (e.kind === "alarm") return "new";
  if (e.kind === "restore" || e.kind === "trouble-restore") return "restore";
  return "status";
}

/** Commits every event of a DC-09 message; resolves when all are committed (then the receiver ACKs). */
export async function handleDc09Signal(ctx: AppContext, signal: AlarmSignal): Promise<SignalResult[]> {
  const directory = await warmSites(ctx);
  const entry = directory.accounts.get(signal.account.toUpperCase());
  // The receiver only accepts registered accounts; one removed since is refused (no ACK, the panel retries).
  if (!entry) throw problems.notFound("DC-09 account", signal.account);
  const slot = directory.slotOf(entry.deviceId);
  // A link test (NULL message) is supervision only: the panel is heard, nothing is stored.
  if (slot >= 0) sitesRuntime(ctx).directory.heard(slot, ctx.clock.now().getTime());
  if (signal.linkTest || signal.events.length === 0) return [];
  const at = new Date(signal.sentAt ?? signal.receivedAt).toISOString();
  const results: SignalResult[] = [];
  for (const [i, e] of signal.events.entries()) {
    results.push(
      await handleAlarmSignal(ctx, {
        source: "dc09",
        siteId: entry.siteId,
        deviceId: entry.deviceId,
        // A Contact ID event Lantern has no SIA code for keeps its number; it is logged, not dispatched.
        eventCode: e.code ?? `cid_${e.contactId?.event ?? "unknown"}`,
        qualifier: qualifierOf(e),
        zone: e.zone,
        user: e.user,
        at,
        raw: {
          protocol: signal.protocol,
          account: signal.account,
          sequence: signal.sequence,
          frame: signal.raw,
          data: signal.data,
          event: e,
          transport: signal.transport ?? null,
          remoteAddress: signal.remoteAddress ?? null,
        },
        idempotencyKey: signal.events.length === 1 ? signal.idempotencyKey : `${signal.idempotencyKey}:${i}`,
      }),
    );
  }
  return results;
}
