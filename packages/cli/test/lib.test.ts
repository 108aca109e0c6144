import { describe, expect, it } from "vitest";
import { isHushError } from "@hush/core/errors";
import type { Io } from "../src/io.js";
import { colourEnabled, paint, progress, table } from "../src/lib/format.js";
import { mapPool } from "../src/lib/pool.js";
import { generateSecret, stripFinalNewline } from "../src/lib/secret.js";
import { memberSlug, starterPolicy } from "../src/lib/policytext.js";
import { scalarText } from "../src/lib/render.js";

function io(over: Partial<Io> = {}): Io {
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    readStdin: () => Promise.resolve(""),
    env: {},
    cwd: "/",
    execPath: process.execPath,
    isTTY: false,
    ...over,
  };
}

describe("colour", () => {
  it("should colour only on a TTY and never with NO_COLOR", () => {
    expect(colourEnabled(io({ isTTY: true }))).toBe(true);
    expect(colourEnabled(io({ isTTY: false }))).toBe(false);
    expect(colourEnabled(io({ isTTY: true, env: { NO_COLOR: "1" } }))).toBe(false);
    expect(paint(io({ isTTY: true, env: { NO_COLOR: "1" } })).red("x")).toBe("x");
    expect(paint(io({ isTTY: true })).red("x")).toBe("\u001b[31mx\u001b[39m");
  });

  it("should align table columns ignoring colour codes", () => {
    const p = paint(io({ isTTY: true }));
    expect(
      table([
        [p.bold("A"), "B"],
        ["long", "x"],
      ]),
    ).toBe(`${p.bold("A")}     B\nlong  x\n`);
  });
});

describe("mapPool", () => {
  it("should keep input order, bound concurrency and collect failures", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (n === 3) throw new Error("three");
      return n * 10;
    });
    expect(peak).toBe(2);
    expect(out.map((r) => (r.ok ? r.value : "err"))).toEqual([10, 20, "err", 40, 50, 60]);
  });
});

describe("generateSecret", () => {
  it("should draw only from the charset at the asked length", () => {
    expect(generateSecret(64, "hex")).toMatch(/^[0-9a-f]{64}$/);
    expect(generateSecret(32, "alnum")).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(generateSecret(16, "alnum")).not.toBe(generateSecret(16, "alnum"));
  });

  it("should reject unknown charsets and silly lengths as usage errors", () => {
    let err: unknown;
    try {
      generateSecret(32, "emoji");
    } catch (e) {
      err = e;
    }
    expect(isHushError(err) && err.code).toBe("ERR_USAGE");
    expect(() => generateSecret(4, "hex")).toThrow(/--length/);
  });

  it("should drop exactly one trailing newline from stdin values", () => {
    expect(stripFinalNewline("a\n")).toBe("a");
    expect(stripFinalNewline("a\r\n")).toBe("a");
    expect(stripFinalNewline("a\n\n")).toBe("a\n");
    expect(stripFinalNewline("a")).toBe("a");
  });
});

describe("init text helpers", () => {
  it("should derive member names and write a commented starter policy", () => {
    expect(memberSlug("Ada Lovelace")).toBe("ada-lovelace");
    expect(memberSlug(undefined)).toBe("me");
    const text = starterPolicy("ada", "age1xyz");
    expect(text).toContain("ada: age1xyz");
    expect(text).toMatch(/^# /m);
    expect(text).toContain("rules:");
  });

  it("should print scalars raw", () => {
    expect(scalarText(true)).toBe("true");
    expect(scalarText("s")).toBe("s");
    expect(scalarText({ a: 1 })).toBeUndefined();
  });
});

describe("progress", () => {
  it("should draw on a terminal once the delay has passed, and stay silent otherwise", async () => {
    // A run that ends before the delay (1 s) prints nothing.
    let early = "";
    const quick = progress(io({ isTTY: true, stderr: (s) => (early += s) }), "rekey", 50);
    for (let i = 0; i < 50; i++) quick.tick();
    quick.done();
    expect(early).toBe("");

    let err = "";
    const env = { HUSH_PROGRESS_AFTER_MS: "0" };
    const bar = progress(io({ isTTY: true, env, stderr: (s) => (err += s) }), "rekey", 50);
    // Timers of the same delay fire in order: once this one has, the progress timer has too.
    await new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < 50; i++) bar.tick();
    bar.done();
    expect(err).toContain("\rrekey 0/50");
    expect(err).toContain("\rrekey 50/50");

    let quiet = "";
    const json = progress(io({ isTTY: true, env, stderr: (s) => (quiet += s) }), "rekey", 50, {
      quiet: true,
    });
    const pipe = progress(io({ isTTY: false, env, stderr: (s) => (quiet += s) }), "rekey", 500);
    await new Promise((r) => setTimeout(r, 0));
    json.tick();
    pipe.tick();
    json.done();
    pipe.done();
    expect(quiet).toBe("");
  });
});

describe("progress without yielding", () => {
  it("should draw from tick once due, show MB, and stay quiet in CI or when stderr is a pipe", () => {
    const env = { HUSH_PROGRESS_AFTER_MS: "0" };
    let err = "";
    // No await: the timer cannot fire, as in a scan that computes without yielding.
    const bar = progress(
      io({ isTTY: false, stderrIsTTY: true, env, stderr: (s) => (err += s) }),
      "scanning files",
      3,
    );
    bar.tick(1_500_000);
    bar.to(3, 4_000_000);
    bar.done();
    expect(err).toContain("\rscanning files 1/3, 1.5 MB");
    expect(err).toContain("\rscanning files 3/3, 4.0 MB");
    expect(err.endsWith("\r")).toBe(true);

    let quiet = "";
    const ci = progress(
      io({ isTTY: true, env: { ...env, CI: "true" }, stderr: (s) => (quiet += s) }),
      "x",
      3,
    );
    const pipe = progress(
      io({ isTTY: true, stderrIsTTY: false, env, stderr: (s) => (quiet += s) }),
      "x",
      3,
    );
    ci.tick();
    pipe.tick();
    ci.done();
    pipe.done();
    expect(quiet).toBe("");
  });
});

describe("regexToGlob", () => {
  it("should translate the path_regex forms people write", async () => {
    const { regexToGlob } = await import("../src/lib/policytext.js");
    expect(regexToGlob("secrets/.*\\.yaml$")).toBe("**/*secrets/**/*.yaml");
    expect(regexToGlob("^secrets/.*\\.yaml$")).toBe("secrets/**/*.yaml");
    expect(regexToGlob("\\.enc\\.json$")).toBe("**/*.enc.json");
    expect(regexToGlob("^k8s/(dev|prod)/")).toBe("k8s/{dev,prod}/**");
    expect(regexToGlob(".*")).toBe("**");
    expect(regexToGlob("^a+b$")).toBeUndefined();
    expect(regexToGlob("[0-9]")).toBeUndefined();
  });
});
