/**
 * The ordered Azure operations of one capture, which of them cannot be undone, which are skipped
 * and why — and, given what Azure reports now, which are already done, so a second run on the same
 * VM resumes where the first stopped. Plus the guest-preparation scripts, as data.
 *
 * Order (Packer's and the portal's, with the safety copy first): snapshot the OS disk → start
 * (only when a stopped VM still needs its guest prepared) → prepare the guest through Run Command
 * → wait until Azure reports the VM stopped → deallocate → generalize → create the image, or the
 * gallery, definition and version.
 */
import type { CaptureMode, CaptureTarget, VmFacts } from './capture.js';
import type { PowerState } from './estate.js';
import type { OsType } from './types.js';

export type CaptureStepId =
  | 'snapshot'
  | 'start'
  | 'guest-prepare'
  | 'wait-stopped'
  | 'deallocate'
  | 'generalize'
  | 'create-image'
  | 'create-gallery'
  | 'create-definition'
  | 'create-version';

export interface CaptureStep {
  id: CaptureStepId;
  /** What happens, for the step list. */
  title: string;
  /** The Azure request, for the review screen: `POST …/virtualMachines/vm-1/generalize`. */
  operation: string;
  /** Cannot be undone once it ran. */
  irreversible: boolean;
  /** Set when the step does not run at all for this capture. */
  skippedBecause?: string;
  /** Set by {@link resumePlan} when Azure shows the step's effect is already there. */
  done?: boolean;
  doneBecause?: string;
}

export interface CapturePlan {
  steps: CaptureStep[];
  /** The snapshot name, when a safety copy is taken. */
  snapshotName?: string;
  /** The state the source VM is left in, for the review and the summary. */
  sourceAfter: string;
}

export interface CapturePlanOptions {
  /** Take a safety snapshot of the OS disk first (the wizard's default). */
  snapshot: boolean;
  /** The user prepared the guest by hand (deprovision / sysprep), so Run Command is skipped. */
  guestPrepared: boolean;
  /** For the snapshot's name; defaults to no time stamp. */
  now?: number;
}

// ---------------------------------------------------------------------------------------------
// Safety snapshot

/**
 * The safety snapshot's name: `<os disk or VM>-pre-capture[-YYYYMMDDHHMM]`, within the snapshot
 * rules (1–80 letters, digits, `_ . -`; starts with a letter or digit, ends with a letter, digit or `_`).
 */
export function captureSnapshotName(vm: Pick<VmFacts, 'name' | 'osDisk'>, now?: number): string {
  const stamp = now === undefined ? '' : `-${new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 12)}`;
  const suffix = `-pre-capture${stamp}`;
  const base = (vm.osDisk.name ?? vm.name)
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 80 - suffix.length);
  return `${base || 'vm'}${suffix}`;
}

/** Tags on the safety snapshot: what it is a copy of, so a resumed capture finds it. */
export const SNAPSHOT_TAG_SOURCE = 'azimg-capture-source';

export function captureSnapshotTags(vm: Pick<VmFacts, 'id'>): Record<string, string> {
  return { [SNAPSHOT_TAG_SOURCE]: vm.id, 'azimg-purpose': 'OS disk before capture' };
}

