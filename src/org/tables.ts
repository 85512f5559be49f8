export interface OrgsTable {
  id: string;
  parent_id: string | null;
  kind: string;
  code: string | null;
  name_zh: string;
  name_en: string;
  path: string;
  area_type: string | null;
  polygon: string | null;
  lat: number | null;
  lon: number | null;
  leader_user_id: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  org_id: string;
  unit_id: string | null;
  active: number;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** Sign-in attempts per user name as typed (known or not, so a lock-out reveals no names). */
export interface LoginAttemptsTable {
  username: string;
  /** Attempts in the current window, counted before the password is checked. */
  attempts: number;
  window_started_at: string;
  locked_until: string | null;
  /** Lock-outs in a row: the next one lasts twice as long. */
  lockouts: number;
  last_attempt_at: string;
}

export interface OrgTables {
  orgs: OrgsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
}
