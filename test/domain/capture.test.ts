/**
 * The capture rules, in one table: VM facts × target → the finding ids, all severities; then the
 * proposed definition, the plan of Azure operations, resuming it, and the guest scripts.
 */
import { describe, expect, it } from 'vitest';
import {
  CAPTURE_FINDING_IDS,
  allFindings,
  assessCapture,
  canCapture,
  definitionFor,
  type CaptureContext,
  type CaptureMode,
  type DefinitionSpec,
  type ExistingVersion,
  type FindingId,
  type GalleryTarget,
  type ManagedImageTarget,
  type VmFacts,
} from '../../src/domain/capture.js';
import {
  captureSnapshotName,
  capturePlan,
  guestPreparation,
  nextStep,
  pendingSteps,
  resumePlan,
  type CapturePlan,
} from '../../src/domain/capture-plan.js';
import { architectureFromVmSize } from '../../src/domain/estate.js';
import { validateGalleryImageDefinitionName, validateImageName } from '../../src/domain/names.js';

const SUB = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';
const vmId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/${name}`;
const PLAN = { name: 'cis-ubuntu2204-l1', publisher: 'center-for-internet-security-inc', product: 'cis-ubuntu-linux-2204-l1' };
const NOW = Date.parse('2025-06-01T12:00:00Z');

/** A plain deallocated Gen2 Linux VM with a managed OS disk; each row changes what it tests. */
function vm(over: Partial<VmFacts> = {}): VmFacts {
  return {
    id: vmId('vm-web-01'),
    name: 'vm-web-01',
    resourceGroup: 'rg-web',
    location: 'eastus',
    zones: [],
    osType: 'Linux',
    powerState: 'deallocated',
    hyperVGeneration: 'V2',
    securityType: 'Standard',
    architecture: 'x64',
    osDisk: { id: `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/disks/vm-web-01_OsDisk_1`, name: 'vm-web-01_OsDisk_1', ephemeral: false, sizeGb: 30 },
    ...over,
  };
}

function image(mode: CaptureMode = 'generalized', over: Partial<ManagedImageTarget> = {}): ManagedImageTarget {
  return { kind: 'managedImage', mode, resourceGroup: 'rg-images', name: 'img-web', ...over };
}

/** An existing definition that fits the base VM, generalized. */
function existingDef(over: Partial<DefinitionSpec> = {}, versions: ExistingVersion[] = []): GalleryTarget['definition'] {
  return {
    kind: 'existing',
    definition: {
      name: 'ubuntu-web',
      identifier: { publisher: 'contoso', offer: 'web', sku: 'ubuntu' },
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      architecture: 'x64',
      securityType: 'Standard',
      ...over,
    },
    versions,
  };
}

type GalOver = Partial<Omit<GalleryTarget, 'definition'>> & { definition?: GalleryTarget['definition'] | ((v: VmFacts) => GalleryTarget['definition']) };

/** A gallery target; by default a new definition proposed by definitionFor for the row's VM. */
function gallery(mode: CaptureMode = 'generalized', over: GalOver = {}) {
  return (v: VmFacts): GalleryTarget => {
    const def = over.definition;
    return {
      kind: 'gallery',
      mode,
      resourceGroup: 'rg-images',
      gallery: { kind: 'existing', name: 'gal_prod', location: 'eastus' },
      version: '1.0.0',
      targetRegions: [{ name: 'eastus', replicas: 1 }],
      excludeFromLatest: false,
      ...over,
      definition: typeof def === 'function' ? def(v) : (def ?? { kind: 'new', definition: definitionFor(v, mode) }),
    };
  };
}

const otherVersion = (name: string): ExistingVersion => ({ name, provisioningState: 'Succeeded', source: { kind: 'virtualMachine', id: vmId('vm-other'), name: 'vm-other' } });
const ownVersion = (name: string): ExistingVersion => ({ name, provisioningState: 'Succeeded', source: { kind: 'virtualMachine', id: vmId('vm-web-01').toUpperCase(), name: 'vm-web-01' } });

const IMG: FindingId[] = ['generalize-irreversible', 'managed-image-legacy', 'generation-follows-vm'];
const GAL: FindingId[] = ['generalize-irreversible', 'generation-follows-vm'];

type Row = [label: string, facts: Partial<VmFacts>, target: ManagedImageTarget | ((v: VmFacts) => GalleryTarget), expected: FindingId[], context?: Partial<CaptureContext>];

// prettier-ignore
const TABLE: Row[] = [
  // Power state
  ['deallocated VM → managed image: only the standing notes', {}, image(), IMG],
  ['running VM: the wizard shuts it down', { powerState: 'running' }, image(), ['vm-running', ...IMG]],
  ['stopped but allocated VM: deallocated first', { powerState: 'stopped' }, image(), ['vm-stopped-allocated', ...IMG]],
  ['stopping VM blocks until it settles', { powerState: 'stopping' }, image(), ['vm-power-transitional', ...IMG]],
  ['deallocating VM blocks', { powerState: 'deallocating' }, gallery(), ['vm-power-transitional', ...GAL]],
  ['starting VM blocks', { powerState: 'starting' }, image(), ['vm-power-transitional', ...IMG]],
  ['no instance view: power state unknown', { powerState: undefined }, image(), ['vm-power-unknown', ...IMG]],
  // Already generalized / mode
  ['generalized VM, generalized capture: guest step skipped', { osState: 'generalized' }, image(), ['vm-already-generalized', 'managed-image-legacy', 'generation-follows-vm']],
  ['generalized VM, specialized capture: wrong', { osState: 'generalized' }, gallery('specialized'), ['specialized-from-generalized', 'generation-follows-vm']],
  ['specialized capture to a gallery', {}, gallery('specialized'), ['specialized-keeps-identity', 'generation-follows-vm']],
  ['specialized capture to a managed image: gallery only', {}, image('specialized'), ['specialized-keeps-identity', 'managed-image-legacy', 'specialized-needs-gallery', 'generation-follows-vm']],
  ['existing definition is specialized, capture generalized', {}, gallery('generalized', { definition: existingDef({ osState: 'Specialized' }) }), ['definition-os-state-mismatch', ...GAL]],
  ['existing definition is generalized, capture specialized', {}, gallery('specialized', { definition: existingDef() }), ['specialized-keeps-identity', 'definition-os-state-mismatch', 'generation-follows-vm']],
  // OS type
  ['OS type not reported', { osType: undefined }, image(), ['vm-os-unknown', ...IMG]],
  ['Linux VM into a Windows definition', {}, gallery('generalized', { definition: existingDef({ osType: 'Windows' }) }), ['definition-os-mismatch', ...GAL]],
  // Generation
  ['generation not reported (Standard VM)', { hyperVGeneration: undefined }, image(), ['vm-generation-unknown', 'generalize-irreversible', 'managed-image-legacy']],
  ['generation not reported but Trusted Launch implies Gen2', { hyperVGeneration: undefined, securityType: 'TrustedLaunch' }, gallery(), GAL],
  ['Gen1 VM into a Gen2 definition', { hyperVGeneration: 'V1' }, gallery('generalized', { definition: existingDef() }), ['definition-generation-mismatch', 'generalize-irreversible']],
  ['Gen2 VM into a Gen1 definition', {}, gallery('generalized', { definition: existingDef({ hyperVGeneration: 'V1' }) }), ['definition-generation-mismatch', 'generalize-irreversible']],
  ['Gen1 VM into a new definition made for it', { hyperVGeneration: 'V1' }, gallery(), GAL],
  // Security type
  ['Trusted Launch VM → managed image', { securityType: 'TrustedLaunch' }, image(), ['managed-image-security', ...IMG]],
  ['Confidential VM → managed image', { securityType: 'ConfidentialVM' }, image(), ['managed-image-security', ...IMG]],
  ['Trusted Launch VM → new definition for it', { securityType: 'TrustedLaunch' }, gallery(), GAL],
  ['Trusted Launch VM → TrustedLaunchSupported definition: refused for a VM source', { securityType: 'TrustedLaunch' }, gallery('generalized', { definition: existingDef({ securityType: 'TrustedLaunchSupported' }) }), ['definition-security-from-vm', ...GAL]],
  ['Standard VM → TrustedLaunch definition', {}, gallery('generalized', { definition: existingDef({ securityType: 'TrustedLaunch' }) }), ['definition-security-mismatch', ...GAL]],
  ['Trusted Launch VM → Standard definition', { securityType: 'TrustedLaunch' }, gallery('generalized', { definition: existingDef() }), ['definition-security-mismatch', ...GAL]],
  ['Windows Confidential VM with disk encryption, generalized', { osType: 'Windows', securityType: 'ConfidentialVM', osDisk: { ...vm().osDisk, securityEncryptionType: 'DiskWithVMGuestState' } }, gallery(), ['windows-cvm-disk-encryption', ...GAL]],
  ['Windows Confidential VM with disk encryption, specialized: documented path', { osType: 'Windows', securityType: 'ConfidentialVM', osDisk: { ...vm().osDisk, securityEncryptionType: 'DiskWithVMGuestState' } }, gallery('specialized'), ['specialized-keeps-identity', 'generation-follows-vm']],
  ['Windows Confidential VM, VM guest state only: no warning', { osType: 'Windows', securityType: 'ConfidentialVM', osDisk: { ...vm().osDisk, securityEncryptionType: 'VMGuestStateOnly' } }, gallery(), GAL],
  // Architecture
  ['Arm64 VM → managed image', { architecture: 'Arm64' }, image(), ['managed-image-arm64', ...IMG]],
  ['Arm64 VM → x64 definition', { architecture: 'Arm64' }, gallery('generalized', { definition: existingDef() }), ['definition-architecture-mismatch', ...GAL]],
  ['Arm64 VM → new Arm64 definition', { architecture: 'Arm64' }, gallery(), GAL],
  // Ephemeral OS disk
  ['ephemeral OS disk cannot be captured', { osDisk: { name: 'vm-web-01_OsDisk_1', ephemeral: true } }, gallery(), ['vm-ephemeral-os-disk', ...GAL]],
  // Purchase plan
  ['plan VM → new definition: plan carried, terms warned', { plan: PLAN }, gallery(), ['plan-terms', 'definition-plan-carried', ...GAL]],
  ['plan VM → existing definition without the plan', { plan: PLAN }, gallery('generalized', { definition: existingDef() }), ['plan-terms', 'definition-plan-mismatch', ...GAL]],
  ['plan VM → existing definition with another plan', { plan: PLAN }, gallery('generalized', { definition: existingDef({ plan: { ...PLAN, name: 'cis-ubuntu2204-l2' } }) }), ['plan-terms', 'definition-plan-mismatch', ...GAL]],
  ['plan VM → existing definition with the same plan (other case)', { plan: PLAN }, gallery('generalized', { definition: existingDef({ plan: { ...PLAN, publisher: PLAN.publisher.toUpperCase() } }) }), ['plan-terms', ...GAL]],
  ['VM without a plan → definition that declares one', {}, gallery('generalized', { definition: existingDef({ plan: PLAN }) }), ['definition-plan-mismatch', ...GAL]],
  ['plan VM → managed image: the plan is not recorded', { plan: PLAN }, image(), ['plan-terms', 'managed-image-plan', ...IMG]],
  // Regions
  ['target regions leave out the source region', {}, gallery('generalized', { targetRegions: [{ name: 'westeurope', replicas: 2 }] }), ['regions-missing-source', ...GAL]],
  ['source region written as Azure displays it', { location: 'eastus' }, gallery('generalized', { targetRegions: [{ name: 'East US', replicas: 1 }, { name: 'westeurope', replicas: 2 }] }), GAL],
  ['a region listed twice', {}, gallery('generalized', { targetRegions: [{ name: 'eastus', replicas: 1 }, { name: 'East US', replicas: 3 }] }), ['regions-duplicate', ...GAL]],
  ['zero replicas', {}, gallery('generalized', { targetRegions: [{ name: 'eastus', replicas: 0 }] }), ['regions-replicas', ...GAL]],
  // Names and version numbers
  ['bad image and resource group names', {}, image('generalized', { name: 'img-', resourceGroup: 'rg.' }), ['name-resource-group', 'name-image', ...IMG]],
  ['bad gallery and definition names', {}, gallery('generalized', { gallery: { kind: 'new', name: 'gal-prod', location: 'eastus' }, definition: (v) => ({ kind: 'new', definition: { ...definitionFor(v, 'generalized'), name: '-web' } }) }), ['name-gallery', 'name-definition', ...GAL]],
  ['version number not Major.Minor.Patch', {}, gallery('generalized', { version: '1.0' }), ['version-invalid', ...GAL]],
  ['version number taken by another source', {}, gallery('generalized', { definition: existingDef({}, [otherVersion('1.0.0'), otherVersion('0.9.3')]) }), ['version-exists', ...GAL]],
  ['version already made from this VM: resume', {}, gallery('generalized', { definition: existingDef({}, [ownVersion('1.0.0')]) }), ['already-captured', ...GAL]],
  ['image name taken by another source', {}, image(), ['image-exists', ...IMG], { existingImage: { id: 'x', provisioningState: 'Succeeded', source: { kind: 'snapshot', id: 's', name: 's' } } }],
  ['image already made from this VM: resume', {}, image(), ['already-captured', ...IMG], { existingImage: { id: 'x', provisioningState: 'Succeeded', source: { kind: 'virtualMachine', id: vmId('vm-web-01'), name: 'vm-web-01' } } }],
  // Publishing options
  ['end of life is not a date', {}, gallery('generalized', { endOfLife: 'next spring' }), ['end-of-life-invalid', ...GAL]],
  ['end of life already past', {}, gallery('generalized', { endOfLife: '2024-12-31' }), ['end-of-life-past', ...GAL]],
  ['end of life ahead', {}, gallery('generalized', { endOfLife: '2027-12-31' }), GAL],
  ['excluded from latest', {}, gallery('generalized', { excludeFromLatest: true }), ['excluded-from-latest', ...GAL]],
];

describe('capture rules: VM facts × target → findings', () => {
  it.each(TABLE)('%s', (_label, facts, target, expected, context) => {
    const v = vm(facts);
    const t = typeof target === 'function' ? target(v) : target;
    const a = assessCapture(v, t, { now: NOW, ...context });
    expect(allFindings(a).map((f) => f.id).sort()).toEqual([...expected].sort());
    // Each finding sits in the list of its severity, and says why and what to do.
    for (const [list, severity] of [[a.blocking, 'blocking'], [a.warnings, 'warning'], [a.info, 'info']] as const) {
      for (const f of list) {
        expect(f.severity).toBe(severity);
        expect(f.reason.length).toBeGreaterThan(10);
        expect(f.fix.length).toBeGreaterThan(5);
      }
    }
    expect(canCapture(a)).toBe(a.blocking.length === 0);
  });

  it('covers every rule', () => {
    const used = new Set(TABLE.flatMap((r) => r[3]));
    expect(CAPTURE_FINDING_IDS.filter((id) => !used.has(id))).toEqual([]);
  });

  it('blocks exactly on the rules Azure would refuse', () => {
    const blocking = (facts: Partial<VmFacts>, t: ManagedImageTarget) => assessCapture(vm(facts), t, { now: NOW }).blocking.map((f) => f.id);
    expect(blocking({ powerState: 'running', plan: PLAN }, image())).toEqual([]);
    expect(blocking({ securityType: 'TrustedLaunch', architecture: 'Arm64' }, image())).toEqual(['managed-image-security', 'managed-image-arm64']);
  });
});

describe('fixes carry the values to apply', () => {
  const find = (v: VmFacts, t: GalleryTarget, id: FindingId) => allFindings(assessCapture(v, t, { now: NOW })).find((f) => f.id === id);

  it('adds the source region to the target regions', () => {
    const v = vm({ location: 'westeurope' });
    const f = find(v, gallery('generalized', { targetRegions: [{ name: 'northeurope', replicas: 2 }] })(v), 'regions-missing-source');
    expect(f?.suggest?.targetRegions).toEqual([{ name: 'westeurope', replicas: 1 }, { name: 'northeurope', replicas: 2 }]);
    expect(f?.fix).toContain('westeurope');
  });

  it('proposes the next free version past the highest one taken', () => {
    const v = vm();
    const f = find(v, gallery('generalized', { version: '1.2.0', definition: existingDef({}, [otherVersion('1.2.0'), otherVersion('1.10.4'), otherVersion('1.9.9')]) })(v), 'version-exists');
    expect(f?.suggest?.version).toBe('1.10.5');
    const bad = find(v, gallery('generalized', { version: 'v1', definition: existingDef({}, [otherVersion('2.0.0')]) })(v), 'version-invalid');
    expect(bad?.suggest?.version).toBe('2.0.1');
  });

  it('offers a definition that fits when an existing one does not', () => {
    const v = vm({ securityType: 'TrustedLaunch', plan: PLAN });
    const f = find(v, gallery('generalized', { definition: existingDef({ securityType: 'TrustedLaunchSupported' }) })(v), 'definition-security-from-vm');
    expect(f?.reason).toContain("'TrustedLaunchSupported' is not supported for the source id");
    const proposal = f?.suggest?.definition;
    expect(proposal).toMatchObject({ securityType: 'TrustedLaunch', plan: PLAN, hyperVGeneration: 'V2' });
    // The proposal itself passes every definition rule.
    const a = assessCapture(v, gallery('generalized', { definition: { kind: 'new', definition: proposal! } })(v), { now: NOW });
    expect(a.blocking).toEqual([]);
  });
});

describe('definitionFor', () => {
  it.each([
    [vm(), 'generalized', { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', securityType: 'Standard', architecture: 'x64' }],
    [vm({ osType: 'Windows', hyperVGeneration: 'V1' }), 'specialized', { osType: 'Windows', osState: 'Specialized', hyperVGeneration: 'V1', securityType: 'Standard' }],
    [vm({ securityType: 'ConfidentialVM', hyperVGeneration: undefined }), 'generalized', { hyperVGeneration: 'V2', securityType: 'ConfidentialVM' }],
    [vm({ architecture: 'Arm64', plan: PLAN }), 'generalized', { architecture: 'Arm64', plan: PLAN }],
  ] as const)('fits the VM (%#)', (v, mode, expected) => {
    const d = definitionFor(v, mode);
    expect(d).toMatchObject(expected);
    if (!v.plan) expect(d.plan).toBeUndefined();
    expect(validateGalleryImageDefinitionName(d.name)).toBeUndefined();
  });

  it('makes a valid definition name from any VM name', () => {
    for (const name of ['_build.box_', 'web-01-', 'x'.repeat(64)]) {
      const d = definitionFor(vm({ name }), 'generalized');
      expect(validateGalleryImageDefinitionName(d.name)).toBeUndefined();
    }
  });

  it('copies the plan rather than sharing it', () => {
    const v = vm({ plan: { ...PLAN } });
    const d = definitionFor(v, 'generalized');
    d.plan!.name = 'changed';
    expect(v.plan!.name).toBe(PLAN.name);
  });
});

// ---------------------------------------------------------------------------------------------

const ids = (p: CapturePlan) => p.steps.map((s) => s.id);
const running = (p: CapturePlan) => pendingSteps(p).map((s) => s.id);

describe('capturePlan', () => {
  it('generalized, running Linux VM → managed image: every step, irreversible ones marked', () => {
    const p = capturePlan(vm({ powerState: 'running' }), image(), { snapshot: true, guestPrepared: false, now: NOW });
    expect(ids(p)).toEqual(['snapshot', 'start', 'guest-prepare', 'wait-stopped', 'deallocate', 'generalize', 'create-image']);
    expect(running(p)).toEqual(['snapshot', 'guest-prepare', 'wait-stopped', 'deallocate', 'generalize', 'create-image']);
    expect(p.steps.filter((s) => s.irreversible).map((s) => s.id)).toEqual(['guest-prepare', 'generalize']);
    expect(p.steps.find((s) => s.id === 'start')?.skippedBecause).toMatch(/running/);
    expect(p.steps.find((s) => s.id === 'guest-prepare')?.operation).toBe(`POST …/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01/runCommand (RunShellScript)`);
    expect(p.snapshotName).toBe('vm-web-01_OsDisk_1-pre-capture-202506011200');
    expect(p.sourceAfter).toMatch(/generalized and deallocated/);
  });

  it('a deallocated VM is started for its guest preparation, then deallocated again once it shut down', () => {
    const p = capturePlan(vm(), image(), { snapshot: true, guestPrepared: false });
    expect(running(p)).toEqual(['snapshot', 'start', 'guest-prepare', 'wait-stopped', 'deallocate', 'generalize', 'create-image']);
  });

  it('a guest prepared by hand skips Run Command', () => {
    const p = capturePlan(vm({ powerState: 'stopped' }), image(), { snapshot: false, guestPrepared: true });
    expect(running(p)).toEqual(['deallocate', 'generalize', 'create-image']);
    expect(p.steps.find((s) => s.id === 'snapshot')?.skippedBecause).toMatch(/no safety copy/);
    expect(p.snapshotName).toBeUndefined();
  });

  it('an already generalized, deallocated VM goes straight to the image', () => {
    const p = capturePlan(vm({ osState: 'generalized' }), image(), { snapshot: true, guestPrepared: false });
    expect(running(p)).toEqual(['snapshot', 'create-image']);
  });

  it('specialized → new gallery, new definition: no guest step, no generalize; the VM keeps working', () => {
    const v = vm({ powerState: 'running' });
    const t = gallery('specialized', { gallery: { kind: 'new', name: 'gal_new', location: 'eastus' }, targetRegions: [{ name: 'eastus', replicas: 1 }, { name: 'westus2', replicas: 2 }] })(v);
    const p = capturePlan(v, t, { snapshot: true, guestPrepared: false });
    expect(ids(p)).toEqual(['snapshot', 'start', 'guest-prepare', 'wait-stopped', 'deallocate', 'generalize', 'create-gallery', 'create-definition', 'create-version']);
    expect(running(p)).toEqual(['snapshot', 'deallocate', 'create-gallery', 'create-definition', 'create-version']);
    expect(p.steps.filter((s) => !s.skippedBecause && s.irreversible)).toEqual([]);
    expect(p.steps.at(-1)?.title).toContain('eastus×1, westus2×2');
    expect(p.sourceAfter).toMatch(/unchanged/);
  });

  it('existing gallery and definition are not created', () => {
    const v = vm();
    const p = capturePlan(v, gallery('generalized', { definition: existingDef() })(v), { snapshot: false, guestPrepared: true });
    expect(running(p)).toEqual(['generalize', 'create-version']);
  });

  it('an ephemeral OS disk has no snapshot', () => {
    const p = capturePlan(vm({ osDisk: { ephemeral: true } }), image(), { snapshot: true, guestPrepared: true });
    expect(p.steps[0]?.skippedBecause).toMatch(/not a managed disk/);
  });

  it('snapshot names follow the snapshot naming rules', () => {
    for (const name of ['disk.with.dots.', '-odd_', 'x'.repeat(80)]) {
      const n = captureSnapshotName({ name: 'vm', osDisk: { name, ephemeral: false } }, NOW);
      expect(validateImageName(n)).toBeUndefined(); // snapshots and images share the rule
      expect(n.endsWith('-pre-capture-202506011200')).toBe(true);
    }
  });
});

describe('resumePlan: starting again finds what is done', () => {
  const v = vm({ powerState: 'running' });
  const t = gallery('generalized', { gallery: { kind: 'new', name: 'gal_new', location: 'eastus' } })(v);
  const plan = capturePlan(v, t, { snapshot: true, guestPrepared: false });
  // As the wizard does on a second start: plan from the VM as it is now, then mark what is done.
  const next = (seen: Parameters<typeof resumePlan>[1]) => {
    const now = vm({ powerState: seen.powerState, osState: seen.osState });
    return nextStep(resumePlan(capturePlan(now, t, { snapshot: true, guestPrepared: false }), seen))?.id;
  };

  it.each([
    ['nothing done yet', { snapshotExists: false, powerState: 'running', targetExists: false }, 'snapshot'],
    ['interrupted after the snapshot', { snapshotExists: true, powerState: 'running', targetExists: false }, 'guest-prepare'],
    ['guest prepared, still shutting down', { snapshotExists: true, powerState: 'stopping', guestPrepared: true, targetExists: false }, 'wait-stopped'],
    ['guest prepared and stopped', { snapshotExists: true, powerState: 'stopped', guestPrepared: true, targetExists: false }, 'deallocate'],
    ['stopped, guest state unknown: start it again to prepare it', { snapshotExists: true, powerState: 'stopped', targetExists: false }, 'start'],
    ['deallocated after preparation', { snapshotExists: true, powerState: 'deallocated', guestPrepared: true, targetExists: false }, 'generalize'],
    ['generalized', { snapshotExists: true, powerState: 'deallocated', osState: 'generalized', targetExists: false }, 'create-gallery'],
    ['gallery created', { snapshotExists: true, powerState: 'deallocated', osState: 'generalized', galleryExists: true, targetExists: false }, 'create-definition'],
    ['definition created', { snapshotExists: true, powerState: 'deallocated', osState: 'generalized', galleryExists: true, definitionExists: true, targetExists: false }, 'create-version'],
    ['version exists', { snapshotExists: true, powerState: 'deallocated', osState: 'generalized', galleryExists: true, definitionExists: true, targetExists: true }, undefined],
  ] as const)('%s → %s', (_label, seen, expected) => {
    expect(next(seen)).toBe(expected);
  });

  it('says why a step is done and leaves the plan it was given alone', () => {
    const r = resumePlan(plan, { snapshotExists: true, powerState: 'deallocated', osState: 'generalized', targetExists: false });
    expect(r.steps.find((s) => s.id === 'generalize')).toMatchObject({ done: true, doneBecause: 'Azure reports the VM generalized.' });
    expect(r.steps.find((s) => s.id === 'deallocate')).toMatchObject({ done: true, doneBecause: 'The VM is deallocated.' });
    expect(plan.steps.some((s) => s.done)).toBe(false);
  });

  it('never marks a skipped step done', () => {
    const p = capturePlan(vm(), image(), { snapshot: false, guestPrepared: true });
    const r = resumePlan(p, { snapshotExists: true, powerState: 'deallocated', targetExists: false });
    expect(r.steps.find((s) => s.id === 'snapshot')).toMatchObject({ skippedBecause: 'You chose no safety copy.' });
    expect(r.steps.find((s) => s.id === 'snapshot')?.done).toBeUndefined();
  });
});

describe('guest preparation scripts', () => {
  it('Linux: deprovision and shutdown run detached, so the Run Command returns', () => {
    const g = guestPreparation('Linux');
    expect(g.commandId).toBe('RunShellScript');
    const line = g.script.find((l) => l.includes('waagent'));
    expect(line).toBeDefined();
    // Not in the foreground: backgrounded with nohup, with its output detached, after a delay.
    expect(line).toMatch(/^nohup sh -c '.*' >\/dev\/null 2>&1 &$/);
    expect(line).toMatch(/sleep \d+; waagent -force -deprovision\+user && .*sync && shutdown -h now/);
    expect(g.script.filter((l) => /waagent/.test(l) && !l.startsWith('nohup'))).toEqual([]);
  });

  it('Windows: the documented checks, then sysprep detached', () => {
    const g = guestPreparation('Windows');
    expect(g.commandId).toBe('RunPowerShellScript');
    const text = g.script.join('\n');
    expect(text).toMatch(/Remove-Item -Recurse -Force "\$env:WINDIR\\Panther"/);
    expect(text).toMatch(/Services\\cdrom' -Name 'Start' -Value 1/);
    expect(text).toMatch(/FullyDecrypted/);
    expect(text).toContain('sysprep.exe /generalize /oobe /shutdown /mode:vm');
    expect(text).not.toMatch(/\/unattend/i);
    const start = g.script.find((l) => l.includes('sysprep.exe'));
    expect(start).toMatch(/^Start-Process /);
    expect(start).not.toMatch(/-Wait/);
    // The checks come before sysprep starts.
    expect(g.script.findIndex((l) => l.includes('cdrom'))).toBeLessThan(g.script.indexOf(start!));
  });
});

describe('architectureFromVmSize', () => {
  it.each([
    ['Standard_D2ps_v5', 'Arm64'],
    ['Standard_E4pds_v5', 'Arm64'],
    ['Standard_D2pls_v6', 'Arm64'],
    ['Standard_B2pts_v2', 'Arm64'],
    ['Standard_D4s_v5', 'x64'],
    ['Standard_DC2as_v5', 'x64'],
    ['Standard_NP10s', 'x64'], // NP is a family (FPGA), not the Arm feature letter
    ['Standard_M416-208ms_v2', 'x64'],
    [undefined, 'x64'],
  ] as const)('%s → %s', (size, expected) => {
    expect(architectureFromVmSize(size)).toBe(expected);
  });
});
