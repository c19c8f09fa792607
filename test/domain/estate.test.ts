/**
 * Pure estate helpers (ids, version order, latest, replication, end of life, grouping) and the
 * snippets that create a VM from a managed image or a gallery image, read back by strict
 * bash / Bicep / HCL / JSON readers.
 */
import { describe, expect, it } from 'vitest';
import {
  endOfLifeStatus,
  groupByResourceGroup,
  isReplicating,
  latestVersion,
  osStateFromStatuses,
  parseResourceId,
  powerStateFromStatuses,
  replicationSummary,
  securityTypeFromFeatures,
  sortVersionsNewestFirst,
  sourceFromId,
  type GalleryImageVersion,
  type ManagedImage,
} from '../../src/domain/estate.js';
import { compareVersions } from '../../src/domain/version.js';
import { buildEstateSnippets } from '../../src/domain/estate-snippets.js';
import { UsageError } from '../../src/domain/errors.js';
import { flags, hclAligned, readBash, readBicep, readHcl } from './syntax.js';
import { galleryDefinition } from '../support/estate-records.js';

const SUB = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';
const base = `/subscriptions/${SUB}/resourceGroups/rg-images-prod/providers/Microsoft.Compute`;

function version(name: string, over: Partial<GalleryImageVersion> = {}): GalleryImageVersion {
  return {
    id: `${base}/galleries/g/images/d/versions/${name}`,
    name,
    definition: 'd',
    gallery: 'g',
    resourceGroup: 'rg-images-prod',
    subscriptionId: SUB,
    location: 'eastus',
    tags: {},
    excludeFromLatest: false,
    targetRegions: [
      { name: 'East US', replicaCount: 1, excludeFromLatest: false },
      { name: 'West Europe', replicaCount: 1, excludeFromLatest: false },
    ],
    source: { kind: 'unknown' },
    dataDisks: [],
    provisioningState: 'Succeeded',
    ...over,
  };
}

describe('ids and sources', () => {
  it('splits resource ids, nested ones too, whatever the case of the segments', () => {
    expect(parseResourceId(`${base}/galleries/gal_platform_prod/images/win2022-iis/versions/1.1.0`)).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'rg-images-prod',
      provider: 'Microsoft.Compute',
      path: [
        ['galleries', 'gal_platform_prod'],
        ['images', 'win2022-iis'],
        ['versions', '1.1.0'],
      ],
      name: '1.1.0',
    });
    // The REST examples write ids without the leading slash and with odd casing.
    expect(parseResourceId('subscriptions/s/RESOURCEGROUPS/rg/providers/Microsoft.Compute/snapshots/snap1')?.name).toBe('snap1');
    expect(parseResourceId('/subscriptions/s/resourceGroups/rg')).toBeUndefined();
    expect(parseResourceId('not an id')).toBeUndefined();
  });

  it('classifies a source by its resource type', () => {
    expect(sourceFromId(`${base}/virtualMachines/vm1`)).toMatchObject({ kind: 'virtualMachine', name: 'vm1' });
    expect(sourceFromId(`${base}/snapshots/s1`)).toMatchObject({ kind: 'snapshot', name: 's1' });
    expect(sourceFromId(`${base}/disks/d1`)).toMatchObject({ kind: 'managedDisk', name: 'd1' });
    expect(sourceFromId(`${base}/images/i1`)).toMatchObject({ kind: 'image', name: 'i1' });
    expect(sourceFromId(`${base}/galleries/g/images/d/versions/1.0.0`)).toMatchObject({ kind: 'galleryVersion', name: 'g/d/1.0.0' });
    expect(sourceFromId('https://example.com/x.vhd')).toEqual({ kind: 'unknown' });
  });
});

describe('versions', () => {
  it('orders MAJOR.MINOR.PATCH numerically, not as strings', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('2025.11.2', '2025.11.10')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(sortVersionsNewestFirst([version('1.9.0'), version('1.10.0'), version('0.1.0')]).map((v) => v.name)).toEqual(['1.10.0', '1.9.0', '0.1.0']);
  });

  it('resolves latest as Azure does: not excluded, done provisioning, and in the region when asked', () => {
    const vs = [
      version('1.0.0'),
      version('1.1.0'),
      version('1.2.0', { excludeFromLatest: true }),
      version('1.3.0', { provisioningState: 'Creating' }),
      version('1.1.5', { targetRegions: [{ name: 'East US', replicaCount: 1, excludeFromLatest: false }, { name: 'West Europe', replicaCount: 1, excludeFromLatest: true }] }),
    ];
    expect(latestVersion(vs)?.name).toBe('1.1.5');
    expect(latestVersion(vs, 'westeurope')?.name).toBe('1.1.0');
    expect(latestVersion(vs, 'West Europe')?.name).toBe('1.1.0');
    expect(latestVersion(vs, 'japaneast')).toBeUndefined();
    expect(latestVersion([])).toBeUndefined();
  });
});

