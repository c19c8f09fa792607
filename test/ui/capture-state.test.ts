/**
 * The capture wizard's state without a terminal: steps forward and back (the guest step only
 * when it applies), the target form's fields and edits, fixes applied from findings, the
 * typed-name confirmation, and the run's phases.
 */
import { describe, expect, it } from 'vitest';
import type { VirtualMachine } from '../../src/domain/estate.js';
import {
  applicableFix,
  assessWizard,
  captureTarget,
  findingsBadge,
  INITIAL_WIZARD,
  parseRegions,
  regionsText,
  stepNumber,
  targetFields,
  vmListAssessment,
  wizardPlan,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from '../../src/ui/screens/capture-state.js';

const NOW = Date.parse('2025-06-01T10:00:00Z');

function vm(over: Partial<VirtualMachine> = {}): VirtualMachine {
  return {
    id: '/subscriptions/s/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-a',
    name: 'vm-a',
    resourceGroup: 'rg-app',
    location: 'westeurope',
    tags: {},
    vmSize: 'Standard_D2s_v5',
    osType: 'Linux',
    osDisk: { id: '/subscriptions/s/resourceGroups/rg-app/providers/Microsoft.Compute/disks/vm-a-os', name: 'vm-a-os', ephemeral: false },
    dataDiskCount: 0,
    securityType: 'Standard',
    architecture: 'x64',
    zones: [],
    provisioningState: 'Succeeded',
    powerState: 'running',
    osState: 'specialized',
    hyperVGeneration: 'V2',
    ...over,
  } as VirtualMachine;
}

const run = (s: WizardState, ...actions: WizardAction[]) => actions.reduce(wizardReducer, s);

describe('wizard steps', () => {
  it('walks forward through all 8 steps for a generalized capture of a running VM, and back one at a time', () => {
    let s = run(INITIAL_WIZARD, { type: 'pickVm', vm: vm(), now: NOW });
    const seen = [s.step];
    for (let i = 0; i < 4; i++) seen.push((s = wizardReducer(s, { type: 'next' })).step);
    expect(seen).toEqual(['mode', 'target', 'safety', 'guest', 'review']);
    expect(stepNumber(s)).toEqual({ at: 6, of: 8 });
    const back = [];
    for (let i = 0; i < 5; i++) back.push((s = wizardReducer(s, { type: 'back' })).step);
    expect(back).toEqual(['guest', 'safety', 'target', 'mode', 'vm']);
    expect(wizardReducer(s, { type: 'back' })).toBe(s);
  });

  it('skips the guest step for a specialized capture and for a VM Azure already reports generalized', () => {
    const spec = run(INITIAL_WIZARD, { type: 'pickVm', vm: vm(), now: NOW }, { type: 'setMode', mode: 'specialized' }, { type: 'next' }, { type: 'next' }, { type: 'next' });
    expect(spec.step).toBe('review');
    expect(stepNumber(spec)).toEqual({ at: 5, of: 7 });
    const gen = run(INITIAL_WIZARD, { type: 'pickVm', vm: vm({ osState: 'generalized', powerState: 'deallocated' }), now: NOW }, { type: 'next' }, { type: 'next' }, { type: 'next' });
    expect(gen.step).toBe('review');
    expect(wizardReducer(gen, { type: 'back' }).step).toBe('safety');
  });

  it('goes on from the review only when the VM name is typed exactly', () => {
    let s = run(INITIAL_WIZARD, { type: 'pickVm', vm: vm(), now: NOW }, { type: 'next' }, { type: 'next' }, { type: 'next' }, { type: 'next' });
    s = run(s, { type: 'type', typed: 'VM-A' }, { type: 'confirm' });
    expect(s).toMatchObject({ step: 'review', mismatch: true });
    s = run(s, { type: 'type', typed: 'vm-a ' }, { type: 'confirm' });
    expect(s.step).toBe('review');
    s = run(s, { type: 'type', typed: 'vm-a' }, { type: 'confirm' });
    expect(s.step).toBe('run');
    expect(s.run?.phase).toBe('observing');
    expect(wizardReducer(s, { type: 'back' })).toBe(s); // running: Esc does not leave
  });

  it('follows the run: planned, progress, stopped (back to the review), done (on to the summary)', () => {
    let s = run(INITIAL_WIZARD, { type: 'pickVm', vm: vm(), now: NOW }, { type: 'next' }, { type: 'next' }, { type: 'next' }, { type: 'next' }, { type: 'type', typed: 'vm-a' }, { type: 'confirm' });
    const plan = wizardPlan(s)!;
    s = run(s, { type: 'runPlanned', plan, steps: [] }, { type: 'runStopping' });
    expect(s.run).toMatchObject({ phase: 'running', stopping: true });
    const stopped = run(s, { type: 'runEnded', ok: false, stopped: true });
    expect(stopped.run?.phase).toBe('stopped');
    expect(wizardReducer(stopped, { type: 'summary' })).toBe(stopped);
    expect(wizardReducer(stopped, { type: 'back' }).step).toBe('review');
    const done = run(s, { type: 'runEnded', ok: true, stopped: false });
    expect(wizardReducer(done, { type: 'summary' }).step).toBe('summary');
  });
});

describe('target form', () => {
  const start = () => run(INITIAL_WIZARD, { type: 'pickVm', vm: vm(), now: NOW }, { type: 'next' });

  it('starts with a new gallery in the VM’s group and region, a definition that fits, 1.0.0 and the source region', () => {
    const s = start();
    expect(targetFields(s).map((f) => `${f.label}=${f.value}`)).toEqual([
      'Target=Gallery image version (recommended)',
      'Gallery=new, in westeurope',
      'Gallery group=rg-app',
      'Gallery name=gal_rg_app',
      'Definition=new: Linux Generalized Gen2 x64 Standard',
      'Definition name=vm-a-image',
      'Version=1.0.0',
      'Regions=replicas=westeurope=1',
      'Exclude from latest=no',
      'End of life=none',
    ]);
    expect(assessWizard(s, { now: NOW }).blocking).toEqual([]);
  });

  it('edits a text field, and Esc while editing keeps the old value', () => {
    let s = start();
    s = run(s, { type: 'moveField', delta: 6 }, { type: 'startEdit' });
    expect(s.editing).toEqual({ field: 'version', text: '1.0.0' });
    s = run(s, { type: 'editText', text: '2.0' }, { type: 'cancelEdit' });
    expect(s.form.version).toBe('1.0.0');
    s = run(s, { type: 'startEdit' }, { type: 'editText', text: '2.0' }, { type: 'commitEdit' });
    expect(s.form.version).toBe('2.0');
    const a = assessWizard(s, { now: NOW });
    expect(a.blocking.map((f) => f.id)).toEqual(['version-invalid']);
    s = run(s, { type: 'applySuggest', finding: applicableFix(a)! });
    expect(s.form.version).toBe('1.0.0');
  });

  it('the source-region fix adds the VM’s region in one key', () => {
    let s = start();
    s = run(s, { type: 'moveField', delta: 7 }, { type: 'startEdit' }, { type: 'editText', text: 'northeurope=2' }, { type: 'commitEdit' });
    const fix = applicableFix(assessWizard(s, { now: NOW }))!;
    expect(fix.id).toBe('regions-missing-source');
    s = run(s, { type: 'applySuggest', finding: fix });
    expect(regionsText(s.form.regions)).toBe('westeurope=1, northeurope=2');
    expect(assessWizard(s, { now: NOW }).blocking).toEqual([]);
  });

  it('an existing definition that does not fit blocks, and its fix proposes a new one that fits', () => {
    let s = start();
    s = run(s, { type: 'chooseGallery', option: { kind: 'existing', gallery: { name: 'gal1', resourceGroup: 'rg-g', location: 'westeurope' } } });
    s = run(s, {
      type: 'chooseDefinition',
      option: {
        kind: 'existing',
        definition: { name: 'win', identifier: { publisher: 'p', offer: 'o', sku: 's' }, osType: 'Windows', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', securityType: 'Standard' } as never,
      },
    });
    s = run(s, { type: 'versionsLoaded', definition: 'win', versions: [{ name: '1.0.3', source: { kind: 'unknown' } as never, provisioningState: 'Succeeded' }] });
    expect(s.form.version).toBe('1.0.4');
    const a = assessWizard(s, { now: NOW });
    expect(a.blocking.map((f) => f.id)).toContain('definition-os-mismatch');
    s = run(s, { type: 'applySuggest', finding: applicableFix(a)! });
    expect(s.form.definitionKind).toBe('new');
    expect(s.form.definition.osType).toBe('Linux');
    expect(assessWizard(s, { now: NOW }).blocking).toEqual([]);
    expect(captureTarget(s)).toMatchObject({ kind: 'gallery', resourceGroup: 'rg-g', gallery: { kind: 'existing', name: 'gal1' }, definition: { kind: 'new' } });
  });

  it('a managed image target: resource group and name; a Trusted Launch VM is blocked there', () => {
    const s = run(start(), { type: 'setKind', kind: 'managedImage' });
    expect(targetFields(s).map((f) => f.id)).toEqual(['kind', 'imageResourceGroup', 'imageName']);
    expect(captureTarget(s)).toEqual({ kind: 'managedImage', mode: 'generalized', resourceGroup: 'rg-app', name: 'vm-a-image' });
    const tl = run(INITIAL_WIZARD, { type: 'pickVm', vm: vm({ securityType: 'TrustedLaunch' }), now: NOW }, { type: 'setKind', kind: 'managedImage' });
    expect(assessWizard(tl, { now: NOW }).blocking.map((f) => f.id)).toEqual(['managed-image-security']);
  });

  it('parses regions as typed', () => {
    expect(parseRegions('eastus=2, westeurope  northeurope=')).toEqual([
      { name: 'eastus', replicas: 2 },
      { name: 'westeurope', replicas: 1 },
      { name: 'northeurope', replicas: 1 },
    ]);
    expect(Number.isNaN(parseRegions('eastus=x')[0]!.replicas)).toBe(true);
  });
});

describe('VM list badges', () => {
  it('summarises the recommended capture’s findings per VM', () => {
    expect(findingsBadge(vmListAssessment(vm({ powerState: 'deallocated', osState: 'generalized' }), NOW))).toBe('✓ ready');
    expect(findingsBadge(vmListAssessment(vm(), NOW))).toBe('⚠ 2');
    expect(findingsBadge(vmListAssessment(vm({ osDisk: { ephemeral: true } }), NOW))).toMatch(/^✗ 1/);
  });
});
