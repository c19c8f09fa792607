/** `azimg capture` and `azimg vms` as a user runs them: the bundled command with --demo. */
import { describe, expect, it } from 'vitest';
import { azimg } from '../support/bin.js';

describe('azimg capture / vms (the real command)', () => {
  it('capture --help prints capture\'s own help', async () => {
    const r = await azimg(['capture', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: azimg capture \[options\]/);
    expect(r.stdout).toContain('--to <target>');
    expect(r.stdout).toContain('--guest-prepared');
  });

  it('capture --plan --json in demo prints the findings and the plan, exit 0', async () => {
    const r = await azimg(['capture', '--demo', '--vm', 'rg-images-dev/vm-img-builder-01', '--generalized', '--to', 'image:rg-images-dev/img-x', '--plan', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.findings.info.map((f: { id: string }) => f.id)).toContain('vm-already-generalized');
    expect(j.plan.steps.filter((s: { skippedBecause?: string }) => !s.skippedBecause).map((s: { id: string }) => s.id)).toEqual(['snapshot', 'create-image']);
  });

  it('vms show with --location is bad usage, exit 2', async () => {
    const r = await azimg(['vms', 'show', 'rg-images-dev/vm-app-linux-01', '--demo', '--location', 'westus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: --location does not apply to azimg vms show\./);
  });
});
