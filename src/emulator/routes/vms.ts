/**
 * Virtual machines (read side): list by subscription, resource group and location; get with
 * `$expand=instanceView`; `/instanceView`. Shapes follow the real capture recording (VM GET with
 * instanceView, and the generalized VM's GET without disk size / storage type) and the
 * 2024-07-01 examples.
 */
import { COMPUTE_API_VERSIONS } from '../api-versions.js';
import { ok, resourceGroupNotFound, resourceNotFound } from '../arm.js';
import { azureTimestamp } from '../lro.js';
import type { EmuRequest, Handler, Route } from '../router.js';
import type { World } from '../world/index.js';
import { findResourceGroup, findVm, type EmuVm } from '../world/estate.js';
import { page, params, policy, settled } from '../world/estate-http.js';

const LOW_COST_GET = policy('LowCostGet', 4000, 32000);
const HIGH_COST_GET = policy('HighCostGet', 140, 700);

export function vmId(v: Pick<EmuVm, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${v.name}`;
}

const POWER_DISPLAY: Record<EmuVm['power'], string> = {
  starting: 'VM starting',
  running: 'VM running',
  stopping: 'VM stopping',
  stopped: 'VM stopped',
  deallocating: 'VM deallocating',
  deallocated: 'VM deallocated',
};

/** The instance view body (`/instanceView`, or `properties.instanceView` with `$expand`). */
export function renderInstanceView(v: EmuVm, now: number) {
  const provisioned = azureTimestamp(v.timeCreated + 61_000, v.vmId);
  const diskStatus = (name: string) => ({
    name,
    statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: azureTimestamp(v.timeCreated + 7_000, name) }],
  });
  const disks = [...(v.osDisk.ephemeral ? [] : [diskStatus(v.osDisk.name)]), ...v.dataDisks.map((d) => diskStatus(d.name))];
  const statuses: Record<string, unknown>[] = [
    { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: provisioned },
  ];
  if (v.generalized) statuses.push({ code: 'OSState/generalized', level: 'Info', displayStatus: 'VM generalized' });
  statuses.push({ code: `PowerState/${v.power}`, level: 'Info', displayStatus: POWER_DISPLAY[v.power] });

  const view: Record<string, unknown> = {};
  if (v.power !== 'deallocated') {
    // A host only reports fault/update domains and guest facts while the VM is allocated.
    view.platformUpdateDomain = 0;
    view.platformFaultDomain = 0;
    view.computerName = v.computerName;
    view.osName = v.guest.osName;
    view.osVersion = v.guest.osVersion;
    view.vmAgent =
      v.power === 'running'
        ? {
            vmAgentVersion: v.guest.agentVersion,
            statuses: [
              {
                code: 'ProvisioningState/succeeded',
                level: 'Info',
                displayStatus: 'Ready',
                message: v.osType === 'Linux' ? 'Guest Agent is running' : 'GuestAgent is running and processing the extensions.',
                time: azureTimestamp(now - 30_000, v.name).replace(/\.\d+/, ''),
              },
            ],
            extensionHandlers: [],
          }
        : {
            vmAgentVersion: 'Unknown',
            statuses: [
              {
                code: 'ProvisioningState/Unavailable',
                level: 'Warning',
                displayStatus: 'Not Ready',
                message: 'VM status blob is found but not yet populated.',
              },
            ],
          };
  }
  view.disks = disks;
  view.hyperVGeneration = v.hyperVGeneration;
  view.statuses = statuses;
  return view;
}

/** The VM model as Compute returns it; `instanceView` is added when asked for. */
export function renderVm(v: EmuVm, withInstanceView: boolean, now: number) {
  const osDisk: Record<string, unknown> = { osType: v.osType };
  // An ephemeral OS disk lives on the host's cache disk: diffDiskSettings, no disk resource id.
  if (v.osDisk.ephemeral) osDisk.diffDiskSettings = { option: 'Local', placement: 'CacheDisk' };
  osDisk.name = v.osDisk.name;
  osDisk.createOption = 'FromImage';
  osDisk.caching = v.osDisk.caching;
  const diskId = `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Compute/disks/${v.osDisk.name}`;
  if (v.osDisk.ephemeral) {
    osDisk.managedDisk = { storageAccountType: v.osDisk.storageAccountType };
  } else if (v.generalized) {
    // After generalize, Azure reports the OS disk with only its id and no size (as recorded).
    osDisk.managedDisk = { id: diskId };
  } else {
    const managed: Record<string, unknown> = { storageAccountType: v.osDisk.storageAccountType };
    if (v.securityType === 'ConfidentialVM') managed.securityProfile = { securityEncryptionType: 'VMGuestStateOnly' };
    managed.id = diskId;
    osDisk.managedDisk = managed;
  }
  osDisk.deleteOption = v.osDisk.ephemeral ? 'Delete' : 'Detach';
  if (!v.generalized) osDisk.diskSizeGB = v.osDisk.sizeGb;

  const osProfile: Record<string, unknown> = { computerName: v.computerName, adminUsername: v.adminUsername };
  if (v.osType === 'Linux') {
    osProfile.linuxConfiguration = {
      disablePasswordAuthentication: true,
      provisionVMAgent: true,
      patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
      enableVMAgentPlatformUpdates: false,
    };
  } else {
    osProfile.windowsConfiguration = {
      provisionVMAgent: true,
      enableAutomaticUpdates: true,
      patchSettings: { patchMode: 'AutomaticByOS', assessmentMode: 'ImageDefault', enableHotpatching: false },
      enableVMAgentPlatformUpdates: false,
    };
  }
  osProfile.secrets = [];
  osProfile.allowExtensionOperations = true;
  osProfile.requireGuestProvisionSignal = true;

  const properties: Record<string, unknown> = {
    vmId: v.vmId,
    hardwareProfile: { vmSize: v.vmSize },
    storageProfile: {
      imageReference: v.imageReference,
      osDisk,
      dataDisks: v.dataDisks.map((d) => ({
        lun: d.lun,
        name: d.name,
        createOption: 'Attach',
        caching: 'None',
        managedDisk: {
          storageAccountType: d.storageAccountType,
          id: `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Compute/disks/${d.name}`,
        },
        deleteOption: 'Detach',
        diskSizeGB: d.sizeGb,
        toBeDetached: false,
      })),
      diskControllerType: 'SCSI',
    },
    osProfile,
  };
  if (v.securityType) {
    properties.securityProfile = { uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, securityType: v.securityType };
  }
  properties.networkProfile = {
    networkInterfaces: [
      { id: `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Network/networkInterfaces/${v.nicName}` },
    ],
  };
  if (v.licenseType) properties.licenseType = v.licenseType;
  properties.provisioningState = 'Succeeded';
  if (withInstanceView) properties.instanceView = renderInstanceView(v, now);
  properties.timeCreated = azureTimestamp(v.timeCreated, v.vmId);

  const body: Record<string, unknown> = {
    name: v.name,
    id: vmId(v),
    type: 'Microsoft.Compute/virtualMachines',
    location: v.location,
    tags: v.tags,
  };
  if (v.zones?.length) body.zones = v.zones;
  if (v.plan) body.plan = { name: v.plan.name, publisher: v.plan.publisher, product: v.plan.product };
  body.properties = properties;
  return body;
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const wantsInstanceView = (req: EmuRequest) =>
  req.query('$expand')?.toLowerCase() === 'instanceview' || req.query('statusOnly')?.toLowerCase() === 'true';

function listOf(req: EmuRequest, world: World, filter: (v: EmuVm) => boolean) {
  const sub = req.params.subscriptionId!;
  const items = world.estate.virtualMachines.filter((v) => eq(v.subscriptionId, sub) && filter(v));
  const expand = wantsInstanceView(req);
  return ok(page(req, items, (v) => `${v.resourceGroup}/${v.name}`, world.estate.pageSize, (v) => renderVm(v, expand, world.now())));
}

/** A handler for one VM: ARM's 404s for a missing resource group or VM, else `render` of it. */
function oneVm(render: (v: EmuVm, req: EmuRequest, world: World) => unknown): Handler {
  return settled((req, world) => {
    const { subscriptionId, resourceGroupName, vmName } = params(req);
    if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
    const v = findVm(world.estate, subscriptionId, resourceGroupName, vmName);
    return v ? ok(render(v, req, world)) : resourceNotFound('Microsoft.Compute/virtualMachines', vmName, resourceGroupName);
  });
}

const RG = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines';

export const vmRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines',
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'virtualMachines',
    rateLimitPolicy: HIGH_COST_GET,
    handler: settled((req, world) => listOf(req, world, () => true)),
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/virtualMachines',
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'locations/virtualMachines',
    rateLimitPolicy: HIGH_COST_GET,
    handler: settled((req, world) => {
      const loc = req.params.location!.replace(/\s+/g, '').toLowerCase();
      return listOf(req, world, (v) => v.location === loc);
    }),
  },
  {
    method: 'GET',
    pattern: RG,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'virtualMachines',
    rateLimitPolicy: HIGH_COST_GET,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = params(req);
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      return listOf(req, world, (v) => eq(v.resourceGroup, resourceGroupName));
    }),
  },
  {
    method: 'GET',
    pattern: `${RG}/{vmName}`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'virtualMachines',
    rateLimitPolicy: LOW_COST_GET,
    handler: oneVm((v, req, world) => renderVm(v, wantsInstanceView(req), world.now())),
  },
  {
    method: 'GET',
    pattern: `${RG}/{vmName}/instanceView`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'virtualMachines',
    rateLimitPolicy: LOW_COST_GET,
    handler: oneVm((v, _req, world) => renderInstanceView(v, world.now())),
  },
];