/** How to get the machine back from the safety snapshot, for the summary. */
export function restoreFromSnapshotHint(snapshotId: string, vm: Pick<VmFacts, 'name' | 'resourceGroup' | 'osType'>): string[] {
  const disk = `${vm.name}-restored-os`;
  return [
    `az disk create --resource-group ${vm.resourceGroup} --name ${disk} --source ${snapshotId}`,
    `az vm create --resource-group ${vm.resourceGroup} --name ${vm.name}-restored --attach-os-disk ${disk} --os-type ${vm.osType ?? 'Linux'}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// The plan

function vmPath(vm: Pick<VmFacts, 'resourceGroup' | 'name'>): string {
  return `…/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;
}

/** Ordered operations for capturing `vm` to `target`, for the VM's facts as they are now. */
export function capturePlan(vm: VmFacts, target: CaptureTarget, options: CapturePlanOptions): CapturePlan {
  const mode: CaptureMode = target.mode;
  const generalized = vm.osState === 'generalized';
  const power: PowerState | undefined = vm.powerState;
  const steps: CaptureStep[] = [];
  const at = vmPath(vm);

  const snapshotName = options.snapshot && !vm.osDisk.ephemeral && vm.osDisk.id ? captureSnapshotName(vm, options.now) : undefined;
  steps.push({
    id: 'snapshot',
    title: `Snapshot the OS disk as ${snapshotName ?? 'a safety copy'}`,
    operation: `PUT …/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/snapshots/${snapshotName ?? '(none)'}`,
    irreversible: false,
    skippedBecause: !options.snapshot
      ? 'You chose no safety copy.'
      : vm.osDisk.ephemeral || !vm.osDisk.id
        ? 'The OS disk is not a managed disk, so it cannot be snapshotted.'
        : undefined,
  });

  const guestSkip =
    mode === 'specialized'
      ? 'A specialized image keeps the guest as it is.'
      : generalized
        ? 'Azure already reports the VM generalized.'
        : options.guestPrepared
          ? 'You prepared the guest yourself.'
          : undefined;
  const script = guestPreparation(vm.osType ?? 'Linux');

  steps.push({
    id: 'start',
    title: 'Start the VM so its guest can be prepared',
    operation: `POST ${at}/start`,
    irreversible: false,
    skippedBecause: guestSkip ?? (power === 'running' ? 'The VM is running.' : undefined),
  });
  steps.push({
    id: 'guest-prepare',
    title: script.title,
    operation: `POST ${at}/runCommand (${script.commandId})`,
    irreversible: true,
    skippedBecause: guestSkip,
  });
  steps.push({
    id: 'wait-stopped',
    title: 'Wait until Azure reports the VM stopped',
    operation: `GET ${at}/instanceView (until PowerState/stopped)`,
    irreversible: false,
    skippedBecause: guestSkip,
  });
  steps.push({
    id: 'deallocate',
    title: 'Deallocate the VM',
    operation: `POST ${at}/deallocate`,
    irreversible: false,
    // A prepared guest shuts itself down to stopped (still allocated), so a deallocated VM that
    // is started for its preparation is deallocated again afterwards.
    skippedBecause: power === 'deallocated' && guestSkip ? 'The VM is already deallocated.' : undefined,
  });
  steps.push({
    id: 'generalize',
    title: 'Mark the VM generalized (it can never start again)',
    operation: `POST ${at}/generalize`,
    irreversible: true,
    skippedBecause: mode === 'specialized' ? 'A specialized image is not generalized.' : generalized ? 'Azure already reports the VM generalized.' : undefined,
  });

  if (target.kind === 'managedImage') {
    steps.push({
      id: 'create-image',
      title: `Create managed image ${target.name}`,
      operation: `PUT …/resourceGroups/${target.resourceGroup}/providers/Microsoft.Compute/images/${target.name} (from ${vm.name})`,
      irreversible: false,
    });
  } else {
    const g = `…/resourceGroups/${target.resourceGroup}/providers/Microsoft.Compute/galleries/${target.gallery.name}`;
    const d = target.definition.definition.name;
    steps.push({
      id: 'create-gallery',
      title: `Create gallery ${target.gallery.name} in ${target.gallery.location}`,
      operation: `PUT ${g}`,
      irreversible: false,
      skippedBecause: target.gallery.kind === 'existing' ? 'The gallery exists.' : undefined,
    });
    steps.push({
      id: 'create-definition',
      title: `Create image definition ${d}`,
      operation: `PUT ${g}/images/${d}`,
      irreversible: false,
      skippedBecause: target.definition.kind === 'existing' ? 'The definition exists.' : undefined,
    });
    const regions = target.targetRegions.map((r) => `${r.name}×${r.replicas}`).join(', ');
    steps.push({
      id: 'create-version',
      title: `Create version ${target.version} and replicate it to ${regions || 'no region'}`,
      operation: `PUT ${g}/images/${d}/versions/${target.version} (from ${vm.name})`,
      irreversible: false,
    });
  }

  const sourceAfter =
    mode === 'generalized'
      ? `${vm.name} is left generalized and deallocated: Azure will not start it again.${snapshotName ? ` Snapshot ${snapshotName} holds its OS disk as it was.` : ''}`
      : `${vm.name} is left deallocated and unchanged; start it again when you need it.`;
  const plan: CapturePlan = { steps, sourceAfter };
  if (snapshotName) plan.snapshotName = snapshotName;
  return plan;
}

/** What Azure reports now, read before a (re)start of the capture. */
export interface CaptureObservation {
  /** A snapshot tagged as this VM's pre-capture copy exists. */
  snapshotExists: boolean;
  powerState?: PowerState;
  osState?: 'generalized' | 'specialized';
  /** The user confirms the guest was prepared (Azure cannot tell a prepared, stopped guest from a stopped one). */
  guestPrepared?: boolean;
  galleryExists?: boolean;
  definitionExists?: boolean;
  /** The managed image or gallery version exists and was made from this VM. */
  targetExists: boolean;
}

/**
 * Marks the steps whose effect Azure already shows as done, so the run starts at the first step
 * that is neither done nor skipped. Returns a new plan; the input is not changed.
 *
 * To resume, plan again from the VM as it is now and apply what Azure shows:
 * `resumePlan(capturePlan(vmNow, target, options), observation)` — the plan decides which steps
 * apply (a stopped VM needs a start before its guest can be prepared), this marks the done ones.
 */
export function resumePlan(plan: CapturePlan, seen: CaptureObservation): CapturePlan {
  const generalized = seen.osState === 'generalized';
  const stopped = seen.powerState === 'stopped' || seen.powerState === 'deallocated';
  const reasons: Partial<Record<CaptureStepId, string>> = {};
  if (seen.snapshotExists) reasons.snapshot = 'The safety snapshot exists.';
  if (generalized) {
    for (const id of ['start', 'guest-prepare', 'wait-stopped', 'generalize'] as const) reasons[id] = 'Azure reports the VM generalized.';
  } else if (seen.guestPrepared) {
    reasons.start = 'The guest is prepared.';
    reasons['guest-prepare'] = 'The guest is prepared.';
    if (stopped) reasons['wait-stopped'] = `The VM is ${seen.powerState}.`;
  } else if (seen.powerState === 'running') {
    reasons.start = 'The VM is running.';
  }
  if (seen.powerState === 'deallocated') reasons.deallocate = 'The VM is deallocated.';
  if (seen.galleryExists) reasons['create-gallery'] = 'The gallery exists.';
  if (seen.definitionExists) reasons['create-definition'] = 'The definition exists.';
  if (seen.targetExists) {
    for (const s of plan.steps) reasons[s.id] = 'The image already exists.';
  }
  return {
    ...plan,
    steps: plan.steps.map((s) => {
      const why = s.skippedBecause ? undefined : reasons[s.id];
      return why ? { ...s, done: true, doneBecause: why } : { ...s };
    }),
  };
}

/** The first step still to run, or `undefined` when the capture is complete. */
export function nextStep(plan: CapturePlan): CaptureStep | undefined {
  return plan.steps.find((s) => !s.skippedBecause && !s.done);
}

/** Steps still to run, in order. */
export function pendingSteps(plan: CapturePlan): CaptureStep[] {
  return plan.steps.filter((s) => !s.skippedBecause && !s.done);
}

// ---------------------------------------------------------------------------------------------
// Guest preparation

export interface GuestScript {
  osType: OsType;
  /** Run Command id: `RunShellScript` (Linux) or `RunPowerShellScript` (Windows). */
  commandId: 'RunShellScript' | 'RunPowerShellScript';
  /** The script, one line per element (Run Command's `script` array). */
  script: string[];
  /** For the step list. */
  title: string;
  /** What it does, in order, for the review screen. */
  explains: string[];
}

/**
 * Linux: the deprovision started detached, after a short delay, then a shutdown. The Run Command
 * returns at once: a `waagent -deprovision+user` in the foreground of a Run Command never returns,
 * and every later run command then fails with "Run command extension execution is in progress"
 * (WALinuxAgent#3547, #2006). Completion is seen as Azure reporting the VM stopped.
 */
const LINUX_SCRIPT = [
  "nohup sh -c 'sleep 5; waagent -force -deprovision+user && export HISTSIZE=0 && sync && shutdown -h now' >/dev/null 2>&1 &",
  "echo 'azimg: deprovision started; the VM shuts down when it is done.'",
];

/**
 * Windows: the documented checks (docs "generalize"): remove C:\Windows\Panther; the CD/DVD-ROM
 * driver enabled (`cdrom` Start = 1) or the VM sticks at OOBE; no unattend file; drives fully
 * decrypted — then Sysprep `/generalize /oobe /shutdown /mode:vm` (`/mode:vm` avoids the hang at
 * "please wait for windows modules installer", azure-docs#81744), started detached after a short
 * delay so the Run Command returns.
 */
const WINDOWS_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "if (Test-Path \"$env:WINDIR\\Panther\") { Remove-Item -Recurse -Force \"$env:WINDIR\\Panther\" }",
  "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\cdrom' -Name 'Start' -Value 1",
  "foreach ($f in @(\"$env:WINDIR\\System32\\Sysprep\\unattend.xml\", \"$env:WINDIR\\System32\\Sysprep\\autounattend.xml\")) { if (Test-Path $f) { Write-Error \"azimg: $f exists; Sysprep would use it. Remove it and try again.\" } }",
  "$enc = @(Get-BitLockerVolume -ErrorAction SilentlyContinue | Where-Object { $_.VolumeStatus -ne 'FullyDecrypted' })",
  "if ($enc.Count -gt 0) { Write-Error \"azimg: drive(s) $($enc.MountPoint -join ', ') are not fully decrypted; decrypt them (manage-bde -off) and try again.\" }",
  "Start-Process -FilePath powershell.exe -WindowStyle Hidden -ArgumentList '-NoProfile','-Command',\"Start-Sleep -Seconds 5; & $env:WINDIR\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown /mode:vm\"",
  "Write-Output 'azimg: sysprep started; the VM shuts down when it is done.'",
];

export function guestPreparation(osType: OsType): GuestScript {
  if (osType === 'Windows') {
    return {
      osType,
      commandId: 'RunPowerShellScript',
      script: [...WINDOWS_SCRIPT],
      title: 'Sysprep the guest (/generalize /oobe /shutdown /mode:vm)',
      explains: [
        'Deletes C:\\Windows\\Panther (old setup logs and answers).',
        'Enables the CD/DVD-ROM driver (cdrom Start = 1); without it new VMs stick at OOBE.',
        'Stops if an unattend file would be picked up, or a drive is not fully decrypted.',
        'Starts Sysprep /generalize /oobe /shutdown /mode:vm in the background; the VM shuts itself down when done.',
      ],
    };
  }
  return {
    osType,
    commandId: 'RunShellScript',
    script: [...LINUX_SCRIPT],
    title: 'Deprovision the guest (waagent -deprovision+user, then shut down)',
    explains: [
      'Runs the Azure Linux Agent\'s deprovision in the background: removes SSH host keys, the last provisioned user and its home, DHCP leases and cached settings.',
      'Clears the shell history, flushes the disks and shuts the guest down.',
      'Runs detached: a deprovision in the foreground of a Run Command never returns.',
    ],
  };
}
