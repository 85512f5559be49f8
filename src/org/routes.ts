import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type { AppContext } from "../context.ts";
import { actorOf, sendProblem, tokenOf } from "../platform/http.ts";
import { Problem } from "../platform/problem.ts";
import { AnyArray, AnyObject, errors, IdParams, Problem as ProblemSchema } from "../platform/schemas.ts";
import { type Actor, ROLE_NAMES, ROLE_PERMISSIONS, ROLES } from "./model.ts";
import { MIN_PASSWORD_LENGTH } from "./password-policy.ts";
import { createUser, listOrgs } from "./service.ts";
import { login, logout } from "./sessions.ts";
import { activateUser, clearLoginLock, deactivateUser, revokeSessions } from "./user-admin.ts";

const Login = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const NewUser = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64, pattern: "^[a-zA-Z0-9_.-]+$" }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    // The length is the policy's to refuse, with the policy's words (password-policy.ts).
    password: Type.String({
      minLength: 1,
      maxLength: 200,
      description: `at least ${MIN_PASSWORD_LENGTH} characters, not all one character, not containing the user or display name, not a common password`,
    }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    orgId: Type.String(),
    unitId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

const me = (a: Actor) => ({
  ...a,
  roleName: ROLE_NAMES[a.role],
  permissions: [...ROLE_PERMISSIONS[a.role]],
});

/**
 * A refusal that says when to come back (lock-out, busy) carries Retry-After. It is answered here
 * rather than by the error handler, which would log each shed sign-in (503) as a server fault.
 */
function answerWithRetry(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const retryAfterS = err instanceof Problem ? (err.extra.retryAfterS as number | undefined) : undefined;
  if (!retryAfterS) throw err;
  return sendProblem(reply.header("retry-after", String(retryAfterS)), req, err as Problem);
}

const loginErrors = { ...errors, 429: ProblemSchema, 503: ProblemSchema };
const adminSchema = (description: string, ok: Record<number, object>) => ({
  tags: ["org"],
  description,
  params: IdParams,
  response: { ...ok, ...errors } as Record<number, object>,
});

export async function orgRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  // Per client address, in this process's memory: a flood is refused before its passwords are
  // hashed. The per-account lock-out, which must hold across processes, is in the database.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) =>
      new Problem(429, "login_rate_limited", { seconds: Math.ceil(c.ttl / 1000) }, { retryAfterS: Math.ceil(c.ttl / 1000) }),
  });
  app.post(
    "/auth/login",
    {
      config: { permission: "public", rateLimit: { max: ctx.config.loginAttemptsPerMinute, timeWindow: 60_000 } },
      schema: { tags: ["auth"], body: Login, response: { 200: AnyObject, ...loginErrors } },
    },
    async (req, reply) => {
      const b = req.body as Static<typeof Login>;
      try {
        const s = await login(ctx, b.username, b.password);
        return { token: s.token, expiresAt: s.expiresAt, user: me(s.actor) };
      } catch (err) {
        return answerWithRetry(req, reply, err);
      }
    },
  );
  app.post("/auth/logout", { config: { permission: "authenticated" }, schema: { tags: ["auth"] } }, async (req, reply) => {
    await logout(ctx, tokenOf(req), actorOf<Actor>(req));
    return reply.status(204).send();
  });
  app.get("/me", { config: { permission: "authenticated" }, schema: { tags: ["auth"], response: { 200: AnyObject } } }, async (req) =>
    me(actorOf<Actor>(req)),
  );
  app.get("/orgs", { config: { permission: "org:read" }, schema: { tags: ["org"], response: { 200: AnyArray } } }, async (req) =>
    listOrgs(ctx, actorOf<Actor>(req)),
  );
  app.post(
    "/users",
    { config: { permission: "user:admin" }, schema: { tags: ["org"], body: NewUser, response: { 201: AnyObject, ...errors } } },
    async (req, reply) => {
      const b = req.body as Static<typeof NewUser>;
      const created = await createUser(ctx, b);
      return reply.status(201).send(created);
    },
  );
  app.post(
    "/users/:id/deactivate",
    {
      config: { permission: "user:admin" },
      schema: adminSchema("Deactivate the user: every session of theirs ends and they cannot sign in.", { 200: AnyObject }),
    },
    async (req) => deactivateUser(ctx, actorOf<Actor>(req), (req.params as { id: string }).id),
  );
  app.post(
    "/users/:id/activate",
    { config: { permission: "user:admin" }, schema: adminSchema("Re-activate a deactivated user.", { 200: AnyObject }) },
    async (req) => activateUser(ctx, actorOf<Actor>(req), (req.params as { id: string }).id),
  );
  app.delete(
    "/users/:id/sessions",
    {
      config: { permission: "user:admin" },
      schema: adminSchema("End every session of the user (signed out everywhere); the account stays active.", { 200: AnyObject }),
    },
    async (req) => revokeSessions(ctx, actorOf<Actor>(req), (req.params as { id: string }).id),
  );
  app.delete(
    "/users/:id/login-lock",
    {
      config: { permission: "user:admin" },
      schema: adminSchema("Lift the user's sign-in lock-out and forget their failed attempts.", { 204: { type: "null" } }),
    },
    async (req, reply) => {
      await clearLoginLock(ctx, actorOf<Actor>(req), (req.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
}
