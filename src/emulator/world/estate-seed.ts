/**
 * The demo subscription's estate: what a platform team's subscription looks like after a year of
 * building images. Several resource groups in several regions; managed images of both OS types,
 * Gen1 and Gen2, captured from VMs and from snapshots; two galleries with generalized and
 * specialized definitions (Trusted Launch, Arm64, a marketplace plan), versions in several regions
 * (one still replicating, one excluded from latest, one past its end of life); VMs that exercise
 * every capture rule: a plain Linux VM, Windows VMs, Trusted Launch, Confidential VM, Gen1, Arm64,
 * a marketplace image with a plan, an ephemeral OS disk, deallocated ones and generalized ones;
 * the managed disks of those VMs and one snapshot.
 *
 * Timestamps are relative to the world's creation so the story stays true whenever it runs.
 */
import type {
  EmuDisk,
  EmuGallery,
  EmuGalleryImage,
  EmuGalleryImageVersion,
  EmuImage,
  EmuImageDisk,
  EmuRegionReplication,
  EmuResourceGroup,
  EmuSnapshot,
  EmuVm,
  EstateResources,
} from './estate.js';

const DAY = 86_400_000;

/** A stable GUID-shaped id from a name, so vmIds do not change between runs. */
function stableGuid(seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const out: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${seed}#${round}`) {
      h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
      h2 = Math.imul(h2 + ch.charCodeAt(0), 2246822519) >>> 0;
    }
    out.push(((h1 ^ h2) >>> 0).toString(16).padStart(8, '0'));
  }
  const hex = out.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A version's copy in one region: one LRS replica, in latest, replicated, unless `opts` says otherwise. */
export function region(r: string, opts: Partial<EmuRegionReplication> = {}): EmuRegionReplication {
  return { region: r, replicaCount: 1, storageAccountType: 'Standard_LRS', excludeFromLatest: false, startPct: 100, steps: 0, ...opts };
}

