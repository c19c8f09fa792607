/**
 * `--read-only` before the command reaches the TUI (issue 7: `azimg --read-only browse …` opened
 * without the badge and D deleted). In a real terminal: the header says read-only, and D on a
 * managed image says nothing was sent, wherever the flag stood on the command line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { haveBuild, haveTmux, openHomeEntry, openPane, pick, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the --read-only terminal test is skipped. Install tmux to run it.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

describe.skipIf(!TMUX)('--read-only before the command, in a terminal (tmux)', () => {
  it('azimg --read-only browse Canonical shows the read-only badge', { timeout: 60_000 }, async () => {
    pane = openPane(100, 30);
    const first = await startAzimg(pane, '--read-only browse Canonical --demo', 'read-only');
    expect(first).toContain('read-only');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });

  it('azimg --read-only --demo: D on a managed image sends nothing and says so', { timeout: 90_000 }, async () => {
    pane = openPane(100, 30);
    await startAzimg(pane, '--read-only --demo', 'read-only');
    await openHomeEntry(pane, 'My images');
    await pane.waitForText('img-alma9-dev');
    await pick(pane, 'img-alma9-dev');
    await pane.waitForText('Create a VM from it');
    pane.key('D');
    const s = await pane.waitForText('Not deleted: read-only mode, nothing sent to Azure.');
    expect(s).not.toContain('Type the image');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});
