// The runner emulation is the oracle of the e2e tests, so it is checked against the runner's own
// L0 test vectors (SetOutputFileCommandL0.cs) and the masking behaviour in the reference.
import { describe, expect, it } from "vitest";
import {
  inputVariable,
  iterEnvFile,
  parseEnvFile,
  processOutput,
  SecretMasker,
} from "../../../test/helpers/runner-emu.js";

describe("runner emulation: env file parser", () => {
  it("should split NAME=VALUE at the first =", () => {
    expect(
      parseEnvFile(["MY_OUTPUT==abc", "MY_OUTPUT_2=def=ghi", "MY_OUTPUT_3=jkl="].join("\n")),
    ).toEqual([
      ["MY_OUTPUT", "=abc"],
      ["MY_OUTPUT_2", "def=ghi"],
      ["MY_OUTPUT_3", "jkl="],
    ]);
  });

  it("should read heredocs, strip a BOM and keep blank lines and a trailing newline", () => {
    expect(
      parseEnvFile(
        "\ufeff" + ["MY_OUTPUT<<EOF", "line one", "line two", "line three", "EOF"].join("\n"),
      ),
    ).toEqual([["MY_OUTPUT", "line one\nline two\nline three"]]);
    expect(
      parseEnvFile(["MY_OUTPUT_3<<EOF", "hello", "", "three", "", "EOF", ""].join("\n")),
    ).toEqual([["MY_OUTPUT_3", "hello\n\nthree\n"]]);
    expect(parseEnvFile(["MY_OUTPUT<<=EOF", "hello", "one", "=EOF"].join("\n"))).toEqual([
      ["MY_OUTPUT", "hello\none"],
    ]);
    expect(parseEnvFile(["MY_OUTPUT_5<<EOF", " EOF", "EOF"].join("\n"))).toEqual([
      ["MY_OUTPUT_5", " EOF"],
    ]);
  });

  it("should throw when the delimiter is missing or the line has no = or <<", () => {
    expect(() => parseEnvFile(["MY_OUTPUT<<EOF", "line one", "EOF"].join(" "))).toThrow(
      /Matching delimiter not found/,
    );
    expect(() => parseEnvFile("JUST_A_NAME\n")).toThrow(/Invalid format/);
  });

  it("should let an = in a heredoc name break out, as the runner does (why names are checked)", () => {
    const injected = "SAFE=x<<ghadelimiter_1\nBASH_ENV=/x/evil.sh\nghadelimiter_1\n";
    const pairs = [...parseEnvFileLazy(injected)];
    expect(pairs).toContainEqual(["BASH_ENV", "/x/evil.sh"]);
  });
});

function* parseEnvFileLazy(text: string): Generator<[string, string]> {
  try {
    yield* iterEnvFile(text);
  } catch {
    // the runner keeps the pairs applied before the error
  }
}

describe("runner emulation: masker and commands", () => {
  it("should mask a value and its base64, but not base64 of value+newline (known gap)", () => {
    const m = new SecretMasker();
    m.addValue("1234");
    expect(m.mask("x 1234 MTIzNA== y")).toBe("x *** *** y");
    expect(m.mask("MTIzNAo=")).toBe("MTIzNAo=");
  });

  it("should apply add-mask in order, register each line, and hide the command itself", () => {
    const m = new SecretMasker();
    const { log, commands } = processOutput(
      [
        "before s3cret",
        "::add-mask::s3cret%0A  line-two  ",
        "after s3cret line-two",
        "::error::bad s3cret",
      ].join("\n"),
      m,
    );
    expect(log).toEqual(["before s3cret", "after *** ***", "##[error]bad ***"]);
    expect(commands.map((c) => c.name)).toEqual(["add-mask", "error"]);
    expect(m.originals).toEqual(new Set(["s3cret\n  line-two  ", "s3cret", "line-two"]));
  });

  it("should not run commands between stop-commands and its token", () => {
    const m = new SecretMasker();
    const { commands } = processOutput(
      ["::stop-commands::tok123456", "::add-mask::nope", "::tok123456::", "::add-mask::yes"].join(
        "\n",
      ),
      m,
    );
    expect(m.originals.has("nope")).toBe(false);
    expect(m.originals.has("yes")).toBe(true);
    expect(commands.map((c) => c.name)).toEqual(["stop-commands", "add-mask"]);
  });

  it("should name inputs the way the runner does", () => {
    expect(inputVariable("age-key")).toBe("INPUT_AGE-KEY");
    expect(inputVariable("fail on error")).toBe("INPUT_FAIL_ON_ERROR");
  });
});