export function seedEstate(sub: string, now: number): EstateResources {
  const rid = (rg: string, type: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/${type}/${name}`;
  const vmId = (rg: string, name: string) => rid(rg, 'virtualMachines', name);
  const snap = (rg: string, name: string) => rid(rg, 'snapshots', name);
  const disk = (rg: string, name: string) => rid(rg, 'disks', name);

  const groups: Omit<EmuResourceGroup, 'subscriptionId'>[] = [
    { name: 'rg-images-prod', location: 'eastus', tags: { env: 'prod', owner: 'platform-team', costCenter: 'CC-1042' } },
    { name: 'rg-images-dev', location: 'westeurope', tags: { env: 'dev', owner: 'platform-team' } },
    { name: 'rg-gallery-shared', location: 'westeurope', tags: { env: 'shared', owner: 'platform-team', purpose: 'partner-images' } },
    { name: 'rg-web-prod', location: 'eastus2', tags: { env: 'prod', app: 'storefront', owner: 'web-team' } },
    { name: 'rg-data-prod', location: 'northeurope', tags: { env: 'prod', app: 'analytics', owner: 'data-team' } },
    { name: 'rg-build-agents', location: 'westus2', tags: { env: 'shared', purpose: 'ci', owner: 'devex' } },
    { name: 'rg-legacy-migration', location: 'southcentralus', tags: { env: 'prod', project: 'dc-exit', owner: 'migration-squad' } },
    { name: 'NetworkWatcherRG', location: 'eastus', tags: {} },
  ];
  const resourceGroups: EmuResourceGroup[] = groups.map((g) => ({ subscriptionId: sub, ...g }));

  // ---- Virtual machines ------------------------------------------------------------------
  const ubuntu2204 = { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest', exactVersion: '22.04.202510140' };
  const ubuntu2404 = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest', exactVersion: '24.04.202511040' };
  const ubuntu2404arm = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server-arm64', version: 'latest', exactVersion: '24.04.202511040' };
  const ws2022 = { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest', exactVersion: '20348.2849.241105' };
  const ws2016 = { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-Datacenter', version: 'latest', exactVersion: '14393.7428.241004' };
  const sql2022 = { publisher: 'MicrosoftSQLServer', offer: 'sql2022-ws2022', sku: 'standard-gen2', version: 'latest', exactVersion: '16.0.241015' };
  const rhel9 = { publisher: 'RedHat', offer: 'RHEL', sku: '9_4', version: 'latest', exactVersion: '9.4.2024081414' };

  type VmSeed = Omit<EmuVm, 'subscriptionId' | 'vmId' | 'osDisk' | 'computerName' | 'nicName' | 'timeCreated' | 'dataDisks' | 'architecture'> & {
    osDiskGb: number;
    osDiskType: string;
    ageDays: number;
    dataDisks?: EmuVm['dataDisks'];
    architecture?: EmuVm['architecture'];
    ephemeralOsDisk?: boolean;
  };
  const vm = (s: VmSeed): EmuVm => {
    const { osDiskGb, osDiskType, ageDays, dataDisks, architecture, ephemeralOsDisk, ...rest } = s;
    const diskSuffix = stableGuid(s.name).replace(/-/g, '');
    return {
      ...rest,
      architecture: architecture ?? 'x64',
      subscriptionId: sub,
      vmId: stableGuid(`${s.resourceGroup}/${s.name}`),
      computerName: s.name.slice(0, 15),
      nicName: `${s.name}VMNic`,
      timeCreated: now - ageDays * DAY,
      dataDisks: dataDisks ?? [],
      osDisk: {
        name: `${s.name}_OsDisk_1_${diskSuffix}`,
        sizeGb: osDiskGb,
        storageAccountType: osDiskType,
        // An ephemeral OS disk must use ReadOnly caching.
        caching: ephemeralOsDisk ? 'ReadOnly' : 'ReadWrite',
        ...(ephemeralOsDisk ? { ephemeral: true } : {}),
      },
    };
  };

  const linuxGuest = (osName: string, osVersion: string) => ({ osName, osVersion, agentVersion: '2.12.0.2' });
  const winGuest = (osName: string, osVersion: string) => ({ osName, osVersion, agentVersion: '2.7.41491.1149' });

  const virtualMachines: EmuVm[] = [
    vm({ resourceGroup: 'rg-web-prod', name: 'vm-web-01', location: 'eastus2', zones: ['1'], tags: { role: 'web', env: 'prod' }, vmSize: 'Standard_D4s_v5', osType: 'Linux', imageReference: ubuntu2204, adminUsername: 'azureops', power: 'running', generalized: false, securityType: 'TrustedLaunch', hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '22.04'), osDiskGb: 30, osDiskType: 'Premium_LRS', ageDays: 142 }),
    vm({ resourceGroup: 'rg-web-prod', name: 'vm-web-02', location: 'eastus2', zones: ['2'], tags: { role: 'web', env: 'prod' }, vmSize: 'Standard_D4s_v5', osType: 'Linux', imageReference: ubuntu2204, adminUsername: 'azureops', power: 'running', generalized: false, securityType: 'TrustedLaunch', hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '22.04'), osDiskGb: 30, osDiskType: 'Premium_LRS', ageDays: 142 }),
    vm({ resourceGroup: 'rg-web-prod', name: 'vm-web-golden', location: 'eastus2', tags: { role: 'image-source', env: 'prod' }, vmSize: 'Standard_D2s_v5', osType: 'Linux', imageReference: ubuntu2204, adminUsername: 'azureops', power: 'deallocated', generalized: true, securityType: 'TrustedLaunch', hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '22.04'), osDiskGb: 30, osDiskType: 'Premium_LRS', ageDays: 31 }),
    vm({ resourceGroup: 'rg-build-agents', name: 'vm-build-win2022', location: 'westus2', tags: { role: 'build-agent', pool: 'windows' }, vmSize: 'Standard_D8s_v5', osType: 'Windows', imageReference: ws2022, adminUsername: 'buildadmin', power: 'stopped', generalized: false, securityType: 'TrustedLaunch', hyperVGeneration: 'V2', guest: winGuest('Windows Server 2022 Datacenter: Azure Edition', 'Microsoft Windows NT 10.0.20348.0'), osDiskGb: 127, osDiskType: 'Premium_LRS', ageDays: 64, licenseType: 'Windows_Server' }),
    vm({ resourceGroup: 'rg-build-agents', name: 'vm-build-ubuntu-arm64', location: 'westus2', tags: { role: 'build-agent', pool: 'linux-arm64' }, vmSize: 'Standard_D4ps_v5', architecture: 'Arm64', osType: 'Linux', imageReference: ubuntu2404arm, adminUsername: 'buildadmin', power: 'running', generalized: false, hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '24.04'), osDiskGb: 64, osDiskType: 'Premium_LRS', ageDays: 20 }),
    vm({ resourceGroup: 'rg-data-prod', name: 'vm-sql-01', location: 'northeurope', zones: ['1'], tags: { role: 'database', env: 'prod', backup: 'daily' }, vmSize: 'Standard_E8s_v5', osType: 'Windows', imageReference: sql2022, adminUsername: 'sqladmin', power: 'running', generalized: false, hyperVGeneration: 'V2', guest: winGuest('Windows Server 2022 Datacenter', 'Microsoft Windows NT 10.0.20348.0'), osDiskGb: 127, osDiskType: 'Premium_LRS', ageDays: 301, licenseType: 'Windows_Server', dataDisks: [
      { lun: 0, name: 'vm-sql-01-data-0', sizeGb: 1024, storageAccountType: 'Premium_LRS' },
      { lun: 1, name: 'vm-sql-01-log-0', sizeGb: 256, storageAccountType: 'Premium_LRS' },
    ] }),
    vm({ resourceGroup: 'rg-data-prod', name: 'vm-etl-worker-01', location: 'northeurope', tags: { role: 'etl', env: 'prod', schedule: 'nightly' }, vmSize: 'Standard_D4s_v5', osType: 'Linux', imageReference: rhel9, adminUsername: 'etl', power: 'deallocated', generalized: false, hyperVGeneration: 'V2', guest: linuxGuest('rhel', '9.4'), osDiskGb: 64, osDiskType: 'StandardSSD_LRS', ageDays: 188 }),
    vm({ resourceGroup: 'rg-legacy-migration', name: 'vm-legacy-app01', location: 'southcentralus', tags: { app: 'order-entry', migratedFrom: 'dc-ams-02' }, vmSize: 'Standard_D2s_v3', osType: 'Windows', imageReference: ws2016, adminUsername: 'legacyadmin', power: 'deallocated', generalized: false, hyperVGeneration: 'V1', guest: winGuest('Windows Server 2016 Datacenter', 'Microsoft Windows NT 10.0.14393.0'), osDiskGb: 127, osDiskType: 'Standard_LRS', ageDays: 412, licenseType: 'Windows_Server', dataDisks: [
      { lun: 0, name: 'vm-legacy-app01-data-0', sizeGb: 256, storageAccountType: 'Standard_LRS' },
    ] }),
    vm({ resourceGroup: 'rg-images-dev', name: 'vm-img-builder-01', location: 'westeurope', tags: { role: 'image-source', env: 'dev' }, vmSize: 'Standard_D2s_v5', osType: 'Linux', imageReference: ubuntu2404, adminUsername: 'packer', power: 'deallocated', generalized: true, hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '24.04'), osDiskGb: 30, osDiskType: 'Premium_LRS', ageDays: 6 }),
    vm({ resourceGroup: 'rg-legacy-migration', name: 'vm-centos-app02', location: 'southcentralus', tags: { app: 'reporting', migratedFrom: 'dc-ams-02' }, vmSize: 'Standard_B2ms', osType: 'Linux', imageReference: { publisher: 'OpenLogic', offer: 'CentOS', sku: '7_9', version: 'latest', exactVersion: '7.9.2022101800' }, adminUsername: 'centos', power: 'stopped', generalized: false, hyperVGeneration: 'V1', guest: linuxGuest('centos', '7.9.2009'), osDiskGb: 30, osDiskType: 'Standard_LRS', ageDays: 395 }),
    // The capture candidates: one per rule the capture wizard must know.
    vm({ resourceGroup: 'rg-images-dev', name: 'vm-app-linux-01', location: 'westeurope', tags: { role: 'image-source', env: 'dev', app: 'api' }, vmSize: 'Standard_D2s_v5', osType: 'Linux', imageReference: ubuntu2204, adminUsername: 'azureuser', power: 'running', generalized: false, hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '22.04'), osDiskGb: 30, osDiskType: 'Premium_LRS', ageDays: 12 }),
    vm({ resourceGroup: 'rg-images-dev', name: 'vm-win-iis-01', location: 'westeurope', tags: { role: 'image-source', env: 'dev', app: 'intranet' }, vmSize: 'Standard_D2s_v5', osType: 'Windows', imageReference: ws2022, adminUsername: 'winadmin', power: 'running', generalized: false, hyperVGeneration: 'V2', guest: winGuest('Windows Server 2022 Datacenter: Azure Edition', 'Microsoft Windows NT 10.0.20348.0'), osDiskGb: 127, osDiskType: 'Premium_LRS', ageDays: 9, licenseType: 'Windows_Server' }),
    vm({ resourceGroup: 'rg-data-prod', name: 'vm-cvm-ledger-01', location: 'northeurope', tags: { role: 'ledger', env: 'prod', compliance: 'confidential' }, vmSize: 'Standard_DC2as_v5', osType: 'Linux', imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-confidential-vm-jammy', sku: '22_04-lts-cvm', version: 'latest', exactVersion: '22.04.202510140' }, adminUsername: 'azureops', power: 'running', generalized: false, securityType: 'ConfidentialVM', hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '22.04'), osDiskGb: 30, osDiskType: 'Premium_LRS', ageDays: 47 }),
    vm({ resourceGroup: 'rg-gallery-shared', name: 'vm-cis-rhel9-01', location: 'westeurope', tags: { role: 'image-source', hardening: 'cis-l1' }, vmSize: 'Standard_D2s_v5', osType: 'Linux', imageReference: { publisher: 'center-for-internet-security-inc', offer: 'cis-rhel-9-l1', sku: 'cis-rhel9-l1-gen2', version: 'latest', exactVersion: '2.1.3' }, plan: { name: 'cis-rhel9-l1-gen2', publisher: 'center-for-internet-security-inc', product: 'cis-rhel-9-l1' }, adminUsername: 'cisadmin', power: 'running', generalized: false, hyperVGeneration: 'V2', guest: linuxGuest('rhel', '9.4'), osDiskGb: 64, osDiskType: 'Premium_LRS', ageDays: 15 }),
    vm({ resourceGroup: 'rg-build-agents', name: 'vm-ci-ephemeral-01', location: 'westus2', tags: { role: 'build-agent', pool: 'linux-ephemeral' }, vmSize: 'Standard_D4ds_v5', osType: 'Linux', imageReference: ubuntu2204, adminUsername: 'buildadmin', power: 'running', generalized: false, hyperVGeneration: 'V2', guest: linuxGuest('ubuntu', '22.04'), osDiskGb: 30, osDiskType: 'Standard_LRS', ephemeralOsDisk: true, ageDays: 2 }),
  ];

  const osDiskOf = (rg: string, name: string) => {
    const v = virtualMachines.find((x) => x.resourceGroup === rg && x.name === name)!;
    return disk(rg, v.osDisk.name);
  };

  // ---- Managed images ---------------------------------------------------------------------
  const img = (s: Omit<EmuImage, 'subscriptionId' | 'provisioningState' | 'dataDisks'> & { dataDisks?: EmuImageDisk[] }): EmuImage => ({
    subscriptionId: sub,
    provisioningState: 'Succeeded',
    dataDisks: [],
    ...s,
  });
  const images: EmuImage[] = [
    img({ resourceGroup: 'rg-images-prod', name: 'img-ubuntu2204-web-b1042', location: 'eastus', tags: { app: 'storefront', build: '1042', createdBy: 'packer' }, hyperVGeneration: 'V2', sourceVirtualMachineId: vmId('rg-web-prod', 'vm-web-golden'), osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 30, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', managedDiskId: osDiskOf('rg-web-prod', 'vm-web-golden') }, zoneResilient: true }),
    img({ resourceGroup: 'rg-images-prod', name: 'img-ubuntu2204-web-b1057', location: 'eastus', tags: { app: 'storefront', build: '1057', createdBy: 'packer' }, hyperVGeneration: 'V2', sourceVirtualMachineId: vmId('rg-web-prod', 'vm-web-golden'), osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 30, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', managedDiskId: osDiskOf('rg-web-prod', 'vm-web-golden') }, zoneResilient: true }),
    img({ resourceGroup: 'rg-images-prod', name: 'img-win2022-iis-b311', location: 'eastus', tags: { app: 'intranet', build: '311' }, hyperVGeneration: 'V2', osType: 'Windows', osState: 'Generalized', osDisk: { sizeGb: 127, caching: 'ReadWrite', storageAccountType: 'StandardSSD_LRS', snapshotId: snap('rg-images-prod', 'snap-win2022-iis-os-b311') }, dataDisks: [{ lun: 0, sizeGb: 64, caching: 'ReadOnly', storageAccountType: 'StandardSSD_LRS', snapshotId: snap('rg-images-prod', 'snap-win2022-iis-data0-b311') }], zoneResilient: false }),
    img({ resourceGroup: 'rg-images-prod', name: 'img-rhel9-base-b88', location: 'eastus', tags: { os: 'rhel9', hardening: 'cis-l1' }, hyperVGeneration: 'V2', osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 64, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', snapshotId: snap('rg-images-prod', 'snap-rhel9-base-b88') }, zoneResilient: true }),
    img({ resourceGroup: 'rg-images-prod', name: 'img-win2019-legacy-gen1', location: 'eastus', tags: { app: 'order-entry', note: 'gen1 only - do not use for new VMs' }, hyperVGeneration: 'V1', osType: 'Windows', osState: 'Generalized', osDisk: { sizeGb: 127, caching: 'ReadWrite', storageAccountType: 'Standard_LRS', blobUri: 'https://stlegacyimages01.blob.core.windows.net/vhds/win2019-legacy-osdisk.vhd' }, zoneResilient: false }),
    img({ resourceGroup: 'rg-images-dev', name: 'img-ubuntu2404-dev-b7', location: 'westeurope', tags: { env: 'dev', build: '7' }, hyperVGeneration: 'V2', sourceVirtualMachineId: vmId('rg-images-dev', 'vm-img-builder-01'), osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 30, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', managedDiskId: osDiskOf('rg-images-dev', 'vm-img-builder-01') }, zoneResilient: true }),
    img({ resourceGroup: 'rg-images-dev', name: 'img-debian12-test', location: 'westeurope', tags: { env: 'dev', expires: 'soon' }, hyperVGeneration: 'V1', osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 30, caching: 'ReadWrite', storageAccountType: 'Standard_LRS', snapshotId: snap('rg-images-dev', 'snap-debian12-test-os') }, zoneResilient: false }),
    img({ resourceGroup: 'rg-images-dev', name: 'img-win11-devbox-24h2', location: 'westeurope', tags: { env: 'dev', team: 'devex' }, hyperVGeneration: 'V2', sourceVirtualMachineId: vmId('rg-images-dev', 'vm-devbox-template'), osType: 'Windows', osState: 'Generalized', osDisk: { sizeGb: 256, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', managedDiskId: disk('rg-images-dev', 'vm-devbox-template_OsDisk_1_3d0c1e2f9a8b4c7d8e6f5a4b3c2d1e0f') }, zoneResilient: true }),
    img({ resourceGroup: 'rg-images-dev', name: 'img-alma9-dev', location: 'westeurope', tags: { env: 'dev' }, hyperVGeneration: 'V2', osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 30, caching: 'ReadWrite', storageAccountType: 'StandardSSD_LRS', snapshotId: snap('rg-images-dev', 'snap-alma9-os') }, zoneResilient: false }),
    img({ resourceGroup: 'rg-legacy-migration', name: 'img-centos79-reporting-gen1', location: 'southcentralus', tags: { app: 'reporting', eol: 'centos7' }, hyperVGeneration: 'V1', sourceVirtualMachineId: vmId('rg-legacy-migration', 'vm-centos-app02-capture'), osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 30, caching: 'ReadWrite', storageAccountType: 'Standard_LRS', managedDiskId: disk('rg-legacy-migration', 'vm-centos-app02-capture_OsDisk_1_77a1f0e2c3b44d5e8f9a0b1c2d3e4f50') }, zoneResilient: false }),
    img({ resourceGroup: 'rg-legacy-migration', name: 'img-win2016-app01-capture', location: 'southcentralus', tags: { app: 'order-entry', capturedBy: 'migration-squad' }, hyperVGeneration: 'V1', sourceVirtualMachineId: vmId('rg-legacy-migration', 'vm-legacy-app01'), osType: 'Windows', osState: 'Generalized', osDisk: { sizeGb: 127, caching: 'ReadWrite', storageAccountType: 'Standard_LRS', managedDiskId: osDiskOf('rg-legacy-migration', 'vm-legacy-app01') }, dataDisks: [{ lun: 0, sizeGb: 256, caching: 'None', storageAccountType: 'Standard_LRS', managedDiskId: disk('rg-legacy-migration', 'vm-legacy-app01-data-0') }], zoneResilient: false }),
    img({ resourceGroup: 'rg-build-agents', name: 'img-build-agent-win2022-b205', location: 'westus2', tags: { pool: 'windows', build: '205' }, hyperVGeneration: 'V2', sourceVirtualMachineId: vmId('rg-build-agents', 'vm-build-win2022'), osType: 'Windows', osState: 'Generalized', osDisk: { sizeGb: 127, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', managedDiskId: osDiskOf('rg-build-agents', 'vm-build-win2022') }, dataDisks: [{ lun: 0, sizeGb: 128, caching: 'ReadOnly', storageAccountType: 'Premium_LRS', managedDiskId: disk('rg-build-agents', 'vm-build-win2022-cache-0') }], zoneResilient: true }),
    img({ resourceGroup: 'rg-build-agents', name: 'img-build-agent-ubuntu-b205', location: 'westus2', tags: { pool: 'linux', build: '205' }, hyperVGeneration: 'V2', osType: 'Linux', osState: 'Generalized', osDisk: { sizeGb: 64, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', snapshotId: snap('rg-build-agents', 'snap-build-agent-ubuntu-b205') }, zoneResilient: true }),
    img({ resourceGroup: 'rg-data-prod', name: 'img-sql2022-std-etl', location: 'northeurope', tags: { app: 'analytics', edition: 'standard' }, hyperVGeneration: 'V2', sourceVirtualMachineId: vmId('rg-data-prod', 'vm-sql-01'), osType: 'Windows', osState: 'Generalized', osDisk: { sizeGb: 127, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', managedDiskId: osDiskOf('rg-data-prod', 'vm-sql-01') }, dataDisks: [
      { lun: 0, sizeGb: 1024, caching: 'ReadOnly', storageAccountType: 'Premium_LRS', managedDiskId: disk('rg-data-prod', 'vm-sql-01-data-0') },
      { lun: 1, sizeGb: 256, caching: 'None', storageAccountType: 'Premium_LRS', managedDiskId: disk('rg-data-prod', 'vm-sql-01-log-0') },
    ], zoneResilient: false }),
  ];

  // ---- Galleries --------------------------------------------------------------------------
  const galleries: EmuGallery[] = [
    { subscriptionId: sub, resourceGroup: 'rg-images-prod', name: 'gal_platform_prod', location: 'eastus', tags: { owner: 'platform-team', env: 'prod' }, description: 'Golden images for production workloads (platform team).', uniqueName: `${sub}-GAL_PLATFORM_PROD`, sharing: 'Private', provisioningState: 'Succeeded' },
    { subscriptionId: sub, resourceGroup: 'rg-gallery-shared', name: 'galSharedImages', location: 'westeurope', tags: { owner: 'platform-team', audience: 'partners' }, description: 'Images shared with partner teams through RBAC.', uniqueName: `${sub}-GALSHAREDIMAGES`, sharing: 'Groups', provisioningState: 'Succeeded' },
  ];

  const def = (s: Omit<EmuGalleryImage, 'subscriptionId' | 'provisioningState' | 'tags'> & { tags?: Record<string, string> }): EmuGalleryImage => ({
    subscriptionId: sub,
    provisioningState: 'Succeeded',
    tags: {},
    ...s,
  });
  const galleryImages: EmuGalleryImage[] = [
    def({ resourceGroup: 'rg-images-prod', gallery: 'gal_platform_prod', name: 'ubuntu-2204-web', location: 'eastus', description: 'Ubuntu 22.04 LTS with nginx and the storefront runtime, CIS level 1.', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', identifier: { publisher: 'Contoso', offer: 'ubuntu-web', sku: '22_04-lts-gen2' }, recommended: { vCPUs: { min: 2, max: 16 }, memory: { min: 4, max: 64 } }, features: [{ name: 'SecurityType', value: 'TrustedLaunch' }, { name: 'IsAcceleratedNetworkSupported', value: 'True' }, { name: 'DiskControllerTypes', value: 'SCSI, NVMe' }], tags: { app: 'storefront' } }),
    def({ resourceGroup: 'rg-images-prod', gallery: 'gal_platform_prod', name: 'win2022-iis', location: 'eastus', description: 'Windows Server 2022 Azure Edition with IIS 10 and .NET 8 hosting bundle.', eula: 'Internal use only. See https://contoso.example/legal/images.', osType: 'Windows', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', identifier: { publisher: 'Contoso', offer: 'windows-server-iis', sku: '2022-datacenter-g2' }, recommended: { vCPUs: { min: 2, max: 32 }, memory: { min: 8, max: 128 } }, disallowedDiskTypes: ['Standard_LRS'], features: [{ name: 'SecurityType', value: 'TrustedLaunchSupported' }, { name: 'IsAcceleratedNetworkSupported', value: 'True' }], tags: { app: 'intranet' } }),
    def({ resourceGroup: 'rg-images-prod', gallery: 'gal_platform_prod', name: 'ubuntu-2404-arm64', location: 'eastus', description: 'Ubuntu 24.04 LTS for Ampere Altra (Dpsv5/Epsv5) build agents and workers.', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'Arm64', identifier: { publisher: 'Contoso', offer: 'ubuntu-arm', sku: '24_04-lts-arm64' }, recommended: { vCPUs: { min: 2, max: 64 }, memory: { min: 8, max: 208 } }, features: [{ name: 'IsAcceleratedNetworkSupported', value: 'True' }] }),
    def({ resourceGroup: 'rg-images-prod', gallery: 'gal_platform_prod', name: 'win2016-order-entry', location: 'eastus', description: 'Specialized capture of the order-entry server for lift-and-shift. Retiring with the app.', osType: 'Windows', osState: 'Specialized', hyperVGeneration: 'V1', architecture: 'x64', endOfLifeAt: now + 25 * DAY, identifier: { publisher: 'Contoso', offer: 'legacy-order-entry', sku: '2016-specialized' }, recommended: { vCPUs: { min: 2, max: 4 }, memory: { min: 8, max: 16 } }, features: [], tags: { app: 'order-entry' } }),
    def({ resourceGroup: 'rg-gallery-shared', gallery: 'galSharedImages', name: 'cis-rhel9-l1', location: 'westeurope', description: 'CIS Red Hat Enterprise Linux 9 Benchmark Level 1, rebuilt monthly from the CIS marketplace image.', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', identifier: { publisher: 'Contoso', offer: 'cis-rhel9', sku: 'l1-gen2' }, purchasePlan: { name: 'cis-rhel9-l1-gen2', publisher: 'center-for-internet-security-inc', product: 'cis-rhel-9-l1' }, recommended: { vCPUs: { min: 2, max: 16 }, memory: { min: 4, max: 64 } }, features: [{ name: 'SecurityType', value: 'TrustedLaunchSupported' }], privacyStatementUri: 'https://www.cisecurity.org/privacy-policy', releaseNoteUri: 'https://contoso.example/images/cis-rhel9/CHANGELOG' }),
    def({ resourceGroup: 'rg-gallery-shared', gallery: 'galSharedImages', name: 'sql2022-std-specialized', location: 'westeurope', description: 'Specialized SQL Server 2022 Standard with the analytics schema pre-loaded.', osType: 'Windows', osState: 'Specialized', hyperVGeneration: 'V2', architecture: 'x64', identifier: { publisher: 'Contoso', offer: 'sql-analytics', sku: '2022-std-specialized' }, recommended: { vCPUs: { min: 4, max: 32 }, memory: { min: 32, max: 256 } }, features: [{ name: 'IsAcceleratedNetworkSupported', value: 'True' }] }),
    def({ resourceGroup: 'rg-gallery-shared', gallery: 'galSharedImages', name: 'devbox-win11', location: 'westeurope', description: 'Windows 11 Enterprise 24H2 developer box with VS 2022 and WSL.', osType: 'Windows', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', identifier: { publisher: 'Contoso', offer: 'devbox', sku: 'win11-24h2-ent' }, recommended: { vCPUs: { min: 4, max: 16 }, memory: { min: 16, max: 64 } }, features: [{ name: 'SecurityType', value: 'TrustedLaunch' }, { name: 'IsHibernateSupported', value: 'True', startsAtVersion: '2.0.0' }] }),
  ];

  const ver = (
    s: Omit<EmuGalleryImageVersion, 'subscriptionId' | 'tags' | 'replicationStartedAt' | 'allowDeletionOfReplicatedLocations' | 'publishedAt'> & {
      ageDays: number;
      tags?: Record<string, string>;
    },
  ): EmuGalleryImageVersion => {
    const { ageDays, ...rest } = s;
    return {
      subscriptionId: sub,
      tags: {},
      allowDeletionOfReplicatedLocations: false,
      publishedAt: now - ageDays * DAY,
      replicationStartedAt: ageDays > 0 ? now - ageDays * DAY : now,
      ...rest,
    };
  };
  const platform = { resourceGroup: 'rg-images-prod', gallery: 'gal_platform_prod', location: 'eastus' };
  const shared = { resourceGroup: 'rg-gallery-shared', gallery: 'galSharedImages', location: 'westeurope' };
  const webRegions = (opts: Partial<EmuRegionReplication>[] = []) => [
    region('eastus', { replicaCount: 3, storageAccountType: 'Standard_ZRS', ...opts[0] }),
    region('eastus2', { replicaCount: 2, storageAccountType: 'Standard_ZRS', ...opts[1] }),
    region('westeurope', { replicaCount: 1, ...opts[2] }),
    region('southeastasia', { replicaCount: 1, ...opts[3] }),
  ];

  const galleryImageVersions: EmuGalleryImageVersion[] = [
    // ubuntu-2204-web: 1.0.0 past end of life, 1.1.0 current, 1.2.0 replicating right now.
    ver({ ...platform, image: 'ubuntu-2204-web', name: '1.0.0', ageDays: 190, endOfLifeAt: now - 12 * DAY, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('eastus', { replicaCount: 2 }), region('eastus2')], source: { id: rid('rg-images-prod', 'images', 'img-ubuntu2204-web-b1042') }, osDisk: { sizeGb: 30, hostCaching: 'ReadWrite' }, dataDisks: [] }),
    ver({ ...platform, image: 'ubuntu-2204-web', name: '1.1.0', ageDays: 41, endOfLifeAt: now + 320 * DAY, excludeFromLatest: false, replicaCount: 2, storageAccountType: 'Standard_ZRS', replicationMode: 'Full', regions: webRegions(), source: { id: rid('rg-images-prod', 'images', 'img-ubuntu2204-web-b1057') }, osDisk: { sizeGb: 30, hostCaching: 'ReadWrite' }, dataDisks: [], tags: { build: '1057' } }),
    ver({ ...platform, image: 'ubuntu-2204-web', name: '1.2.0', ageDays: 0, endOfLifeAt: now + 365 * DAY, excludeFromLatest: false, replicaCount: 2, storageAccountType: 'Standard_ZRS', replicationMode: 'Full', regions: webRegions([{}, { startPct: 72, steps: 20 }, { startPct: 35, steps: 60 }, { startPct: 4, steps: 140 }]), source: { virtualMachineId: vmId('rg-web-prod', 'vm-web-golden') }, osDisk: { sizeGb: 30, hostCaching: 'ReadWrite' }, dataDisks: [], tags: { build: '1063' } }),
    // win2022-iis: 1.0.0 past end of life, 1.1.0 latest, 1.2.0 a canary excluded from latest.
    ver({ ...platform, image: 'win2022-iis', name: '1.0.0', ageDays: 260, endOfLifeAt: now - 40 * DAY, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('eastus'), region('westeurope')], source: { id: rid('rg-images-prod', 'images', 'img-win2022-iis-b311') }, osDisk: { sizeGb: 127, hostCaching: 'ReadWrite' }, dataDisks: [{ lun: 0, sizeGb: 64, hostCaching: 'ReadOnly' }] }),
    ver({ ...platform, image: 'win2022-iis', name: '1.1.0', ageDays: 75, endOfLifeAt: now + 290 * DAY, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('eastus', { replicaCount: 2 }), region('westeurope')], source: { id: rid('rg-images-prod', 'images', 'img-win2022-iis-b311') }, osDisk: { sizeGb: 127, hostCaching: 'ReadWrite' }, dataDisks: [{ lun: 0, sizeGb: 64, hostCaching: 'ReadOnly' }] }),
    ver({ ...platform, image: 'win2022-iis', name: '1.2.0', ageDays: 3, endOfLifeAt: now + 362 * DAY, excludeFromLatest: true, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('eastus', { excludeFromLatest: true }), region('westeurope', { excludeFromLatest: true })], source: { virtualMachineId: vmId('rg-build-agents', 'vm-build-win2022') }, osDisk: { sizeGb: 127, hostCaching: 'ReadWrite' }, dataDisks: [{ lun: 0, sizeGb: 64, hostCaching: 'ReadOnly' }], tags: { ring: 'canary' } }),
    // Arm64
    ver({ ...platform, image: 'ubuntu-2404-arm64', name: '1.0.0', ageDays: 28, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('eastus'), region('westus2', { replicaCount: 2 })], source: { virtualMachineId: vmId('rg-build-agents', 'vm-build-ubuntu-arm64') }, osDisk: { sizeGb: 64, hostCaching: 'ReadWrite' }, dataDisks: [] }),
    ver({ ...platform, image: 'ubuntu-2404-arm64', name: '1.0.1', ageDays: 9, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('eastus'), region('westus2', { replicaCount: 2 })], source: { virtualMachineId: vmId('rg-build-agents', 'vm-build-ubuntu-arm64') }, osDisk: { sizeGb: 64, hostCaching: 'ReadWrite' }, dataDisks: [] }),
    // Specialized legacy capture
    ver({ ...platform, image: 'win2016-order-entry', name: '1.0.0', ageDays: 120, endOfLifeAt: now + 25 * DAY, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('eastus'), region('southcentralus')], source: { virtualMachineId: vmId('rg-legacy-migration', 'vm-legacy-app01') }, osDisk: { sizeGb: 127, hostCaching: 'ReadWrite' }, dataDisks: [{ lun: 0, sizeGb: 256, hostCaching: 'None' }] }),
    // Shared gallery
    ver({ ...shared, image: 'cis-rhel9-l1', name: '3.0.0', ageDays: 62, endOfLifeAt: now + 120 * DAY, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('westeurope'), region('northeurope'), region('uksouth')], source: { id: rid('rg-images-prod', 'images', 'img-rhel9-base-b88') }, osDisk: { sizeGb: 64, hostCaching: 'ReadWrite' }, dataDisks: [] }),
    ver({ ...shared, image: 'cis-rhel9-l1', name: '3.1.0', ageDays: 14, endOfLifeAt: now + 180 * DAY, excludeFromLatest: false, replicaCount: 2, storageAccountType: 'Standard_ZRS', regions: [region('westeurope', { replicaCount: 2, storageAccountType: 'Standard_ZRS' }), region('northeurope', { replicaCount: 2, storageAccountType: 'Standard_ZRS' }), region('uksouth')], source: { id: rid('rg-images-prod', 'images', 'img-rhel9-base-b88') }, osDisk: { sizeGb: 64, hostCaching: 'ReadWrite' }, dataDisks: [] }),
    ver({ ...shared, image: 'sql2022-std-specialized', name: '16.0.1', ageDays: 33, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Premium_LRS', regions: [region('westeurope', { storageAccountType: 'Premium_LRS' }), region('northeurope', { storageAccountType: 'Premium_LRS' })], source: { virtualMachineId: vmId('rg-data-prod', 'vm-sql-01') }, osDisk: { sizeGb: 127, hostCaching: 'ReadWrite' }, dataDisks: [{ lun: 0, sizeGb: 1024, hostCaching: 'ReadOnly' }, { lun: 1, sizeGb: 256, hostCaching: 'None' }] }),
    ver({ ...shared, image: 'devbox-win11', name: '2.0.0', ageDays: 18, endOfLifeAt: now + 200 * DAY, excludeFromLatest: false, replicaCount: 1, storageAccountType: 'Standard_LRS', regions: [region('westeurope'), region('northeurope'), region('uksouth'), region('swedencentral')], source: { id: rid('rg-images-dev', 'images', 'img-win11-devbox-24h2') }, osDisk: { sizeGb: 256, hostCaching: 'ReadWrite' }, dataDisks: [] }),
  ];

  // ---- Managed disks of the VMs, and a safety snapshot ---------------------------------------
  const disks: EmuDisk[] = [];
  for (const v of virtualMachines) {
    const managedBy = vmId(v.resourceGroup, v.name);
    if (!v.osDisk.ephemeral) {
      const ref = 'publisher' in v.imageReference ? v.imageReference : undefined;
      disks.push({
        subscriptionId: sub,
        resourceGroup: v.resourceGroup,
        name: v.osDisk.name,
        location: v.location,
        tags: {},
        zones: v.zones,
        skuName: v.osDisk.storageAccountType,
        sizeGb: v.osDisk.sizeGb,
        osType: v.osType,
        hyperVGeneration: v.hyperVGeneration,
        architecture: v.architecture,
        securityType: v.securityType,
        creationData: ref
          ? {
              createOption: 'FromImage',
              imageReference: {
                id: `/Subscriptions/${sub}/Providers/Microsoft.Compute/Locations/${v.location}/Publishers/${ref.publisher}/ArtifactTypes/VMImage/Offers/${ref.offer}/Skus/${ref.sku}/Versions/${ref.exactVersion}`,
              },
            }
          : { createOption: 'FromImage' },
        managedBy,
        timeCreated: v.timeCreated,
        uniqueId: stableGuid(`disk/${v.osDisk.name}`),
        purchasePlan: v.plan,
      });
    }
    for (const d of v.dataDisks) {
      disks.push({
        subscriptionId: sub,
        resourceGroup: v.resourceGroup,
        name: d.name,
        location: v.location,
        tags: {},
        zones: v.zones,
        skuName: d.storageAccountType,
        sizeGb: d.sizeGb,
        creationData: { createOption: 'Empty' },
        managedBy,
        timeCreated: v.timeCreated,
        uniqueId: stableGuid(`disk/${d.name}`),
      });
    }
  }
  const legacy = virtualMachines.find((v) => v.name === 'vm-legacy-app01')!;
  const legacyDisk = disks.find((d) => d.name === legacy.osDisk.name)!;
  const snapshots: EmuSnapshot[] = [
    {
      subscriptionId: sub,
      resourceGroup: 'rg-legacy-migration',
      name: 'snap-vm-legacy-app01-os-precapture',
      location: legacy.location,
      tags: { purpose: 'pre-capture safety copy', sourceVm: 'vm-legacy-app01' },
      skuName: 'Standard_LRS',
      sizeGb: legacyDisk.sizeGb,
      osType: 'Windows',
      hyperVGeneration: 'V1',
      architecture: 'x64',
      incremental: false,
      creationData: { createOption: 'Copy', sourceResourceId: disk('rg-legacy-migration', legacy.osDisk.name), sourceUniqueId: legacyDisk.uniqueId },
      timeCreated: now - 121 * DAY,
      uniqueId: stableGuid('snap/snap-vm-legacy-app01-os-precapture'),
      provisioningState: 'Succeeded',
    },
  ];

  return { resourceGroups, images, galleries, galleryImages, galleryImageVersions, virtualMachines, disks, snapshots };
}
