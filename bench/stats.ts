/** Shared by the bench modules: the row shape, medians and percentiles, and the printer. */

export interface BenchRow {
  name: string;
  value: number;
  unit: 'ms' | 'MiB' | 'x' | 'B' | 'ratio' | 'min';
  /** Upper bound the issue sets, in the same unit. */
  target?: number;
  /** A reference figure to compare against (e.g. the az CLI), same unit. */
  reference?: { label: string; value: number };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

function fmt(r: BenchRow, v: number): string {
  if (r.unit === 'x') return String(Math.round(v));
  if (r.unit === 'ratio') return `${v.toFixed(2)}×`;
  if (r.unit === 'B') return `${Math.round(v)} B`;
  if (r.unit === 'min') return `${v.toFixed(1)} min`;
  return `${v.toFixed(r.unit === 'ms' && v < 10 ? 2 : 0)} ${r.unit}`;
}

export function printRows(rows: readonly BenchRow[], write: (s: string) => void = (s) => process.stdout.write(s)): void {
  const lines = rows.map((r) => {
    const parts = [r.name.padEnd(70), fmt(r, r.value).padStart(10)];
    if (r.target !== undefined) {
      const met = r.value <= r.target;
      // A target of 0 (nothing may be spent) has no percentage: met or not.
      const share = r.target > 0 ? `${((r.value / r.target) * 100).toFixed(0)}% of it: ` : '';
      parts.push(`target ≤ ${fmt(r, r.target)} (${share}${met ? 'MET' : 'MISSED'})`);
    }
    if (r.reference) parts.push(`${r.reference.label} ${fmt(r, r.reference.value)} → ${(r.reference.value / r.value).toFixed(1)}× faster`);
    return parts.join('  ');
  });
  write(`${lines.join('\n')}\n`);
}
