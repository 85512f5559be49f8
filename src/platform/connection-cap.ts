/**
 * At most `max` open connections per client address. Timeouts bound how long one slow socket is
 * held; this bounds how many one address can hold, so a single client cannot use up the
 * process's file descriptors. A connection over the cap is closed at once, unread: answering it
 * would mean reading its request, which is the work the cap is there to avoid.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";

/** IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d; count them as a.b.c.d. */
function addressOf(socket: Socket): string {
  const a = socket.remoteAddress ?? "unknown";
  return a.startsWith("::ffff:") ? a.slice(7) : a;
}

export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = addressOf(socket);
    const n = open.get(address) ?? 0;
    if (n >= max) {
      socket.destroy();
      return;
    }
    open.set(address, n + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
