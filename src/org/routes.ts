import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import type { AppContext } from "../context.ts";
import { actorOf } from "../platform/http.ts";
import { AnyArray, AnyObject, errors } from "../platform/schemas.ts";
import { type Actor, ROLE_NAMES, ROLE_PERMISSIONS, ROLES } from "./model.ts";
import { createUser, listOrgs, login, logout } from "./service.ts";

const Login = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const NewUser = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64, pattern: "^[a-zA-Z0-9_.-]+$" }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
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

export async function orgRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.post(
    "/auth/login",
    { config: { permission: "public" }, schema: { tags: ["auth"], body: Login, response: { 200: AnyObject, ...errors } } },
    async (req) => {
      const b = req.body as Static<typeof Login>;
      const s = await login(ctx, b.username, b.password);
      return { token: s.token, expiresAt: s.expiresAt, user: me(s.actor) };
    },
  );
  app.post("/auth/logout", { config: { permission: "authenticated" }, schema: { tags: ["auth"] } }, async (req, reply) => {
    await logout(ctx, req.headers.authorization?.slice(7) ?? "");
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
}
