import { type Io } from "../io.js";
import { failureText, HushError } from "@hush/core/errors";
import { describeFailure } from "@hush/core/errors";

/**
 * Run `fn` for each file in turn. One file: its failure is the command's failure. Several: each
 * failure is reported on its own line and the others still run; the command then fails as a whole.
 */
export async function runEach(
  io: Io,
  files: readonly string[],
  each: (file: string) => Promise<void>,
): Promise<void> {
  const fn = (file: string): Promise<void> =>
    each(file).catch((err: unknown) => {
      throw withFile(err, file);
    });
  if (files.length === 1) return fn(files[0] as string);
  let failed = 0;
  for (const file of files) {
    try {
      await fn(file);
    } catch (err) {
      failed++;
      const f = describeFailure(err);
      if (f.exitCode === 2) throw err;
      io.stderr(failureText("hush", f));
    }
  }
  if (failed > 0)
    throw new HushError("ERR_COMMAND", `${failed} of ${files.length} files failed`, {
      hint: "see the messages above",
    });
}

/** A core failure says where in the file (`db.password`); add which file, as `hush: <what> (<file>)`. */
export function withFile(err: unknown, file: string): unknown {
  const f = describeFailure(err);
  if (f.exitCode !== 1 || f.message.includes(file)) return err;
  // The original failure stays reachable for HUSH_DEBUG=1's trace.
  return new HushError(f.code, `${f.message} (${file})`, { hint: f.hint, cause: err });
}
