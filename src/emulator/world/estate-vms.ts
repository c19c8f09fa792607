/**
 * The lifecycle of the estate's VMs: power actions that move with the world's clock, generalize,
 * and Run Command with a small model of the guest OS. The route module (routes/vm-actions.ts)
 * turns these into ARM answers; this file holds the rules.
 *
 * Power (each step is `world.options.lroStepMs`; the state changes when the clock passes it and
 * anyone asks the estate anything):
 *   start       stopped|deallocated → starting → running       (START_STEPS)
 *   powerOff    running             → stopping → stopped        (POWER_OFF_STEPS)
 *   deallocate  running|stopped     → deallocating → deallocated (DEALLOCATE_STEPS)
 * An action already satisfied (start on a running VM, ...) completes at the first poll. A new
 * action while one runs preempts it: the old operation fails with `OperationPreempted`.
 *
 * Run Command script grammar (keyword detection, case-insensitive, one command per line; a line
 * is "detached" when it starts the work in the background: it contains `nohup`, `setsid`,
 * `systemd-run` or `| at now`, or ends with a single `&` (optionally followed by `disown`)):
 *   Linux (RunShellScript)
 *   - `waagent … -deprovision[+user] … -force`: deprovisions the guest. In the FOREGROUND the run
 *     command never returns (as on Azure: the agent's own state is wiped under it): the
 *     operation stays InProgress until RUN_COMMAND_TIMEOUT_MS (90 min of world clock) and then
 *     fails; meanwhile every other run command is refused with 409 Conflict. DETACHED it returns
 *     promptly and the guest is deprovisioned right after.
 *     Without `-force` waagent asks "Do you want to proceed (y/n)" with no terminal to answer:
 *     nothing is deprovisioned (the prompt goes to stderr).
 *   - `shutdown`, `poweroff`, `halt`, `systemctl poweroff|halt`, `init 0` (detached or not, as
 *     long as the script returns): the guest shuts down after the run command completes, and the
 *     VM goes stopping → stopped (NOT deallocated: the platform still holds the host).
 *   - `echo TEXT` → TEXT on stdout; `echo TEXT >&2` → stderr. Anything else prints nothing.
 *   Windows (RunPowerShellScript)
 *   - `sysprep … /generalize`: the guest is generalized (ImageState
 *     IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE). With `/shutdown` the guest then shuts down (VM →
 *     stopped); with `/quit` (Packer's form) it stays running.
 *   - `Stop-Computer`, `shutdown /s`: the guest shuts down.
 *   - a line mentioning `ImageState` prints `ImageState : IMAGE_STATE_…` (COMPLETE before sysprep).
 *   - `Write-Output TEXT` / `echo TEXT` → stdout; `Write-Error TEXT` → stderr.
 *   A run command needs a running VM, one at a time per VM, and the command id of the VM's OS.
 */
import type { EmuOperation } from '../lro.js';
import { schedule } from '../lro.js';
import type { World } from './index.js';
import type { EmuVm } from './estate.js';

export const START_STEPS = 2;
export const POWER_OFF_STEPS = 2;
export const DEALLOCATE_STEPS = 3;
export const RUN_COMMAND_STEPS = 2;
/** Steps from a guest shutdown's start (stopping) to stopped. */
export const GUEST_SHUTDOWN_STEPS = 2;
/** The longest a run command may run, as documented ("The maximum time a script can run is 90 minutes"). */
export const RUN_COMMAND_TIMEOUT_MS = 90 * 60_000;

/** A refusal, as ARM answers it. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export const isRefusal = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && 'code' in x && 'status' in x;

export type PowerAction = 'start' | 'powerOff' | 'deallocate';

const TARGET: Record<PowerAction, { via: EmuVm['power']; to: EmuVm['power']; steps: number }> = {
  start: { via: 'starting', to: 'running', steps: START_STEPS },
  powerOff: { via: 'stopping', to: 'stopped', steps: POWER_OFF_STEPS },
  deallocate: { via: 'deallocating', to: 'deallocated', steps: DEALLOCATE_STEPS },
};

/** Marks the VM's current power operation failed (preempted by a newer one), if it still runs. */
function preempt(world: World, v: EmuVm): void {
  if (!v.powerTransition) return;
  const op = world.estate.operations.find(v.subscriptionId, v.powerTransition);
  v.powerTransition = undefined;
  if (!op || op.completed) return;
  op.outcome = { status: 'Failed', error: { code: 'OperationPreempted', message: 'Operation execution has been preempted by a more recent operation.' } };
  op.durationMs = Math.max(0, world.now() - op.startedAt);
  op.onComplete = undefined;
}

