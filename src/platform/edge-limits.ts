/**
 * How long and how many: the HTTP server's timeouts and the per-address connection cap, from the
 * configuration (config.ts documents each number). Fastify and Node leave the request and socket
 * timeouts off by default, so a client that trickles its body could hold a socket forever.
 *
 * The WebSocket stream is long-lived and is cut by none of them: on an upgrade Node frees the
 * request's parser, which takes the socket out of the list its header and request timeouts sweep,
 * and detaches its idle-timeout handler; the WebSocket library then clears the idle timer. The
 * stream still counts against the per-address cap for as long as it is open.
 */
import type { Server, ServerOptions } from "node:http";
import type { Config } from "./config.ts";
import { capConnectionsPerAddress } from "./connection-cap.ts";

export type EdgeLimits = Pick<
  Config,
  "requestTimeoutMs" | "headersTimeoutMs" | "keepAliveTimeoutMs" | "socketIdleTimeoutMs" | "maxConnectionsPerAddress"
>;

/** The Fastify server options that carry the timeouts. */
export function timeoutOptions(limits: EdgeLimits) {
  // 0 turns a timeout off; the headers cannot be given longer than the whole request.
  const request = limits.requestTimeoutMs;
  const headersTimeout =
    request > 0 && limits.headersTimeoutMs > 0 ? Math.min(limits.headersTimeoutMs, request) : limits.headersTimeoutMs || request;
  const shortest = headersTimeout || 30_000;
  const http: ServerOptions = {
    headersTimeout,
    // Node checks the header and request timeouts on this period (30 s by default, which would
    // let a request run up to twice its timeout); a tenth of the shorter one is precise enough.
    connectionsCheckingInterval: Math.max(50, Math.floor(shortest / 10)),
  };
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.socketIdleTimeoutMs,
    http,
  };
}

export function applyConnectionCap(server: Server, limits: EdgeLimits): void {
  capConnectionsPerAddress(server, limits.maxConnectionsPerAddress);
}
