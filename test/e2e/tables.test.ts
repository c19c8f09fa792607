/**
 * Shell tables in a real terminal (tmux): at 100 columns `galleries ls G/D` either shows every
 * column or names the hidden ones and the flag that shows them; `--wide` and a pipe print it all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, haveBuild, haveTmux, openPane, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the table-width test is skipped. Install tmux to run it.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

const HEADERS = ['VERSION', 'STATE', 'REPLICATION', 'REGIONS', 'LATEST', 'PUBLISHED', 'END OF LIFE'];

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

async function run(p: Pane, args: string): Promise<string[]> {
  p.type(`clear; node ${BIN} ${args}; echo TABLE_EXIT=$?`);
  p.key('Enter');
  const screen = await p.waitFor((s) => /TABLE_EXIT=\d/.test(s), args);
  expect(screen).toContain('TABLE_EXIT=0');
  const lines = screen.split('\n');
  const start = lines.findIndex((l) => l.startsWith('VERSION'));
  const end = lines.findIndex((l) => l.startsWith('TABLE_EXIT='));
  return lines.slice(start, end);
}

describe.skipIf(!TMUX)('shell tables fit the terminal (tmux)', () => {
  it('shows every column at 100 columns, or names the hidden ones and --wide', async () => {
    pane = openPane(100, 30);
    const table = await run(pane, 'galleries ls gal_platform_prod/ubuntu-2204-web --demo');
    // No row wraps: each starts with a version (or is the header / the hint).
    const rows = table.filter((l) => /^\d+\.\d+\.\d+\s/.test(l));
    expect(rows.map((r) => r.split(/\s{2,}/)[0])).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    for (const l of table) expect([...l].length).toBeLessThanOrEqual(100);
    const header = table[0]!;
    const hidden = HEADERS.filter((h) => !header.includes(h));
    if (hidden.length > 0) {
      const hint = table.find((l) => l.includes('hidden'));
      expect(hint, `hidden ${hidden.join(', ')} without a hint:\n${table.join('\n')}`).toBeDefined();
      for (const h of hidden) expect(hint).toContain(h);
      expect(hint).toContain('--wide');
    }
    // The facts people scan for stay whole.
    expect(header).toContain('LATEST');
    expect(header).toContain('END OF LIFE');
    expect(rows[1]).toMatch(/\blatest\b/);
    expect(rows[2]).toContain('(past)');
  });

  it('prints every column with --wide, and when piped', async () => {
    pane = openPane(100, 30);
    for (const args of ['galleries ls gal_platform_prod/ubuntu-2204-web --demo --wide', 'galleries ls gal_platform_prod/ubuntu-2204-web --demo | cat']) {
      const table = await run(pane, args);
      // At full width the rows wrap in a 100-column pane: read them joined back up.
      const text = table.join('');
      for (const h of HEADERS) expect(text).toContain(h);
      expect(text).not.toContain('hidden');
      expect(text).toContain('Southeast Asia');
    }
  });
});