/** Moves the VM through `via` to `to` over `steps`, remembered as its power transition. */
function transition(world: World, v: EmuVm, via: EmuVm['power'], to: EmuVm['power'], steps: number, op?: (steps: number, done: () => void) => EmuOperation): string {
  preempt(world, v);
  v.power = via;
  const done = () => {
    if (v.powerTransition !== id) return;
    v.power = to;
    v.powerTransition = undefined;
  };
  const id = op ? op(steps, done).id : schedule(world, v.subscriptionId, steps, done);
  v.powerTransition = id;
  return id;
}

/**
 * Starts `action` on the VM. `startOperation` creates the client-visible operation (steps,
 * onComplete); the answer is that operation, or Azure's refusal.
 */
export function beginPowerAction(
  world: World,
  v: EmuVm,
  action: PowerAction,
  startOperation: (steps: number, onComplete?: () => void) => EmuOperation,
): EmuOperation | Refusal {
  if (action === 'start' && v.generalized) {
    return { status: 409, code: 'OperationNotAllowed', message: `Operation 'start' is not allowed on VM '${v.name}' since the VM is generalized.` };
  }
  if (action === 'deallocate' && v.osDisk.ephemeral) {
    return {
      status: 409,
      code: 'OperationNotAllowed',
      message: `Operation 'deallocate' is not supported for VMs or VM Scale Set instances using an ephemeral OS disk.`,
    };
  }
  const t = TARGET[action];
  const already = v.power === t.to || (action === 'powerOff' && v.power === 'deallocated');
  if (already && !v.powerTransition) return startOperation(0);
  let op: EmuOperation | undefined;
  transition(world, v, t.via, t.to, t.steps, (steps, done) => (op = startOperation(steps, done)));
  return op!;
}

/** POST generalize: only on a stopped or deallocated VM; marks the OS state generalized. */
export function generalizeVm(v: EmuVm): Refusal | undefined {
  if (v.power !== 'stopped' && v.power !== 'deallocated') {
    return { status: 409, code: 'OperationNotAllowed', message: `Operation 'generalize' is not allowed on VM '${v.name}' since the VM is ${v.power}.` };
  }
  v.generalized = true;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Run Command

export interface ScriptEffects {
  stdout: string[];
  stderr: string[];
  /** The script never returns (foreground deprovision). */
  hangs: boolean;
  deprovision: boolean;
  sysprep: boolean;
  /** The guest shuts itself down once the script has returned. */
  shutdown: boolean;
}

const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

function isDetached(line: string): boolean {
  return /\b(nohup|setsid|systemd-run)\b/i.test(line) || /\|\s*at\s+now\b/i.test(line) || /(^|[^&])&\s*(disown\s*)?$/.test(line.trim());
}

/** What a script does to the guest, by the grammar in this file's header. */
export function interpretScript(osType: EmuVm['osType'], script: readonly string[], guest: EmuVm['guest']): ScriptEffects {
  const fx: ScriptEffects = { stdout: [], stderr: [], hangs: false, deprovision: false, sysprep: false, shutdown: false };
  const lines = script.flatMap((s) => s.split(/\r?\n/)).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    if (fx.hangs) break;
    if (osType === 'Linux') {
      if (/\bwaagent\b/i.test(line) && /-deprovision/i.test(line)) {
        if (!/-force\b/i.test(line)) {
          fx.stderr.push('WARNING! The waagent service will be stopped.', 'Do you want to proceed (y/n)');
          continue;
        }
        fx.deprovision = true;
        if (!isDetached(line)) {
          fx.hangs = true;
          break;
        }
      }
      if (/\b(shutdown|poweroff|halt)\b/i.test(line) || /\binit\s+0\b/.test(line)) fx.shutdown = true;
      const echo = /^echo\s+(.*)$/i.exec(line);
      if (echo) {
        const toErr = /(^|\s)1?>&2(\s|$)/.test(echo[1]!);
        (toErr ? fx.stderr : fx.stdout).push(unquote(echo[1]!.replace(/(^|\s)1?>&2(\s|$)/, ' ')));
      }
    } else {
      if (/\bsysprep(\.exe)?\b/i.test(line) && /\/generalize\b/i.test(line)) {
        fx.sysprep = true;
        if (/\/shutdown\b/i.test(line)) fx.shutdown = true;
      }
      if (/\bStop-Computer\b/i.test(line) || /\bshutdown(\.exe)?\s+\/s\b/i.test(line)) fx.shutdown = true;
      if (/ImageState/i.test(line) && !/sysprep/i.test(line)) {
        fx.stdout.push(`ImageState : ${guest.sysprepped || fx.sysprep ? 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE' : 'IMAGE_STATE_COMPLETE'}`);
      }
      const out = /^(?:Write-Output|echo)\s+(.*)$/i.exec(line);
      if (out) fx.stdout.push(unquote(out[1]!));
      const err = /^Write-Error\s+(.*)$/i.exec(line);
      if (err) fx.stderr.push(unquote(err[1]!));
    }
  }
  return fx;
}