describe('replication', () => {
  it('summarises per-region progress, slowest pending first', () => {
    const v = version('1.2.0', {
      provisioningState: 'Creating',
      replication: {
        aggregatedState: 'InProgress',
        regions: [
          { region: 'East US', state: 'Completed', progress: 100 },
          { region: 'West Europe', state: 'Replicating', progress: 40 },
          { region: 'Southeast Asia', state: 'Replicating', progress: 4 },
        ],
      },
    });
    expect(replicationSummary(v)).toEqual({
      state: 'replicating',
      completed: 1,
      total: 3,
      percent: 48,
      pending: [v.replication!.regions[2], v.replication!.regions[1]],
      failed: [],
    });
    expect(isReplicating(v)).toBe(true);
  });

  it('reports a failed region, and falls back to the provisioning state without a status', () => {
    const failed = version('1.0.0', {
      replication: { aggregatedState: 'Failed', regions: [{ region: 'East US', state: 'Failed', progress: 12, details: 'Quota exceeded' }] },
    });
    expect(replicationSummary(failed)).toMatchObject({ state: 'failed', failed: [{ region: 'East US' }] });
    expect(isReplicating(failed)).toBe(false);
    expect(replicationSummary(version('1.0.0'))).toMatchObject({ state: 'completed', completed: 2, total: 2, percent: 100 });
    expect(isReplicating(version('1.0.0', { provisioningState: 'Creating' }))).toBe(true);
  });
});

describe('end of life, grouping, statuses', () => {
  const now = Date.parse('2026-11-26T00:00:00Z');
  it('tells past, soon, active and none apart', () => {
    expect(endOfLifeStatus('2026-11-01T00:00:00+00:00', now)).toBe('past');
    expect(endOfLifeStatus('2026-12-10T00:00:00+00:00', now)).toBe('soon');
    expect(endOfLifeStatus('2027-06-01T00:00:00+00:00', now)).toBe('active');
    expect(endOfLifeStatus(undefined, now)).toBe('none');
    expect(endOfLifeStatus('garbage', now)).toBe('none');
  });

  it('groups by resource group case-insensitively, groups and items sorted', () => {
    const items = [
      { resourceGroup: 'rg-b', name: 'z' },
      { resourceGroup: 'RG-A', name: 'y' },
      { resourceGroup: 'rg-a', name: 'X' },
    ];
    expect(groupByResourceGroup(items)).toEqual([
      { resourceGroup: 'RG-A', items: [{ resourceGroup: 'rg-a', name: 'X' }, { resourceGroup: 'RG-A', name: 'y' }] },
      { resourceGroup: 'rg-b', items: [{ resourceGroup: 'rg-b', name: 'z' }] },
    ]);
  });

  it('reads power and OS state from instance-view statuses, and security type from features', () => {
    const statuses = [{ code: 'ProvisioningState/succeeded' }, { code: 'OSState/generalized' }, { code: 'PowerState/deallocated' }];
    expect(powerStateFromStatuses(statuses)).toBe('deallocated');
    expect(osStateFromStatuses(statuses)).toBe('generalized');
    expect(powerStateFromStatuses([{ code: 'PowerState/hibernated' }])).toBe('unknown');
    expect(powerStateFromStatuses([])).toBeUndefined();
    expect(securityTypeFromFeatures([{ name: 'SecurityType', value: 'TrustedLaunchSupported' }])).toBe('TrustedLaunchSupported');
    expect(securityTypeFromFeatures([{ name: 'securitytype', value: 'trustedlaunch' }])).toBe('TrustedLaunch');
    expect(securityTypeFromFeatures([])).toBe('Standard');
  });
});

// ---------------------------------------------------------------------------------------------

const image: ManagedImage = {
  id: `${base}/images/img-win2022-iis-b311`,
  name: 'img-win2022-iis-b311',
  resourceGroup: 'rg-images-prod',
  subscriptionId: SUB,
  location: 'eastus',
  tags: {},
  osType: 'Windows',
  osState: 'Generalized',
  hyperVGeneration: 'V2',
  source: { kind: 'snapshot', id: `${base}/snapshots/s`, name: 's' },
  osDisk: { sizeGb: 127, source: { kind: 'snapshot', id: `${base}/snapshots/s`, name: 's' } },
  dataDisks: [],
  zoneResilient: false,
  provisioningState: 'Succeeded',
};

