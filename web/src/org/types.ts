/** The org module's views (the org tree, the signed-in session), as far as the console reads them. */
import type { Named } from "../platform/types.ts";

export interface Org extends Named {
  id: string;
  parentId: string | null;
  kind: "city" | "district" | "station" | "zone" | "town" | "village";
  path: string;
  areaType: string | null;
  polygon: [number, number][][] | null;
  lat: number | null;
  lon: number | null;
}

/** The answer to POST /auth/login: the token and who signed in. */
export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export interface SessionUser {
  userId: string;
  username: string;
  displayName: string;
  role: string;
  orgId: string;
  orgPath: string;
  unitId: string | null;
  permissions: string[];
  roleName: { zh: string; en: string };
}
