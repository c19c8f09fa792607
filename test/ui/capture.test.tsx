/**
 * The capture wizard in ink-testing-library on real services (the emulator behind the real SDK),
 * typed the way a person types: home → Capture → a VM → generalized → the target → safety copy →
 * guest preparation → review (type the VM's name) → the step list → the summary; then the new
 * image is there for My images / Galleries. Plus --read-only: the wizard opens and sends nothing.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { Demo } from '../support/services.js';
import { startDemoServices } from '../support/services.js';
import { Root } from '../../src/ui/app.js';
import { createOperationLog } from '../../src/domain/operations.js';
import { createRegistry } from '../../src/ui/screens/registry.js';
import { SCREENS } from '../../src/ui/screens/index.js';
import { KEY, lineWith, openHomeEntry, plain, press, type, waitFor, waitForText, withDemo, type Rendered } from './support.js';

let demo: Demo;
withDemo((d) => {
  demo = d;
});

function open(services = demo.services, operations = createOperationLog()): Rendered {
  return render(<Root services={services} registry={createRegistry(SCREENS)} operations={operations} noColor />);
}

/** From home to the VM list, then filter to `vm` and pick it. */
async function pickVm(r: Rendered, vm: string): Promise<string> {
  await openHomeEntry(r, 'Capture');
  await waitForText(r, 'Virtual machines (');
  await press(r, '/');
  await type(r, vm);
  await waitFor(r, (f) => f.includes(`/${vm}`) && (lineWith(f, '› ') ?? '').includes(vm), `filter ${vm}`);
  await press(r, KEY.enter);
  await press(r, KEY.enter);
  return waitForText(r, 'step 2 of');
}

/** On the target form: moves the cursor to the field labelled `label`. */
async function toField(r: Rendered, label: string): Promise<void> {
  for (let i = 0; i < 12 && !(lineWith(plain(r), '› ') ?? '').includes(label); i++) {
    const before = plain(r);
    await press(r, 'j');
    await waitFor(r, (f) => f !== before || (lineWith(f, '› ') ?? '').includes(label), 'the cursor to move');
  }
  expect(lineWith(plain(r), '› ')).toContain(label);
}

/** Replaces the text of the field under the cursor. */
async function editField(r: Rendered, text: string): Promise<void> {
  await press(r, KEY.enter);
  await waitForText(r, 'cancel edit');
  await press(r, '\u0015'); // Ctrl-U clears
  await type(r, text);
  await press(r, KEY.enter);
  await waitFor(r, (f) => !f.includes('cancel edit'), 'the edit to be kept');
}

