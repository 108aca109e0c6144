import { describe, expect, it } from "vitest";
import {
  describeFailure,
  ERROR_INFO,
  failureLine,
  failureText,
  HushError,
  type ErrorCode,
} from "../src/errors.js";

describe("the error model", () => {
  it("should map a core error to exit 1 with its hint, or a default hint by code", () => {
    expect(
      describeFailure(new HushError("ERR_MAC", "mac mismatch (a.yaml)", { hint: "restore it" })),
    ).toEqual({
      code: "ERR_MAC",
      message: "mac mismatch (a.yaml)",
      hint: "restore it",
      exitCode: 1,
    });
    const f = describeFailure(new HushError("ERR_NO_IDENTITY", "no identity opens a.yaml"));
    expect(f.exitCode).toBe(1);
    expect(f.hint).toContain("SOPS_AGE_KEY_FILE");
    expect(
      describeFailure(new HushError("ERR_NO_IDENTITY", "x"), { defaultHints: false }).hint,
    ).toBe(undefined);
  });

  it("should map usage, ERR_INTERNAL and unknown errors to exit 2", () => {
    expect(describeFailure(new HushError("ERR_USAGE", "bad", { hint: "do this" }))).toEqual({
      code: "ERR_USAGE",
      message: "bad",
      hint: "do this",
      exitCode: 2,
    });
    expect(describeFailure(new HushError("ERR_INTERNAL", "boom")).exitCode).toBe(2);
    const unknown = describeFailure(new TypeError("x\n    at somewhere (/path/file.js:1:1)"));
    expect(unknown).toMatchObject({ code: "ERR_INTERNAL", exitCode: 2 });
    expect(unknown.message).not.toContain("\n");
  });

  it("should keep an exit status the error chose (a signal, a failed batch)", () => {
    expect(
      describeFailure(new HushError("ERR_COMMAND", "interrupted", { exitCode: 130 })).exitCode,
    ).toBe(130);
  });

  it("should name the path of a file-system error without a stack", () => {
    const err = Object.assign(new Error("ENOENT: no such file"), {
      code: "ENOENT",
      syscall: "open",
      path: "/x/y.yaml",
    });
    const f = describeFailure(err);
    expect(f).toMatchObject({ code: "ERR_IO", exitCode: 1 });
    expect(f.message).toBe("no such file or directory (/x/y.yaml)");
  });

  it("should give every code an exit status of 1 or 2", () => {
    const codes = Object.keys(ERROR_INFO) as ErrorCode[];
    expect(codes.length).toBeGreaterThan(20);
    for (const code of codes) expect([1, 2]).toContain(ERROR_INFO[code].exit);
  });

  it("should render one line and a hint for a command, one line for an action", () => {
    const f = describeFailure(new HushError("ERR_PATH", "no such key (a.b)", { hint: "check it" }));
    expect(failureText("hush", f)).toBe("hush: no such key (a.b)\nhint: check it\n");
    expect(failureText("hush", { message: "m", hint: undefined })).toBe("hush: m\n");
    expect(failureLine(f)).toBe("ERR_PATH: no such key (a.b) (hint: check it)");
  });
});
