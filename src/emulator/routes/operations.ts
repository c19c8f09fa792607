/**
 * Status of long-running operations: the `Azure-AsyncOperation` URL answers
 * `{startTime, [endTime], status, name}`; the `Location` (`monitor=true`) URL answers 202 while it
 * runs and 200 with the operation's result (empty for deletes and actions) once done, as recorded
 * for a real deallocate. Compute uses `.../operations/{id}`, the Gallery RP `.../capsOperations/{id}`,
 * the Disk RP `.../DiskOperations/{id}` (whose finished status also carries `properties.output`,
 * the resource; not recorded, see ../NOTES.md).
 */
import { COMPUTE_API_VERSIONS, GALLERY_API_VERSIONS } from '../api-versions.js';
import { armError, ok, type EmuResponse } from '../arm.js';
import { operationStatus, operationStatusBody, operationUrls, type OperationKind } from '../lro.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import { empty, policy, settled } from '../world/estate-http.js';
import { DISK_API_VERSIONS } from './disks.js';

const API_VERSIONS = [...new Set<string>([...COMPUTE_API_VERSIONS, ...GALLERY_API_VERSIONS, ...DISK_API_VERSIONS])].sort();

function answer(kind: OperationKind) {
  return (req: EmuRequest, world: World): EmuResponse => {
    const op = world.estate.operations.find(req.params.subscriptionId!, req.params.operationId!, kind);
    if (!op) return armError(404, 'NotFound', 'The entity was not found in this Azure location.');
    const now = world.now();
    const status = operationStatus(op, now);
    if (req.query('monitor')?.toLowerCase() !== 'true') {
      const body = operationStatusBody(op, now);
      if (kind === 'DiskOperations' && status === 'Succeeded' && op.outcome.status === 'Succeeded' && op.outcome.body !== undefined) {
        // Disk RP: the finished status carries the resource, before `name`.
        const { name, ...rest } = body;
        return ok({ ...rest, properties: { output: op.outcome.body }, name });
      }
      return ok(body);
    }
    // The monitor URL: still running → 202 pointing at itself; done → the result.
    if (status === 'InProgress') return empty(202, { location: operationUrls(op, req.origin).location });
    if (op.outcome.status === 'Failed') return armError(op.outcome.httpStatus ?? 500, op.outcome.error.code, op.outcome.error.message);
    if (op.outcome.status === 'Canceled') return armError(409, 'OperationCanceled', 'The operation was canceled.');
    return op.outcome.body === undefined ? empty(200) : ok(op.outcome.body);
  };
}

export const operationRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/operations/{operationId}',
    apiVersions: API_VERSIONS,
    resourceType: 'locations/operations',
    rateLimitPolicy: policy('GetOperation', 15000, 30000),
    handler: settled(answer('operations')),
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/capsOperations/{operationId}',
    apiVersions: API_VERSIONS,
    resourceType: 'locations/capsOperations',
    rateLimitPolicy: policy('GetOperationStatus', 5000, 15000),
    handler: settled(answer('capsOperations')),
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/DiskOperations/{operationId}',
    apiVersions: API_VERSIONS,
    resourceType: 'locations/DiskOperations',
    rateLimitPolicy: policy('GetOperation', 15000, 30000),
    handler: settled(answer('DiskOperations')),
  },
];
