/**
 * Capture rules: given a VM's facts (as Azure reports them in the VM model and its instance view)
 * and the chosen target, every problem Azure would refuse, every risk, and what azimg will do —
 * each with the reason and the fix — before any call is made. Pure: the wizard, `azimg capture`,
 * `azimg vms` and the capture service all read the same findings.
 *
 * Facts come from /work/shared/CAPTURE-NOTES.md (Azure's refusals and their texts) and the
 * capture / image-version / ephemeral-OS-disk docs it names.
 */
import type { GalleryImageDefinition, GalleryImageVersion, ManagedImage, OsState, VirtualMachine } from './estate.js';
import { validateGalleryImageDefinitionName, validateGalleryName, validateImageName, validateResourceGroupName } from './names.js';
import { definitionSecurityFor, describeVmSecurityType, fits } from './security.js';
import type { HyperVGeneration, PurchasePlan } from './types.js';
import { galleryVersionProblem, nextFreeVersion, versionExists } from './version.js';

// ---------------------------------------------------------------------------------------------
// Inputs

/** `generalized`: a template for many VMs (identity removed). `specialized`: a copy of this one machine. */
export type CaptureMode = 'generalized' | 'specialized';

/** The facts of the source VM the rules read. A {@link VirtualMachine} fetched with its instance view fits. */
export type VmFacts = Pick<
  VirtualMachine,
  | 'id'
  | 'name'
  | 'resourceGroup'
  | 'location'
  | 'zones'
  | 'osType'
  | 'osState'
  | 'powerState'
  | 'hyperVGeneration'
  | 'securityType'
  | 'architecture'
  | 'plan'
  | 'osDisk'
>;

/** What a gallery image definition declares: an existing {@link GalleryImageDefinition} fits, and so does a new one. */
export type DefinitionSpec = Pick<
  GalleryImageDefinition,
  'name' | 'identifier' | 'osType' | 'osState' | 'hyperVGeneration' | 'architecture' | 'securityType' | 'plan'
>;

/** A version already in the definition; `source` tells a resumed capture of this VM from someone else's version. */
export type ExistingVersion = Pick<GalleryImageVersion, 'name' | 'source' | 'provisioningState'>;

export type GalleryChoice = { kind: 'existing' | 'new'; name: string; location: string };

export type DefinitionChoice =
  | { kind: 'existing'; definition: DefinitionSpec; versions: readonly ExistingVersion[] }
  | { kind: 'new'; definition: DefinitionSpec };

export interface TargetRegion {
  /** Region as Azure names it (`eastus` or `East US`; compared without spaces or case). */
  name: string;
  replicas: number;
}

export interface ManagedImageTarget {
  kind: 'managedImage';
  mode: CaptureMode;
  resourceGroup: string;
  name: string;
}

export interface GalleryTarget {
  kind: 'gallery';
  mode: CaptureMode;
  /** The gallery's resource group. */
  resourceGroup: string;
  gallery: GalleryChoice;
  definition: DefinitionChoice;
  version: string;
  targetRegions: readonly TargetRegion[];
  excludeFromLatest: boolean;
  /** ISO date or timestamp. */
  endOfLife?: string;
}

export type CaptureTarget = ManagedImageTarget | GalleryTarget;

export interface CaptureContext {
  /** Now, in ms since the epoch (end-of-life checks). */
  now: number;
  /** For a managed image target: the image of that name already in that resource group, if any. */
  existingImage?: Pick<ManagedImage, 'id' | 'source' | 'provisioningState'>;
}

// ---------------------------------------------------------------------------------------------
// Findings

export type Severity = 'blocking' | 'warning' | 'info';

