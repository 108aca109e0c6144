// `hush member`: members written into .hush.yaml by key, or by the ssh keys a git host publishes
// (`<base>/<user>.keys`), pinned with the date they were fetched. The file keeps its layout and
// comments (yaml Document), and is written only when the result parses as a policy again.
import { readFile } from "node:fs/promises";
import { type Io } from "../io.js";
import { HushError } from "@hush/core/errors";

const DEFAULT_BASE = "https://github.com";
const FETCH_TIMEOUT_MS = 15_000;

/** The keys a git host publishes for a user that age can use; others (ecdsa, sk-…) are counted. */
export async function fetchKeys(
  io: Io,
  user: string,
  base: string,
): Promise<{ keys: string[]; skipped: number; url: string }> {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(user))
    throw new HushError("ERR_INPUT", `not a GitHub user name: ${user.slice(0, 40)}`, {
      hint: "letters, digits and hyphens",
    });
  const url = new URL(`${base.replace(/\/+$/, "")}/${user}.keys`);
  // Keys over plain http could be swapped on the way: only the machine itself may be http.
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback))
    throw new HushError("ERR_CONFIG", `refusing to fetch keys over ${url.protocol} (${url.host})`, {
      hint: "use an https:// base URL",
    });
  let text: string;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: "error",
    });
    if (!res.ok)
      throw new HushError("ERR_IO", `${url.href} answered ${res.status}`, {
        hint: "check the user name and --github-url",
      });
    text = await res.text();
  } catch (e) {
    if (e instanceof HushError) throw e;
    throw new HushError("ERR_IO", `cannot fetch ${url.href} (${(e as Error).name})`, {
      hint: "check the network and --github-url",
    });
  }
  const core = await import("@hush/core");
  const keys: string[] = [];
  let skipped = 0;
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (line === "") continue;
    if (core.recipientKind(line)?.startsWith("ssh-") === true)
      keys.push(core.canonicalRecipient(line));
    else skipped++;
  }
  void io;
  return { keys: [...new Set(keys)], skipped, url: url.href };
}

async function policyFile(io: Io): Promise<{ file: string; text: string }> {
  const { findPolicy } = await import("@hush/core/node");
  const loaded = await findPolicy(io.cwd);
  if (loaded === undefined || loaded.policy.kind !== "hush")
    throw new HushError("ERR_POLICY", "no .hush.yaml here", { hint: "run `hush init` first" });
  return { file: loaded.file, text: await readFile(loaded.file, "utf8") };
}

/** Write the edited policy atomically, after checking hush reads it back. */
async function writePolicy(file: string, text: string): Promise<void> {
  const core = await import("@hush/core");
  core.parsePolicy(text, file);
  const { writeFileAtomic } = await import("@hush/core/node");
  await writeFileAtomic(file, text);
}

const today = (): string => new Date().toISOString().slice(0, 10);

