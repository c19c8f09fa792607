/**
 * Issue 8's rough edges in a real terminal (tmux): `azimg browse` with an az CLI alias, and a
 * 60-column window where the footer keeps Esc back and wrapped snippet comments stay comments.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { haveBuild, haveTmux, openPane, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the terminal tests are skipped. Install tmux to run them.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

describe.skipIf(!TMUX)('rough edges in a terminal (tmux)', () => {
  it('azimg browse Ubuntu2404 opens the image the alias names, not a publisher called Ubuntu2404', { timeout: 90_000 }, async () => {
    pane = openPane(100, 30);
    const s = await startAzimg(pane, 'browse Ubuntu2404 --demo', 'Trusted Launch');
    expect(s.split('\n')[1]).toBe('eastus › Canonical › ubuntu-24_04-lts › server › latest');
    expect(s).not.toContain('Could not load');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });

  it('at 60 columns: Esc back stays in the footer and a wrapped comment keeps its #', { timeout: 90_000 }, async () => {
    pane = openPane(60, 40);
    // An image with a plan: its az snippet starts with a comment about accepting the terms.
    let s = await startAzimg(pane, 'browse RedHat:rhel-byos:rhel-lvm96-gen2:latest --demo', 'Trusted Launch');
    const footer = (screen: string) => screen.split('\n').find((l) => l.includes('? help')) ?? '';
    expect(footer(s)).toContain('Esc back');
    // The plan's terms arrive with a second answer and lengthen the page: press G again, as a
    // person would, until the end is on screen.
    for (let tries = 0; ; tries++) {
      pane.key('G');
      try {
        s = await pane.waitForText('— end —', 3_000);
        break;
      } catch (e) {
        if (tries >= 5) throw e;
      }
    }
    const lines = s.split('\n');
    const comment = lines.findIndex((l) => l.startsWith('#'));
    expect(comment, s).toBeGreaterThanOrEqual(0);
    // Every line of the comment block starts with `#`, up to the first line of code.
    const block = lines.slice(comment, lines.findIndex((l, i) => i > comment && !l.startsWith('#')));
    expect(block.length, s).toBeGreaterThan(1);
    for (const l of block) expect(l.length).toBeLessThanOrEqual(60);
    expect(footer(s)).toContain('Esc back');
    pane.key('Escape');
    s = await pane.waitForText('Versions of RedHat');
    expect(footer(s)).toContain('Esc back');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});
