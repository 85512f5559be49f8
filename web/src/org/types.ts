/** The org module's views (the org tree, the signed-in session): the server's schemas, under the console's names. */
import type { LoginAnswer, OrgView, UserView } from "../../../src/org/schemas.ts";

export type Org = OrgView;

/** The answer to POST /auth/login: the token and who signed in. */
export type Session = LoginAnswer;
export type SessionUser = UserView;
export type Permission = UserView["permissions"][number];
