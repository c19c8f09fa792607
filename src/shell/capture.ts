/**
 * `azimg capture`: a VM to a managed image or a gallery image version, from the shell, on the same
 * domain rules and steps as the wizard. It reads the VM and what Azure already shows, prints the
 * findings (a blocking one is exit 2 before any write), the operations (`--plan` stops there),
 * asks for the VM's name on a terminal unless `--yes`, then runs the steps with one stderr line per
 * step change. Half-way failures are exit 1 with the state of the VM, the snapshot and the image,
 * and the exact command that resumes.
 */
import {
  allFindings,
  assessCapture,
  definitionFor,
  type CaptureAssessment,
  type CaptureContext,
  type CaptureMode,
  type CaptureTarget,
  type DefinitionChoice,
  type Finding,
  type GalleryChoice,
  type TargetRegion,
  type VmFacts,
} from '../domain/capture.js';
import { capturePlan, restoreFromSnapshotHint, resumePlan, type CaptureObservation, type CapturePlan } from '../domain/capture-plan.js';
import { captureSteps, observeCapture } from '../domain/capture-run.js';
import { describeError, isAzureError, readOnlyRefusal, UsageError } from '../domain/errors.js';
import type { GalleryImageDefinition, VirtualMachine } from '../domain/estate.js';
import { buildEstateSnippets } from '../domain/estate-snippets.js';
import type { Services } from '../domain/services.js';
import { runSteps, stepLine, unfinishedSteps, type StepStatus } from '../domain/steps.js';
import { nextFreeVersion } from '../domain/version.js';
import { guarded, notFound } from './images.js';
import { json, safe, type Output } from './output.js';
import { parseVmRef } from './vms.js';

export interface CaptureArgs {
  /** `RG/NAME` */
  vm?: string;
  generalized?: boolean;
  specialized?: boolean;
  /** `image:RG/NAME` or `gallery:RG/GALLERY/DEFINITION[/VERSION]` */
  to?: string;
  /** `R[=N],…` */
  regions?: string;
  /** false with --no-snapshot */
  snapshot: boolean;
  guestPrepared?: boolean;
  plan?: boolean;
  yes?: boolean;
  json?: boolean;
}

