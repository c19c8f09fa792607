/**
 * Virtual machines over @azure/arm-compute: the VM model with its instance view (power state, OS
 * state, generation), the OS disk's architecture, and the lifecycle actions capture needs —
 * start, deallocate, generalize and Run Command.
 */
import type { Disk as SdkDisk, InstanceViewStatus, VirtualMachine as SdkVirtualMachine } from '@azure/arm-compute';
import { parseVmSecurityType } from '../domain/security.js';
import { architectureFromVmSize, osStateFromStatuses, parseResourceId, powerStateFromStatuses, type VirtualMachine } from '../domain/estate.js';
import type { RunCommandResult, VmsService } from '../domain/services.js';
import type { Architecture } from '../domain/types.js';
import type { ArmClients } from './connection.js';
import { call } from './errors.js';
import { asPoller, refuseUnderReadOnly, runLro } from './lro.js';
import { architecture as parseArchitecture, byRgThenName, generation, idParts, iso, listAll, osType, sdk, tagsOf } from './shared.js';

/**
 * `architecture`: the OS disk's `supportedCapabilities.architecture` when it was read (the VM
 * model does not state it), else the rule on the size's name.
 */
export function toVirtualMachine(v: SdkVirtualMachine, architecture?: Architecture): VirtualMachine {
  const ref = v.storageProfile?.imageReference;
  const statuses = v.instanceView?.statuses ?? [];
  const image: VirtualMachine['image'] = ref?.id
    ? { kind: 'custom', id: ref.id }
    : ref?.publisher && ref.offer && ref.sku
      ? { kind: 'marketplace', urn: `${ref.publisher}:${ref.offer}:${ref.sku}:${ref.version ?? 'latest'}`, exactVersion: ref.exactVersion }
      : undefined;
  const os = v.storageProfile?.osDisk;
  const guest = [v.instanceView?.osName, v.instanceView?.osVersion].filter(Boolean).join(' ');
  return {
    ...idParts(v.id, v.name),
    location: v.location,
    tags: tagsOf(v.tags),
    vmSize: v.hardwareProfile?.vmSize,
    osType: os?.osType ? osType(os.osType) : undefined,
    image,
    osDisk: {
      id: os?.managedDisk?.id,
      name: os?.name,
      sizeGb: os?.diskSizeGB,
      storageAccountType: os?.managedDisk?.storageAccountType,
      ephemeral: os?.diffDiskSettings?.option?.toLowerCase() === 'local',
      securityEncryptionType: os?.managedDisk?.securityProfile?.securityEncryptionType,
    },
    dataDiskCount: v.storageProfile?.dataDisks?.length ?? 0,
    securityType: parseVmSecurityType(v.securityProfile?.securityType) ?? 'Standard',
    architecture: architecture ?? architectureFromVmSize(v.hardwareProfile?.vmSize),
    plan: v.plan?.name && v.plan.publisher && v.plan.product ? { name: v.plan.name, publisher: v.plan.publisher, product: v.plan.product } : undefined,
    zones: [...(v.zones ?? [])],
    provisioningState: v.provisioningState ?? 'Unknown',
    timeCreated: iso(v.timeCreated),
    powerState: v.instanceView ? (powerStateFromStatuses(statuses) ?? 'unknown') : undefined,
    osState: osStateFromStatuses(statuses),
    hyperVGeneration: generation(v.instanceView?.hyperVGeneration),
    guestOs: guest || undefined,
  };
}

/** The disk's architecture, when it states one. */
function diskArchitecture(d: SdkDisk | undefined): Architecture | undefined {
  const a = d?.supportedCapabilities?.architecture;
  return a ? parseArchitecture(a) : undefined;
}

/**
 * Run Command's output split into its two streams. Linux answers one status whose message holds
 * `[stdout]` and `[stderr]` parts (`Enable succeeded: \n[stdout]\n…\n[stderr]\n…`); Windows answers
 * `ComponentStatus/StdOut/succeeded` and `ComponentStatus/StdErr/succeeded` statuses.
 */
