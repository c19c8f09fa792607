/**
 * `azimg vms ls|show` over the real services against the demo emulator: the capture facts of each
 * VM (architecture from the OS disk, ephemeral disk, plan, security type, generation) and the
 * findings per target kind, as text and as JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVms } from '../../src/shell/vms.js';
import { recorder } from '../capture/support.js';
import { startDemoServices, type Demo } from '../support/services.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemoServices();
});
afterAll(async () => {
  await demo.stop();
});

async function vms(args: Parameters<typeof runVms>[1]) {
  const out = recorder();
  const code = await runVms(demo.services, args, out);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

describe('azimg vms', () => {
  it('ls --json: every VM with its capture facts and the findings for each target kind', async () => {
    const r = await vms({ action: 'ls', json: true });
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as {
      name: string;
      architecture: string;
      osDisk: { ephemeral: boolean };
      capture: Record<string, { blocking: { id: string }[] }>;
    }[];
    expect(list).toHaveLength(demo.emulator.world.estate.virtualMachines.length);
    const by = (n: string) => list.find((v) => v.name === n)!;
    const blocking = (n: string, k: string) => by(n).capture[k]!.blocking.map((f) => f.id);
    expect(by('vm-build-ubuntu-arm64').architecture).toBe('Arm64');
    expect(blocking('vm-build-ubuntu-arm64', 'managedImage')).toEqual(['managed-image-arm64']);
    expect(blocking('vm-web-01', 'managedImage')).toEqual(['managed-image-security']);
    expect(blocking('vm-web-01', 'galleryGeneralized')).toEqual([]);
    expect(by('vm-ci-ephemeral-01').osDisk.ephemeral).toBe(true);
    expect(blocking('vm-ci-ephemeral-01', 'gallerySpecialized')).toEqual(['vm-ephemeral-os-disk']);
    expect(blocking('vm-img-builder-01', 'gallerySpecialized')).toEqual(['specialized-from-generalized']);
    expect(blocking('vm-app-linux-01', 'managedImage')).toEqual([]);
  });

  it('ls -g: one resource group as a table, capture verdicts per kind', async () => {
    const r = await vms({ action: 'ls', resourceGroup: 'rg-web-prod', json: false });
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^RESOURCE GROUP\s+NAME\s+LOCATION\s+SIZE\s+OS\s+POWER\s+OS STATE\s+GEN\s+SECURITY\s+ARCH\s+PLAN\s+OS DISK\s+CAPTURE/);
    expect(rows.slice(1).map((l) => l.split(/\s{2,}/).slice(1, 2)[0])).toEqual(['vm-web-01', 'vm-web-02', 'vm-web-golden']);
    expect(rows[3]).toMatch(/vm-web-golden\s+eastus2\s+Standard_D2s_v5\s+Linux\s+deallocated\s+generalized\s+Gen2\s+TrustedLaunch\s+x64\s+no\s+managed\s+no \/ yes \/ no$/);
  });

  it('show: the facts and, per target kind, why it can or cannot be captured', async () => {
    const r = await vms({ action: 'show', target: 'rg-gallery-shared/vm-cis-rhel9-01', json: false });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plan \(Marketplace purchase\)\n {2}Name\s+cis-rhel9-l1-gen2\n {2}Product\s+cis-rhel-9-l1\n {2}Publisher\s+center-for-internet-security-inc$/m);
    expect(r.stdout).toMatch(/^ {2}OS state\s+not generalized$/m);
    expect(r.stdout).toMatch(/^ {2}OS disk\s+managed, 64 GiB, Premium_LRS/m);
    expect(r.stdout).toContain('Capture as managed image (generalized): yes, with warnings');
    expect(r.stdout).toContain('! Plan not recorded in a managed image');
    expect(r.stdout).toContain('Capture as gallery version (specialized): yes, with warnings');
  });

  it('show --json of a missing VM is Azure\'s 404 in one line, exit 1; a bad reference is exit 2', async () => {
    const missing = await vms({ action: 'show', target: 'rg-images-dev/nope', json: true });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^azimg: \w+: /);
    const bad = await vms({ action: 'show', target: 'a/b/c', json: true });
    expect(bad.code).toBe(2);
  });
});
