/**
 * `azimg --demo` in a real terminal (tmux): typed at like a person, read off the screen, and
 * checked to give the terminal back however it ends.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, haveBuild, haveTmux, openHomeEntry, openPane, pick, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the terminal tests are skipped. Install tmux to run them.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

const URN_LINE = /^Canonical:ubuntu-24_04-lts:server:(\d+\.\d+\.\d+)/m;

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

describe.skipIf(!TMUX)('azimg in a terminal (tmux)', () => {
  it('goes from home to an image by typing, and shows its URN', { timeout: 90_000 }, async () => {
    pane = openPane(100, 30);
    await startAzimg(pane, '--demo', 'Marketplace');
    pane.key('Enter');
    await pane.waitForText('Publishers in eastus (');
    await pick(pane, 'canon');
    await pane.waitForText('Offers of Canonical (');
    await pick(pane, 'ubuntu-24_04');
    await pane.waitForText('SKUs of Canonical:ubuntu-24_04-lts (');
    await pick(pane, 'server');
    const versions = await pane.waitForText('Versions of Canonical:ubuntu-24_04-lts:server (');
    const newest = /› (\S+)\s+latest/.exec(versions)?.[1];
    expect(newest).toMatch(/^\d+\.\d+\.\d+$/);
    pane.key('Enter');
    const detail = await pane.waitForText('Trusted Launch');
    expect(URN_LINE.exec(detail)?.[1]).toBe(newest);
    expect(detail.split('\n')[1]).toBe(`eastus › Canonical › ubuntu-24_04-lts › server › ${newest}`);

    // y puts the URN on the clipboard: tmux (set-clipboard on) receives it as a paste buffer.
    pane.key('y');
    await pane.waitForText('Copied URN to the clipboard via OSC 52');
    expect(pane.buffer()).toBe(URN_LINE.exec(detail)?.[0]);
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });

  it('works at 80x24 and follows a resize', { timeout: 90_000 }, async () => {
    pane = openPane(80, 24);
    const first = await startAzimg(pane, 'browse Canonical:ubuntu-24_04-lts:server --demo', 'Versions of Canonical:ubuntu-24_04-lts:server');
    const lines = first.split('\n');
    expect(lines[0]).toContain('DEMO');
    expect(lines[1]).toBe('eastus › Canonical › ubuntu-24_04-lts › server');
    expect(lines.some((l) => l.includes('? help'))).toBe(true);
    pane.key('Enter');
    const detail = await pane.waitForText('Trusted Launch');
    const urn = URN_LINE.exec(detail)?.[0];
    expect(urn).toBeDefined();
    for (const l of detail.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    // Header on the first row, footer and status line at the bottom: 23 rows drawn of 24.
    const rows = detail.split('\n');
    expect(rows[0]).toContain('azimg');
    expect(rows.findIndex((l) => l.includes('? help'))).toBe(21);

    pane.key('Escape');
    await pane.waitForText('Versions of Canonical');
    /** The whole frame is in place: header, crumbs, list title and the footer on `footerRow`. */
    const framed = (footerRow: number) => (s: string) => {
      const l = s.split('\n');
      return l[0]!.includes('azimg') && l[1] === 'eastus › Canonical › ubuntu-24_04-lts › server' && l[2]!.startsWith('Versions of Canonical') && l.findIndex((x) => x.includes('? help')) === footerRow;
    };
    pane.resize(120, 40);
    const big = await pane.waitFor(framed(37), 'the app redrawn for 120x40');
    // Nothing of the old, smaller frame is left over.
    expect(big.split('\n').filter((l) => l.includes('Versions of Canonical'))).toHaveLength(1);
    expect(big.split('\n').filter((l) => l.includes('? help'))).toHaveLength(1);
    pane.resize(80, 24);
    const small = await pane.waitFor(framed(21), 'the app redrawn for 80x24');
    expect(small.split('\n').filter((l) => l.includes('? help'))).toHaveLength(1);
    for (const l of small.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });

  it('quits with Ctrl-C from a text field and gives the terminal back', { timeout: 60_000 }, async () => {
    pane = openPane(100, 30);
    await startAzimg(pane, '--demo', 'Marketplace');
    expect(pane.show('#{alternate_on}')).toBe('1');
    expect(pane.show('#{cursor_flag}')).toBe('0');
    pane.key('Enter');
    await pane.waitForText('Publishers in eastus (');
    pane.key('/');
    pane.type('red');
    await pane.waitForText('/red');
    pane.key('C-c');
    const after = await pane.waitForText('AZIMG_EXIT=0');
    // The main screen is back (with what was on it before), the cursor shows, echo works again.
    expect(after).toContain('BEFORE-AZIMG');
    expect(after).not.toContain('Publishers in eastus');
    expect(pane.show('#{alternate_on}')).toBe('0');
    expect(pane.show('#{cursor_flag}')).toBe('1');
    pane.type('echo typed-after');
    pane.key('Enter');
    await pane.waitFor((s) => s.split('\n').some((l) => l.trim() === 'typed-after'), 'the shell echoes again (raw mode off)');
  });

  it('says on the way out that a delete was still running when the user quit with Ctrl-C', { timeout: 60_000 }, async () => {
    pane = openPane(100, 30);
    await startAzimg(pane, '--demo', 'Marketplace');
    await openHomeEntry(pane, 'My images');
    await pane.waitForText('Managed images · ');
    await pick(pane, 'alma9');
    await pane.waitForText('managed image in rg-images-dev');
    pane.key('D');
    await pane.waitForText('Type its name to confirm');
    pane.type('img-alma9-dev');
    pane.key('Enter');
    // The demo's delete takes a few seconds: quit while Azure (the emulator) is still on it.
    await pane.waitForText('Accepted by Azure; waiting for it to finish');
    pane.key('C-c');
    const after = await pane.waitForText('AZIMG_EXIT=0');
    expect(pane.show('#{alternate_on}')).toBe('0');
    // One line, on the main screen, right after the command (tmux wraps it at 100 columns).
    const out = after.slice(after.indexOf('BEFORE-AZIMG\n'), after.lastIndexOf('AZIMG_EXIT=0')).replace(/\n/g, '');
    expect(out).toContain(
      'azimg: the delete of image rg-images-dev/img-alma9-dev was still running in the demo emulator when azimg quit; the emulator stopped with it (nothing in Azure was touched).',
    );
  });

  it('gives the terminal back when killed with SIGTERM', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'azimg-e2e-'));
    try {
      pane = openPane(100, 30);
      const pidFile = join(dir, 'pid');
      pane.type(`echo BEFORE-AZIMG; sh -c 'echo $$ > ${pidFile}; exec node ${BIN} --demo'; echo AZIMG_EXIT=$?`);
      pane.key('Enter');
      await pane.waitForText('Marketplace');
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, 'SIGTERM');
      const after = await pane.waitForText('AZIMG_EXIT=143');
      expect(after).toContain('BEFORE-AZIMG');
      expect(pane.show('#{alternate_on}')).toBe('0');
      expect(pane.show('#{cursor_flag}')).toBe('1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('azimg without a terminal', () => {
  it('says to use ls/show and exits 2 instead of starting the full-screen app', () => {
    const env = { ...process.env };
    delete env.CI;
    const r = spawnSync(process.execPath, [BIN, '--demo'], { input: '', encoding: 'utf8', env, timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/azimg ls/);
    expect(r.stderr).toMatch(/azimg show/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
