/**
 * `:search ubuntu 24.04` in a real terminal (tmux) with `azimg --demo`: the Arm64 filter toggle,
 * an Arm64 image's detail, and `y` copying its URN (tmux receives the OSC 52 copy as a buffer).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { haveBuild, haveTmux, openPane, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the terminal search test is skipped. Install tmux to run it.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

describe.skipIf(!TMUX)('search in a terminal (tmux)', () => {
  it(':search ubuntu 24.04, Arm64 filter, open an Arm64 image, copy its URN', { timeout: 120_000 }, async () => {
    pane = openPane(100, 30);
    await startAzimg(pane, '--demo', 'Marketplace');
    pane.key(':');
    pane.type('search ubuntu 24.04');
    pane.key('Enter');
    await pane.waitForText('Done: ', 90_000);
    pane.key('a');
    pane.key('a');
    const list = await pane.waitForText('arch: Arm64');
    const rows = list.split('\n').filter((l) => /^[›\s] Canonical:/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((l) => /\bArm64\b/.test(l))).toBe(true);
    pane.key('Enter');
    const detail = await pane.waitForText('Architecture');
    const urn = /^(Canonical:ubuntu-24_04-lts:[\w-]*arm64:\d+\.\d+\.\d+)/m.exec(detail)?.[1];
    expect(urn).toBeDefined();
    expect(detail).toMatch(/Architecture\s+Arm64/);
    pane.key('y');
    await pane.waitForText('Copied URN to the clipboard via OSC 52');
    expect(pane.buffer()).toBe(urn);
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});
