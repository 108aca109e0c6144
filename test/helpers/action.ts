// Shared steps of the action's attack tests: run the committed bundle under the runner emulation
// with a workspace and an identity, and the checks every failed step must pass.
import { expect } from "vitest";
import { runStep, type StepResult } from "../helpers/runner-emu.js";
import { BUNDLE, NODE24, HAVE_NODE24, runVariables } from "./action-fixtures.js";

/** Run the bundled action in `ws` with `identity` and `inputs` (export env, all YAML/JSON/env files by default). */
export function actionStep(
  ws: string,
  identity: string,
  inputs: Record<string, string>,
  extra: { env?: Record<string, string>; node24?: boolean } = {},
): Promise<StepResult> {
  return runStep(BUNDLE, {
    cwd: ws,
    inputs: { "age-key": identity, files: "**/*.{yaml,json,env}", export: "env", ...inputs },
    env: { ...runVariables(ws), ...extra.env },
    ...(extra.node24 === true && HAVE_NODE24 ? { node: NODE24 } : {}),
  });
}

/** The `::error::` lines of a step. */
export const errorsOf = (r: StepResult): string[] =>
  r.commands.filter((c) => c.name === "error").map((c) => c.data);

/** A failed step: a failing exit, exactly one ::error:: line with the code, nothing exported. */
export function expectFailedStep(r: StepResult, code: string): string {
  expect(r.status).toBe(1);
  const errs = errorsOf(r);
  expect(errs).toHaveLength(1);
  expect(errs[0]).toMatch(new RegExp(`^${code}: `));
  expect(r.env).toEqual({});
  expect(r.outputs.files).toBeUndefined();
  expect(r.outputs["export-path"]).toBeUndefined();
  expect(r.fileCommandErrors).toEqual([]);
  return errs[0]!;
}

/** Neither `secret` nor any line of it appears in what the runner shows or in the raw output. */
export function expectNeverShown(r: StepResult, secret: string): void {
  expect([...r.log, r.summary].join("\n")).not.toContain(secret);
  expect(
    r.raw
      .split("\n")
      .filter((l) => !l.startsWith("::add-mask::"))
      .join("\n"),
  ).not.toContain(secret);
}
