/**
 * The one query cache of the web app. Reads are not retried by default: a refused read (4xx) will
 * be refused again, and a dropped network is what the connection badge already says; the few
 * reads that may be retried say so where they are made. Focus and reconnect do not refetch on
 * their own: the live stream (data/bridge.ts) says what changed.
 */
import { QueryClient } from "@tanstack/react-query";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
  },
});

/** Drops every answer: a new session must not see what the previous one was allowed to read. */
export function forgetAnswers(): void {
  queryClient.clear();
}
