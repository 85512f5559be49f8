/** What a form does to the cache after it changed something on the server. */
import type { QueryKey } from "@tanstack/react-query";
import { queryClient } from "./client.ts";
import type { Endpoint } from "./query.ts";

/** Marks the reads under these keys stale; the ones on screen are read again at once. */
export async function invalidate(...keys: QueryKey[]): Promise<void> {
  await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** Drops the answers under these keys, so whoever asks next waits for a fresh one. */
export function forget(...keys: QueryKey[]): void {
  for (const queryKey of keys) queryClient.removeQueries({ queryKey });
}

/** Reads these keys again now, dropping a read already under way (its answer is older). */
export async function reread(key: QueryKey): Promise<void> {
  await queryClient.refetchQueries({ queryKey: key }, { cancelRefetch: true });
}

/** Puts an answer the server gave to a write into the cache of the read it belongs to. */
export function setAnswer<T>(e: Endpoint<T>, update: (old: T | undefined) => T): void {
  queryClient.setQueryData<T>(e.key, update);
}