export interface CaptureDeps {
  /** Asks on the terminal and returns the answer; absent when there is no terminal. */
  ask?(question: string): Promise<string>;
  /** Waits `ms` or until `signal` aborts (rejects then). */
  wait(ms: number, signal: AbortSignal): Promise<void>;
  /** Stops the run (Ctrl-C in tests; the entry point's signal handler reports in a real shell). */
  signal?: AbortSignal;
  now?(): number;
  /** Between two looks at the power state while the guest shuts down (default 10 s). */
  stoppedPollMs?: number;
  stoppedTimeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Parsing what the user typed (exit 2 when wrong)

export type TargetRef =
  | { kind: 'image'; resourceGroup: string; name: string }
  | { kind: 'gallery'; resourceGroup: string; gallery: string; definition: string; version?: string };

export function parseTargetRef(text: string): TargetRef {
  const m = /^(image|gallery):(.*)$/i.exec(text.trim());
  const parts = m ? m[2]!.split('/').filter(Boolean) : [];
  if (m && m[1]!.toLowerCase() === 'image' && parts.length === 2) return { kind: 'image', resourceGroup: parts[0]!, name: parts[1]! };
  if (m && m[1]!.toLowerCase() === 'gallery' && (parts.length === 3 || parts.length === 4)) {
    const [resourceGroup, gallery, definition, version] = parts as [string, string, string, string | undefined];
    return version ? { kind: 'gallery', resourceGroup, gallery, definition, version } : { kind: 'gallery', resourceGroup, gallery, definition };
  }
  throw new UsageError(`--to "${text}" is not a capture target.`, 'Use --to image:RG/NAME or --to gallery:RG/GALLERY/DEFINITION[/VERSION].');
}

/** `westeurope=2,northeurope` → regions with replica counts (1 when not given). */
export function parseRegions(text: string): TargetRegion[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--regions "${text}" names no region.`, 'Example: --regions westeurope=2,northeurope');
  return items.map((item) => {
    const m = /^([A-Za-z0-9 ]+?)(?:=(\d+))?$/.exec(item);
    if (!m) throw new UsageError(`--regions: "${item}" is not REGION or REGION=REPLICAS.`, 'Example: --regions westeurope=2,northeurope');
    return { name: m[1]!.trim(), replicas: m[2] === undefined ? 1 : Number(m[2]) };
  });
}

function modeOf(args: CaptureArgs): CaptureMode {
  if (args.generalized && args.specialized) throw new UsageError('Choose one of --generalized and --specialized, not both.');
  if (args.generalized) return 'generalized';
  if (args.specialized) return 'specialized';
  throw new UsageError(
    'Say what kind of image: --generalized (a template for many VMs; the VM can never start again) or --specialized (a copy of this machine; the VM keeps working).',
  );
}

// ---------------------------------------------------------------------------------------------
// Building the target from what Azure has

const isNotFound = (e: unknown) => isAzureError(e) && e.kind === 'notFound';

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

interface Resolved {
  target: CaptureTarget;
  context: CaptureContext;
  /** The existing definition, for the snippets. */
  definition?: GalleryImageDefinition;
}

async function resolveTarget(services: Services, vm: VmFacts, mode: CaptureMode, ref: TargetRef, args: CaptureArgs, now: number): Promise<Resolved> {
  if (ref.kind === 'image') {
    if (args.regions) throw new UsageError('--regions applies to a gallery target; a managed image lives in the VM\'s region only.');
    const existing = await orUndefined(() => services.images.getImage(ref.resourceGroup, ref.name));
    const context: CaptureContext = { now };
    if (existing) context.existingImage = existing;
    return { target: { kind: 'managedImage', mode, resourceGroup: ref.resourceGroup, name: ref.name }, context };
  }
  const g = await orUndefined(() => services.galleries.getGallery(ref.resourceGroup, ref.gallery));
  const gallery: GalleryChoice = g ? { kind: 'existing', name: g.name, location: g.location } : { kind: 'new', name: ref.gallery, location: vm.location };
  const d = g ? await orUndefined(() => services.galleries.getDefinition(ref.resourceGroup, ref.gallery, ref.definition)) : undefined;
  let definition: DefinitionChoice;
  if (d) {
    const versions = await services.galleries.listVersions(ref.resourceGroup, ref.gallery, ref.definition);
    definition = { kind: 'existing', definition: d, versions };
  } else {
    const proposed = definitionFor(vm, mode);
    definition = { kind: 'new', definition: { ...proposed, name: ref.definition, identifier: { ...proposed.identifier, offer: ref.definition } } };
  }
  const versions = definition.kind === 'existing' ? definition.versions : [];
  // No version given: an unfinished version made from this VM is resumed; otherwise the next free one.
  const unfinished = versions.find(
    (v) => v.source.kind === 'virtualMachine' && v.source.id.toLowerCase() === vm.id.toLowerCase() && v.provisioningState.toLowerCase() !== 'succeeded',
  );
  const version = ref.version ?? unfinished?.name ?? nextFreeVersion(versions.map((v) => v.name));
  const targetRegions = args.regions ? parseRegions(args.regions) : [{ name: vm.location, replicas: 1 }];
  const target: CaptureTarget = {
    kind: 'gallery',
    mode,
    resourceGroup: ref.resourceGroup,
    gallery,
    definition,
    version,
    targetRegions,
    excludeFromLatest: false,
  };
  return { target, context: { now }, ...(d ? { definition: d } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Words

function targetWords(t: CaptureTarget): string {
  return t.kind === 'managedImage'
    ? `managed image ${t.resourceGroup}/${t.name}`
    : `gallery image version ${t.gallery.name}/${t.definition.definition.name}/${t.version} (${t.resourceGroup})`;
}

function findingLines(a: CaptureAssessment): string[] {
  const mark: Record<Finding['severity'], string> = { blocking: '✗ blocking', warning: '! warning', info: '· info' };
  return allFindings(a).map((f) => `  ${mark[f.severity]}  ${f.title}: ${f.reason} → ${f.fix}`);
}

/** Lines of text from Azure, each sanitized on its own (the line breaks are ours). */
function lines(items: readonly string[]): string {
  return items.flatMap((i) => i.split('\n')).map(safe).join('\n');
}

function planLines(plan: CapturePlan): string[] {
  return plan.steps.map((s) => {
    const state = s.skippedBecause ? `skipped: ${s.skippedBecause}` : s.done ? `done: ${s.doneBecause ?? ''}` : s.irreversible ? 'IRREVERSIBLE' : 'runs';
    return `  ${s.skippedBecause || s.done ? '–' : s.irreversible ? '!' : '·'} ${s.title}\n      ${s.operation}  [${state}]`;
  });
}

/** The exact command that runs this capture again (which resumes it). */
export function resumeCommand(args: CaptureArgs, mode: CaptureMode, target: CaptureTarget, guestDone: boolean): string {
  const to =
    target.kind === 'managedImage'
      ? `image:${target.resourceGroup}/${target.name}`
      : `gallery:${target.resourceGroup}/${target.gallery.name}/${target.definition.definition.name}/${target.version}`;
  const parts = ['azimg capture', `--vm ${args.vm}`, `--${mode}`, `--to ${to}`];
  if (target.kind === 'gallery') parts.push(`--regions ${target.targetRegions.map((r) => `${r.name.replace(/\s+/g, '').toLowerCase()}=${r.replicas}`).join(',')}`);
  if (!args.snapshot) parts.push('--no-snapshot');
  if (args.guestPrepared || guestDone) parts.push('--guest-prepared');
  if (args.yes) parts.push('--yes');
  return parts.join(' ');
}

async function stateReport(services: Services, vm: VmFacts, target: CaptureTarget, plan: CapturePlan): Promise<string[]> {
  try {
    const { observation: o, vm: now } = await observeCapture(vm, target, services);
    return describeObservation(o, now, plan, target);
  } catch (e) {
    return [`  (could not read the current state: ${describeError(e)})`];
  }
}

function describeObservation(o: CaptureObservation, vm: VirtualMachine, plan: CapturePlan, target: CaptureTarget): string[] {
  return [
    `  VM ${vm.name}: ${vm.powerState ?? 'power state unknown'}, ${vm.osState ?? 'OS state not reported'}`,
    `  Snapshot: ${plan.snapshotName ? (o.snapshotExists ? `${plan.snapshotName} taken` : `${plan.snapshotName} not taken`) : 'none asked for'}`,
    `  Image: ${target.kind === 'gallery' ? `gallery ${o.galleryExists ? 'exists' : 'not created'}, definition ${o.definitionExists ? 'exists' : 'not created'}, ` : ''}${targetWords(target)} ${o.targetExists ? 'exists' : 'not created (or not finished)'}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// The command

export async function runCapture(services: Services, args: CaptureArgs, output: Output, deps: CaptureDeps): Promise<number> {
  return guarded(output, async () => {
    const now = deps.now ?? Date.now;
    if (!args.vm) throw new UsageError('azimg capture needs --vm RG/NAME.', 'Example: azimg capture --vm rg-images-dev/vm-app-linux-01 --generalized --to image:rg-images-dev/img-app');
    const vmRef = parseVmRef(args.vm);
    if (!vmRef.resourceGroup) throw new UsageError(`--vm needs RESOURCE_GROUP/NAME, not "${args.vm}".`);
    const mode = modeOf(args);
    if (!args.to) throw new UsageError('azimg capture needs --to image:RG/NAME or --to gallery:RG/GALLERY/DEFINITION[/VERSION].');
    const ref = parseTargetRef(args.to);
    if (args.regions) parseRegions(args.regions);

    const first = await orUndefined(() => services.vms.getVm(vmRef.resourceGroup!, vmRef.name));
    if (!first) throw notFound(`No VM ${vmRef.resourceGroup}/${vmRef.name} in this subscription.`, 'List them with: azimg vms ls');
    const { target, context, definition } = await resolveTarget(services, first, mode, ref, args, now());
    const assessment = assessCapture(first, target, context);
    const { observation, vm } = await observeCapture(first, target, services, { guestPrepared: args.guestPrepared });
    const plan = resumePlan(capturePlan(vm, target, { snapshot: args.snapshot, guestPrepared: Boolean(args.guestPrepared) }), observation);
    const blocked = assessment.blocking.length > 0;

    const header = `Capture ${vm.resourceGroup}/${vm.name} as a ${mode} ${targetWords(target)}`;
    if (args.plan || blocked) {
      if (args.json) {
        output.out(json({ vm: vm.id, mode, target: targetWords(target), findings: assessment, plan, resume: observation }));
      } else {
        output.out(`${safe(header)}\n\nFindings\n${lines(findingLines(assessment)) || '  none'}\n\nOperations\n${lines(planLines(plan))}\n\n  ${safe(plan.sourceAfter)}\n`);
      }
      if (blocked) {
        output.err(`azimg: ${assessment.blocking.length} blocking finding${assessment.blocking.length === 1 ? '' : 's'}: nothing was changed. ${safe(assessment.blocking[0]!.fix)}`);
        return 2;
      }
      return 0;
    }

    if (services.connection.readOnly) throw readOnlyRefusal(`the capture of ${vm.resourceGroup}/${vm.name} was not started`);
    if (!args.yes) {
      if (!deps.ask) {
        throw new UsageError(
          `Capturing ${vm.name} changes it${mode === 'generalized' ? ' for good (generalized VMs never start again)' : ' (it is deallocated)'}; azimg asks first, and there is no terminal to ask on.`,
          'Review it with --plan, then confirm with --yes.',
        );
      }
      output.err(`${safe(header)}\n${lines(findingLines(assessment))}\n\nOperations\n${lines(planLines(plan))}\n\n  ${safe(plan.sourceAfter)}\n`);
      const answer = (await deps.ask(`Type the VM's name (${vm.name}) to go on: `)).trim();
      if (deps.signal?.aborted) {
        output.err('azimg: stopped before anything was changed.');
        return 130;
      }
      if (answer !== vm.name) {
        output.err(`azimg: "${safe(answer)}" is not ${safe(vm.name)}: nothing was changed.`);
        return 2;
      }
    }

    const specs = captureSteps({
      vm,
      target,
      plan,
      services,
      wait: deps.wait,
      now,
      ...(deps.stoppedPollMs !== undefined ? { stoppedPollMs: deps.stoppedPollMs } : {}),
      ...(deps.stoppedTimeoutMs !== undefined ? { stoppedTimeoutMs: deps.stoppedTimeoutMs } : {}),
    });
    const said = new Map<string, string>();
    const result = await runSteps(specs, {
      signal: deps.signal,
      now,
      onChange: (steps) => {
        for (const s of steps) {
          // A progress tick that only moves the clock is not a change worth a line.
          const key = `${s.state}|${(s.detail ?? '').replace(/ \(\d+[smh][^)]*\)$/, '')}|${s.note ?? ''}`;
          if (s.state === 'pending' || said.get(s.id) === key) continue;
          said.set(s.id, key);
          output.err(`  ${safe(stepLine(s, now()))}`);
        }
      },
    });
    const guestDone = result.steps.some((s) => s.id === 'guest-prepare' && (s.state === 'done' || (s.state === 'skipped' && !/specialized|generalized/i.test(s.note ?? ''))));
    const resume = resumeCommand(args, mode, target, guestDone);

    if (!result.ok) {
      const states = await stateReport(services, vm, target, plan);
      if (result.stopped) {
        const running = unfinishedSteps(result.steps);
        output.err(
          [
            `azimg: stopped at "${safe(result.at?.title ?? '')}".`,
            ...running.map((s) => `  Still running in Azure: ${safe(s.title)} (Azure accepted it and may still finish it).`),
            ...states.map(safe),
            `  Resume with: ${safe(resume)}`,
          ].join('\n'),
        );
        return 130;
      }
      output.err(
        [
          `azimg: the capture failed at "${safe(result.at?.title ?? '')}": ${safe(describeError(result.error))}`,
          ...states.map(safe),
          `  Resume with: ${safe(resume)}`,
        ].join('\n'),
      );
      return 1;
    }

    return printResult(services, vm, target, plan, definition, result.steps, args, output, now());
  });
}

async function printResult(
  services: Services,
  vm: VmFacts,
  target: CaptureTarget,
  plan: CapturePlan,
  existingDefinition: GalleryImageDefinition | undefined,
  steps: readonly StepStatus[],
  args: CaptureArgs,
  output: Output,
  now: number,
): Promise<number> {
  const snapshots = plan.snapshotName ? (await services.snapshots.listSnapshots({ resourceGroup: vm.resourceGroup })).filter((s) => s.name === plan.snapshotName) : [];
  const snapshot = snapshots[0];
  let id: string;
  let snippets;
  if (target.kind === 'managedImage') {
    const image = await services.images.getImage(target.resourceGroup, target.name);
    id = image.id;
    snippets = buildEstateSnippets({ kind: 'managedImage', image }, { now });
  } else {
    const d = existingDefinition ?? (await services.galleries.getDefinition(target.resourceGroup, target.gallery.name, target.definition.definition.name));
    const v = await services.galleries.getVersion(target.resourceGroup, target.gallery.name, d.name, target.version);
    id = v.id;
    snippets = buildEstateSnippets({ kind: 'gallery', definition: d, version: v }, { now });
  }
  const after = await services.vms.getVm(vm.resourceGroup, vm.name);
  const restore = snapshot ? restoreFromSnapshotHint(snapshot.id, vm) : [];
  if (args.json) {
    output.out(
      json({
        id,
        vm: { id: after.id, powerState: after.powerState, osState: after.osState },
        snapshot: snapshot ? { id: snapshot.id, restore } : undefined,
        steps: steps.map((s) => ({ id: s.id, title: s.title, state: s.state, detail: s.detail, note: s.note })),
        snippets: Object.fromEntries(snippets.map((s) => [s.kind, s.text])),
      }),
    );
    return 0;
  }
  let text = `${safe(id)}\n\n  Source VM ${safe(after.name)}: ${safe(after.powerState ?? 'unknown')}, ${safe(after.osState ?? 'OS state not reported')}. ${safe(plan.sourceAfter)}\n`;
  if (snapshot) text += `  Safety snapshot ${safe(snapshot.name)}: a VM made from it is the machine as it was:\n${restore.map((l) => `    ${safe(l)}`).join('\n')}\n`;
  for (const s of snippets) text += `\n${s.title}\n${s.text.split('\n').map((l) => `  ${l}`).join('\n')}\n`;
  output.out(text);
  return 0;
}