/** The run command result body: Linux one status with [stdout]/[stderr]; Windows StdOut + StdErr. */
export function runCommandResult(osType: EmuVm['osType'], fx: ScriptEffects) {
  const text = (xs: string[]) => xs.map((x) => `${x}\n`).join('');
  if (osType === 'Linux') {
    return {
      value: [
        {
          code: 'ProvisioningState/succeeded',
          level: 'Info',
          displayStatus: 'Provisioning succeeded',
          message: `Enable succeeded: \n[stdout]\n${text(fx.stdout)}\n[stderr]\n${text(fx.stderr)}`,
        },
      ],
    };
  }
  return {
    value: [
      { code: 'ComponentStatus/StdOut/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', message: fx.stdout.join('\n') },
      { code: 'ComponentStatus/StdErr/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', message: fx.stderr.join('\n') },
    ],
  };
}

export interface RunCommandInput {
  commandId?: unknown;
  script?: unknown;
}

const COMMANDS: Record<EmuVm['osType'], string> = { Linux: 'RunShellScript', Windows: 'RunPowerShellScript' };

/**
 * Starts a run command. `startOperation` makes the client-visible operation from the duration
 * (steps, or absolute ms for a hang) and its outcome.
 */
export function beginRunCommand(
  world: World,
  v: EmuVm,
  input: RunCommandInput,
  startOperation: (spec: { steps: number; durationMs?: number; outcome: EmuOperation['outcome']; onComplete: () => void }) => EmuOperation,
): EmuOperation | Refusal {
  const commandId = typeof input.commandId === 'string' ? input.commandId : '';
  if (!commandId) return { status: 400, code: 'InvalidParameter', message: "Required parameter 'commandId' is missing (null)." };
  const now = world.now();
  if (v.runCommand && now < v.runCommand.endsAt) {
    return { status: 409, code: 'Conflict', message: 'Run command extension execution is in progress. Please wait for completion before invoking a run command.' };
  }
  if (v.power !== 'running') {
    return { status: 409, code: 'OperationNotAllowed', message: 'Cannot modify extensions in the VM when the VM is not running.' };
  }
  const known = Object.values(COMMANDS);
  if (!known.some((c) => c.toLowerCase() === commandId.toLowerCase())) {
    return { status: 404, code: 'NotFound', message: `The command '${commandId}' was not found for the virtual machine '${v.name}'.` };
  }
  if (commandId.toLowerCase() !== COMMANDS[v.osType].toLowerCase()) {
    return { status: 400, code: 'InvalidParameter', message: `The command '${commandId}' is not supported for the OS type '${v.osType}' of virtual machine '${v.name}'.` };
  }
  const script = Array.isArray(input.script) ? input.script.filter((s): s is string => typeof s === 'string') : [];
  const fx = interpretScript(v.osType, script, v.guest);

  let op: EmuOperation;
  if (fx.hangs) {
    // The agent's state is wiped under the running extension: the guest is deprovisioned at
    // once, and the run command only ends when the platform gives up on it.
    v.guest.deprovisioned = true;
    op = startOperation({
      steps: 0,
      durationMs: RUN_COMMAND_TIMEOUT_MS,
      outcome: {
        status: 'Failed',
        error: {
          code: 'VMExtensionProvisioningTimeout',
          message: `Provisioning of VM extension '${v.osType === 'Linux' ? 'RunCommandLinux' : 'RunCommandWindows'}' has timed out. Extension provisioning has taken too long to complete. The extension did not report a message.`,
        },
      },
      onComplete: () => undefined,
    });
  } else {
    op = startOperation({
      steps: RUN_COMMAND_STEPS,
      outcome: { status: 'Succeeded', body: runCommandResult(v.osType, fx) },
      onComplete: () => {
        if (fx.deprovision) v.guest.deprovisioned = true;
        if (fx.sysprep) v.guest.sysprepped = true;
        if (fx.shutdown && v.power === 'running') transition(world, v, 'stopping', 'stopped', GUEST_SHUTDOWN_STEPS);
      },
    });
  }
  v.runCommand = { operationId: op.id, commandId, endsAt: op.startedAt + op.durationMs };
  return op;
}
