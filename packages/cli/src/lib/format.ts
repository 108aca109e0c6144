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

/**
 * A progress line for a multi-file command: on a terminal only (never on a pipe, never with
 * `quiet`, e.g. `--json`), and only once the command has run for {@link PROGRESS_AFTER_MS}, so
 * quick runs print nothing extra. The line is rewritten in place; `done` clears it.
 */
export function progress(
  io: Io,
  label: string,
  total: number,
  options: { quiet?: boolean } = {},
): { tick: () => void; done: () => void } {
  if (!io.isTTY || options.quiet === true || total < 2)
    return { tick: () => undefined, done: () => undefined };
  let n = 0;
  let last = -1;
  let shown = false;
  const draw = (): void => {
    shown = true;
    last = n;
    io.stderr(`\r${label} ${n}/${total}`);
  };
  // HUSH_PROGRESS_AFTER_MS: another delay (tests use 0 to see the line without waiting).
  const after = Number(io.env["HUSH_PROGRESS_AFTER_MS"] ?? PROGRESS_AFTER_MS);
  const timer = setTimeout(draw, Number.isFinite(after) && after >= 0 ? after : PROGRESS_AFTER_MS);
  timer.unref();
  return {
    tick: () => {
      n++;
      // Redraw at most ~100 times whatever the file count.
      if (shown && (n === total || n - last >= Math.max(1, Math.floor(total / 100)))) draw();
    },
    done: () => {
      clearTimeout(timer);
      if (shown) io.stderr(`\r${" ".repeat(label.length + 2 * String(total).length + 2)}\r`);
    },
  };
}
