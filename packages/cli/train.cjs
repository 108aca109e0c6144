// Build step (build.mjs runs it as `node train.cjs <dist/bundle>`): load the bundled CLI the way
// bin/hush.js does, run the everyday read commands once on throwaway files so V8 compiles what they
// use, and keep that compiled code as the bundle's code cache. Then render every help page with commander
// into help.json for the bin's no-commander help path.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const outdir = path.resolve(process.argv[2] ?? "dist/bundle");
const { loadBundle } = require(path.join(outdir, "code-cache.cjs"));

async function main() {
  const bundle = loadBundle(path.join(outdir, "hush.cjs"), { saveOnExit: false });
  const { run, helpPages } = bundle.exports;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hush-train-"));
  try {
    // The files are made with core's own (unbundled) modules: code outside the bundle's script never
    // enters its cache, so the cache holds what the trained commands compile, and no more.
    const core = await import("@hush/core");
    const me = await core.generateIdentity();
    const key = path.join(dir, "key.txt");
    fs.writeFileSync(key, `${me.identity}\n`, { mode: 0o600 });
    const plain = {
      "app.yaml": [
        "yaml",
        "# trained\ndb:\n  user: app\n  password: 's3 cret'\nport: 5432\ndebug: false\nhosts:\n  - a\n  - b\ncert: |\n  line one\n  line two\n",
      ],
      "app.env": ["dotenv", "# trained\nTOKEN=abc\nURL=https://x\n"],
      "app.json": ["json", '{"a": {"b": "c"}, "n": 1}\n'],
    };
    for (const [file, [format, text]] of Object.entries(plain))
      fs.writeFileSync(
        path.join(dir, file),
        await core.encrypt(text, { format, recipients: [me.recipient] }),
      );
    const env = { HOME: dir, NO_COLOR: "1", SOPS_AGE_KEY_FILE: key, PATH: process.env.PATH };
    const hush = async (...argv) => {
      let err = "";
      const code = await run(argv, {
        stdout: () => {},
        stderr: (s) => void (err += s),
        readStdin: () => Promise.resolve(""),
        env,
        cwd: dir,
        isTTY: false,
      });
      if (code !== 0) throw new Error(`hush ${argv[0]} exited ${code}: ${err.trim()}`);
    };
    // The commands scripts and deploys run on every start (reads); writing commands are interactive
    // and compile what they need on the way. A bigger cache costs every start its deserialization.
    for (const file of Object.keys(plain)) await hush("decrypt", file);
    await hush("decrypt", "--extract", '["db"]["user"]', "app.yaml");
    await hush("decrypt", "--format", "dotenv", "app.yaml");
    await hush("get", "app.yaml", "db.password");
    await hush("exec", "app.env", "--", process.execPath, "-e", "");
    bundle.save();

    const help = await helpPages();
    fs.writeFileSync(path.join(outdir, "help.json"), JSON.stringify(help));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`train: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
