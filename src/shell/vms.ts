/**
 * `azimg vms ls|show`: the subscription's virtual machines with what capture needs to know — power
 * and OS state, generation, security type, architecture, plan, OS disk — and, for each kind of
 * target, what the capture rules say about it (the same findings the wizard and `azimg capture`
 * show). Exit codes as the other estate commands: 0, 1 (Azure said no), 2 (bad usage).
 */
import { assessCapture, definitionFor, type CaptureAssessment, type CaptureMode, type CaptureTarget } from '../domain/capture.js';
import { UsageError } from '../domain/errors.js';
import type { VirtualMachine } from '../domain/estate.js';
import { generationShort } from '../domain/estate-facts.js';
import type { Services } from '../domain/services.js';
import { guarded } from './images.js';
import { factSheet, json, safe, table, type Output } from './output.js';
import { vmFacts } from '../domain/facts.js';

export interface VmsArgs {
  action: 'ls' | 'show';
  /** show: `RG/NAME` or the VM's id. */
  target?: string;
  resourceGroup?: string;
  json: boolean;
}

/** `RG/NAME` or a VM id → parts; a bare name → just the name. */
export function parseVmRef(text: string, resourceGroup?: string): { resourceGroup?: string; name: string } {
  const t = text.trim();
  const byId = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i.exec(t);
  if (byId) return { resourceGroup: byId[1]!, name: byId[2]! };
  const parts = t.split('/').filter(Boolean);
  if (parts.length === 2) return { resourceGroup: parts[0]!, name: parts[1]! };
  if (parts.length === 1) return { resourceGroup, name: parts[0]! };
  throw new UsageError(`"${t}" is not a VM reference.`, 'Use RESOURCE_GROUP/NAME or the VM\'s resource id.');
}

/** The three ways a VM can be captured, each with a target that fits it as well as it can be. */
export const CAPTURE_KINDS = [
  { key: 'managedImage', label: 'managed image (generalized)', mode: 'generalized' },
  { key: 'galleryGeneralized', label: 'gallery version (generalized)', mode: 'generalized' },
  { key: 'gallerySpecialized', label: 'gallery version (specialized)', mode: 'specialized' },
] as const;

export type CaptureKindKey = (typeof CAPTURE_KINDS)[number]['key'];

function probeTarget(vm: VirtualMachine, key: CaptureKindKey, mode: CaptureMode): CaptureTarget {
  if (key === 'managedImage') return { kind: 'managedImage', mode, resourceGroup: vm.resourceGroup, name: `${vm.name}-image` };
  return {
    kind: 'gallery',
    mode,
    resourceGroup: vm.resourceGroup,
    gallery: { kind: 'new', name: 'gallery', location: vm.location },
    definition: { kind: 'new', definition: definitionFor(vm, mode) },
    version: '1.0.0',
    targetRegions: [{ name: vm.location, replicas: 1 }],
    excludeFromLatest: false,
  };
}

/** What the capture rules say for each kind of target (a new, fitting definition for a gallery). */
export function captureFindings(vm: VirtualMachine, now: number): Record<CaptureKindKey, CaptureAssessment> {
  const out = {} as Record<CaptureKindKey, CaptureAssessment>;
  for (const k of CAPTURE_KINDS) out[k.key] = assessCapture(vm, probeTarget(vm, k.key, k.mode), { now });
  return out;
}

function verdict(a: CaptureAssessment): string {
  return a.blocking.length ? 'no' : a.warnings.length ? 'yes, with warnings' : 'yes';
}

export async function runVms(services: Services, args: VmsArgs, output: Output, now: () => number = Date.now): Promise<number> {
  return guarded(output, async () => {
    if (args.action === 'ls') {
      if (args.target) throw new UsageError(`azimg vms ls takes no name ("${args.target}").`, 'Use --resource-group RG.');
      const vms = await services.vms.listVms({ resourceGroup: args.resourceGroup });
      if (args.json) {
        output.out(json(vms.map((vm) => ({ ...vm, capture: captureFindings(vm, now()) }))));
        return 0;
      }
      if (vms.length === 0) {
        output.err(`No VMs${args.resourceGroup ? ` in ${safe(args.resourceGroup)}` : ''}.`);
        return 0;
      }
      output.out(
        table(
          ['RESOURCE GROUP', 'NAME', 'LOCATION', 'SIZE', 'OS', 'POWER', 'OS STATE', 'GEN', 'SECURITY', 'ARCH', 'PLAN', 'OS DISK', 'CAPTURE (image / gallery gen. / gallery spec.)'],
          vms.map((vm) => {
            const f = captureFindings(vm, now());
            return [
              vm.resourceGroup,
              vm.name,
              vm.location,
              vm.vmSize ?? '',
              vm.osType ?? '?',
              vm.powerState ?? '?',
              vm.osState ?? (vm.powerState ? 'not generalized' : '?'),
              generationShort(vm.hyperVGeneration),
              vm.securityType,
              vm.architecture,
              vm.plan ? 'yes' : 'no',
              vm.osDisk.ephemeral ? 'ephemeral' : vm.osDisk.id ? 'managed' : '?',
              CAPTURE_KINDS.map((k) => (f[k.key].blocking.length ? 'no' : 'yes')).join(' / '),
            ];
          }),
          output.columns,
        ),
      );
      return 0;
    }
    if (!args.target) throw new UsageError('azimg vms show needs a VM.', 'Example: azimg vms show rg-images-dev/vm-app-linux-01');
    const ref = parseVmRef(args.target, args.resourceGroup);
    if (!ref.resourceGroup) throw new UsageError(`Say which resource group "${ref.name}" is in.`, `Example: azimg vms show RESOURCE_GROUP/${ref.name}`);
    const vm = await services.vms.getVm(ref.resourceGroup, ref.name);
    const findings = captureFindings(vm, now());
    if (args.json) {
      output.out(json({ ...vm, capture: findings }));
      return 0;
    }
    // The VM's facts as the domain states them (facts.ts), then what each target kind would say.
    let text = factSheet(vmFacts(vm));
    for (const k of CAPTURE_KINDS) {
      const a = findings[k.key];
      text += `\nCapture as ${k.label}: ${verdict(a)}\n`;
      for (const f of [...a.blocking, ...a.warnings]) text += `  ${f.severity === 'blocking' ? '✗' : '!'} ${safe(f.title)}: ${safe(f.reason)}\n    → ${safe(f.fix)}\n`;
    }
    output.out(text);
    return 0;
  });
}