const definition = galleryDefinition;

/** The four snippets, each read back by its strict reader. */
function readAll(snippets: ReturnType<typeof buildEstateSnippets>) {
  const [az, bicep, tf, arm] = snippets;
  expect(snippets.map((s) => s.kind)).toEqual(['az', 'bicep', 'terraform', 'arm']);
  const commands = readBash(az!.text);
  const create = commands.find((c) => c[0] === 'az' && c[1] === 'vm' && c[2] === 'create')!;
  // The strict reader knows no decorators or string interpolation; those two are checked on their own.
  const keyPath = "'/home/${adminUsername}/.ssh/authorized_keys'";
  const bicepFile = readBicep(bicep!.text.replace(/^@secure\(\)\n/gm, '').replace(keyPath, "'KEY_PATH'"));
  const hcl = readHcl(tf!.text);
  expect(hclAligned(tf!.text)).toBe(true);
  const template = JSON.parse(arm!.text) as { parameters: Record<string, { type: string }>; resources: { plan?: unknown; properties: Record<string, any> }[] };
  return { commands, create, azFlags: flags(create, 3), bicep: bicepFile, bicepText: bicep!.text, hcl, template, notes: az!.notes };
}

describe('snippets from my images', () => {
  it('managed image (Windows Gen2): --image is its id, Standard security, a password asked for', () => {
    const r = readAll(buildEstateSnippets({ kind: 'managedImage', image }));
    expect(r.azFlags.get('--image')).toBe(image.id);
    expect(r.azFlags.get('--security-type')).toBe('Standard');
    expect(r.azFlags.get('--location')).toBe('eastus');
    expect(r.azFlags.get('--admin-username')).toBe('azureuser');
    expect(r.azFlags.has('--generate-ssh-keys')).toBe(false);
    const vm = r.bicep.resources.vm!;
    expect(vm.type).toBe('Microsoft.Compute/virtualMachines@2024-07-01');
    expect((vm.body.properties as any).storageProfile.imageReference).toEqual({ id: image.id });
    expect(r.bicep.params.adminPassword).toEqual({ type: 'string' });
    expect(r.bicepText).toMatch(/@secure\(\)\nparam adminPassword string/);
    const res = r.hcl.find((b) => b.type === 'resource' && b.labels[0] === 'azurerm_windows_virtual_machine')!;
    expect(res.attrs.source_image_id).toBe(image.id);
    expect(res.attrs.admin_password).toEqual({ ref: 'var.admin_password' });
    expect(r.template.parameters.adminPassword!.type).toBe('securestring');
    expect(r.template.resources[0]!.properties.storageProfile.imageReference).toEqual({ id: image.id });
    expect(r.notes.join(' ')).toMatch(/only be used in its own region \(eastus\)/);
  });

  it('gallery definition with Trusted Launch: latest by definition id, Secure Boot and vTPM on, SSH key', () => {
    const d = definition();
    const r = readAll(buildEstateSnippets({ kind: 'gallery', definition: d }));
    expect(r.azFlags.get('--image')).toBe(d.id);
    expect(r.azFlags.get('--security-type')).toBe('TrustedLaunch');
    expect(r.azFlags.get('--enable-secure-boot')).toBe('true');
    expect(r.azFlags.get('--enable-vtpm')).toBe('true');
    expect(r.azFlags.has('--generate-ssh-keys')).toBe(true);
    expect((r.bicep.resources.vm!.body.properties as any).securityProfile).toEqual({
      securityType: 'TrustedLaunch',
      uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
    });
    const res = r.hcl.find((b) => b.labels[0] === 'azurerm_linux_virtual_machine')!;
    expect(res.attrs).toMatchObject({ secure_boot_enabled: true, vtpm_enabled: true, source_image_id: d.id });
    expect(res.blocks.map((b) => b.type)).toEqual(['admin_ssh_key', 'os_disk']);
    expect(r.bicepText).toContain("path: '/home/${adminUsername}/.ssh/authorized_keys'");
    expect((r.bicep.resources.vm!.body.properties as any).osProfile.linuxConfiguration.ssh.publicKeys[0]).toEqual({ path: 'KEY_PATH', keyData: { ref: 'sshPublicKey' } });
    const ssh = r.template.resources[0]!.properties.osProfile.linuxConfiguration.ssh.publicKeys[0];
    expect(ssh.path).toBe("[concat('/home/', parameters('adminUsername'), '/.ssh/authorized_keys')]");
    expect(r.notes.join(' ')).toMatch(/Azure picks the newest version not excluded from latest/);
  });

  it('pinned version: its id, a region it is replicated to, and notes for excluded and past end of life', () => {
    const v = version('1.2.0', {
      id: `${base}/galleries/gal_platform_prod/images/ubuntu-2204-web/versions/1.2.0`,
      excludeFromLatest: true,
      endOfLifeDate: '2026-01-01T00:00:00+00:00',
      targetRegions: [{ name: 'West Europe', replicaCount: 1, excludeFromLatest: true }],
    });
    const r = readAll(buildEstateSnippets({ kind: 'gallery', definition: definition(), version: v }, { now: Date.parse('2026-11-26T00:00:00Z') }));
    expect(r.azFlags.get('--image')).toBe(v.id);
    expect(r.azFlags.get('--location')).toBe('westeurope');
    const notes = r.notes.join(' ');
    expect(notes).toMatch(/excluded from latest/);
    expect(notes).toMatch(/past its end-of-life date \(2026-01-01\)/);
  });

  it('specialized Windows Gen1: --specialized, no admin account anywhere, classic azurerm_virtual_machine', () => {
    const d = definition({ name: 'win2016-order-entry', osType: 'Windows', osState: 'Specialized', hyperVGeneration: 'V1', securityType: 'Standard', features: [] });
    const r = readAll(buildEstateSnippets({ kind: 'gallery', definition: d }));
    expect(r.azFlags.has('--specialized')).toBe(true);
    expect(r.azFlags.has('--admin-username')).toBe(false);
    expect(r.azFlags.has('--security-type')).toBe(false);
    expect((r.bicep.resources.vm!.body.properties as any).osProfile).toBeUndefined();
    expect(r.bicep.params.adminUsername).toBeUndefined();
    const res = r.hcl.find((b) => b.type === 'resource')!;
    expect(res.labels).toEqual(['azurerm_virtual_machine', 'vm']);
    expect(res.blocks.find((b) => b.type === 'storage_image_reference')!.attrs.id).toBe(d.id);
    expect(res.blocks.some((b) => b.type.startsWith('os_profile'))).toBe(false);
    expect(r.template.resources[0]!.properties.osProfile).toBeUndefined();
    expect(r.template.resources[0]!.properties.securityProfile).toBeUndefined();
  });

  it('purchase plan: terms accepted first, plan passed in all four', () => {
    const plan = { name: 'cis-rhel9-l1-gen2', publisher: 'center-for-internet-security-inc', product: 'cis-rhel-9-l1' };
    const r = readAll(buildEstateSnippets({ kind: 'gallery', definition: definition({ plan, securityType: 'TrustedLaunchSupported' }) }));
    const accept = r.commands.find((c) => c.slice(0, 5).join(' ') === 'az vm image terms accept')!;
    expect(flags(accept, 5)).toEqual(new Map([['--publisher', plan.publisher], ['--offer', plan.product], ['--plan', plan.name]]));
    expect(r.azFlags.get('--plan-name')).toBe(plan.name);
    expect(r.azFlags.get('--plan-product')).toBe(plan.product);
    expect(r.azFlags.get('--plan-publisher')).toBe(plan.publisher);
    expect(r.bicep.resources.vm!.body.plan).toEqual(plan);
    expect(r.template.resources[0]!.plan).toEqual(plan);
    const res = r.hcl.find((b) => b.labels[0] === 'azurerm_linux_virtual_machine')!;
    expect(res.blocks.find((b) => b.type === 'plan')!.attrs).toEqual(plan);
    expect(r.hcl.find((b) => b.labels[0] === 'azurerm_marketplace_agreement')!.attrs).toEqual({ publisher: plan.publisher, offer: plan.product, plan: plan.name });
  });

  it('Arm64: an Arm64 size', () => {
    const r = readAll(buildEstateSnippets({ kind: 'gallery', definition: definition({ architecture: 'Arm64', securityType: 'Standard', features: [] }) }));
    expect(r.azFlags.get('--size')).toBe('Standard_D2ps_v5');
    expect(r.bicep.params.vmSize!.default).toBe('Standard_D2ps_v5');
  });

  it('refuses names Azure would refuse', () => {
    expect(() => buildEstateSnippets({ kind: 'managedImage', image }, { vmName: 'bad name!' })).toThrow(UsageError);
    expect(() => buildEstateSnippets({ kind: 'managedImage', image }, { resourceGroup: 'rg/..' })).toThrow(UsageError);
  });
});
