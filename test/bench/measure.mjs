// What every benchmark file measures with: the median of a sample, and the median wall time of an
// async function after a warm-up.

/** The middle value (the upper one of two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median milliseconds of `runs` calls of `fn`, after `warmup` calls that are not counted. */
export async function time(fn, runs, warmup = 3) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(out);
}
