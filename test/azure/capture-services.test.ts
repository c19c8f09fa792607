/**
 * The capture services through the real SDK against the emulator: the architecture comes from the
 * OS disk (the size rule only when the disk says nothing), Run Command's two output shapes, and
 * the LRO runner's progress (started once accepted, running per poll, succeeded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitRunCommandOutput } from '../../src/azure/vms.js';
import type { OperationProgress } from '../../src/domain/estate.js';
import { startDemoServices, type Demo } from '../support/services.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemoServices();
});
afterAll(async () => {
  await demo.stop();
});

describe('VMs service', () => {
  it('reads the architecture from the OS disk, and falls back to the size rule without one', async () => {
    const disk = demo.emulator.world.estate.disks.find((d) => d.name.startsWith('vm-app-linux-01_OsDisk'))!;
    const before = disk.architecture;
    disk.architecture = 'Arm64';
    try {
      expect((await demo.services.vms.getVm('rg-images-dev', 'vm-app-linux-01')).architecture).toBe('Arm64');
      expect((await demo.services.vms.listVms({ resourceGroup: 'rg-images-dev' })).find((v) => v.name === 'vm-app-linux-01')?.architecture).toBe('Arm64');
    } finally {
      disk.architecture = before;
    }
    // An ephemeral OS disk has no disk resource: the size name decides (D4ds_v5 is x64).
    expect((await demo.services.vms.getVm('rg-build-agents', 'vm-ci-ephemeral-01')).architecture).toBe('x64');
  });

  it('runs a Windows script and returns its two streams; every long-running write reports started, then running per poll, then succeeded', async () => {
    const seen: OperationProgress['status'][] = [];
    const out = await demo.services.vms.runCommand(
      'rg-images-dev',
      'vm-win-iis-01',
      { commandId: 'RunPowerShellScript', script: ['Write-Output hello', 'Write-Error oops'] },
      { onProgress: (p) => seen.push(p.status) },
    );
    expect(out).toEqual({ stdout: 'hello', stderr: 'oops' });
    expect(seen[0]).toBe('started');
    expect(seen.at(-1)).toBe('succeeded');
    // Between them, one `running` per poll (how many depends on the machine's speed).
    expect(seen.slice(1, -1).every((x) => x === 'running')).toBe(true);
  });

  it('splits Linux output at [stdout] and [stderr]', () => {
    expect(splitRunCommandOutput([{ code: 'ProvisioningState/succeeded', message: 'Enable succeeded: \n[stdout]\nhello\nworld\n\n[stderr]\nwarn\n' }])).toEqual({
      stdout: 'hello\nworld\n\n',
      stderr: 'warn\n',
    });
    expect(splitRunCommandOutput([])).toEqual({ stdout: '', stderr: '' });
  });
});
