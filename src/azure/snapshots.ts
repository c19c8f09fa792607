/**
 * Managed-disk snapshots over @azure/arm-compute: the capture's safety copy of the OS disk.
 */
import type { Snapshot as SdkSnapshot } from '@azure/arm-compute';
import type { Snapshot, SnapshotsService } from '../domain/services.js';
import type { ArmClients } from './connection.js';
import { asPoller, refuseUnderReadOnly, runLro } from './lro.js';
import { byRgThenName, idParts, iso, listAll, sdk, tagsOf } from './shared.js';

export function toSnapshot(s: SdkSnapshot): Snapshot {
  const { id, name, resourceGroup } = idParts(s.id, s.name);
  const out: Snapshot = {
    id,
    name,
    resourceGroup,
    location: s.location,
    tags: tagsOf(s.tags),
    provisioningState: s.provisioningState ?? 'Unknown',
  };
  if (s.creationData?.sourceResourceId) out.sourceDiskId = s.creationData.sourceResourceId;
  const created = iso(s.timeCreated);
  if (created) out.timeCreated = created;
  return out;
}

export function createSnapshotsService(clients: ArmClients): SnapshotsService {
  const { compute } = clients;
  return {
    listSnapshots: async (opts) =>
      (
        await listAll(
          () => (opts?.resourceGroup ? compute.snapshots.listByResourceGroup(opts.resourceGroup, sdk(opts)) : compute.snapshots.list(sdk(opts))),
          toSnapshot,
        )
      ).sort(byRgThenName),
    async createSnapshot(rg, name, source, opts) {
      refuseUnderReadOnly(clients, `snapshot '${rg}/${name}' was not taken`);
      const s = await runLro(
        () =>
          asPoller<SdkSnapshot>(
            compute.snapshots.createOrUpdate(
              rg,
              name,
              { location: source.location, tags: { ...source.tags }, creationData: { createOption: 'Copy', sourceResourceId: source.diskId } },
              { updateIntervalInMs: clients.pollIntervalMs, abortSignal: opts?.signal },
            ),
          ),
        opts,
        { action: `the snapshot ${rg}/${name}`, check: `See whether it exists with: az snapshot show -g ${rg} -n ${name}` },
      );
      return toSnapshot(s);
    },
  };
}
