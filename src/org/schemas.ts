/**
 * The org module's contract: sign-in and the signed-in user, the org tree, and what an
 * administrator does to accounts. The web app imports the view types from here.
 */
import { type Static, Type } from "typebox";
import { Instant, lit, Nullable } from "../platform/schemas.ts";
import { AREA_TYPES, ORG_KINDS, PERMISSIONS, ROLES } from "./model.ts";

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/**
 * A new account. Built from the password policy's minimum length, which lives beside the policy
 * (password-policy.ts reads its list of common passwords from disk, so this file cannot import it).
 */
export const newUserBody = (minPasswordLength: number) =>
  Type.Object(
    {
      username: Type.String({ minLength: 2, maxLength: 64, pattern: "^[a-zA-Z0-9_.-]+$" }),
      displayName: Type.String({ minLength: 1, maxLength: 100 }),
      // The length is the policy's to refuse, with the policy's words (password-policy.ts).
      password: Type.String({
        minLength: 1,
        maxLength: 200,
        description: `at least ${minPasswordLength} characters, not all one character, not containing the user or display name, not a common password`,
      }),
      role: lit(ROLES),
      orgId: Type.String(),
      unitId: Type.Optional(Nullable(Type.String())),
    },
    { additionalProperties: false },
  );
export type NewUserBody = Static<ReturnType<typeof newUserBody>>;

/** The signed-in user: who they are, where they act, and what they may do. */
export const UserView = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: lit(ROLES),
  roleName: Type.Object({ zh: Type.String(), en: Type.String() }),
  permissions: Type.Array(lit(PERMISSIONS)),
  orgId: Type.String(),
  orgPath: Type.String({ description: "the materialised path of the user's org: they act within its subtree" }),
  unitId: Nullable(Type.String({ description: "for officers: the unit they crew today" })),
});
export type UserView = Static<typeof UserView>;

/** A successful sign-in: the bearer token and whom it signs in. */
export const LoginAnswer = Type.Object({
  token: Type.String({ description: "send as `Authorization: Bearer <token>`" }),
  expiresAt: Instant,
  user: UserView,
});
export type LoginAnswer = Static<typeof LoginAnswer>;

/** One org of the tree: a bureau, station, patrol zone (防区), town or village. */
export const OrgView = Type.Object({
  id: Type.String(),
  parentId: Nullable(Type.String()),
  kind: lit(ORG_KINDS),
  code: Nullable(Type.String({ description: "GB/T 2260 division code for districts, towns and villages" })),
  nameZh: Type.String(),
  nameEn: Type.String(),
  path: Type.String({ description: "materialised path, such as /hz/330102/zhalongkou/z1/" }),
  areaType: Nullable(lit(AREA_TYPES)),
  polygon: Nullable(
    Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()])), { description: "GeoJSON Polygon coordinates ([lon, lat] rings)" }),
  ),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  leaderUserId: Nullable(Type.String({ description: "防区 zone leader" })),
});
export type OrgView = Static<typeof OrgView>;

export const UserCreated = Type.Object({ id: Type.String() });
export type UserCreated = Static<typeof UserCreated>;

/** An account after an administrator deactivated or re-activated it. */
export const AccountView = Type.Object({ id: Type.String(), username: Type.String(), active: Type.Boolean() });
export type AccountView = Static<typeof AccountView>;

export const SessionsEnded = Type.Object({ sessionsEnded: Type.Integer({ minimum: 0 }) });
export type SessionsEnded = Static<typeof SessionsEnded>;
