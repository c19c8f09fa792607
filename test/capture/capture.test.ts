/**
 * `azimg capture` through the real @azure/arm-compute services against the emulator: each kind of
 * capture end to end, resume after an interruption at each step, the run-command hang avoided, a
 * failure half-way reported with the resources' states and the command that resumes, and
 * `--plan` / `--read-only` sending no write (the emulator's request log).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_TAG_SOURCE } from '../../src/domain/capture-plan.js';
import { capture, session, writes, type Session } from './support.js';

let open: Session[] = [];
async function start(readOnly = false) {
  const s = await session(readOnly);
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.map((s) => s.demo.stop()));
  open = [];
});

const emuVm = (s: Session, rg: string, name: string) => s.demo.emulator.world.estate.virtualMachines.find((v) => v.resourceGroup === rg && v.name === name)!;

describe('generalized → managed image', () => {
  it('snapshots, deprovisions detached, waits for stopped, deallocates, generalizes and creates the image', async () => {
    const s = await start();
    const r = await capture(s, 'capture --vm rg-images-dev/vm-app-linux-01 --generalized --to image:rg-images-dev/img-app-cap --yes');
    expect(r.stderr).not.toMatch(/^azimg:/m);
    expect(r.code).toBe(0);
    const image = await s.services.images.getImage('rg-images-dev', 'img-app-cap');
    expect(r.stdout.split('\n')[0]).toBe(image.id);
    expect(image).toMatchObject({ provisioningState: 'Succeeded', osState: 'Generalized', hyperVGeneration: 'V2', source: { kind: 'virtualMachine', name: 'vm-app-linux-01' } });
    // Snippets from the existing estate snippet code.
    expect(r.stdout).toContain('az vm create');
    expect(r.stdout).toContain(`--image ${image.id}`);
    // The guest was deprovisioned by the detached script, and the VM is left generalized and deallocated.
    const vm = emuVm(s, 'rg-images-dev', 'vm-app-linux-01');
    expect([vm.guest.deprovisioned, vm.generalized, vm.power]).toEqual([true, true, 'deallocated']);
    const lines = r.stderr.split('\n').filter((l) => /^ {2}[✓–]/.test(l));
    expect(lines.map((l) => l.replace(/ \(\d+s\)/, '').replace(/:.*/, ''))).toEqual([
      '  ✓ Snapshot the OS disk as vm-app-linux-01_OsDisk_1_77cea0f0bf4b4392a16a3dd6b6b39644-pre-capture',
      '  – Start the VM so its guest can be prepared',
      '  ✓ Deprovision the guest (waagent -deprovision+user, then shut down)',
      '  ✓ Wait until Azure reports the VM stopped',
      '  ✓ Deallocate the VM',
      '  ✓ Mark the VM generalized (it can never start again)',
      '  ✓ Create managed image img-app-cap',
    ]);
    // The safety snapshot is tagged with its source and the summary says how to get the machine back.
    const snaps = await s.services.snapshots.listSnapshots({ resourceGroup: 'rg-images-dev' });
    expect(snaps.find((x) => x.name.endsWith('-pre-capture'))?.tags[SNAPSHOT_TAG_SOURCE]).toMatch(/\/virtualMachines\/vm-app-linux-01$/);
    expect(r.stdout).toMatch(/az disk create --resource-group rg-images-dev --name vm-app-linux-01-restored-os --source \/subscriptions\/.*-pre-capture/);
    expect(s.log.unfinished()).toEqual([]);
  });
});