/** Every rule, by id, in the order the rules run. */
export const CAPTURE_FINDING_IDS = [
  'vm-ephemeral-os-disk',
  'vm-power-unknown',
  'vm-power-transitional',
  'vm-running',
  'vm-stopped-allocated',
  'vm-already-generalized',
  'specialized-from-generalized',
  'generalize-irreversible',
  'specialized-keeps-identity',
  'vm-os-unknown',
  'vm-generation-unknown',
  'generation-follows-vm',
  'windows-cvm-disk-encryption',
  'plan-terms',
  'managed-image-legacy',
  'specialized-needs-gallery',
  'managed-image-security',
  'managed-image-arm64',
  'managed-image-plan',
  'image-exists',
  'already-captured',
  'name-resource-group',
  'name-image',
  'name-gallery',
  'name-definition',
  'version-invalid',
  'version-exists',
  'definition-os-mismatch',
  'definition-os-state-mismatch',
  'definition-generation-mismatch',
  'definition-security-from-vm',
  'definition-security-mismatch',
  'definition-architecture-mismatch',
  'definition-plan-mismatch',
  'definition-plan-carried',
  'regions-missing-source',
  'regions-duplicate',
  'regions-replicas',
  'end-of-life-invalid',
  'end-of-life-past',
  'excluded-from-latest',
] as const;

export type FindingId = (typeof CAPTURE_FINDING_IDS)[number];

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** A few words, for a list row. */
  title: string;
  /** Why, in one or two sentences (Azure's own words where it has them). */
  reason: string;
  /** What to do about it, or what azimg will do. */
  fix: string;
  /** Values the wizard can apply in one key press (the fix, as data). */
  suggest?: { version?: string; targetRegions?: TargetRegion[]; definition?: DefinitionSpec };
}

export interface CaptureAssessment {
  blocking: Finding[];
  warnings: Finding[];
  info: Finding[];
}