export function splitRunCommandOutput(statuses: readonly InstanceViewStatus[] | undefined): RunCommandResult {
  const list = statuses ?? [];
  const byCode = (stream: string) => list.find((s) => (s.code ?? '').toLowerCase().startsWith(`componentstatus/${stream}/`));
  const out = byCode('stdout');
  const err = byCode('stderr');
  if (out || err) return { stdout: out?.message ?? '', stderr: err?.message ?? '' };
  const message = list.map((s) => s.message ?? '').join('\n');
  const o = message.indexOf('[stdout]');
  const e = message.indexOf('[stderr]');
  if (o < 0 && e < 0) return { stdout: message, stderr: '' };
  const part = (from: number, marker: string, to: number) => (from < 0 ? '' : message.slice(from + marker.length, to < from ? undefined : to).replace(/^\n/, ''));
  return { stdout: part(o, '[stdout]', e), stderr: part(e, '[stderr]', -1) };
}

export function createVmsService(clients: ArmClients): VmsService {
  const { compute } = clients;
  const poll = (signal?: AbortSignal) => ({ updateIntervalInMs: clients.pollIntervalMs, abortSignal: signal });
  const vmCheck = (rg: string, name: string) => `See where it got to with: azimg vms show ${rg}/${name}`;

  /** The OS disk of one VM; the size rule when it cannot be read (an ephemeral disk has none). */
  async function osDiskArchitecture(v: SdkVirtualMachine, signal?: AbortSignal): Promise<Architecture | undefined> {
    const id = v.storageProfile?.osDisk?.managedDisk?.id;
    const parts = id ? parseResourceId(id) : undefined;
    if (!parts) return undefined;
    try {
      return diskArchitecture(await compute.disks.get(parts.resourceGroup, parts.name, { abortSignal: signal }));
    } catch {
      return undefined;
    }
  }

  return {
    listVms: (opts) =>
      call(async () => {
        const vms = await listAll(
          () =>
            opts?.resourceGroup
              ? compute.virtualMachines.list(opts.resourceGroup, { ...sdk(opts), expand: 'instanceView' })
              : compute.virtualMachines.listAll({ ...sdk(opts), expand: 'instanceView' }),
          (v) => v,
        );
        // One list of disks (not a GET per VM) gives each OS disk's architecture.
        const arch = new Map<string, Architecture>();
        try {
          const disks = await listAll(
            () => (opts?.resourceGroup ? compute.disks.listByResourceGroup(opts.resourceGroup, sdk(opts)) : compute.disks.list(sdk(opts))),
            (d) => d,
          );
          for (const d of disks) {
            const a = diskArchitecture(d);
            if (d.id && a) arch.set(d.id.toLowerCase(), a);
          }
        } catch (e) {
          if (opts?.signal?.aborted) throw e;
          // Without the disks, the size rule still says something.
        }
        return vms
          .map((v) => toVirtualMachine(v, arch.get(v.storageProfile?.osDisk?.managedDisk?.id?.toLowerCase() ?? '')))
          .sort(byRgThenName);
      }),
    getVm: (rg, name, opts) =>
      call(async () => {
        const v = await compute.virtualMachines.get(rg, name, { ...sdk(opts), expand: 'instanceView' });
        return toVirtualMachine(v, await osDiskArchitecture(v, opts?.signal));
      }),
    async startVm(rg, name, opts) {
      refuseUnderReadOnly(clients, `VM '${rg}/${name}' was not started`);
      await runLro(() => asPoller(compute.virtualMachines.start(rg, name, poll(opts?.signal))), opts, { action: `the start of ${name}`, check: vmCheck(rg, name) });
    },
    async deallocateVm(rg, name, opts) {
      refuseUnderReadOnly(clients, `VM '${rg}/${name}' was not deallocated`);
      await runLro(() => asPoller(compute.virtualMachines.deallocate(rg, name, poll(opts?.signal))), opts, {
        action: `the deallocation of ${name}`,
        check: vmCheck(rg, name),
      });
    },
    async generalizeVm(rg, name, opts) {
      refuseUnderReadOnly(clients, `VM '${rg}/${name}' was not generalized`);
      await call(() => compute.virtualMachines.generalize(rg, name, sdk(opts)));
    },
    async runCommand(rg, name, command, opts) {
      refuseUnderReadOnly(clients, `no command was run on VM '${rg}/${name}'`);
      const result = await runLro(
        () => asPoller<{ value?: InstanceViewStatus[] }>(compute.virtualMachines.runCommand(rg, name, { commandId: command.commandId, script: [...command.script] }, poll(opts?.signal))),
        opts,
        { action: `the run command on ${name}`, check: `A second run command is refused while it runs; ${vmCheck(rg, name).toLowerCase()}` },
      );
      return splitRunCommandOutput(result?.value);
    },
  };
}
