/**
 * `lantern user add`: an account from the command line. The password is never an argument (every
 * user of the machine can read a process's arguments): it is typed at a prompt that does not
 * echo, or read from stdin with --password-stdin for scripts. Refusals read in the language of
 * the environment (LANG zh… → Chinese, else English), the same messages the API gives.
 */
import { type Command, Option } from "commander";
import { type AppContext, createContext } from "../context.ts";
import { loadUnitFor } from "../dispatch/units.ts";
import { loadConfig } from "../platform/config.ts";
import { type Locale, render } from "../platform/messages.ts";
import { Problem } from "../platform/problem.ts";
import { type Actor, ROLES, type Role } from "./model.ts";
import { createUser, getOrg } from "./service.ts";

const SAY = {
  passwordArgument: {
    "zh-CN": "不接受 --password：命令行参数在进程列表中对本机所有用户可见。请在提示时输入密码，或用 --password-stdin 从标准输入传入",
    en: "--password is not accepted: a command line is visible to every user of the machine in the process list. Type the password at the prompt, or pass it on stdin with --password-stdin",
  },
  noTerminal: {
    "zh-CN": "没有终端可以提示输入密码：请用 --password-stdin 从标准输入传入密码",
    en: "no terminal to prompt for the password: pass it on stdin with --password-stdin",
  },
  emptyUsername: { "zh-CN": "用户名不能为空（--username）", en: "the user name must not be empty (--username)" },
  emptyStdin: { "zh-CN": "标准输入中没有密码", en: "no password on stdin" },
  mismatch: { "zh-CN": "两次输入的密码不一致", en: "the two passwords differ" },
  cancelled: { "zh-CN": "已取消", en: "cancelled" },
  prompt: { "zh-CN": "密码：", en: "Password: " },
  again: { "zh-CN": "再次输入密码：", en: "Repeat the password: " },
} as const;

/** A refusal of the command itself (not of the data), already in the reader's words. */
class CliRefusal extends Error {}

/** The CLI's view of a unit check: an operator at the console of the machine sees every unit. */
const OPERATOR: Actor = {
  userId: "cli",
  username: "cli",
  displayName: "lantern user add",
  role: "admin",
  orgId: "",
  orgPath: "/",
  unitId: null,
};

/** Reads a line from the terminal with echo off (raw mode); Ctrl-C cancels. */
function promptHidden(question: string, cancelled: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the question shows: a fast typist (or a script) answering the moment it
  // appears must not have the password printed.
  stdin.setRawMode(true);
  process.stderr.write(question);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") {
          finish();
          return resolve(value);
        }
        if (ch === "\u0003" || ch === "\u0004") {
          finish();
          return reject(new CliRefusal(cancelled));
        }
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readStdin(): Promise<string> {
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk;
  // One line: the trailing newline of `echo` or a file is not part of the password.
  return text.replace(/\r?\n$/, "");
}

async function readPassword(fromStdin: boolean, locale: Locale): Promise<string> {
  if (fromStdin) {
    const password = await readStdin();
    if (!password) throw new CliRefusal(SAY.emptyStdin[locale]);
    return password;
  }
  if (!process.stdin.isTTY) throw new CliRefusal(SAY.noTerminal[locale]);
  const first = await promptHidden(SAY.prompt[locale], SAY.cancelled[locale]);
  const second = await promptHidden(SAY.again[locale], SAY.cancelled[locale]);
  if (first !== second) throw new CliRefusal(SAY.mismatch[locale]);
  return first;
}

interface AddOptions {
  username: string;
  role: Role;
  org: string;
  displayName?: string;
  unit?: string;
  password?: string;
  passwordStdin?: boolean;
}

async function addUser(ctx: AppContext, o: AddOptions, locale: Locale): Promise<string> {
  // Checked before the password is asked for, so a typo costs no typing.
  await getOrg(ctx, o.org);
  if (o.unit) await loadUnitFor(ctx.db, OPERATOR, o.unit, "read");
  const password = await readPassword(!!o.passwordStdin, locale);
  const { id } = await createUser(ctx, {
    username: o.username,
    password,
    role: o.role,
    orgId: o.org,
    displayName: o.displayName ?? o.username,
    unitId: o.unit ?? null,
  });
  return id;
}

export function registerUserCommands(program: Command): void {
  const user = program.command("user").description("manage users");
  user
    .command("add")
    .description("add a user; the password is typed at a prompt (no echo) or read from stdin")
    .requiredOption("--username <name>", "login name: 2 to 64 letters, digits, '.', '_' or '-'")
    .addOption(new Option("--role <role>", "role").choices([...ROLES]).makeOptionMandatory())
    .requiredOption("--org <orgId>", "the org the user belongs to (their scope)")
    .option("--display-name <name>", "name shown in the console")
    .option("--unit <unitId>", "for officers: the unit they crew")
    .option("--password-stdin", "read the password from the first line of stdin instead of prompting")
    // Accepted only to refuse it with a reason; a plain "unknown option" would not say why.
    .addOption(new Option("--password <password>").hideHelp())
    .addHelpText(
      "after",
      `
The password is asked for twice at a prompt that does not echo. For scripts, pass it on stdin:
  printf '%s\\n' "$PASSWORD" | lantern user add --username li.na --role call_taker --org hz --password-stdin
--password is refused: a command line is visible to every user of the machine.

Password rules: at least 10 characters, not all one character, not only spaces, not containing
the user name or display name, not one of the most common passwords.`,
    )
    .action(async (o: AddOptions) => {
      const locale = loadConfig().cliLocale;
      const fail = (msg: string) => {
        console.error(`lantern user add: ${msg}`);
        process.exitCode = 1;
      };
      if (o.password !== undefined) return fail(SAY.passwordArgument[locale]);
      if (!o.username.trim()) return fail(SAY.emptyUsername[locale]);
      const ctx = await createContext(loadConfig());
      try {
        const id = await addUser(ctx, o, locale);
        console.log(`user ${o.username} created (${id})`);
      } catch (err) {
        if (err instanceof Problem) fail(render(err.code, err.params, locale));
        else if (err instanceof CliRefusal) fail(err.message);
        else throw err;
      } finally {
        await ctx.db.destroy();
      }
    });
}
