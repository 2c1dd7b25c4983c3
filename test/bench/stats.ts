/** Tiny timing helpers for benchmarks: medians over repeated runs, printed as ratios side by side. */
export function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function runs(count: number, fn: () => void): number[] {
  return Array.from({ length: count }, () => timeIt(fn));
}

export const ms = (n: number) => `${n < 1 ? n.toFixed(3) : n.toFixed(1)} ms`;
