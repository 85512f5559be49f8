/**
 * Security headers on every response (Helmet), and `Cache-Control: no-store` on every API answer.
 *
 * The content security policy is the narrowest the console and the API browser (/docs) work under,
 * both checked in a real browser (test/browser/csp.test.ts):
 * - scripts only from the server itself: the built console and Swagger UI load no inline script;
 * - inline styles allowed: React, Leaflet and ECharts set style attributes (ECharts writes them
 *   into its tooltips' HTML), and a style cannot run code;
 * - images from the server, `data:` (the bundler inlines Leaflet's small images; Swagger UI's
 *   logo), `blob:` (a work-order photo is shown from bytes fetched with the session token, and
 *   previewed before upload), and the map tile sources of the configuration (a browser may be set
 *   to draw a tile server's map under Lantern's own roads);
 * - fetches and the live WebSocket only to the same origin (`'self'` covers ws: and wss: there);
 * - no framing at all (`frame-ancestors 'none'`, and X-Frame-Options: DENY for older browsers);
 * - no `upgrade-insecure-requests`: Lantern also runs on plain HTTP inside a closed network, where
 *   upgrading every request to HTTPS would break the console.
 *
 * No-store on every /api response rather than on a list of personal-data routes: the unmasked
 * caller, the audit trail and the follow-up lists carry personal data, the rest is live state that
 * must never be shown from a cache, and a list would miss the next route. A route that decides
 * otherwise sets its own Cache-Control (the road layer: an hour, private), which is kept.
 */
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

export const contentSecurityPolicy = (mapTileSources: readonly string[]) => ({
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:", ...mapTileSources],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
});

/** Registers the headers; call before any other onRequest hook, so that refusals carry them too. */
export async function securityHeaders(app: FastifyInstance, opts: { mapTileSources: readonly string[] }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: true, directives: contentSecurityPolicy(opts.mapTileSources) },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
  });
  app.addHook("onSend", async (req, reply) => {
    if (req.url.startsWith("/api/") && !reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
  });
}