describe('capture wizard', () => {
  it('captures a running Linux VM, generalized, to a managed image, and the image is in My images', { timeout: 60_000 }, async () => {
    const ops = createOperationLog();
    const r = open(demo.services, ops);
    const home = await waitForText(r, 'Capture');
    expect(lineWith(home, 'Capture')).not.toContain('not yet');

    // 1. The list shows each VM's facts and findings.
    await openHomeEntry(r, 'Capture');
    const list = await waitForText(r, 'Virtual machines (');
    expect(list).toContain('step 1 of');
    expect(lineWith(list, 'vm-ci-ephemeral-01')).toMatch(/✗ 1/);

    await press(r, '/');
    await type(r, 'vm-app-linux');
    const filtered = await waitFor(r, (f) => (lineWith(f, '› ') ?? '').includes('vm-app-linux-01') && f.includes('vm-app-linux-01 as a generalized gallery version'), 'vm-app-linux-01 with its findings');
    expect(lineWith(filtered, 'vm-app-linux-01')).toContain('rg-images-dev · running · Linux · Standard_D2s_v5 · Gen2 · Standard');
    expect(filtered).toContain('⚠ Generalizing ends this VM');
    await press(r, KEY.enter);
    await press(r, KEY.enter);

    // 2. Generalized, explained.
    const mode = await waitForText(r, 'step 2 of 8: Generalized or specialized');
    expect(mode).toContain('A template for many VMs');
    expect(mode).toContain('it can never be started again');
    await press(r, KEY.enter);

    // 3. Target: switch to a managed image; the findings follow.
    let target = await waitForText(r, 'step 3 of 8: Target');
    expect(lineWith(target, '› Target')).toContain('Gallery image version (recommended)');
    await press(r, KEY.right);
    target = await waitForText(r, 'Managed image (legacy)');
    expect(lineWith(target, 'Resource group')).toContain('rg-images-dev');
    expect(lineWith(target, 'Image name')).toContain('vm-app-linux-01-image');
    await toField(r, 'Image name');
    await editField(r, 'img-app-linux-wizard');
    expect(lineWith(plain(r), 'Image name')).toContain('img-app-linux-wizard');
    await press(r, 'n');

    // 4. Safety copy, on by default, with its name and how to make a VM from it.
    const safety = await waitForText(r, 'step 4 of 8: Safety copy');
    expect(lineWith(safety, '› ')).toContain('Take a safety snapshot first');
    expect(safety).toMatch(/Snapshot name: \S+-pre-capture-\d{12}/);
    expect(safety).toContain('az disk create --resource-group rg-images-dev');
    await press(r, KEY.enter);

    // 5. Guest preparation: the detached script is shown.
    const guest = await waitForText(r, 'step 5 of 8: Guest preparation');
    expect(guest).toContain('nohup sh -c');
    expect(guest).toContain('waagent -force -deprovision+user');
    await press(r, KEY.enter);

    // 6. Review: the operations, the irreversible ones marked; the name typed exactly.
    const review = await waitForText(r, 'step 6 of 8: Review');
    expect(review).toContain('! Deprovision the guest');
    expect(review).toContain('POST …/virtualMachines/vm-app-linux-01/runCommand (RunShellScript)');
    expect(review).not.toContain('last error');
    await type(r, 'VM-APP-LINUX-01');
    await press(r, KEY.enter);
    await waitForText(r, 'That is not the name');
    await press(r, '\u0015');
    await type(r, 'vm-app-linux-01');
    await press(r, KEY.enter);

    // 7. The run, every step to the end.
    await waitForText(r, 'step 7 of 8: Capturing');
    const done = await waitForText(r, '✓ Done.', 45_000);
    expect(done).toMatch(/✓ Snapshot the OS disk/);
    expect(done).toMatch(/✓ Deprovision the guest/);
    expect(done).toMatch(/✓ Mark the VM generalized/);
    expect(done).toMatch(/✓ Create managed image img-app-linux-wizard/);
    expect(ops.unfinished()).toEqual([]);
    await press(r, KEY.enter);

    // 8. Summary: the id, the source VM's state, the snapshot, the snippets.
    const summary = await waitForText(r, '✓ Captured managed image rg-images-dev/img-app-linux-wizard');
    expect(summary.replace(/\n\s*/g, '')).toContain('/resourceGroups/rg-images-dev/providers/Microsoft.Compute/images/img-app-linux-wizard');
    expect(summary).toContain('is left generalized and deallocated');
    expect(summary).toContain('az disk create --resource-group rg-images-dev --name vm-app-linux-01-restored-os');
    await press(r, 'G');
    const end = await waitForText(r, 'az vm create');
    expect(end).toContain('--image /subscriptions/');

    // Azure has it: generalized VM, the image made from it.
    const vm = await demo.services.vms.getVm('rg-images-dev', 'vm-app-linux-01');
    expect(vm.osState).toBe('generalized');
    const img = await demo.services.images.getImage('rg-images-dev', 'img-app-linux-wizard');
    expect(img.source).toMatchObject({ kind: 'virtualMachine', id: vm.id });

    // And My images shows it.
    await press(r, 'i');
    await waitForText(r, 'Managed images · ');
    await press(r, '/');
    await type(r, 'img-app-linux-wizard');
    await waitFor(r, (f) => /1 match/.test(f) && f.includes('img-app-linux-wizard'), 'the new image in My images');
  });

  it('captures a generalized VM to a new gallery version in two regions; a finding stops "next" until f applies its fix', { timeout: 60_000 }, async () => {
    const r = open();
    await pickVm(r, 'vm-img-builder-01');
    // Already generalized: no guest step, so 7 steps.
    const mode = await waitForText(r, 'step 2 of 7');
    expect(mode).toContain('Azure already reports this VM generalized');
    await press(r, KEY.enter);

    await waitForText(r, 'step 3 of 7: Target');
    await toField(r, 'Gallery name');
    await editField(r, 'gal_wizard_test');
    await toField(r, 'Regions=replicas');
    await editField(r, 'northeurope=2');
    const missing = await waitForText(r, 'Source region missing');
    expect(missing).toContain('f: regions westeurope=1, northeurope=2');
    await press(r, 'n');
    await waitForText(r, 'Source region missing: Add westeurope');
    expect(plain(r)).toContain('step 3 of 7');
    await press(r, 'f');
    const fixed = await waitFor(r, (f) => !f.includes('Source region missing'), 'the fix applied');
    expect(lineWith(fixed, 'Regions=replicas')).toContain('westeurope=1, northeurope=2');
    await press(r, 'n');

    await waitForText(r, 'step 4 of 7: Safety copy');
    await press(r, KEY.enter);
    const review = await waitForText(r, 'step 5 of 7: Review');
    expect(review).toContain('gallery version gal_wizard_test/vm-img-builder-01-image/1.0.0');
    await type(r, 'vm-img-builder-01');
    await press(r, KEY.enter);
    const done = await waitForText(r, '✓ Done.', 45_000);
    expect(done).toMatch(/✓ Create gallery gal_wizard_test in westeurope/);
    expect(done).toMatch(/✓ Create image definition vm-img-builder-01-image/);
    expect(done).toMatch(/✓ Create version 1\.0\.0 and replicate it to westeurope×1, northeurope×2/);
    await press(r, KEY.enter);
    const summary = await waitForText(r, '✓ Captured gallery version gal_wizard_test/vm-img-builder-01-image/1.0.0');
    expect(summary.replace(/\n\s*/g, '')).toContain('/galleries/gal_wizard_test/images/vm-img-builder-01-image/versions/1.0.0');

    const v = await demo.services.galleries.getVersion('rg-images-dev', 'gal_wizard_test', 'vm-img-builder-01-image', '1.0.0');
    expect(v.targetRegions.map((t) => [t.name.replace(/\s/g, '').toLowerCase(), t.replicaCount])).toEqual([
      ['westeurope', 1],
      ['northeurope', 2],
    ]);
  });

  it('opens under --read-only, says nothing will be sent, and refuses to run', { timeout: 60_000 }, async () => {
    const ro = await startDemoServices({ readOnly: true });
    try {
      const r = open(ro.services);
      await pickVm(r, 'vm-etl-worker-01');
      expect(plain(r)).toContain('read-only: nothing will be sent');
      await press(r, KEY.enter);
      await waitForText(r, 'step 3 of');
      await press(r, 'n');
      await waitForText(r, 'step 4 of');
      await press(r, KEY.enter);
      await waitForText(r, 'step 5 of');
      await press(r, KEY.enter);
      await waitForText(r, 'Read-only mode: this is the plan');
      await type(r, 'vm-etl-worker-01');
      await press(r, KEY.enter);
      await waitForText(r, 'Not started: read-only mode');
      expect(plain(r)).toContain('step 6 of 8: Review');
      const vm = await ro.services.vms.getVm('rg-data-prod', 'vm-etl-worker-01');
      expect(vm.osState).not.toBe('generalized');
      // Esc walks back one step at a time, then leaves the wizard.
      for (const n of [5, 4, 3, 2, 1]) {
        await press(r, KEY.escape);
        await waitForText(r, `step ${n} of`);
      }
      await press(r, KEY.escape);
      await waitFor(r, (f) => f.includes('Marketplace') && !f.includes('step 1 of'), 'home again');
    } finally {
      await ro.stop();
    }
  });
});
