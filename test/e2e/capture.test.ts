/**
 * The capture wizard in a real terminal (tmux, 80x24, --demo): from home to the summary —
 * a running Linux VM, generalized, to a managed image, with the safety snapshot and the guest
 * prepared through Run Command — and then the new image found in My images.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { haveBuild, haveTmux, openHomeEntry, openPane, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the capture terminal test is skipped. Install tmux to run it.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

const selected = (s: string) => /^› (.*)$/m.exec(s)?.[1] ?? '';

describe.skipIf(!TMUX)('capture wizard in a terminal (tmux)', () => {
  it('captures vm-app-linux-01 to a managed image from home to summary, then finds it in My images', { timeout: 240_000 }, async () => {
    const p = (pane = openPane(80, 24));
    await startAzimg(p, '--demo --no-color', 'Marketplace');
    await openHomeEntry(p, 'Capture');
    await p.waitForText('Virtual machines (');
    p.key('/');
    p.type('vm-app-linux');
    await p.waitFor((s) => selected(s).startsWith('vm-app-linux-01'), 'vm-app-linux-01 under the cursor');
    p.key('Enter');
    p.key('Enter');
    await p.waitForText('step 2 of 8');
    p.key('Enter');
    await p.waitForText('step 3 of 8: Target');
    p.key('Right');
    await p.waitForText('Managed image (legacy)');
    p.key('n');
    await p.waitForText('step 4 of 8: Safety copy');
    p.key('Enter');
    const guest = await p.waitForText('step 5 of 8: Guest preparation');
    expect(guest).toContain('waagent -force -deprovision+user');
    p.key('Enter');
    const review = await p.waitForText('step 6 of 8: Review');
    expect(review).toContain('! Deprovision the guest');
    expect(review).toContain("Type the VM's name to start (vm-app-linux-01)");
    // Every line fits 80 columns.
    expect(review.split('\n').every((l) => l.length <= 80)).toBe(true);
    console.log(`[e2e] the review step at 80x24:\n${review}`);
    p.type('vm-app-linux-01');
    p.key('Enter');
    await p.waitForText('step 7 of 8: Capturing');
    const done = await p.waitForText('✓ Done.', 180_000);
    expect(done).toMatch(/✓ Create managed image vm-app-linux-01-image/);
    p.key('Enter');
    const summary = await p.waitForText('✓ Captured managed image rg-images-dev/vm-app-linux-01-image');
    expect(summary).toContain('is left generalized and deallocated');
    p.key('i');
    await p.waitForText('Managed images · ');
    p.key('/');
    p.type('vm-app-linux-01-image');
    const found = await p.waitFor((s) => selected(s).includes('vm-app-linux-01-image'), 'the new image in My images');
    expect(found).toMatch(/vm-app-linux-01-image\s+Linux Gen2 · westeurope/);
    // Ctrl-C leaves from anywhere (the filter line may still own the other keys).
    p.key('C-c');
    await p.waitForText('AZIMG_EXIT=0');
  });
});