describe('generalized → gallery version in two regions', () => {
  it('creates the gallery and a fitting definition, sysprep detached, and replicates to both regions', async () => {
    const s = await start();
    const r = await capture(
      s,
      'capture --vm rg-images-dev/vm-win-iis-01 --generalized --to gallery:rg-images-dev/gal_capture/win-iis --regions westeurope,northeurope=2 --yes --json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const v = await s.services.galleries.getVersion('rg-images-dev', 'gal_capture', 'win-iis', '1.0.0');
    expect(out.id).toBe(v.id);
    expect(v.targetRegions.map((t) => [t.name, t.replicaCount])).toEqual([
      ['West Europe', 1],
      ['North Europe', 2],
    ]);
    expect(v.replication?.regions.map((x) => [x.region, x.state])).toEqual([
      ['West Europe', 'Completed'],
      ['North Europe', 'Completed'],
    ]);
    const d = await s.services.galleries.getDefinition('rg-images-dev', 'gal_capture', 'win-iis');
    expect(d).toMatchObject({ osType: 'Windows', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', securityType: 'Standard' });
    expect(out.steps.map((x: { id: string; state: string }) => `${x.id}:${x.state}`)).toEqual([
      'snapshot:done',
      'start:skipped',
      'guest-prepare:done',
      'wait-stopped:done',
      'deallocate:done',
      'generalize:done',
      'create-gallery:done',
      'create-definition:done',
      'create-version:done',
    ]);
    expect(emuVm(s, 'rg-images-dev', 'vm-win-iis-01').guest.sysprepped).toBe(true);
    // Replication progress was reported while it ran.
    expect(r.stderr).toMatch(/replicating \d\/2 regions: [A-Za-z ]+ (done|\d+%), [A-Za-z ]+ (done|\d+%)/);
    expect(out.snippets.az).toContain(v.id);
  });
});

describe('specialized → gallery version', () => {
  it('keeps the guest, carries the plan into the new definition and leaves the VM deallocated, not generalized', async () => {
    const s = await start();
    const r = await capture(s, 'capture --vm rg-gallery-shared/vm-cis-rhel9-01 --specialized --to gallery:rg-gallery-shared/galSharedImages/cis-rhel9-spec --no-snapshot --yes');
    expect(r.code).toBe(0);
    const d = await s.services.galleries.getDefinition('rg-gallery-shared', 'galSharedImages', 'cis-rhel9-spec');
    expect(d).toMatchObject({ osState: 'Specialized', plan: { name: 'cis-rhel9-l1-gen2', publisher: 'center-for-internet-security-inc', product: 'cis-rhel-9-l1' } });
    const versions = await s.services.galleries.listVersions('rg-gallery-shared', 'galSharedImages', 'cis-rhel9-spec');
    expect(versions.map((v) => [v.name, v.provisioningState])).toEqual([['1.0.0', 'Succeeded']]);
    const vm = emuVm(s, 'rg-gallery-shared', 'vm-cis-rhel9-01');
    expect([vm.generalized, vm.power, vm.guest.deprovisioned ?? false]).toEqual([false, 'deallocated', false]);
    // No Run Command, no generalize, no snapshot were sent.
    expect(writes(s.demo).map((q) => q.url.split('?')[0]!.split('/').slice(-1)[0])).not.toContain('runCommand');
    expect(writes(s.demo).some((q) => /\/generalize|\/snapshots\//.test(q.url))).toBe(false);
    expect(r.stdout).toMatch(/start it again when you need it/);
  });
});

describe('the run-command hang', () => {
  it('the detached deprovision returns and frees Run Command; a foreground one would hold it for 90 minutes', async () => {
    const s = await start();
    const busy = (rg: string, name: string) => {
      const rc = emuVm(s, rg, name).runCommand;
      return rc !== undefined && s.demo.emulator.world.now() < rc.endsAt;
    };
    let busyWhenDone: boolean | undefined;
    const r = await capture(s, 'capture --vm rg-images-dev/vm-app-linux-01 --generalized --to image:rg-images-dev/img-nohang --no-snapshot --yes', {}, (line) => {
      if (/✓ Deprovision the guest/.test(line)) busyWhenDone = busy('rg-images-dev', 'vm-app-linux-01');
    });
    expect(r.stderr).not.toMatch(/^azimg:/m);
    expect(r.code).toBe(0);
    expect(busyWhenDone).toBe(false);
    expect(r.stderr).toMatch(/✓ Deprovision the guest .*: started in the guest; it said: azimg: deprovision started/);

    // The same deprovision in the foreground, through the same service: Azure accepts it and the
    // extension stays busy until its 90-minute timeout (the emulator's view), so we stop waiting.
    const stop = new AbortController();
    const hung = s.demo.services.vms.runCommand(
      'rg-build-agents',
      'vm-build-ubuntu-arm64',
      { commandId: 'RunShellScript', script: ['waagent -force -deprovision+user'] },
      { signal: stop.signal, onProgress: (p) => p.status === 'running' && stop.abort() },
    );
    await expect(hung).rejects.toMatchObject({ kind: 'cancelled', message: 'Stopped waiting for the run command on vm-build-ubuntu-arm64. Azure may still complete it.' });
    const rc = emuVm(s, 'rg-build-agents', 'vm-build-ubuntu-arm64').runCommand!;
    expect(busy('rg-build-agents', 'vm-build-ubuntu-arm64')).toBe(true);
    expect(rc.endsAt - s.demo.emulator.world.now()).toBeGreaterThan(89 * 60_000);
  });
});

describe('--plan and --read-only send no write', () => {
  it('--plan prints the findings and the operations and sends only GETs', async () => {
    const s = await start();
    const r = await capture(s, 'capture --vm rg-images-dev/vm-app-linux-01 --generalized --to gallery:rg-images-dev/gal_new/app --regions westeurope=2,eastus --plan');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Capture rg-images-dev\/vm-app-linux-01 as a generalized gallery image version gal_new\/app\/1\.0\.0/);
    expect(r.stdout).toContain('! Deprovision the guest');
    expect(r.stdout).toContain('PUT …/resourceGroups/rg-images-dev/providers/Microsoft.Compute/galleries/gal_new/images/app/versions/1.0.0 (from vm-app-linux-01)');
    expect(s.demo.emulator.requests.length).toBeGreaterThan(0);
    expect(writes(s.demo)).toEqual([]);
  });

  it('--read-only refuses the capture in one line (exit 1) and sends only GETs', async () => {
    const s = await start(true);
    const r = await capture(s, 'capture --vm rg-images-dev/vm-app-linux-01 --generalized --to image:rg-images-dev/img-ro --yes');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'azimg: ReadOnlyMode: azimg is in read-only mode: the capture of rg-images-dev/vm-app-linux-01 was not started and no request was sent. (Run without --read-only to make changes.)',
    );
    expect(writes(s.demo)).toEqual([]);
  });

  it('the services themselves refuse a capture write under --read-only before sending it', async () => {
    const s = await start(true);
    await expect(s.demo.services.vms.generalizeVm('rg-images-dev', 'vm-img-builder-01')).rejects.toMatchObject({ code: 'ReadOnlyMode' });
    await expect(
      s.demo.services.snapshots.createSnapshot('rg-images-dev', 'x', { diskId: '/x', location: 'westeurope', tags: {} }),
    ).rejects.toMatchObject({ code: 'ReadOnlyMode', message: expect.stringMatching(/snapshot 'rg-images-dev\/x' was not taken/) });
    expect(writes(s.demo)).toEqual([]);
  });
});

describe('refusals before any write', () => {
  it('a blocking finding is exit 2 and sends only GETs (Trusted Launch to a managed image)', async () => {
    const s = await start();
    const r = await capture(s, 'capture --vm rg-web-prod/vm-web-01 --generalized --to image:rg-web-prod/img-x --yes');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('✗ blocking  Trusted Launch VM to managed image');
    expect(r.stderr).toMatch(/^azimg: 1 blocking finding: nothing was changed\./);
    expect(writes(s.demo)).toEqual([]);
  });

  it('without --yes and no terminal it refuses, exit 2; a wrong name typed is exit 2 too', async () => {
    const s = await start();
    const none = await capture(s, 'capture --vm rg-images-dev/vm-app-linux-01 --specialized --to gallery:rg-images-dev/g/d');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/there is no terminal to ask on\. Review it with --plan, then confirm with --yes\./);
    const wrong = await capture(s, 'capture --vm rg-images-dev/vm-app-linux-01 --specialized --to gallery:rg-images-dev/g/d', { ask: async () => 'vm-app-linux-1' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/"vm-app-linux-1" is not vm-app-linux-01: nothing was changed\./);
    expect(writes(s.demo)).toEqual([]);
  });

  it('bad usage is one line, exit 2', async () => {
    const s = await start();
    for (const [line, text] of [
      ['capture --vm rg-images-dev/vm-app-linux-01 --to image:rg/x', /Say what kind of image/],
      ['capture --vm rg-images-dev/vm-app-linux-01 --generalized --to disk:rg/x', /is not a capture target/],
      ['capture --vm rg-images-dev/vm-app-linux-01 --generalized --to gallery:rg/g/d --regions westeurope=x', /is not REGION or REGION=REPLICAS/],
    ] as const) {
      const r = await capture(s, line);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(text);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('a failure half-way', () => {
  it('reports the VM, snapshot and image states and the command that resumes; that command finishes it', async () => {
    const s = await start();
    s.demo.emulator.injectFault({
      method: 'PUT',
      path: '/images/img-fail',
      times: 1,
      response: { status: 409, body: { error: { code: 'OperationNotAllowed', message: 'The image is being modified by another operation.' } } } as never,
    });
    const line = 'capture --vm rg-images-dev/vm-app-linux-01 --generalized --to image:rg-images-dev/img-fail --yes';
    const r = await capture(s, line);
    expect(r.code).toBe(1);
    const tail = r.stderr.trim().split('\n').slice(-5);
    expect(tail[0]).toBe('azimg: the capture failed at "Create managed image img-fail": OperationNotAllowed: The image is being modified by another operation.');
    expect(tail[1]).toBe('  VM vm-app-linux-01: deallocated, generalized');
    expect(tail[2]).toMatch(/^ {2}Snapshot: .*-pre-capture taken$/);
    expect(tail[3]).toBe('  Image: managed image rg-images-dev/img-fail not created (or not finished)');
    expect(tail[4]).toBe('  Resume with: azimg capture --vm rg-images-dev/vm-app-linux-01 --generalized --to image:rg-images-dev/img-fail --guest-prepared --yes');
    const again = await capture(s, tail[4]!.replace('  Resume with: ', ''));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/– Snapshot the OS disk .*: already done: The safety snapshot exists\./);
    expect(again.stderr).toMatch(/– Mark the VM generalized .*: Azure already reports the VM generalized\./);
    expect(again.stdout.split('\n')[0]).toMatch(/\/images\/img-fail$/);
  });
});