/** True when nothing blocks the capture. */
export function canCapture(a: CaptureAssessment): boolean {
  return a.blocking.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Region names compared as Azure does: `East US` = `eastus`. */
export function sameRegion(a: string, b: string): boolean {
  return normRegion(a) === normRegion(b);
}

function normRegion(r: string): string {
  return r.replace(/\s+/g, '').toLowerCase();
}

function samePlan(a: PurchasePlan | undefined, b: PurchasePlan | undefined): boolean {
  if (!a || !b) return a === b;
  const eq = (x: string, y: string) => x.toLowerCase() === y.toLowerCase();
  return eq(a.name, b.name) && eq(a.publisher, b.publisher) && eq(a.product, b.product);
}

export function describePlan(p: PurchasePlan | undefined): string {
  return p ? `${p.publisher}/${p.product}/${p.name}` : 'none';
}

function gen(g: HyperVGeneration): string {
  return g === 'V2' ? 'Gen2 (V2)' : 'Gen1 (V1)';
}

/**
 * The VM's generation as far as Azure has said: the instance view's `hyperVGeneration`, or V2
 * when the VM runs Trusted Launch or Confidential VM (both need Gen2); `undefined` otherwise.
 */
export function vmGeneration(vm: Pick<VmFacts, 'hyperVGeneration' | 'securityType'>): HyperVGeneration | undefined {
  return vm.hyperVGeneration ?? (vm.securityType !== 'Standard' ? 'V2' : undefined);
}

/** The definition OS state a capture mode needs. */
export function osStateFor(mode: CaptureMode): OsState {
  return mode === 'generalized' ? 'Generalized' : 'Specialized';
}

/** True when the version was made from this VM (a capture that already finished). */
function fromThisVm(source: ExistingVersion['source'] | ManagedImage['source'], vm: VmFacts): boolean {
  return source.kind === 'virtualMachine' && source.id.toLowerCase() === vm.id.toLowerCase();
}

const TRANSITIONAL = new Set(['starting', 'stopping', 'deallocating']);

// ---------------------------------------------------------------------------------------------
// The proposed definition

/** Letters, digits, hyphens, periods and underscores; starts and ends with a letter or digit. */
function definitionNameFrom(vmName: string): string {
  const cleaned = vmName.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  const base = (cleaned || 'vm').slice(0, 74).replace(/[^A-Za-z0-9]+$/, '');
  return `${base || 'vm'}-image`;
}

/**
 * A new gallery definition that fits the VM: OS type, OS state for the mode, generation,
 * security type, architecture and the VM's purchase plan, with a name and identifier to edit.
 */
export function definitionFor(vm: VmFacts, mode: CaptureMode): DefinitionSpec {
  const name = definitionNameFrom(vm.name);
  const g = vmGeneration(vm) ?? 'V1';
  const spec: DefinitionSpec = {
    name,
    identifier: { publisher: 'azimg', offer: name, sku: `${(vm.osType ?? 'os').toLowerCase()}-${mode}-${g === 'V2' ? 'gen2' : 'gen1'}` },
    osType: vm.osType ?? 'Linux',
    osState: osStateFor(mode),
    hyperVGeneration: g,
    architecture: vm.architecture,
    securityType: definitionSecurityFor(vm.securityType),
  };
  if (vm.plan) spec.plan = { ...vm.plan };
  return spec;
}

// ---------------------------------------------------------------------------------------------
// The rules

type Emit = (f: Finding) => void;

function sourceRules(vm: VmFacts, mode: CaptureMode, emit: Emit): void {
  if (vm.osDisk.ephemeral) {
    emit({
      id: 'vm-ephemeral-os-disk',
      severity: 'blocking',
      title: 'Ephemeral OS disk',
      reason: `The OS disk of ${vm.name} is ephemeral: it lives on the host's local storage, and Azure cannot capture an image from a VM with an ephemeral OS disk.`,
      fix: 'Capture a VM with a managed OS disk instead (recreate this one with a managed OS disk, same image and setup).',
    });
  }

  const power = vm.powerState;
  if (power === undefined || power === 'unknown') {
    emit({
      id: 'vm-power-unknown',
      severity: 'warning',
      title: 'Power state not known',
      reason: 'Azure did not report the power state of the VM, so azimg cannot tell whether it is running.',
      fix: 'azimg reads the VM again before each step; if this stays, check the VM in the portal.',
    });
  } else if (TRANSITIONAL.has(power)) {
    emit({
      id: 'vm-power-transitional',
      severity: 'blocking',
      title: `VM is ${power}`,
      reason: `The VM is ${power}; Azure refuses generalize and capture until it settles.`,
      fix: 'Wait until Azure reports it running, stopped or deallocated, then try again.',
    });
  } else if (power === 'running' && vm.osState !== 'generalized') {
    emit({
      id: 'vm-running',
      severity: 'warning',
      title: 'VM is running',
      reason:
        mode === 'generalized'
          ? 'The VM is running. The guest preparation shuts it down; azimg then deallocates it, since Azure generalizes and captures only a stopped VM.'
          : 'The VM is running. azimg stops and deallocates it before the capture so the disk is copied in a consistent state; users of the VM lose it meanwhile.',
      fix: mode === 'generalized' ? 'Nothing to do: the wizard shuts it down.' : 'Start it again after the capture if you still need it.',
    });
  } else if (power === 'stopped' && vm.osState !== 'generalized') {
    emit({
      id: 'vm-stopped-allocated',
      severity: 'info',
      title: 'VM is stopped, still allocated',
      reason: 'The VM is stopped from inside but still allocated (and billed).',
      fix: 'azimg deallocates it before the capture.',
    });
  }

  if (vm.osState === 'generalized') {
    if (mode === 'generalized') {
      emit({
        id: 'vm-already-generalized',
        severity: 'info',
        title: 'Already generalized',
        reason: 'Azure already marks this VM generalized, so the guest preparation and the generalize step are skipped. It can never be started again.',
        fix: 'Nothing to do: azimg goes straight to the capture.',
      });
    } else {
      emit({
        id: 'specialized-from-generalized',
        severity: 'blocking',
        title: 'Generalized VM as a specialized image',
        reason: 'Azure marks this VM generalized: its machine identity is gone, so a specialized image of it would not boot as the original machine.',
        fix: 'Choose a generalized image instead.',
      });
    }
  } else if (mode === 'generalized') {
    emit({
      id: 'generalize-irreversible',
      severity: 'warning',
      title: 'Generalizing ends this VM',
      reason:
        'Generalizing cannot be undone: the guest preparation deletes the last provisioned user and the machine identity, and Azure then refuses to start the VM ("Operation \'start\' is not allowed … since the VM is generalized").',
      fix: 'Keep the safety snapshot on (the default): a VM made from it is the machine as it was. Or capture a specialized image, which leaves the VM working.',
    });
  } else {
    emit({
      id: 'specialized-keeps-identity',
      severity: 'info',
      title: 'Specialized: a copy of this machine',
      reason: 'No guest preparation: VMs made from the image keep this machine\'s host name, users and keys, and Azure does not provision a new admin account.',
      fix: 'Use a generalized image to make many different machines.',
    });
  }

  if (!vm.osType) {
    emit({
      id: 'vm-os-unknown',
      severity: 'blocking',
      title: 'OS type not known',
      reason: 'Azure did not say whether the OS disk is Linux or Windows; the image must declare it.',
      fix: 'Check the VM\'s OS disk in the portal (storageProfile.osDisk.osType), then try again.',
    });
  }

  const g = vmGeneration(vm);
  if (!g) {
    emit({
      id: 'vm-generation-unknown',
      severity: 'warning',
      title: 'Generation not known',
      reason: 'Azure did not report the VM\'s Hyper-V generation (it comes with the instance view); the image must declare the same one or Azure refuses it.',
      fix: 'Read the VM with its instance view (azimg vms show) before capturing.',
    });
  }

  if (mode === 'generalized' && vm.osType === 'Windows' && vm.securityType === 'ConfidentialVM' && vm.osDisk.securityEncryptionType?.toLowerCase() === 'diskwithvmgueststate') {
    emit({
      id: 'windows-cvm-disk-encryption',
      severity: 'warning',
      title: 'Windows Confidential VM with disk encryption',
      reason:
        'This Windows Confidential VM uses confidential OS-disk encryption (DiskWithVMGuestState). Microsoft documents capturing such a VM as specialized only; whether a generalized capture works is disputed (MicrosoftDocs/azure-docs#127051).',
      fix: 'Capture it specialized, or build the generalized image from a VM without confidential disk encryption.',
    });
  }

  if (vm.plan) {
    const p = vm.plan;
    emit({
      id: 'plan-terms',
      severity: 'warning',
      title: 'Marketplace plan',
      reason: `The VM was made from a Marketplace image with plan ${describePlan(p)}. Every VM made from the image needs that plan, and its terms accepted in that VM's subscription ("MarketplacePurchaseEligibilityFailed … Legal terms have not been accepted" otherwise).`,
      fix: `Accept the terms once per subscription: az vm image terms accept --publisher ${p.publisher} --offer ${p.product} --plan ${p.name}`,
    });
  }
}

function managedImageRules(vm: VmFacts, t: ManagedImageTarget, ctx: CaptureContext, emit: Emit): void {
  emit({
    id: 'managed-image-legacy',
    severity: 'info',
    title: 'Managed image: legacy',
    reason: 'A managed image lives in one region, has no versions or replication, holds generalized images only, and cannot hold Trusted Launch, Confidential VM or Arm64 images.',
    fix: 'Prefer a gallery image version unless a tool you use needs a managed image.',
  });
  if (t.mode === 'specialized') {
    emit({
      id: 'specialized-needs-gallery',
      severity: 'blocking',
      title: 'Specialized needs a gallery',
      reason: 'A managed image can only hold a generalized image; only an Azure Compute Gallery holds specialized ones.',
      fix: 'Choose a gallery target, or capture generalized.',
    });
  }
  if (vm.securityType !== 'Standard') {
    emit({
      id: 'managed-image-security',
      severity: 'blocking',
      title: `${describeVmSecurityType(vm.securityType)} VM to managed image`,
      reason: `Azure refuses it: "Creation of managed images are not supported for virtual machine with ${vm.securityType} security type".`,
      fix: 'Capture to a gallery image version instead.',
    });
  }
  if (vm.architecture === 'Arm64') {
    emit({
      id: 'managed-image-arm64',
      severity: 'blocking',
      title: 'Arm64 VM to managed image',
      reason: 'Managed images do not support Arm64.',
      fix: 'Capture to a gallery image version with an Arm64 definition instead.',
    });
  }
  if (vm.plan) {
    emit({
      id: 'managed-image-plan',
      severity: 'warning',
      title: 'Plan not recorded in a managed image',
      reason: `A managed image does not record the Marketplace plan ${describePlan(vm.plan)}; every VM made from it must pass the plan itself or Azure refuses it ("VMMarketplaceInvalidInput … requires Plan information").`,
      fix: 'Prefer a gallery: its definition carries the plan for everyone.',
    });
  }
  const g = vmGeneration(vm);
  if (g) {
    emit({
      id: 'generation-follows-vm',
      severity: 'info',
      title: `Image will be ${gen(g)}`,
      reason: `The image declares the VM's generation, ${gen(g)}; Azure refuses an image whose generation differs from the VM's.`,
      fix: 'Nothing to do.',
    });
  }
  nameRule('name-resource-group', 'Resource group name', validateResourceGroupName(t.resourceGroup), emit);
  nameRule('name-image', 'Image name', validateImageName(t.name), emit);
  const existing = ctx.existingImage;
  if (existing) {
    if (fromThisVm(existing.source, vm)) {
      emit({
        id: 'already-captured',
        severity: 'info',
        title: 'Image already made from this VM',
        reason: `Image ${t.name} already exists and was captured from ${vm.name} (${existing.provisioningState}).`,
        fix: 'azimg resumes: the steps already done are skipped.',
      });
    } else {
      emit({
        id: 'image-exists',
        severity: 'blocking',
        title: 'Image name taken',
        reason: `Resource group ${t.resourceGroup} already has an image named ${t.name}, made from something else.`,
        fix: 'Choose another image name.',
      });
    }
  }
}

function nameRule(id: FindingId, title: string, problem: string | undefined, emit: Emit): void {
  if (problem) emit({ id, severity: 'blocking', title, reason: problem, fix: 'Choose a name that follows the rule.' });
}

function definitionRules(vm: VmFacts, t: GalleryTarget, emit: Emit): void {
  const d = t.definition.definition;
  const existing = t.definition.kind === 'existing';
  const proposal = definitionFor(vm, t.mode);
  const fixFor = existing
    ? `Choose another definition, or create a new one; azimg proposes one that fits (${d.name} stays as it is).`
    : 'Use the values azimg proposes for the new definition.';
  const suggest = { definition: existing ? { ...proposal } : { ...proposal, name: d.name, identifier: d.identifier } };
  const misfit = (id: FindingId, title: string, reason: string) => emit({ id, severity: 'blocking', title, reason, fix: fixFor, suggest });

  if (vm.osType && d.osType !== vm.osType) {
    misfit('definition-os-mismatch', 'OS type differs', `Definition ${d.name} is for ${d.osType}; the VM runs ${vm.osType}.`);
  }
  const state = osStateFor(t.mode);
  if (d.osState !== state) {
    misfit(
      'definition-os-state-mismatch',
      'OS state differs',
      `Definition ${d.name} holds ${d.osState.toLowerCase()} images; a ${t.mode} capture needs a ${state} definition.`,
    );
  }
  const g = vmGeneration(vm);
  if (g && d.hyperVGeneration !== g) {
    misfit(
      'definition-generation-mismatch',
      'Generation differs',
      `The VM is ${gen(g)} but definition ${d.name} is ${gen(d.hyperVGeneration)}; Azure refuses a version with "a different Hypervisor generation ['${g}'] than the parent gallery image".`,
    );
  } else if (g) {
    emit({
      id: 'generation-follows-vm',
      severity: 'info',
      title: `Definition is ${gen(g)}`,
      reason: `The definition declares ${gen(g)}, the VM's generation.`,
      fix: 'Nothing to do.',
    });
  }
  const fit = fits(vm.securityType, d.securityType);
  if (!fit.fits) {
    const supported = fit.misfit === 'supported-from-vm';
    misfit(
      supported ? 'definition-security-from-vm' : 'definition-security-mismatch',
      supported ? `${d.securityType} refused for a VM source` : 'Security type differs',
      supported
        ? `${fit.reason ?? ''} Azure: "'${d.securityType}' is not supported for the source id …/virtualMachines/${vm.name}".`
        : `${fit.reason ?? ''}`,
    );
  }
  if (d.architecture !== vm.architecture) {
    misfit('definition-architecture-mismatch', 'Architecture differs', `Definition ${d.name} is for ${d.architecture}; the VM is ${vm.architecture}.`);
  }
  if (!samePlan(vm.plan, d.plan)) {
    misfit(
      'definition-plan-mismatch',
      'Purchase plan differs',
      vm.plan
        ? `The VM carries Marketplace plan ${describePlan(vm.plan)} and the definition ${d.plan ? `declares ${describePlan(d.plan)}` : 'declares none'}; the plan must be carried exactly, or VMs from the image fail with "VMMarketplaceInvalidInput … requires Plan information".`
        : `Definition ${d.name} declares plan ${describePlan(d.plan)} but the VM has none; VMs from it would be asked for a plan the image does not come from.`,
    );
  } else if (vm.plan && !existing) {
    emit({
      id: 'definition-plan-carried',
      severity: 'info',
      title: 'Plan carried into the definition',
      reason: `The new definition declares the VM's plan ${describePlan(vm.plan)}, so VMs made from it get it automatically.`,
      fix: 'Nothing to do.',
    });
  }
}

function galleryRules(vm: VmFacts, t: GalleryTarget, ctx: CaptureContext, emit: Emit): void {
  nameRule('name-resource-group', 'Resource group name', validateResourceGroupName(t.resourceGroup), emit);
  nameRule('name-gallery', 'Gallery name', validateGalleryName(t.gallery.name), emit);
  nameRule('name-definition', 'Definition name', validateGalleryImageDefinitionName(t.definition.definition.name), emit);

  definitionRules(vm, t, emit);

  const versions = t.definition.kind === 'existing' ? t.definition.versions : [];
  const names = versions.map((v) => v.name);
  const problem = galleryVersionProblem(t.version);
  if (problem) {
    emit({ id: 'version-invalid', severity: 'blocking', title: 'Version number', reason: problem, fix: `Use ${nextFreeVersion(names)}, the next free version.`, suggest: { version: nextFreeVersion(names) } });
  } else if (versionExists(t.version, names)) {
    const same = versions.find((v) => v.name === t.version || versionExists(t.version, [v.name]));
    if (same && fromThisVm(same.source, vm)) {
      emit({
        id: 'already-captured',
        severity: 'info',
        title: 'Version already made from this VM',
        reason: `Version ${same.name} of ${t.definition.definition.name} already exists and was captured from ${vm.name} (${same.provisioningState}).`,
        fix: 'azimg resumes: the steps already done are skipped.',
      });
    } else {
      const next = nextFreeVersion(names);
      emit({
        id: 'version-exists',
        severity: 'blocking',
        title: 'Version exists',
        reason: `Definition ${t.definition.definition.name} already has version ${t.version}; a version number is used once.`,
        fix: `Use ${next}, the next free version.`,
        suggest: { version: next },
      });
    }
  }

  const regions = t.targetRegions;
  if (!regions.some((r) => sameRegion(r.name, vm.location))) {
    const withSource = [{ name: vm.location, replicas: 1 }, ...regions];
    emit({
      id: 'regions-missing-source',
      severity: 'blocking',
      title: 'Source region missing',
      reason: `A version made from a VM must be replicated to the VM's own region, ${vm.location}, and the target regions leave it out.`,
      fix: `Add ${vm.location} (1 replica) to the target regions.`,
      suggest: { targetRegions: withSource },
    });
  }
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const r of regions) {
    const k = normRegion(r.name);
    if (seen.has(k)) dupes.add(r.name);
    seen.add(k);
  }
  if (dupes.size > 0) {
    emit({
      id: 'regions-duplicate',
      severity: 'blocking',
      title: 'Region listed twice',
      reason: `${[...dupes].join(', ')} appear${dupes.size === 1 ? 's' : ''} more than once in the target regions.`,
      fix: 'List each region once, with its replica count.',
    });
  }
  const badReplicas = regions.filter((r) => !Number.isInteger(r.replicas) || r.replicas < 1);
  if (badReplicas.length > 0) {
    emit({
      id: 'regions-replicas',
      severity: 'blocking',
      title: 'Replica count',
      reason: `Each region needs a whole number of replicas, at least 1: ${badReplicas.map((r) => `${r.name}=${r.replicas}`).join(', ')}.`,
      fix: 'Give each region 1 or more replicas (1 is enough for a few VMs at a time).',
    });
  }

  if (t.endOfLife !== undefined && t.endOfLife !== '') {
    const when = Date.parse(t.endOfLife);
    if (Number.isNaN(when)) {
      emit({
        id: 'end-of-life-invalid',
        severity: 'blocking',
        title: 'End-of-life date',
        reason: `"${t.endOfLife}" is not a date.`,
        fix: 'Write it as YYYY-MM-DD, or leave it empty.',
      });
    } else if (when <= ctx.now) {
      emit({
        id: 'end-of-life-past',
        severity: 'warning',
        title: 'End of life already past',
        reason: `The end-of-life date ${t.endOfLife} has passed; the new version reads as end-of-life from the start.`,
        fix: 'Choose a later date, or leave it empty.',
      });
    }
  }
  if (t.excludeFromLatest) {
    emit({
      id: 'excluded-from-latest',
      severity: 'info',
      title: 'Excluded from latest',
      reason: 'VMs that ask the definition for its latest version will not get this one; only those naming it do.',
      fix: 'Leave it included to make it the new latest.',
    });
  }
}

