/**
 * The capture wizard's state as a pure reducer: which step it is on, the choices made so far, the
 * target form and its cursor, the typed-name confirmation and the run's step statuses. Nothing
 * here renders or calls Azure; the screen (`capture.tsx`) dispatches what the keys and the
 * services say, and reads the findings, the plan and the form's fields from the helpers below.
 */
import {
  assessCapture,
  definitionFor,
  osStateFor,
  sameRegion,
  vmGeneration,
  type CaptureAssessment,
  type CaptureContext,
  type CaptureMode,
  type CaptureTarget,
  type DefinitionSpec,
  type ExistingVersion,
  type Finding,
  type TargetRegion,
} from '../../domain/capture.js';
import { capturePlan, type CapturePlan } from '../../domain/capture-plan.js';
import type { Gallery, GalleryImageDefinition, VirtualMachine } from '../../domain/estate.js';
import type { StepStatus } from '../../domain/steps.js';
import { nextFreeVersion } from '../../domain/version.js';

/** The wizard's steps, in order. */
export const WIZARD_STEPS = ['vm', 'mode', 'target', 'safety', 'guest', 'review', 'run', 'summary'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Titles for the frame and the step counter. */
export const STEP_TITLES: Readonly<Record<WizardStep, string>> = {
  vm: 'Pick a VM',
  mode: 'Generalized or specialized',
  target: 'Target',
  safety: 'Safety copy',
  guest: 'Guest preparation',
  review: 'Review',
  run: 'Capturing',
  summary: 'Summary',
};

/** What the target step edits. */
export interface TargetForm {
  readonly kind: 'gallery' | 'managedImage';
  readonly imageResourceGroup: string;
  readonly imageName: string;
  readonly galleryKind: 'existing' | 'new';
  readonly galleryResourceGroup: string;
  readonly galleryName: string;
  readonly galleryLocation: string;
  readonly definitionKind: 'existing' | 'new';
  readonly definition: DefinitionSpec;
  /** Versions of the existing definition (empty for a new one). */
  readonly versions: readonly ExistingVersion[];
  readonly version: string;
  readonly regions: readonly TargetRegion[];
  readonly excludeFromLatest: boolean;
  /** `YYYY-MM-DD` or empty. */
  readonly endOfLife: string;
}

export type RunPhase = 'observing' | 'running' | 'done' | 'failed' | 'stopped';

export interface RunState {
  readonly phase: RunPhase;
  readonly steps: readonly StepStatus[];
  /** The plan as resumed against what Azure showed. */
  readonly plan?: CapturePlan;
  /** The failure, in one line. */
  readonly error?: string;
  readonly hint?: string;
  /** True once the user asked to stop waiting. */
  readonly stopping?: boolean;
}

export interface WizardState {
  readonly step: WizardStep;
  readonly vm?: VirtualMachine;
  readonly mode: CaptureMode;
  readonly form: TargetForm;
  /** Cursor in the target form. */
  readonly field: number;
  /** A text field being edited, with what is typed so far. */
  readonly editing?: { readonly field: FieldId; readonly text: string };
  readonly snapshot: boolean;
  readonly guestPrepared: boolean;
  /** When the VM was picked: stamps the snapshot's name so it stays the same for the visit. */
  readonly stamp: number;
  readonly typed: string;
  readonly mismatch: boolean;
  readonly run?: RunState;
}

const EMPTY_DEFINITION: DefinitionSpec = {
  name: '',
  identifier: { publisher: '', offer: '', sku: '' },
  osType: 'Linux',
  osState: 'Generalized',
  hyperVGeneration: 'V2',
  architecture: 'x64',
  securityType: 'Standard',
};

export const INITIAL_WIZARD: WizardState = {
  step: 'vm',
  mode: 'generalized',
  form: {
    kind: 'gallery',
    imageResourceGroup: '',
    imageName: '',
    galleryKind: 'new',
    galleryResourceGroup: '',
    galleryName: '',
    galleryLocation: '',
    definitionKind: 'new',
    definition: EMPTY_DEFINITION,
    versions: [],
    version: '1.0.0',
    regions: [],
    excludeFromLatest: false,
    endOfLife: '',
  },
  field: 0,
  snapshot: true,
  guestPrepared: false,
  stamp: 0,
  typed: '',
  mismatch: false,
};

/** A gallery name proposed from a resource group: letters, digits, `_` and `.` only. */
export function proposedGalleryName(resourceGroup: string): string {
  const base = resourceGroup.replace(/[^A-Za-z0-9_.]/g, '_').replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
  return `gal_${base || 'images'}`.slice(0, 80);
}

/** A managed image name proposed from the VM's name. */
export function proposedImageName(vmName: string): string {
  return `${vmName}-image`.slice(0, 80);
}

/** The form as it starts for a VM: a new gallery in the VM's resource group and region, a definition that fits. */
export function formFor(vm: VirtualMachine, mode: CaptureMode): TargetForm {
  return {
    kind: 'gallery',
    imageResourceGroup: vm.resourceGroup,
    imageName: proposedImageName(vm.name),
    galleryKind: 'new',
    galleryResourceGroup: vm.resourceGroup,
    galleryName: proposedGalleryName(vm.resourceGroup),
    galleryLocation: vm.location,
    definitionKind: 'new',
    definition: definitionFor(vm, mode),
    versions: [],
    version: nextFreeVersion([]),
    regions: [{ name: vm.location, replicas: 1 }],
    excludeFromLatest: false,
    endOfLife: '',
  };
}

// ---------------------------------------------------------------------------------------------
// Regions as typed: `westeurope=1, northeurope=2`

/** `westeurope=1, northeurope=2` */
export function regionsText(regions: readonly TargetRegion[]): string {
  return regions.map((r) => `${r.name}=${r.replicas}`).join(', ');
}

/** Parses `westeurope=1, northeurope` (1 replica when not given); a bad count stays NaN for the rules to name. */
export function parseRegions(text: string): TargetRegion[] {
  return text
    .split(/[,\s]+/)
    .filter((p) => p !== '')
    .map((p) => {
      const [name = '', count] = p.split('=');
      return { name: name.trim(), replicas: count === undefined || count.trim() === '' ? 1 : /^\d+$/.test(count.trim()) ? Number(count.trim()) : Number.NaN };
    });
}

// ---------------------------------------------------------------------------------------------
// The target form's fields

export type FieldId =
  | 'kind'
  | 'imageResourceGroup'
  | 'imageName'
  | 'gallery'
  | 'galleryResourceGroup'
  | 'galleryName'
  | 'definition'
  | 'definitionName'
  | 'version'
  | 'regions'
  | 'excludeFromLatest'
  | 'endOfLife';

export interface Field {
  readonly id: FieldId;
  readonly label: string;
  readonly value: string;
  /** `text`: ⏎ edits it; `choice`: ←/→ (or ⏎) picks among options; `toggle`: ⏎/space flips it. */
  readonly kind: 'text' | 'choice' | 'toggle';
}

function definitionWords(d: DefinitionSpec): string {
  const plan = d.plan ? ` · plan ${d.plan.product}` : '';
  return `${d.osType} ${d.osState} ${d.hyperVGeneration === 'V2' ? 'Gen2' : 'Gen1'} ${d.architecture} ${d.securityType}${plan}`;
}

/** The fields of the target form for the current choices, in order. */
export function targetFields(s: WizardState): Field[] {
  const f = s.form;
  const out: Field[] = [
    { id: 'kind', label: 'Target', value: f.kind === 'gallery' ? 'Gallery image version (recommended)' : 'Managed image (legacy)', kind: 'choice' },
  ];
  if (f.kind === 'managedImage') {
    out.push({ id: 'imageResourceGroup', label: 'Resource group', value: f.imageResourceGroup, kind: 'text' });
    out.push({ id: 'imageName', label: 'Image name', value: f.imageName, kind: 'text' });
    return out;
  }
  out.push({
    id: 'gallery',
    label: 'Gallery',
    value: f.galleryKind === 'new' ? `new, in ${f.galleryLocation}` : `${f.galleryResourceGroup}/${f.galleryName} (${f.galleryLocation})`,
    kind: 'choice',
  });
  if (f.galleryKind === 'new') {
    out.push({ id: 'galleryResourceGroup', label: 'Gallery group', value: f.galleryResourceGroup, kind: 'text' });
    out.push({ id: 'galleryName', label: 'Gallery name', value: f.galleryName, kind: 'text' });
  }
  out.push({
    id: 'definition',
    label: 'Definition',
    value: `${f.definitionKind === 'new' ? 'new' : f.definition.name}: ${definitionWords(f.definition)}`,
    kind: 'choice',
  });
  if (f.definitionKind === 'new') out.push({ id: 'definitionName', label: 'Definition name', value: f.definition.name, kind: 'text' });
  out.push({ id: 'version', label: 'Version', value: f.version, kind: 'text' });
  out.push({ id: 'regions', label: 'Regions=replicas', value: regionsText(f.regions), kind: 'text' });
  out.push({ id: 'excludeFromLatest', label: 'Exclude from latest', value: f.excludeFromLatest ? 'yes' : 'no', kind: 'toggle' });
  out.push({ id: 'endOfLife', label: 'End of life', value: f.endOfLife || 'none', kind: 'text' });
  return out;
}

/** The text a field starts from when editing begins. */
function editText(s: WizardState, id: FieldId): string {
  const f = s.form;
  switch (id) {
    case 'imageResourceGroup':
      return f.imageResourceGroup;
    case 'imageName':
      return f.imageName;
    case 'galleryResourceGroup':
      return f.galleryResourceGroup;
    case 'galleryName':
      return f.galleryName;
    case 'definitionName':
      return f.definition.name;
    case 'version':
      return f.version;
    case 'regions':
      return regionsText(f.regions);
    case 'endOfLife':
      return f.endOfLife;
    default:
      return '';
  }
}

function commitText(form: TargetForm, id: FieldId, text: string): TargetForm {
  const t = text.trim();
  switch (id) {
    case 'imageResourceGroup':
      return { ...form, imageResourceGroup: t };
    case 'imageName':
      return { ...form, imageName: t };
    case 'galleryResourceGroup':
      return { ...form, galleryResourceGroup: t };
    case 'galleryName':
      return { ...form, galleryName: t };
    case 'definitionName':
      return { ...form, definition: { ...form.definition, name: t, identifier: { ...form.definition.identifier, offer: t } } };
    case 'version':
      return { ...form, version: t };
    case 'regions':
      return { ...form, regions: parseRegions(t) };
    case 'endOfLife':
      return { ...form, endOfLife: t };
    default:
      return form;
  }
}

// ---------------------------------------------------------------------------------------------
// Choices among what exists (the screen loads them; the reducer is told)

/** A gallery to choose: a new one, or one that exists. */
export type GalleryOption = { readonly kind: 'new' } | { readonly kind: 'existing'; readonly gallery: Pick<Gallery, 'name' | 'resourceGroup' | 'location'> };

/** A definition to choose: a new one that fits the VM, or one in the chosen gallery. */
export type DefinitionOption = { readonly kind: 'new' } | { readonly kind: 'existing'; readonly definition: GalleryImageDefinition };

/** The option after (`dir` 1) or before the current one, wrapping. */
export function cycleIndex(count: number, current: number, dir: 1 | -1): number {
  if (count <= 0) return 0;
  return (((current + dir) % count) + count) % count;
}

export function galleryOptionIndex(s: WizardState, options: readonly GalleryOption[]): number {
  const f = s.form;
  const i = options.findIndex(
    (o) =>
      (o.kind === 'new' && f.galleryKind === 'new') ||
      (o.kind === 'existing' && f.galleryKind === 'existing' && o.gallery.name.toLowerCase() === f.galleryName.toLowerCase() && o.gallery.resourceGroup.toLowerCase() === f.galleryResourceGroup.toLowerCase()),
  );
  return Math.max(0, i);
}

export function definitionOptionIndex(s: WizardState, options: readonly DefinitionOption[]): number {
  const f = s.form;
  const i = options.findIndex((o) => (o.kind === 'new' && f.definitionKind === 'new') || (o.kind === 'existing' && f.definitionKind === 'existing' && o.definition.name === f.definition.name));
  return Math.max(0, i);
}

function toSpec(d: GalleryImageDefinition): DefinitionSpec {
  const spec: DefinitionSpec = {
    name: d.name,
    identifier: { ...d.identifier },
    osType: d.osType,
    osState: d.osState,
    hyperVGeneration: d.hyperVGeneration,
    architecture: d.architecture,
    securityType: d.securityType,
  };
  if (d.plan) spec.plan = { ...d.plan };
  return spec;
}

// ---------------------------------------------------------------------------------------------
// The reducer

export type WizardAction =
  | { readonly type: 'pickVm'; readonly vm: VirtualMachine; readonly now: number }
  | { readonly type: 'setMode'; readonly mode: CaptureMode }
  | { readonly type: 'setKind'; readonly kind: TargetForm['kind'] }
  | { readonly type: 'moveField'; readonly delta: number }
  | { readonly type: 'startEdit' }
  | { readonly type: 'editText'; readonly text: string }
  | { readonly type: 'commitEdit' }
  | { readonly type: 'cancelEdit' }
  | { readonly type: 'toggleExclude' }
  | { readonly type: 'chooseGallery'; readonly option: GalleryOption }
  | { readonly type: 'chooseDefinition'; readonly option: DefinitionOption }
  /** The versions of the chosen existing definition arrived: propose the next free number. */
  | { readonly type: 'versionsLoaded'; readonly definition: string; readonly versions: readonly ExistingVersion[] }
  | { readonly type: 'applySuggest'; readonly finding: Finding }
  | { readonly type: 'setSnapshot'; readonly snapshot: boolean }
  | { readonly type: 'setGuestPrepared'; readonly guestPrepared: boolean }
  | { readonly type: 'type'; readonly typed: string }
  /** Enter on the review: goes on only when `typed` is exactly the VM's name. */
  | { readonly type: 'confirm' }
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  /** After a run that finished: on to the summary. */
  | { readonly type: 'summary' }
  | { readonly type: 'runStarted' }
  | { readonly type: 'runPlanned'; readonly plan: CapturePlan; readonly steps: readonly StepStatus[] }
  | { readonly type: 'runProgress'; readonly steps: readonly StepStatus[] }
  | { readonly type: 'runStopping' }
  | { readonly type: 'runEnded'; readonly ok: boolean; readonly stopped: boolean; readonly steps?: readonly StepStatus[]; readonly error?: string; readonly hint?: string };

/** True when the guest step applies: a generalized capture of a VM Azure does not yet report generalized. */
export function needsGuestStep(s: Pick<WizardState, 'mode' | 'vm'>): boolean {
  return s.mode === 'generalized' && s.vm?.osState !== 'generalized';
}

/** The step after `step` for these choices (the guest step only when it applies). */
export function stepAfter(s: WizardState): WizardStep {
  const i = WIZARD_STEPS.indexOf(s.step);
  const next = WIZARD_STEPS[Math.min(WIZARD_STEPS.length - 1, i + 1)]!;
  return next === 'guest' && !needsGuestStep(s) ? 'review' : next;
}

/** The step before `step` (Esc). */
export function stepBefore(s: WizardState): WizardStep | undefined {
  const i = WIZARD_STEPS.indexOf(s.step);
  if (i <= 0) return undefined;
  const prev = WIZARD_STEPS[i - 1]!;
  return prev === 'guest' && !needsGuestStep(s) ? 'safety' : prev;
}

/** Position among the steps that apply, for `step 3 of 7`. */
export function stepNumber(s: WizardState): { at: number; of: number } {
  const steps = WIZARD_STEPS.filter((x) => x !== 'guest' || needsGuestStep(s));
  return { at: steps.indexOf(s.step) + 1, of: steps.length };
}

/** The capture target the form describes. */
export function captureTarget(s: WizardState): CaptureTarget {
  const f = s.form;
  if (f.kind === 'managedImage') return { kind: 'managedImage', mode: s.mode, resourceGroup: f.imageResourceGroup, name: f.imageName };
  const definition = f.definitionKind === 'existing' ? { kind: 'existing' as const, definition: f.definition, versions: f.versions } : { kind: 'new' as const, definition: f.definition };
  return {
    kind: 'gallery',
    mode: s.mode,
    resourceGroup: f.galleryResourceGroup,
    gallery: { kind: f.galleryKind, name: f.galleryName, location: f.galleryLocation },
    definition,
    version: f.version,
    targetRegions: f.regions,
    excludeFromLatest: f.excludeFromLatest,
    ...(f.endOfLife ? { endOfLife: f.endOfLife } : {}),
  };
}

/** The findings for the choices so far. */
export function assessWizard(s: WizardState, ctx: CaptureContext): CaptureAssessment {
  if (!s.vm) return { blocking: [], warnings: [], info: [] };
  return assessCapture(s.vm, captureTarget(s), ctx);
}

/** The plan the review shows. */
export function wizardPlan(s: WizardState): CapturePlan | undefined {
  if (!s.vm) return undefined;
  return capturePlan(s.vm, captureTarget(s), { snapshot: s.snapshot, guestPrepared: s.guestPrepared || !needsGuestStep(s), now: s.stamp });
}

/** The first finding whose fix the wizard can apply with one key. */
export function applicableFix(a: CaptureAssessment): Finding | undefined {
  return [...a.blocking, ...a.warnings].find((f) => f.suggest !== undefined);
}

/** What the fix would set, in a few words for the footer hint. */
export function suggestWords(f: Finding): string {
  const s = f.suggest ?? {};
  if (s.version) return `version ${s.version}`;
  if (s.targetRegions) return `regions ${regionsText(s.targetRegions)}`;
  if (s.definition) return `a new definition that fits (${s.definition.name})`;
  return 'the fix';
}

function withForm(s: WizardState, form: TargetForm): WizardState {
  const fields = targetFields({ ...s, form });
  return { ...s, form, field: Math.min(s.field, fields.length - 1) };
}

export function wizardReducer(s: WizardState, a: WizardAction): WizardState {
  switch (a.type) {
    case 'pickVm': {
      const mode: CaptureMode = 'generalized';
      return { ...INITIAL_WIZARD, vm: a.vm, mode, form: formFor(a.vm, mode), stamp: a.now, step: 'mode' };
    }
    case 'setMode': {
      if (!s.vm || s.mode === a.mode) return s;
      const f = s.form;
      // A new definition follows the mode (its OS state), keeping the name the user chose.
      const definition = f.definitionKind === 'new' ? { ...definitionFor(s.vm, a.mode), name: f.definition.name } : f.definition;
      return { ...s, mode: a.mode, form: { ...f, definition } };
    }
    case 'setKind':
      return withForm(s, { ...s.form, kind: a.kind });
    case 'moveField': {
      if (s.editing) return s;
      const n = targetFields(s).length;
      return { ...s, field: Math.max(0, Math.min(n - 1, s.field + a.delta)) };
    }
    case 'startEdit': {
      const field = targetFields(s)[s.field];
      if (!field || field.kind !== 'text') return s;
      return { ...s, editing: { field: field.id, text: editText(s, field.id) } };
    }
    case 'editText':
      return s.editing ? { ...s, editing: { ...s.editing, text: a.text } } : s;
    case 'commitEdit':
      return s.editing ? { ...withForm(s, commitText(s.form, s.editing.field, s.editing.text)), editing: undefined } : s;
    case 'cancelEdit':
      return s.editing ? { ...s, editing: undefined } : s;
    case 'toggleExclude':
      return { ...s, form: { ...s.form, excludeFromLatest: !s.form.excludeFromLatest } };
    case 'chooseGallery': {
      if (!s.vm) return s;
      const f = s.form;
      const o = a.option;
      // A different gallery has different definitions: start from a new one that fits.
      const fresh = { definitionKind: 'new' as const, definition: { ...definitionFor(s.vm, s.mode) }, versions: [], version: nextFreeVersion([]) };
      if (o.kind === 'new') {
        return withForm(s, { ...f, ...fresh, galleryKind: 'new', galleryResourceGroup: s.vm.resourceGroup, galleryName: proposedGalleryName(s.vm.resourceGroup), galleryLocation: s.vm.location });
      }
      return withForm(s, { ...f, ...fresh, galleryKind: 'existing', galleryResourceGroup: o.gallery.resourceGroup, galleryName: o.gallery.name, galleryLocation: o.gallery.location });
    }
    case 'chooseDefinition': {
      if (!s.vm) return s;
      const o = a.option;
      if (o.kind === 'new') return withForm(s, { ...s.form, definitionKind: 'new', definition: definitionFor(s.vm, s.mode), versions: [], version: nextFreeVersion([]) });
      return withForm(s, { ...s.form, definitionKind: 'existing', definition: toSpec(o.definition), versions: [], version: nextFreeVersion([]) });
    }
    case 'versionsLoaded': {
      const f = s.form;
      if (f.definitionKind !== 'existing' || f.definition.name !== a.definition) return s;
      return { ...s, form: { ...f, versions: a.versions, version: nextFreeVersion(a.versions.map((v) => v.name)) } };
    }
    case 'applySuggest': {
      const sug = a.finding.suggest;
      if (!sug || !s.vm) return s;
      let f = s.form;
      if (sug.version) f = { ...f, version: sug.version };
      if (sug.targetRegions) f = { ...f, regions: sug.targetRegions.map((r) => ({ ...r })) };
      if (sug.definition) f = { ...f, definitionKind: 'new', definition: { ...sug.definition }, versions: [], version: f.definitionKind === 'existing' ? nextFreeVersion([]) : f.version };
      return withForm(s, f);
    }
    case 'setSnapshot':
      return { ...s, snapshot: a.snapshot };
    case 'setGuestPrepared':
      return { ...s, guestPrepared: a.guestPrepared };
    case 'type':
      return s.step === 'review' ? { ...s, typed: a.typed, mismatch: false } : s;
    case 'confirm':
      if (s.step !== 'review' || !s.vm) return s;
      // Exactly the name, as Azure spells it: no trimming, no case folding (as the delete dialog).
      return s.typed === s.vm.name ? { ...s, step: 'run', run: { phase: 'observing', steps: [] } } : { ...s, mismatch: true };
    case 'next': {
      if (!s.vm || s.step === 'review' || s.step === 'run' || s.step === 'summary') return s;
      const step = stepAfter(s);
      return { ...s, step, editing: undefined, typed: step === 'review' ? '' : s.typed, mismatch: false };
    }
    case 'summary':
      return s.step === 'run' && s.run?.phase === 'done' ? { ...s, step: 'summary' } : s;
    case 'back': {
      // A run that ended (failed or stopped) goes back to the review; one still running does not.
      if (s.step === 'run') return s.run && (s.run.phase === 'failed' || s.run.phase === 'stopped') ? { ...s, step: 'review', typed: '', mismatch: false } : s;
      if (s.step === 'summary') return s;
      const prev = stepBefore(s);
      return prev ? { ...s, step: prev, editing: undefined, mismatch: false } : s;
    }
    case 'runStarted':
      return { ...s, step: 'run', run: { phase: 'observing', steps: [] } };
    case 'runPlanned':
      return s.run ? { ...s, run: { ...s.run, phase: 'running', plan: a.plan, steps: a.steps } } : s;
    case 'runProgress':
      return s.run ? { ...s, run: { ...s.run, steps: a.steps } } : s;
    case 'runStopping':
      return s.run && (s.run.phase === 'running' || s.run.phase === 'observing') ? { ...s, run: { ...s.run, stopping: true } } : s;
    case 'runEnded': {
      if (!s.run) return s;
      const phase: RunPhase = a.ok ? 'done' : a.stopped ? 'stopped' : 'failed';
      return { ...s, run: { ...s.run, phase, steps: a.steps ?? s.run.steps, error: a.error, hint: a.hint, stopping: false } };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The VM list

/** `✓`, `⚠ 2` or `✗ 1 ⚠ 2`: the findings of the recommended capture (generalized → new gallery version). */
export function findingsBadge(a: CaptureAssessment): string {
  if (a.blocking.length === 0 && a.warnings.length === 0) return '✓ ready';
  const parts: string[] = [];
  if (a.blocking.length) parts.push(`✗ ${a.blocking.length}`);
  if (a.warnings.length) parts.push(`⚠ ${a.warnings.length}`);
  return parts.join(' ');
}

/** The findings of the recommended capture for a VM in the list (no existing resources known yet). */
export function vmListAssessment(vm: VirtualMachine, now: number): CaptureAssessment {
  const s = wizardReducer(INITIAL_WIZARD, { type: 'pickVm', vm, now });
  return assessWizard(s, { now });
}

/** The facts of a VM row: power, OS, size, generation, security type. */
export function vmFactsLine(vm: VirtualMachine): string {
  const g = vmGeneration(vm);
  const state = vm.osState === 'generalized' ? 'generalized' : (vm.powerState ?? 'power ?');
  return [state, vm.osType ?? 'OS ?', vm.vmSize ?? 'size ?', g === 'V2' ? 'Gen2' : g === 'V1' ? 'Gen1' : 'Gen ?', vm.securityType, vm.architecture === 'Arm64' ? 'Arm64' : undefined]
    .filter(Boolean)
    .join(' · ');
}

/** True when the OS state a definition declares fits the mode (for the definition choice's marker). */
export function definitionFitsMode(d: Pick<DefinitionSpec, 'osState'>, mode: CaptureMode): boolean {
  return d.osState === osStateFor(mode);
}

/** True when a region list already names the VM's region. */
export function includesRegion(regions: readonly TargetRegion[], region: string): boolean {
  return regions.some((r) => sameRegion(r.name, region));
}
