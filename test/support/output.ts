/** A shell command's Output (src/shell/output.ts) kept in strings, one line per write, as a terminal would show it. */
import type { Output } from '../../src/shell/output.js';

export function captureOutput(): { output: Output; result: () => { out: string; err: string } } {
  let out = '';
  let err = '';
  const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);
  return {
    output: { out: (t) => (out += line(t)), err: (t) => (err += line(t)), columns: undefined },
    result: () => ({ out, err }),
  };
}
