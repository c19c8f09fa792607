/**
 * The step list as a person reads it: a spinner and the elapsed time on the running step, ✓/–/✗
 * after, Azure's words and the hint of a failure on their own lines, and plain glyphs without colour.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { StepList } from '../../src/ui/components/steps.js';
import type { StepStatus } from '../../src/domain/steps.js';
import { PaletteContext, paletteFor } from '../../src/ui/theme.js';

afterEach(() => cleanup());

const T0 = Date.now() - 5_000;
const steps: StepStatus[] = [
  { id: 'snap', title: 'Snapshot the OS disk', state: 'done', irreversible: false, startedAt: T0, endedAt: T0 + 3_000, detail: 'snap-vm1-os' },
  { id: 'guest', title: 'Prepare the guest', state: 'skipped', irreversible: false, note: 'you prepared it by hand' },
  { id: 'gen', title: 'Generalize vm1', state: 'running', irreversible: true, startedAt: T0, detail: 'sent to Azure' },
  { id: 'img', title: 'Create image img1', state: 'pending', irreversible: false },
];

describe('StepList', () => {
  it('shows each step’s state, title, time and detail', () => {
    const r = render(
      <PaletteContext.Provider value={paletteFor(true)}>
        <StepList steps={steps} width={80} />
      </PaletteContext.Provider>,
    );
    const f = r.lastFrame()!;
    expect(f).toMatch(/✓ Snapshot the OS disk 3s/);
    expect(f).toContain('snap-vm1-os');
    expect(f).toMatch(/– Prepare the guest\n\s+you prepared it by hand/);
    expect(f).toMatch(/Generalize vm1 irreversible [45]s/);
    expect(f).toMatch(/· Create image img1/);
    expect(f).not.toContain('\u001b[3');
  });

  it('puts a failure’s words and hint on their own lines, wrapped, not cut', () => {
    const failed: StepStatus[] = [
      {
        id: 'gen',
        title: 'Generalize vm1',
        state: 'failed',
        irreversible: true,
        startedAt: T0,
        endedAt: T0 + 1_000,
        note: "OperationNotAllowed: Operation 'generalize' is not allowed on VM 'vm1' since the VM is running. Please stop or deallocate it first.",
        hint: 'Deallocate the VM, then run the capture again: it resumes where it stopped.',
      },
    ];
    const r = render(<StepList steps={failed} width={60} />);
    const f = r.lastFrame()!;
    expect(f).toContain('✗ Generalize vm1 1s');
    expect(f.replace(/\s+/g, ' ')).toContain("since the VM is running. Please stop or deallocate it first.");
    expect(f.replace(/\s+/g, ' ')).toContain('it resumes where it stopped.');
    expect(f.split('\n').every((l) => l.length <= 60)).toBe(true);
  });
});
