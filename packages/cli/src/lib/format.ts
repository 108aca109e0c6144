import type { Io } from "../io.js";

/** Colour helpers: real ANSI codes only on a terminal, and never when NO_COLOR is set (no-color.org). */
export interface Paint {
  enabled: boolean;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  bold: (s: string) => string;
  dim: (s: string) => string;
}

/** Whether colour is allowed for this run. */
export function colourEnabled(io: Io): boolean {
  const noColor = io.env["NO_COLOR"];
  return io.isTTY && (noColor === undefined || noColor === "") && io.env["TERM"] !== "dumb";
}

function sgr(on: number, off: number, enabled: boolean): (s: string) => string {
  return enabled ? (s) => `\u001b[${on}m${s}\u001b[${off}m` : (s) => s;
}

/** The colour helpers for this run. */
export function paint(io: Io): Paint {
  const enabled = colourEnabled(io);
  return {
    enabled,
    red: sgr(31, 39, enabled),
    green: sgr(32, 39, enabled),
    yellow: sgr(33, 39, enabled),
    bold: sgr(1, 22, enabled),
    dim: sgr(2, 22, enabled),
  };
}

/** Render rows as aligned columns (two spaces apart); the last column is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - visibleLength(cell)),
        )
        .join("  ")
        .trimEnd(),
    )
    .map((line) => line + "\n")
    .join("");
}

function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, "").length;
}

/** How long a multi-file command runs before it shows a progress line. */
export const PROGRESS_AFTER_MS = 1000;

/** A progress line: see {@link progress}. */
export interface Progress {
  tick: (bytes?: number) => void;
  to: (done: number, bytes?: number) => void;
  done: () => void;
}

/** Whether `CI` names a CI system (GitHub, GitLab and most others set `CI=true`). */
function inCi(io: Io): boolean {
  const ci = io.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

/**
 * Whether {@link progress} would draw at all (a terminal, not quiet, not CI): a command skips the
 * work of counting what a line nobody sees would show (`hush scan --history` walked every commit
 * once more for its total: 25–60 ms of the 1,000-commit bench, before git log even started).
 */
export function progressShown(io: Io, options: { quiet?: boolean } = {}): boolean {
  return (io.stderrIsTTY ?? io.isTTY) === true && options.quiet !== true && !inCi(io);
}

/**
 * A progress line for a multi-file command: on a terminal only (stderr, where it is drawn; never on
 * a pipe, never with `quiet`, e.g. `--json`, never in CI), and only once the command has run for
 * {@link PROGRESS_AFTER_MS}, so quick runs print nothing extra. The line is rewritten in place;
 * `done` clears it. `tick(bytes)` counts one item done and, when given, the bytes it read (shown
 * in MB); `to(done, bytes)` sets both counts at once (a stream that reports in chunks).
 */
export function progress(
  io: Io,
  label: string,
  total: number,
  options: { quiet?: boolean } = {},
): Progress {
  if (!progressShown(io, options) || total < 2)
    return { tick: () => undefined, to: () => undefined, done: () => undefined };
  let n = 0;
  let bytes = 0;
  let last = -1;
  let shown = false;
  let width = 0;
  const draw = (): void => {
    shown = true;
    last = n;
    const mb = bytes > 0 ? `, ${(bytes / 1e6).toFixed(1)} MB` : "";
    const line = `${label} ${n}/${total}${mb}`;
    // Pad over a longer line drawn before, so no stale characters remain.
    io.stderr(`\r${line}${" ".repeat(Math.max(0, width - line.length))}`);
    width = Math.max(width, line.length);
  };
  // HUSH_PROGRESS_AFTER_MS: another delay (tests use 0 to see the line without waiting).
  const wanted = Number(io.env["HUSH_PROGRESS_AFTER_MS"] ?? PROGRESS_AFTER_MS);
  const after = Number.isFinite(wanted) && wanted >= 0 ? wanted : PROGRESS_AFTER_MS;
  const due = Date.now() + after;
  // The timer draws while the command awaits; a command that computes without yielding (a scan
  // of a large tree) never lets it fire, so `tick` also looks at the clock.
  const timer = setTimeout(draw, after);
  timer.unref();
  const advance = (): void => {
    if (!shown) {
      if (Date.now() >= due) draw();
      return;
    }
    // Redraw at most ~100 times whatever the item count.
    if (n === total || n - last >= Math.max(1, Math.floor(total / 100))) draw();
  };
  return {
    tick: (more = 0) => {
      n++;
      bytes += more;
      advance();
    },
    to: (count, read = 0) => {
      n = count;
      bytes = read;
      advance();
    },
    done: () => {
      clearTimeout(timer);
      if (shown) io.stderr(`\r${" ".repeat(width)}\r`);
    },
  };
}
