import rateLimit from "@fastify/rate-limit";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type TSchema, Type } from "typebox";
import type { AppContext } from "../context.ts";
import { actorOf, type Routes, sendProblem, tokenOf } from "../platform/http.ts";
import { Problem } from "../platform/problem.ts";
import { errors, IdParams, Problem as ProblemSchema } from "../platform/schemas.ts";
import { type Actor, ROLE_NAMES, ROLE_PERMISSIONS } from "./model.ts";
import { MIN_PASSWORD_LENGTH } from "./password-policy.ts";
import { AccountView, LoginAnswer, LoginBody, newUserBody, OrgView, SessionsEnded, UserCreated, UserView } from "./schemas.ts";
import { createUser, listOrgs } from "./service.ts";
import { login, logout } from "./sessions.ts";
import { activateUser, clearLoginLock, deactivateUser, revokeSessions } from "./user-admin.ts";

const NewUserBody = newUserBody(MIN_PASSWORD_LENGTH);

const userView = (a: Actor): UserView => ({
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
const adminSchema = <Ok extends Record<number, TSchema>>(description: string, ok: Ok) => ({
  tags: ["org"],
  description,
  params: IdParams,
  response: { ...ok, ...errors },
});

export const orgRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Per client address, in this process's memory: a flood is refused before its passwords are
  // hashed. The per-account lock-out, which must hold across processes, is in the database.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) =>
      new Problem(429, "login_rate_limited", { seconds: Math.ceil(c.ttl / 1000) }, { retryAfterS: Math.ceil(c.ttl / 1000) }),
  });
  await app.register(sessionRoutes, { ctx });
  await app.register(orgTreeRoutes, { ctx });
  await app.register(userAdminRoutes, { ctx });
};

/** Signing in and out, and who is signed in. */
const sessionRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/auth/login",
    {
      config: { permission: "public", rateLimit: { max: ctx.config.loginAttemptsPerMinute, timeWindow: 60_000 } },
      schema: { tags: ["auth"], body: LoginBody, response: { 200: LoginAnswer, ...loginErrors } },
    },
    async (req, reply) => {
      try {
        const s = await login(ctx, req.body.username, req.body.password);
        return { token: s.token, expiresAt: s.expiresAt, user: userView(s.actor) };
      } catch (err) {
        return answerWithRetry(req, reply, err);
      }
    },
  );
  app.post(
    "/auth/logout",
    { config: { permission: "authenticated" }, schema: { tags: ["auth"], response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await logout(ctx, tokenOf(req), actorOf<Actor>(req));
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/me",
    { config: { permission: "authenticated" }, schema: { tags: ["auth"], response: { 200: UserView, ...errors } } },
    async (req) => userView(actorOf<Actor>(req)),
  );
};

/** The org tree the user acts in. */
const orgTreeRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    "/orgs",
    { config: { permission: "org:read" }, schema: { tags: ["org"], response: { 200: Type.Array(OrgView), ...errors } } },
    async (req) => listOrgs(ctx, actorOf<Actor>(req)),
  );
};

/** What an administrator does to accounts in their subtree. */
const userAdminRoutes: Routes<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    "/users",
    { config: { permission: "user:admin" }, schema: { tags: ["org"], body: NewUserBody, response: { 201: UserCreated, ...errors } } },
    async (req, reply) => {
      const { body } = req;
      return reply.status(201).send(await createUser(ctx, body));
    },
  );
  app.post(
    "/users/:id/deactivate",
    {
      config: { permission: "user:admin" },
      schema: adminSchema("Deactivate the user: every session of theirs ends and they cannot sign in.", { 200: AccountView }),
    },
    async (req) => deactivateUser(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.post(
    "/users/:id/activate",
    { config: { permission: "user:admin" }, schema: adminSchema("Re-activate a deactivated user.", { 200: AccountView }) },
    async (req) => activateUser(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.delete(
    "/users/:id/sessions",
    {
      config: { permission: "user:admin" },
      schema: adminSchema("End every session of the user (signed out everywhere); the account stays active.", { 200: SessionsEnded }),
    },
    async (req) => revokeSessions(ctx, actorOf<Actor>(req), req.params.id),
  );
  app.delete(
    "/users/:id/login-lock",
    {
      config: { permission: "user:admin" },
      schema: adminSchema("Lift the user's sign-in lock-out and forget their failed attempts.", { 204: Type.Null() }),
    },
    async (req, reply) => {
      await clearLoginLock(ctx, actorOf<Actor>(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
