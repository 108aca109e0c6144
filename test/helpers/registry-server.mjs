// A private npm registry for the install tests: verdaccio on a loopback port chosen by the OS,
// storage and users in the folder given, no uplinks (nothing is fetched from outside). Prints
// {"port": N} on one line once it listens; ends when its parent closes stdin.
//
//   node test/helpers/registry-server.mjs DIR
import { writeFileSync } from "node:fs";
import path from "node:path";
import { runServer } from "verdaccio";

const dir = path.resolve(process.argv[2] ?? "");
const config = path.join(dir, "config.yaml");
writeFileSync(
  config,
  [
    `storage: ${JSON.stringify(path.join(dir, "storage"))}`,
    "auth:",
    "  htpasswd:",
    `    file: ${JSON.stringify(path.join(dir, "htpasswd"))}`,
    "uplinks: {}",
    "packages:",
    "  '**':",
    "    access: $all",
    "    publish: $authenticated",
    "web:",
    "  enable: false",
    "log: { type: stdout, format: json, level: error }",
    "",
  ].join("\n"),
);
const server = await runServer(config);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.resume();
