/**
 * How a view reads the API: through the one query cache (data/client.ts), under a key from
 * data/keys.ts. A read is an `Endpoint` (its key and how to fetch it), made once in the feature's
 * queries.ts; `useApi` turns it into an answer that stays current, because the stream bridge
 * (data/bridge.ts) invalidates the keys an event touches. No view keeps its own timer: the few
 * reads that must be re-read on a clock say so in `freshness`, with the reason where they are made.
 */
import {
  keepPreviousData,
  type QueryKey,
  skipToken,
  type UseQueryOptions,
  type UseQueryResult,
  useQueries,
  useQuery,
} from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../platform/api.ts";
import { store, useTopic } from "../platform/store.ts";
import { queryClient } from "./client.ts";

/** One read of the API: where its answer is kept, and how it is fetched. */
export interface Endpoint<T> {
  key: QueryKey;
  read: () => Promise<T>;
}

export const endpoint = <T>(key: QueryKey, read: () => Promise<T>): Endpoint<T> => ({ key, read });

/** A GET of the API's path. */
export const get = <T>(key: QueryKey, path: string): Endpoint<T> => endpoint(key, () => api<T>("GET", path));

/** A POST that only reads (the body is the question, too long for a query string). */
export const postRead = <T>(key: QueryKey, path: string, body: unknown): Endpoint<T> => endpoint(key, () => api<T>("POST", path, body));

export interface ApiOptions<T, R> {
  /** false: keep what is cached, read nothing. */
  enabled?: boolean;
  /** What the view wants of the answer (kept per view; the cache holds the whole answer). */
  select?: (data: T) => R;
  /** Keep showing the previous key's answer while the next one loads (type-ahead, a new range). */
  keepPrevious?: boolean;
  /** How long an answer counts as fresh; 0 (the default) reads again whenever a view mounts. */
  staleTime?: number;
  /** How many times a failed read is tried again (none by default). */
  retry?: number;
  /** Which of the held and the new answer to keep (answers can cross on the wire). */
  merge?: (held: T | undefined, next: T) => T;
  /**
   * A clock for what the stream cannot say: `every` ms regardless, or `whileNoStream` ms while
   * this console has no live stream (a role without one, a link that is down).
   */
  freshness?: { every?: number; whileNoStream?: number };
  /** Read again when the screen is shown again (a phone woken from its pocket). */
  refetchOnShow?: boolean;
  /** An error after which the clock stops (a 403 will not turn into an answer). */
  giveUpOn?: (e: unknown) => boolean;
}

function optionsOf<T, R>(e: Endpoint<T> | null, o: ApiOptions<T, R>): UseQueryOptions<T, Error, R> {
  const every = o.freshness?.every;
  const whileNoStream = o.freshness?.whileNoStream;
  return {
    queryKey: e?.key ?? ["none"],
    queryFn: e ? e.read : skipToken,
    enabled: e !== null && o.enabled !== false,
    select: o.select,
    placeholderData: o.keepPrevious ? keepPreviousData : undefined,
    staleTime: o.staleTime ?? 0,
    retry: o.retry ?? false,
    structuralSharing: o.merge ? (held, next) => o.merge!(held as T | undefined, next as T) : true,
    refetchOnWindowFocus: o.refetchOnShow ?? false,
    refetchIntervalInBackground: true,
    refetchInterval: (q) => {
      if (o.giveUpOn?.(q.state.error)) return false;
      if (every) return every;
      if (whileNoStream && store.conn !== "live") return whileNoStream;
      return false;
    },
  };
}

/** The answer to one read, kept current; `null` reads nothing (the view has nothing to ask yet). */
export function useApi<T, R = T>(e: Endpoint<T> | null, o: ApiOptions<T, R> = {}): UseQueryResult<R, Error> {
  // The clock of `whileNoStream` depends on the connection: re-evaluate it when that changes.
  useTopic("conn");
  return useQuery(optionsOf(e, o), queryClient);
}

/** The answers to several reads of the same kind, in the order asked. */
export function useApis<T, R = T>(es: readonly Endpoint<T>[], o: ApiOptions<T, R> = {}): UseQueryResult<R, Error>[] {
  useTopic("conn");
  return useQueries({ queries: es.map((e) => optionsOf(e, o)) }, queryClient);
}

/** Reads now (outside a view, or when the caller needs the fresh answer itself); the cache takes it too. */
export function fetchApi<T>(e: Endpoint<T>): Promise<T> {
  return queryClient.fetchQuery({ queryKey: e.key, queryFn: e.read, staleTime: 0 });
}

/** The value once it has stopped changing for `ms` (typing, a pin being dragged). */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
