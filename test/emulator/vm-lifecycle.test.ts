/**
 * VMs with a lifecycle, over raw HTTPS: power actions as long-running operations that move with
 * the world's clock (shapes compared with the recorded deallocate / generalize where
 * ../shared is present), Azure's refusals, and Run Command with its guest model (the foreground
 * deprovision that never returns, the Conflict it causes, the detached form that shuts down).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { RUN_COMMAND_TIMEOUT_MS } from '../../src/emulator/world/estate-vms.js';
import { HAVE_FIXTURES, readCassette, readSpecExample } from '../support/fixtures.js';
import { call, ownClock, vmState, vmUrl } from './lifecycle-http.js';

const STEP = 1000;
const CAPTURE = 'azure-cli-recordings/test_vm_capture_zone_resilient_image.yaml';

let emu: RunningEmulator;
let clock: ReturnType<typeof ownClock>;

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: STEP });
  clock = ownClock(emu);
});
afterAll(async () => {
  await emu.stop();
});

const poll = async (url: string) => (await call(emu, 'GET', url)).json;

describe('power actions', () => {
  it('powers off, deallocates and starts through the transitional states as the clock moves', async () => {
    const vm = ['rg-images-dev', 'vm-app-linux-01'] as const;
    expect(await vmState(emu, ...vm)).toEqual({ power: 'running', generalized: false });

    const off = await call(emu, 'POST', vmUrl(...vm, 'powerOff'));
    expect(off.status).toBe(202);
    expect(off.text).toBe('');
    expect(off.headers['azure-asyncnotification']).toBe('Enabled');
    expect(off.headers.location).toBe(off.headers['azure-asyncoperation']!.replace('&api-version', '&monitor=true&api-version'));
    expect((await vmState(emu, ...vm)).power).toBe('stopping');
    expect((await poll(off.headers['azure-asyncoperation']!)).status).toBe('InProgress');
    expect((await call(emu, 'GET', off.headers.location!)).status).toBe(202);
    clock.advance(2 * STEP);
    expect((await poll(off.headers['azure-asyncoperation']!)).status).toBe('Succeeded');
    const monitor = await call(emu, 'GET', off.headers.location!);
    expect([monitor.status, monitor.text]).toEqual([200, '']);
    expect((await vmState(emu, ...vm)).power).toBe('stopped');

    const dealloc = await call(emu, 'POST', vmUrl(...vm, 'deallocate'));
    expect(dealloc.status).toBe(202);
    expect(dealloc.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/DeleteVM3Min;\d+,Microsoft\.Compute\/DeleteVM30Min;\d+$/);
    expect((await vmState(emu, ...vm)).power).toBe('deallocating');
    clock.advance(2 * STEP);
    expect((await vmState(emu, ...vm)).power).toBe('deallocating');
    clock.advance(STEP);
    expect((await vmState(emu, ...vm)).power).toBe('deallocated');
    // A deallocated VM has no host: no agent in its instance view.
    const iv = await call(emu, 'GET', vmUrl(...vm, 'instanceView'));
    expect(iv.json.vmAgent).toBeUndefined();

    const start = await call(emu, 'POST', vmUrl(...vm, 'start'));
    expect(start.status).toBe(202);
    expect((await vmState(emu, ...vm)).power).toBe('starting');
    clock.advance(2 * STEP);
    expect((await poll(start.headers['azure-asyncoperation']!)).status).toBe('Succeeded');
    expect((await vmState(emu, ...vm)).power).toBe('running');

    // Starting a running VM: accepted, and done at the first poll.
    const again = await call(emu, 'POST', vmUrl(...vm, 'start'));
    expect(again.status).toBe(202);
    expect((await poll(again.headers['azure-asyncoperation']!)).status).toBe('Succeeded');
  });

  it('lets a newer action preempt one still running: the first fails with OperationPreempted', async () => {
    const vm = ['rg-web-prod', 'vm-web-01'] as const;
    const off = await call(emu, 'POST', vmUrl(...vm, 'powerOff'));
    const dealloc = await call(emu, 'POST', vmUrl(...vm, 'deallocate'));
    const first = await poll(off.headers['azure-asyncoperation']!);
    expect(first.status).toBe('Failed');
    expect(first.error).toEqual({ code: 'OperationPreempted', message: 'Operation execution has been preempted by a more recent operation.' });
    clock.advance(3 * STEP);
    expect((await poll(dealloc.headers['azure-asyncoperation']!)).status).toBe('Succeeded');
    expect((await vmState(emu, ...vm)).power).toBe('deallocated');
  });

  it('refuses to deallocate a VM with an ephemeral OS disk, and says 404 for a VM that is not there', async () => {
    const r = await call(emu, 'POST', vmUrl('rg-build-agents', 'vm-ci-ephemeral-01', 'deallocate'));
    expect(r.status).toBe(409);
    expect(r.json.error).toEqual({
      code: 'OperationNotAllowed',
      message: "Operation 'deallocate' is not supported for VMs or VM Scale Set instances using an ephemeral OS disk.",
    });
    const missing = await call(emu, 'POST', vmUrl('rg-web-prod', 'vm-nope', 'start'));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('ResourceNotFound');
  });
});

describe('generalize', () => {
  it('refuses a running VM with Azure’s OperationNotAllowed', async () => {
    const r = await call(emu, 'POST', vmUrl('rg-gallery-shared', 'vm-cis-rhel9-01', 'generalize'));
    expect(r.status).toBe(409);
    expect(r.json.error).toEqual({ code: 'OperationNotAllowed', message: "Operation 'generalize' is not allowed on VM 'vm-cis-rhel9-01' since the VM is running." });
  });

  it('marks a deallocated VM generalized (200, empty), after which it can never start again', async () => {
    const vm = ['rg-data-prod', 'vm-etl-worker-01'] as const;
    const r = await call(emu, 'POST', vmUrl(...vm, 'generalize'));
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(r.headers['content-length']).toBe('0');
    expect(r.headers['azure-asyncoperation']).toBeUndefined();
    expect(r.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/UpdateVM3Min;\d+,/);
    expect(await vmState(emu, ...vm)).toEqual({ power: 'deallocated', generalized: true });
    const model = await call(emu, 'GET', vmUrl(...vm));
    expect(Object.keys(model.json.properties.storageProfile.osDisk.managedDisk)).toEqual(['id']);

    const start = await call(emu, 'POST', vmUrl(...vm, 'start'));
    expect(start.status).toBe(409);
    expect(start.json.error).toEqual({ code: 'OperationNotAllowed', message: "Operation 'start' is not allowed on VM 'vm-etl-worker-01' since the VM is generalized." });
  });
});

describe.skipIf(!HAVE_FIXTURES)('against the recorded capture flow', () => {
  it('answers deallocate and generalize with the recorded statuses, headers and bodies', async () => {
    const recs = readCassette(CAPTURE);
    const realDealloc = recs.find((x) => x.method === 'POST' && /\/deallocate\?/.test(x.uri))!;
    const realGeneralize = recs.find((x) => x.method === 'POST' && /\/generalize\?/.test(x.uri))!;
    const spec = readSpecExample('rest-api-specs/2024-07-01/VirtualMachine_Generalize.json');
    expect(Object.keys(spec.responses)).toEqual(['200']);

    const vm = ['rg-legacy-migration', 'vm-centos-app02'] as const; // stopped, Gen1
    const d = await call(emu, 'POST', vmUrl(...vm, 'deallocate'));
    expect(d.status).toBe(realDealloc.status);
    expect(d.text).toBe(realDealloc.body);
    for (const h of ['azure-asyncoperation', 'location', 'azure-asyncnotification']) expect(d.headers[h] !== undefined).toBe(realDealloc.headers[h] !== undefined);
    const shape = (u: string) => u.replace(/^https:\/\/[^/]+/, '').replace(/[0-9a-f-]{36}/g, 'G').replace(/locations\/\w+/, 'locations/R').replace(/api-version=[\d-]+/, 'api-version=V');
    expect(shape(d.headers['azure-asyncoperation']!)).toBe(shape(realDealloc.headers['azure-asyncoperation']!));
    expect(shape(d.headers.location!)).toBe(shape(realDealloc.headers.location!));
    const polls = recs.filter((x) => x.method === 'GET' && x.uri.startsWith(realDealloc.headers['azure-asyncoperation']!.split('?')[0]!));
    expect(Object.keys((await call(emu, 'GET', d.headers['azure-asyncoperation']!)).json)).toEqual(Object.keys(JSON.parse(polls[0]!.body)));
    clock.advance(3 * STEP);
    expect(Object.keys((await call(emu, 'GET', d.headers['azure-asyncoperation']!)).json)).toEqual(Object.keys(JSON.parse(polls[1]!.body)));

    const g = await call(emu, 'POST', vmUrl(...vm, 'generalize'));
    expect([g.status, g.text]).toEqual([realGeneralize.status, realGeneralize.body]);
    expect(g.headers['x-ms-ratelimit-remaining-resource']!.replace(/\d+/g, 'N')).toBe(realGeneralize.headers['x-ms-ratelimit-remaining-resource']!.replace(/\d+/g, 'N'));
  });
});

describe('run command', () => {
  const linux = (script: string[]) => ({ commandId: 'RunShellScript', script });
  const monitorBody = async (r: { headers: Record<string, string> }) => (await call(emu, 'GET', r.headers.location!)).json;

  it('never returns from a foreground deprovision, refuses a second one with Conflict until the 90-minute timeout', async () => {
    const vm = ['rg-web-prod', 'vm-web-02'] as const;
    const first = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), linux(['waagent -force -deprovision+user && export HISTSIZE=0 && sync', 'shutdown -h now']));
    expect(first.status).toBe(202);
    expect(first.headers['azure-asyncoperation']).toMatch(/\/operations\/[0-9a-f-]{36}\?p=/);

    clock.advance(60 * 60_000);
    expect((await poll(first.headers['azure-asyncoperation']!)).status).toBe('InProgress');
    expect((await call(emu, 'GET', first.headers.location!)).status).toBe(202);
    const second = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), linux(['echo hello']));
    expect(second.status).toBe(409);
    expect(second.json.error).toEqual({
      code: 'Conflict',
      message: 'Run command extension execution is in progress. Please wait for completion before invoking a run command.',
    });
    // The script never reached its shutdown: the VM still runs.
    expect((await vmState(emu, ...vm)).power).toBe('running');

    clock.advance(RUN_COMMAND_TIMEOUT_MS - 60 * 60_000);
    const done = await poll(first.headers['azure-asyncoperation']!);
    expect(done.status).toBe('Failed');
    expect(done.error.code).toBe('VMExtensionProvisioningTimeout');
    expect((await call(emu, 'GET', first.headers.location!)).json.error.code).toBe('VMExtensionProvisioningTimeout');
    const after = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), linux(['echo hello']));
    expect(after.status).toBe(202);
    clock.advance(2 * STEP);
  });

  it('returns promptly from a detached deprovision, then the guest shuts down: stopped, not deallocated', async () => {
    const vm = ['rg-images-dev', 'vm-app-linux-01'] as const;
    const r = await call(
      emu,
      'POST',
      vmUrl(...vm, 'runCommand'),
      linux(["nohup sh -c 'sleep 5; waagent -force -deprovision+user; shutdown -h now' >/dev/null 2>&1 &", 'echo deprovision scheduled']),
    );
    expect(r.status).toBe(202);
    expect((await poll(r.headers['azure-asyncoperation']!)).status).toBe('InProgress');
    clock.advance(2 * STEP);
    expect((await poll(r.headers['azure-asyncoperation']!)).status).toBe('Succeeded');
    expect(await monitorBody(r)).toEqual({
      value: [
        {
          code: 'ProvisioningState/succeeded',
          level: 'Info',
          displayStatus: 'Provisioning succeeded',
          message: 'Enable succeeded: \n[stdout]\ndeprovision scheduled\n\n[stderr]\n',
        },
      ],
    });
    expect((await vmState(emu, ...vm)).power).toBe('stopping');
    expect(emu.world.estate.virtualMachines.find((v) => v.name === vm[1])!.guest.deprovisioned).toBe(true);
    clock.advance(2 * STEP);
    expect(await vmState(emu, ...vm)).toEqual({ power: 'stopped', generalized: false });
    // Stopped (not running) VMs take no run command.
    const refused = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), linux(['echo hi']));
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({ code: 'OperationNotAllowed', message: 'Cannot modify extensions in the VM when the VM is not running.' });
  });

  it('does nothing when waagent has no -force: its prompt lands on stderr', async () => {
    const vm = ['rg-build-agents', 'vm-build-ubuntu-arm64'] as const;
    const r = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), linux(['nohup waagent -deprovision+user &', 'echo >&2 oops']));
    clock.advance(2 * STEP);
    const body = await monitorBody(r);
    expect(body.value[0].message).toBe('Enable succeeded: \n[stdout]\n\n[stderr]\nWARNING! The waagent service will be stopped.\nDo you want to proceed (y/n)\noops\n');
    expect(emu.world.estate.virtualMachines.find((v) => v.name === vm[1])!.guest.deprovisioned).toBeFalsy();
    expect((await vmState(emu, ...vm)).power).toBe('running');
  });

  it('runs sysprep on Windows: StdOut/StdErr statuses as in the REST example, then the VM is stopped', async () => {
    const vm = ['rg-images-dev', 'vm-win-iis-01'] as const;
    const check = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), {
      commandId: 'RunPowerShellScript',
      script: ["(Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State').ImageState"],
    });
    clock.advance(2 * STEP);
    const before = await monitorBody(check);
    expect(before.value.map((s: { code: string }) => s.code)).toEqual(['ComponentStatus/StdOut/succeeded', 'ComponentStatus/StdErr/succeeded']);
    expect(before.value[0].message).toBe('ImageState : IMAGE_STATE_COMPLETE');
    if (HAVE_FIXTURES) {
      const spec = readSpecExample('rest-api-specs/2024-07-01/VirtualMachineRunCommand.json').responses['200']!.body as { value: object[] };
      expect(before.value.map((s: object) => Object.keys(s))).toEqual(spec.value.map((s) => Object.keys(s)));
    }

    const sysprep = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), {
      commandId: 'RunPowerShellScript',
      script: ['Remove-Item -Recurse -Force C:\\Windows\\Panther', '& $env:SystemRoot\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown /mode:vm', 'Write-Output "sysprep started"'],
    });
    expect(sysprep.status).toBe(202);
    clock.advance(2 * STEP);
    expect((await monitorBody(sysprep)).value[0].message).toBe('sysprep started');
    expect((await vmState(emu, ...vm)).power).toBe('stopping');
    clock.advance(2 * STEP);
    expect(await vmState(emu, ...vm)).toEqual({ power: 'stopped', generalized: false });
    expect(emu.world.estate.virtualMachines.find((v) => v.name === vm[1])!.guest.sysprepped).toBe(true);
    const generalize = await call(emu, 'POST', vmUrl(...vm, 'generalize'));
    expect(generalize.status).toBe(200);
  });

  it('refuses the other OS’s command and an unknown one', async () => {
    const vm = ['rg-data-prod', 'vm-cvm-ledger-01'] as const;
    const wrong = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), { commandId: 'RunPowerShellScript', script: ['Get-Date'] });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe('InvalidParameter');
    const unknown = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), { commandId: 'IPConfig', script: [] });
    expect(unknown.status).toBe(404);
    const none = await call(emu, 'POST', vmUrl(...vm, 'runCommand'), {});
    expect(none.status).toBe(400);
  });
});
