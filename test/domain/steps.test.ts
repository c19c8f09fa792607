import { describe, expect, it } from 'vitest';
import { AzureError } from '../../src/domain/errors.js';
import { formatElapsed, runSteps, stepLine, unfinishedSteps, type StepSpec, type StepStatus } from '../../src/domain/steps.js';

function clock() {
  let t = 1_000;
  return { now: () => t, tick: (ms: number) => (t += ms) };
}

describe('runSteps', () => {
  it('runs steps in order, skips what is already done, and keeps each result', async () => {
    const c = clock();
    const order: string[] = [];
    const specs: StepSpec[] = [
      { id: 'a', title: 'Snapshot', run: async () => { order.push('a'); c.tick(2_000); return 'snap-1'; } },
      { id: 'b', title: 'Deallocate', skip: () => 'already deallocated', run: async () => { order.push('b'); } },
      { id: 'c', title: 'Generalize', irreversible: true, run: async (ctx) => { ctx.detail('working'); order.push('c'); c.tick(500); } },
    ];
    const seen: StepStatus[][] = [];
    const r = await runSteps(specs, { now: c.now, onChange: (s) => seen.push([...s]) });
    expect(r.ok).toBe(true);
    expect(order).toEqual(['a', 'c']);
    expect(r.steps.map((s) => s.state)).toEqual(['done', 'skipped', 'done']);
    expect(r.steps[0]).toMatchObject({ detail: 'snap-1', startedAt: 1_000, endedAt: 3_000 });
    expect(r.steps[1]!.note).toBe('already deallocated');
    expect(r.steps[2]).toMatchObject({ detail: 'working', irreversible: true });
    // The view saw the running state of each step that ran.
    expect(seen.some((s) => s[0]!.state === 'running')).toBe(true);
    expect(seen.some((s) => s[2]!.state === 'running' && s[2]!.detail === 'working')).toBe(true);
  });

  it('stops at the first failure, keeps the later steps pending, and keeps Azure’s words and hint apart', async () => {
    const specs: StepSpec[] = [
      { id: 'a', title: 'One', run: async () => {} },
      {
        id: 'b',
        title: 'Two',
        run: async () => {
          throw new AzureError('OperationNotAllowed', "Operation 'generalize' is not allowed on VM 'vm1' since the VM is running.", 'conflict', 409, 'Stop the VM first.');
        },
      },
      { id: 'c', title: 'Three', run: async () => {} },
    ];
    const r = await runSteps(specs);
    expect(r.ok).toBe(false);
    expect(r.stopped).toBe(false);
    expect(r.at?.id).toBe('b');
    expect(r.steps.map((s) => s.state)).toEqual(['done', 'failed', 'pending']);
    expect(r.steps[1]!.note).toBe("OperationNotAllowed: Operation 'generalize' is not allowed on VM 'vm1' since the VM is running.");
    expect(r.steps[1]!.hint).toBe('Stop the VM first.');
  });

  it('an abort after Azure accepted the step says Azure may still finish it', async () => {
    const ac = new AbortController();
    const specs: StepSpec[] = [
      {
        id: 'del',
        title: 'Delete 1.2.0',
        run: (ctx) =>
          new Promise((_, reject) => {
            ctx.accepted();
            ctx.signal.addEventListener('abort', () => reject(new AzureError('Cancelled', 'Stopped waiting.', 'cancelled')));
            queueMicrotask(() => ac.abort());
          }),
      },
      { id: 'next', title: 'Next', run: async () => {} },
    ];
    const r = await runSteps(specs, { signal: ac.signal });
    expect(r.stopped).toBe(true);
    expect(r.steps.map((s) => s.state)).toEqual(['stopped', 'pending']);
    expect(r.steps[0]!.note).toMatch(/Azure accepted this step and may still finish it/);
    expect(unfinishedSteps(r.steps).map((s) => s.id)).toEqual(['del']);
  });

  it('an abort before Azure accepted anything leaves nothing unfinished', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await runSteps([{ id: 'a', title: 'A', run: async () => {} }], { signal: ac.signal });
    expect(r.stopped).toBe(true);
    expect(r.steps[0]!.state).toBe('stopped');
    expect(unfinishedSteps(r.steps)).toEqual([]);
  });
});

describe('step lines', () => {
  it('formats elapsed time as a person reads it', () => {
    expect(formatElapsed(0)).toBe('0s');
    expect(formatElapsed(59_999)).toBe('59s');
    expect(formatElapsed(65_000)).toBe('1m 05s');
    expect(formatElapsed(3_720_000)).toBe('1h 02m');
  });

  it('says state, title, elapsed and detail in one line, and marks irreversible work before it runs', () => {
    const base = { id: 'g', title: 'Generalize vm1', irreversible: true } as const;
    expect(stepLine({ ...base, state: 'pending' }, 0)).toBe('· Generalize vm1 [irreversible]');
    expect(stepLine({ ...base, state: 'running', startedAt: 0, detail: 'sent' }, 4_000)).toBe('… Generalize vm1 [irreversible] (4s): sent');
    expect(stepLine({ ...base, state: 'done', startedAt: 0, endedAt: 1_000 }, 9_000)).toBe('✓ Generalize vm1 (1s)');
    expect(stepLine({ ...base, state: 'skipped', note: 'already generalized' }, 0)).toBe('– Generalize vm1: already generalized');
    expect(stepLine({ ...base, state: 'failed', startedAt: 0, endedAt: 2_000, note: 'Conflict: busy' }, 5_000)).toBe('✗ Generalize vm1 (2s): Conflict: busy');
  });
});
