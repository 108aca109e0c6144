// A client's command line split between two keys of a container (Kubernetes `command:` and
// `args:`, Compose `entrypoint:` and `command:`), in flow and block sequences, either key first:
// the runtime joins them into one argv, and the detector reads them so. Passwords are built at
// run time, short and human-made (under the generic rule's floor: only the flag says password).
import { describe, expect, it } from "vitest";
import { siblingArguments } from "../src/scan/container.js";
import { scanText } from "../src/scan/index.js";
import { isSecretValue } from "../src/scan/values.js";
import { ALNUM, Rng } from "./scan-fixtures.js";

const rng = new Rng(20261206);

/** 7 characters, a repeated one among them: a password only a client's flag makes one. */
function humanPassword(): string {
  for (;;) {
    const a = rng.str(ALNUM, 4);
    const p = `${a}${a[1]}@7`;
    if (!isSecretValue(p, { password: true }) && /[a-z]/.test(p) && /[A-Z]/.test(p)) return p;
  }
}

const found = (text: string, path = "k8s/job.yaml"): string[] =>
  scanText(`${text}\n`, { path }).map((f) => `${f.ruleId}@${f.line}`);
const lines = (...l: string[]): string => l.join("\n");

describe("a container's command split over two keys", () => {
  const pw = humanPassword();
  const id = "command-line-password";

  it.each([
    [
      "flow command, flow args",
      lines(
        "spec:",
        "  containers:",
        "    - name: db",
        '      command: ["mysql"]',
        `      args: ["-u", "root", "-p${pw}"]`,
      ),
      5,
    ],
    [
      "block command, block args",
      lines(
        "containers:",
        "  - name: db",
        "    command:",
        "      - mysql",
        "    args:",
        "      - -u",
        "      - root",
        `      - -p${pw}`,
      ),
      8,
    ],
    [
      "block items at the key's indentation",
      lines("command:", "- mysqladmin", "args:", "- -uroot", `- "-p${pw}"`, "- status"),
      5,
    ],
    [
      "flow command, block args with the password after its flag",
      lines(
        "    command: ['redis-cli']",
        "    args:",
        "      - -a",
        `      - "${pw}"`,
        "      - ping",
      ),
      4,
    ],
    [
      "args before command (first key of the list item)",
      lines(
        "containers:",
        `  - args: ["-uroot", "-p${pw}", "app"]`,
        "    image: mysql:8",
        '    command: ["/usr/bin/mysql"]',
      ),
      2,
    ],
    [
      "Compose: entrypoint holds the client, command its arguments",
      lines(
        "services:",
        "  migrate:",
        '    entrypoint: ["mysql"]',
        `    command: ["-h", "db", "-uroot", "-p${pw}"]`,
      ),
      4,
    ],
    [
      "the command list's own arguments, then args",
      lines('      command: ["sshpass", "-p"]', `      args: ["${pw}", "ssh", "deploy@build"]`),
      2,
    ],
  ])("%s", (_name, yaml, line) => {
    expect(found(yaml)).toEqual([`${id}@${line}`]);
  });

  it.each([
    ["-p alone prompts", lines('command: ["mysql"]', 'args: ["-u", "root", "-p"]')],
    [
      "a Kubernetes variable",
      lines('command: ["mysql"]', 'args: ["-uroot", "-p$(MYSQL_ROOT_PASSWORD)"]'),
    ],
    [
      "a port after docker run",
      lines('command: ["docker"]', `args: ["run", "-p", "8080:80", "app"]`),
    ],
    [
      "another container's args",
      lines(
        "containers:",
        "  - name: db",
        '    command: ["mysql"]',
        "  - name: web",
        `    args: ["-p${pw}"]`,
      ),
    ],
    [
      "another mapping's args",
      lines("init:", '  command: ["mysql"]', "main:", `  args: ["-p${pw}"]`),
    ],
    ["args of a key that is no command", lines('image: ["mysql"]', `args: ["-p${pw}"]`)],
  ])("stays silent: %s", (_name, yaml) => {
    expect(found(yaml)).toEqual([]);
  });

  it("reads nothing for a program that is not the first item of command:", () => {
    const yaml = lines("command:", "  - /bin/sh", "  - mysql", "args:", `  - -p${pw}`);
    expect(siblingArguments(yaml, yaml.indexOf("mysql"))).toEqual([]);
  });
});
