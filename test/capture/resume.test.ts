/**
 * A capture interrupted at each step (Ctrl-C while Azure runs it) and started again with the
 * command it printed: what Azure already shows is skipped, and the result is the same image.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { capture, session, settled, type Session } from './support.js';

let open: Session[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.demo.stop()));
  open = [];
});

const TITLES: Record<string, RegExp> = {
  snapshot: /Snapshot the OS disk/,
  'guest-prepare': /Deprovision the guest/,
  'wait-stopped': /Wait until Azure reports the VM stopped/,
  deallocate: /Deallocate the VM/,
  generalize: /Mark the VM generalized/,
  'create-image': /Create managed image/,
  'create-gallery': /Create gallery/,
  'create-definition': /Create image definition/,
  'create-version': /Create version/,
};
/** Steps with no long-running request: stopped as soon as they start. */
const INSTANT = new Set(['wait-stopped', 'generalize']);

const [RG, VM] = ['rg-images-dev', 'vm-app-linux-01'];
const TO_IMAGE = `capture --vm ${RG}/${VM} --generalized --to image:${RG}/img-resumed --yes`;
const TO_GALLERY = `capture --vm ${RG}/${VM} --generalized --to gallery:${RG}/gal_resumed/app-linux --regions westeurope,northeurope --yes`;

async function interruptedAt(step: string, line: string) {
  const s = await session();
  open.push(s);
  const stop = new AbortController();
  const first = await capture(s, line, { signal: stop.signal }, (l) => {
    if (l.startsWith('  … ') && TITLES[step]!.test(l) && (INSTANT.has(step) || /accepted by Azure/.test(l))) stop.abort();
  });
  return { s, first };
}

describe('resume after an interruption', () => {
  it.each([
    ['create-image', TO_IMAGE],
    ['snapshot', TO_GALLERY],
    ['guest-prepare', TO_GALLERY],
    ['wait-stopped', TO_GALLERY],
    ['deallocate', TO_GALLERY],
    ['generalize', TO_GALLERY],
    ['create-gallery', TO_GALLERY],
    ['create-definition', TO_GALLERY],
    ['create-version', TO_GALLERY],
  ])('stopped at %s: says what still runs and how to resume; the resume skips what is done and ends with the same image', async (step, line) => {
    const { s, first } = await interruptedAt(step, line);
    expect(first.code).toBe(130);
    const err = first.stderr.trim().split('\n');
    const at = err.findIndex((l) => l.startsWith('azimg: stopped at'));
    expect(err[at]).toMatch(TITLES[step]!);
    if (!INSTANT.has(step)) expect(err[at + 1]).toMatch(/^ {2}Still running in Azure: .*\(Azure accepted it and may still finish it\)\.$/);
    const resume = err.at(-1)!.replace(/^ {2}Resume with: /, '');
    expect(resume).toMatch(/^azimg capture --vm rg-images-dev\/vm-app-linux-01 --generalized --to /);

    // Azure finishes what it accepted; then the printed command is run as typed.
    await settled(s, RG, VM);
    const doneBefore = first.stderr
      .split('\n')
      .filter((l) => l.startsWith('  ✓ '))
      .map((l) => Object.keys(TITLES).find((k) => TITLES[k]!.test(l))!);
    const again = await capture(s, resume);
    expect(again.stderr).not.toMatch(/^azimg:/m);
    expect(again.code).toBe(0);
    for (const id of doneBefore) {
      expect(again.stderr.split('\n').some((l) => l.startsWith('  – ') && TITLES[id]!.test(l))).toBe(true);
      expect(again.stderr.split('\n').some((l) => l.startsWith('  ✓ ') && TITLES[id]!.test(l))).toBe(false);
    }
    const expected = line === TO_IMAGE ? /\/resourceGroups\/rg-images-dev\/providers\/Microsoft\.Compute\/images\/img-resumed$/ : /\/galleries\/gal_resumed\/images\/app-linux\/versions\/1\.0\.0$/;
    expect(again.stdout.split('\n')[0]).toMatch(expected);
    const vm = s.demo.emulator.world.estate.virtualMachines.find((v) => v.name === VM)!;
    expect([vm.generalized, vm.power, vm.guest.deprovisioned]).toEqual([true, 'deallocated', true]);
    // One safety snapshot, whatever happened.
    expect(s.demo.emulator.world.estate.snapshots.filter((x) => x.name.endsWith('-pre-capture') && x.resourceGroup === RG)).toHaveLength(1);
  });
});
