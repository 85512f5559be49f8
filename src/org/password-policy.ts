/**
 * What a new password must be. Length is what resists guessing, so the rules are few: at least
 * MIN_PASSWORD_LENGTH characters (code points, so a Chinese or emoji password counts as typed),
 * not all one character, not only whitespace, not containing the user's name or display name,
 * and not one of the most common passwords (common-passwords.txt, compared lower-cased).
 */
import { readFileSync } from "node:fs";
import { type Problem, problems } from "../platform/problem.ts";

export const MIN_PASSWORD_LENGTH = 10;
/** Names shorter than this are too likely inside an unrelated password to refuse it for them. */
const MIN_NAME_CHECKED = 3;

const COMMON = new Set(
  readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8")
    .split("\n")
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line && !line.startsWith("#")),
);

/** A name counts when long enough, or when it is in a script (Chinese) where two characters are a name. */
const checkedName = (name: string) => {
  const n = name.trim().toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, to tell a Chinese name from a Latin one
  return [...n].length >= MIN_NAME_CHECKED || (/[^\u0000-\u007f]/.test(n) && [...n].length >= 2) ? n : null;
};

/** The refusal for `password`, or null when it may be used. */
export function passwordProblem(password: string, user: { username: string; displayName: string }): Problem | null {
  const chars = [...password];
  const lower = password.toLowerCase();
  const refuse = (reason: string, reasonZh: string) => problems.validation("password", reason, reasonZh);
  if (chars.length < MIN_PASSWORD_LENGTH) {
    return refuse(`at least ${MIN_PASSWORD_LENGTH} characters`, `至少 ${MIN_PASSWORD_LENGTH} 个字符`);
  }
  if (!password.trim()) return refuse("not only spaces", "不能只包含空白字符");
  if (chars.every((c) => c === chars[0])) return refuse("not all one character", "不能全部是同一个字符");
  const username = checkedName(user.username);
  if (username && lower.includes(username)) return refuse("must not contain the user name", "不能包含用户名");
  const displayName = checkedName(user.displayName);
  if (displayName && lower.includes(displayName)) return refuse("must not contain the display name", "不能包含显示名称");
  if (COMMON.has(lower.trim())) return refuse("one of the most common passwords: choose another", "属于最常见的密码，请换一个");
  return null;
}

export function assertPasswordAllowed(password: string, user: { username: string; displayName: string }): void {
  const p = passwordProblem(password, user);
  if (p) throw p;
}
