import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as core from "@actions/core";
import { listRules } from "@hush/core/scan";
import { describeFailure, failureLine, HushError, isHushError } from "@hush/core/errors";
import {
  applyBaseline,
  checkRange,
  formatSarif,
  parseBaseline,
  readBlobs,
  type GuardReport,
} from "@hush/pre-commit";
import { rangeOf, type Range } from "./range.js";
import { annotate, writeSummary } from "./summary.js";

/**
 * The action: the range (inputs, else the event) → the guard's range checks (detector on every
 * commit, policy and sops checks on every file changed, under the stronger of base's and head's
 * configuration) → the baseline, read from the base commit → annotations, SARIF, summary, outputs
 * → a failed step when anything is left.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    await scanStep(env);
  } catch (e) {
    // No default hints: they speak of the CLI's options.
    core.setFailed(failureLine(describeFailure(e, { defaultHints: false })));
  }
}

async function scanStep(env: NodeJS.ProcessEnv): Promise<void> {
  const ageKey = core.getInput("age-key");
  for (const line of ageKey.split(/\r?\n/)) if (line.trim() !== "") core.setSecret(line.trim());
  const range = rangeOf({ base: core.getInput("base"), head: core.getInput("head") }, env);
  const cwd = env.GITHUB_WORKSPACE ?? process.cwd();
  const label = range.base === undefined ? `all of ${range.head}` : `${range.base}..${range.head}`;

  let report: GuardReport;
  try {
    report = await checkRange({
      cwd,
      env: ageKey.trim() === "" ? env : { ...env, SOPS_AGE_KEY: ageKey },
      base: range.base,
      head: range.head,
    });
  } catch (e) {
    // The range comes from the step's inputs (or the event): a bad one is a bad input here.
    if (isHushError(e) && e.code === "ERR_REVISION")
      throw new HushError("ERR_INPUT", e.message, {
        hint: "check out the whole range (actions/checkout with fetch-depth: 0), or pass base and head",
        cause: e,
      });
    if (isHushError(e)) throw e;
    throw new HushError("ERR_GIT", e instanceof Error ? e.message : String(e), {
      hint: "run the step in a git checkout of the repository (actions/checkout)",
      cause: e,
    });
  }

  const baseline = core.getInput("baseline");
  if (baseline !== "") await useBaseline(cwd, range, baseline, report);

  annotate(report);
  const sarif = await writeSarif(env, report);
  core.setOutput("sarif", sarif);
  core.setOutput("findings", String(report.findings.length));
  await writeSummary(report, label, sarif);
  const n = report.findings.length;
  if (n > 0)
    core.setFailed(
      `hush: ${n} finding${n === 1 ? "" : "s"} in ${label} (annotated above; SARIF at ${sarif})`,
    );
}

/** The baseline as the base commit has it: a pull request cannot baseline its own findings. */
async function useBaseline(
  cwd: string,
  range: Range,
  file: string,
  report: GuardReport,
): Promise<void> {
  const rel = file.replace(/\\/g, "/").replace(/^\.\//, "");
  if (range.base === undefined || rel.startsWith("/") || rel.split("/").includes("..")) {
    core.warning(
      range.base === undefined
        ? `baseline ${file} not used: the range has no base commit to read it from`
        : `baseline ${file} not used: give a path inside the repository`,
    );
    return;
  }
  const name = `${range.base}:${rel}`;
  const blobs = await readBlobs(cwd, [name]);
  const text = blobs.get(name)?.toString("utf8");
  if (text === undefined) {
    core.warning(`baseline ${file} not used: the base commit has no such file`);
    return;
  }
  try {
    applyBaseline(report, parseBaseline(text), file);
  } catch (e) {
    if (isHushError(e) && e.code === "ERR_BASELINE")
      throw new HushError("ERR_BASELINE", `${e.message} (${file})`, {
        hint: "write one with hush scan --json",
      });
    throw e;
  }
}

/** The SARIF report in a private folder under RUNNER_TEMP. */
async function writeSarif(env: NodeJS.ProcessEnv, report: GuardReport): Promise<string> {
  const temp = env.RUNNER_TEMP;
  const dir =
    temp === undefined || temp === ""
      ? await mkdtemp(path.join(tmpdir(), "hush-scan-"))
      : await mkdtemp(path.join(temp, "hush-scan-"));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, "hush.sarif");
  await writeFile(file, formatSarif(report, listRules()), { mode: 0o600, flag: "wx" });
  return file;
}
