/**
 * `azimg capture` with no target in a terminal is the guided wizard (issue 9); `--vm` picks the VM,
 * so it opens on the next step. Without a terminal it stays the command and says what it needs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { azimg } from '../support/bin.js';
import { haveBuild, haveTmux, openPane, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the azimg capture terminal test is skipped. Install tmux to run it.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

describe.skipIf(!TMUX)('azimg capture in a terminal (tmux)', () => {
  it('opens the wizard with the VM picked, and Esc walks back to the VM list', { timeout: 60_000 }, async () => {
    pane = openPane(100, 30);
    const s = await startAzimg(pane, 'capture --demo --vm rg-images-dev/vm-app-linux-01', 'step 2 of 8');
    expect(s).toContain('Generalized or specialized · vm-app-linux-01');
    pane.key('Escape');
    await pane.waitForText('step 1 of 8');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});

describe('azimg capture without a terminal', () => {
  it('is the command: no target is bad usage, exit 2, and nothing opens', async () => {
    const r = await azimg(['capture', '--demo', '--vm', 'rg-images-dev/vm-app-linux-01']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^azimg: /);
  });
});