/** `hush member add NAME [KEY…] [--github USER]`. */
export async function addMember(
  io: Io,
  name: string,
  given: readonly string[],
  opts: { github?: string; githubUrl?: string },
): Promise<void> {
  const core = await import("@hush/core");
  const { parseDocument } = await import("yaml");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    throw new HushError("ERR_INPUT", `not a member name: ${name.slice(0, 40)}`, {
      hint: "letters, digits, '.', '_' and '-'",
    });
  if ((opts.github === undefined) === (given.length === 0))
    throw new HushError("ERR_USAGE", "give the member's keys or --github USER (one of the two)", {
      hint: "see `hush member add --help`",
    });
  const { file, text } = await policyFile(io);
  const doc = parseDocument(text);
  if (doc.hasIn(["members", name]))
    throw new HushError("ERR_INPUT", `${name} is a member already (${file})`, {
      hint: "use `hush member refresh` or edit .hush.yaml",
    });
  let value: unknown;
  let summary: string;
  if (opts.github !== undefined) {
    const base = opts.githubUrl ?? io.env["HUSH_GITHUB_URL"] ?? DEFAULT_BASE;
    const fetched = await fetchKeys(io, opts.github, base);
    if (fetched.keys.length === 0)
      throw new HushError("ERR_KEY", `${fetched.url} lists no ssh-ed25519 or ssh-rsa key`, {
        hint: "ask them to publish one, or give an age key",
      });
    value = {
      github: opts.github,
      fetched: today(),
      ...(base === DEFAULT_BASE ? {} : { url: base }),
      keys: fetched.keys,
    };
    summary = `${fetched.keys.length} ssh key(s) from ${fetched.url}${fetched.skipped > 0 ? `, ${fetched.skipped} of other kinds skipped` : ""}`;
  } else {
    const keys = given.map((k, i) => {
      core.assertRecipient(k.trim(), `key ${i + 1}`);
      return core.canonicalRecipient(k);
    });
    value = keys.length === 1 ? keys[0] : keys;
    summary = keys.map((k) => core.recipientKind(k)).join(", ");
  }
  if (!doc.has("members") || doc.get("members") === null) doc.set("members", doc.createNode({}));
  doc.setIn(["members", name], doc.createNode(value));
  await writePolicy(file, doc.toString({ lineWidth: 0 }));
  io.stdout(
    `added ${name}: ${summary}\nnext: add ${name} to a group or rule, then run \`hush rekey --all\`\n`,
  );
}

/** `hush member refresh [NAME…]`: exit code 0, or 1 when changes were shown but not written. */
export async function refreshMembers(
  io: Io,
  names: readonly string[],
  opts: { yes?: boolean; check?: boolean },
): Promise<number> {
  const core = await import("@hush/core");
  const { parseDocument } = await import("yaml");
  const { file, text } = await policyFile(io);
  const policy = core.parsePolicy(text, file);
  const fetchedMembers: NonNullable<typeof policy.fetched> =
    policy.fetched ?? new Map<string, never>();
  for (const n of names)
    if (!fetchedMembers.has(n))
      throw new HushError("ERR_INPUT", `${n} was not added with --github (${file})`, {
        hint: "see `hush member add --help`",
      });
  const doc = parseDocument(text);
  const { shortKey } = await import("../team/members.js");
  let changed = 0;
  for (const [name, info] of fetchedMembers) {
    if (names.length > 0 && !names.includes(name)) continue;
    const base = info.url ?? io.env["HUSH_GITHUB_URL"] ?? DEFAULT_BASE;
    const now = await fetchKeys(io, info.github, base);
    const old = policy.members.get(name) ?? [];
    const added = now.keys.filter((k) => !old.includes(k));
    const removed = old.filter((k) => !now.keys.includes(k));
    if (added.length + removed.length === 0) {
      io.stdout(`${name}: unchanged since ${info.fetched} (github:${info.github})\n`);
      continue;
    }
    changed++;
    io.stdout(`${name} (github:${info.github}, fetched ${info.fetched}):\n`);
    for (const k of added) io.stdout(`  + ${shortKey(k)}\n`);
    for (const k of removed) io.stdout(`  - ${shortKey(k)}\n`);
    if (now.keys.length === 0)
      throw new HushError("ERR_KEY", `${now.url} lists no usable key any more for ${name}`, {
        hint: "remove the member by hand",
      });
    doc.setIn(["members", name, "keys"], doc.createNode(now.keys));
    doc.setIn(["members", name, "fetched"], today());
  }
  if (changed === 0) return 0;
  if (opts.check === true) return 1;
  if (opts.yes !== true) {
    const { askerOf } = await import("./terminal.js");
    let answer: string;
    try {
      answer = await askerOf(io)("write these changes to .hush.yaml? [y/N] ", { echo: true });
    } catch {
      io.stderr("hush: not written (no terminal to confirm on)\nhint: pass --yes to write\n");
      return 1;
    }
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stdout("not written\n");
      return 1;
    }
  }
  await writePolicy(file, doc.toString({ lineWidth: 0 }));
  io.stdout(`wrote ${file}; run \`hush rekey --all\` (and \`hush rotate\` for a removed key)\n`);
  return 0;
}
