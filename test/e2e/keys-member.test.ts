// Members by GitHub handle, end to end with the built CLI against a loopback stand-in for the git
// host's `<user>.keys` endpoint: keys pinned with the fetch date, refresh shows what changed first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { hushEnv, runHush } from "../helpers/hush.js";

const haveSsh = existsSync("/usr/bin/ssh-keygen");
if (!haveSsh) console.warn("keys-member e2e skipped: needs ssh-keygen (openssh-client)");

describe.skipIf(!haveSsh)("members by GitHub handle", () => {
  let dir: string;
  let repo: string;
  let server: Server;
  let base: string;
  const published = new Map<string, string>();
  const requests: string[] = [];
  const key = (name: string): string => {
    const file = path.join(dir, name);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
    return readFileSync(`${file}.pub`, "utf8").trim();
  };
  const env = (): Record<string, string> =>
    hushEnv(path.join(dir, "home"), { HUSH_GITHUB_URL: base });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "hush-member-"));
    repo = path.join(dir, "repo");
    mkdirSync(path.join(dir, "home", "tmp"), { recursive: true });
    mkdirSync(repo);
    execFileSync("git", ["init", "-q"], { cwd: repo });
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const body = published.get(req.url ?? "");
      res.writeHead(body === undefined ? 404 : 200, { "content-type": "text/plain" });
      res.end(body ?? "Not Found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(
      path.join(repo, ".hush.yaml"),
      `# the team\nmembers:\n  ci: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p # the deploy job\nrules:\n  - path: "*.secret.yaml"\n    recipients: [ci]\n`,
    );
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("should add a member with their published ssh keys, pinned with the date", async () => {
    const one = key("alice1");
    published.set("/alice.keys", `${one}\necdsa-sha2-nistp256 AAAAE2VjZHNh skipped\n`);
    const r = await runHush(["member", "add", "alice", "--github", "alice"], {
      cwd: repo,
      env: env(),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 ssh key(s)");
    expect(r.stdout).toContain("1 of other kinds skipped");
    const text = readFileSync(path.join(repo, ".hush.yaml"), "utf8");
    expect(text).toContain("# the deploy job");
    expect(text).toContain("github: alice");
    expect(text).toContain(`fetched: ${new Date().toISOString().slice(0, 10)}`);
    expect(text).toContain(one.split(" ").slice(0, 2).join(" "));
    const access = await runHush(["access", "--json"], { cwd: repo, env: env() });
    const members = (
      JSON.parse(access.stdout) as {
        members: { name: string; keys: { kind: string }[]; fetched: { from: string } | null }[];
      }
    ).members;
    expect(members.find((m) => m.name === "alice")?.fetched?.from).toContain("github:alice");
  });

  it("should show what changed on refresh, write only when told, and refuse plain http elsewhere", async () => {
    const before = readFileSync(path.join(repo, ".hush.yaml"), "utf8");
    const two = key("alice2");
    published.set("/alice.keys", `${two}\n`);
    const check = await runHush(["member", "refresh", "--check"], { cwd: repo, env: env() });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/\+ ssh-ed25519 …/);
    expect(check.stdout).toMatch(/- ssh-ed25519 …/);
    expect(readFileSync(path.join(repo, ".hush.yaml"), "utf8")).toBe(before);
    const noTty = await runHush(["member", "refresh"], { cwd: repo, env: env() });
    expect(noTty.code).toBe(1);
    expect(readFileSync(path.join(repo, ".hush.yaml"), "utf8")).toBe(before);
    const yes = await runHush(["member", "refresh", "--yes"], { cwd: repo, env: env() });
    expect(yes.code).toBe(0);
    const after = readFileSync(path.join(repo, ".hush.yaml"), "utf8");
    expect(after).toContain(two.split(" ")[1]);
    expect(after).not.toContain(before.match(/ssh-ed25519 (\S+)/)?.[1] ?? "none");
    const again = await runHush(["member", "refresh"], { cwd: repo, env: env() });
    expect(again.stdout).toContain("unchanged");
    const http = await runHush(
      ["member", "add", "bob", "--github", "bob", "--github-url", "http://example.invalid"],
      { cwd: repo, env: env() },
    );
    expect(http.code).toBe(1);
    expect(http.stderr).toContain("refusing to fetch keys over http:");
  });
});