/**
 * Every finding for capturing `vm` to `target`: what blocks it, what to watch, and what azimg
 * will do. Findings keep the order the rules run in (source, then target).
 */
export function assessCapture(vm: VmFacts, target: CaptureTarget, context: CaptureContext): CaptureAssessment {
  const out: CaptureAssessment = { blocking: [], warnings: [], info: [] };
  const emit: Emit = (f) => {
    (f.severity === 'blocking' ? out.blocking : f.severity === 'warning' ? out.warnings : out.info).push(f);
  };
  sourceRules(vm, target.mode, emit);
  if (target.kind === 'managedImage') managedImageRules(vm, target, context, emit);
  else galleryRules(vm, target, context, emit);
  return out;
}

/** All findings in one list, blocking first. */
export function allFindings(a: CaptureAssessment): Finding[] {
  return [...a.blocking, ...a.warnings, ...a.info];
}

// ---------------------------------------------------------------------------------------------
// What each choice means, in the app's own words (the TUI and the shell render these)

export interface Explanation {
  title: string;
  /** One line. */
  summary: string;
  /** The points a person needs before choosing. */
  points: string[];
}

export const CAPTURE_EXPLANATIONS: {
  generalized: Explanation;
  specialized: Explanation;
  managedImage: Explanation;
  gallery: Explanation;
  /** Which target azimg recommends and why. */
  recommendation: string;
} = {
  generalized: {
    title: 'Generalized',
    summary: 'A template for many VMs: the machine\'s identity is removed.',
    points: [
      'The guest is prepared first: Linux runs the Azure Linux Agent\'s `waagent -deprovision+user`, Windows runs Sysprep.',
      'Each VM made from it is provisioned with its own name, admin user and SSH key or password.',
      'Azure then marks the source VM generalized: it can never be started again. The safety snapshot keeps the machine as it was.',
    ],
  },
  specialized: {
    title: 'Specialized',
    summary: 'A copy of this one machine as it is: names, users and keys included.',
    points: [
      'No guest preparation; the source VM keeps working (it is deallocated during the capture and can be started again).',
      'VMs made from it are not provisioned: no new admin user, same host name inside the guest.',
      'Only an Azure Compute Gallery can hold it.',
    ],
  },
  managedImage: {
    title: 'Managed image',
    summary: 'Legacy: one image in one region.',
    points: [
      'Generalized only; no Trusted Launch, Confidential VM or Arm64.',
      'No versions and no replication to other regions.',
      'Created in a resource group of your choice, in the VM\'s region.',
    ],
  },
  gallery: {
    title: 'Gallery image version',
    summary: 'A numbered version of an image definition in an Azure Compute Gallery.',
    points: [
      'Generalized or specialized; Trusted Launch, Confidential VM and Arm64 supported.',
      'Replicated to the regions you choose, with replicas per region; `latest` picks the newest version.',
      'The definition records OS, generation, security type, architecture and the Marketplace plan, so every VM made from it gets them right.',
    ],
  },
  recommendation:
    'azimg recommends a gallery: it keeps versions you can roll back to, replicates to other regions, takes every kind of VM, and carries the plan and security type for you. A managed image is the older, one-region form.',
};
