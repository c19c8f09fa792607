/**
 * Virtual machine actions: `start`, `powerOff`, `deallocate` (long-running: 202 with
 * Azure-AsyncOperation + Location + azure-asyncnotification, empty body, as the recorded
 * deallocate), `generalize` (200, empty body, as recorded) and `runCommand` (long-running; the
 * monitor URL answers `{value: [InstanceViewStatus…]}` once done). The rules live in
 * world/estate-vms.ts.
 */
import { COMPUTE_API_VERSIONS } from '../api-versions.js';
import { armError, resourceGroupNotFound, resourceNotFound, type EmuResponse } from '../arm.js';
import { acceptedResponse, type EmuOperation } from '../lro.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import { findResourceGroup, findVm, type EmuVm } from '../world/estate.js';
import { empty, params, policy, settled } from '../world/estate-http.js';
import { beginPowerAction, beginRunCommand, generalizeVm, isRefusal, type PowerAction, type RunCommandInput } from '../world/estate-vms.js';

// Recorded: deallocate counts against DeleteVM, generalize against UpdateVM. start/powerOff and
// runCommand are "Update VM" operations in the compute throttling docs.
const UPDATE_VM = policy('UpdateVM', 240, 1200);
const DELETE_VM = policy('DeleteVM', 240, 1200);

const RG = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines';

/** Runs `act` on the VM the path names, after ARM's 404s for a missing group or VM. */
function onVm(act: (v: EmuVm, req: EmuRequest, world: World) => EmuResponse) {
  return settled((req, world) => {
    const { subscriptionId, resourceGroupName, vmName } = params(req);
    if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
    const v = findVm(world.estate, subscriptionId, resourceGroupName, vmName);
    return v ? act(v, req, world) : resourceNotFound('Microsoft.Compute/virtualMachines', vmName, resourceGroupName);
  });
}

function startOp(req: EmuRequest, world: World, v: EmuVm, spec: { steps: number; durationMs?: number; outcome?: EmuOperation['outcome']; onComplete?: () => void }) {
  return world.estate.operations.start(world, {
    subscriptionId: v.subscriptionId,
    location: v.location,
    kind: 'operations',
    apiVersion: req.apiVersion,
    steps: spec.steps,
    durationMs: spec.durationMs,
    outcome: spec.outcome,
    onComplete: spec.onComplete,
  });
}

function powerRoute(action: PowerAction, rateLimitPolicy: ReturnType<typeof policy>): Route {
  return {
    method: 'POST',
    pattern: `${RG}/{vmName}/${action}`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'virtualMachines',
    rateLimitPolicy,
    handler: onVm((v, req, world) => {
      const out = beginPowerAction(world, v, action, (steps, onComplete) => startOp(req, world, v, { steps, onComplete }));
      if (isRefusal(out)) return armError(out.status, out.code, out.message, undefined, 'crlf');
      return acceptedResponse(out, req.origin, { status: 202 });
    }),
  };
}

export const vmActionRoutes: Route[] = [
  powerRoute('start', UPDATE_VM),
  powerRoute('powerOff', UPDATE_VM),
  powerRoute('deallocate', DELETE_VM),
  {
    method: 'POST',
    pattern: `${RG}/{vmName}/generalize`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'virtualMachines',
    rateLimitPolicy: UPDATE_VM,
    handler: onVm((v) => {
      const refused = generalizeVm(v);
      return refused ? armError(refused.status, refused.code, refused.message, undefined, 'crlf') : empty(200);
    }),
  },
  {
    method: 'POST',
    pattern: `${RG}/{vmName}/runCommand`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'virtualMachines',
    rateLimitPolicy: UPDATE_VM,
    handler: onVm((v, req, world) => {
      const input = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as RunCommandInput;
      const out = beginRunCommand(world, v, input, (spec) => startOp(req, world, v, spec));
      if (isRefusal(out)) return armError(out.status, out.code, out.message, undefined, 'crlf');
      return acceptedResponse(out, req.origin, { status: 202 });
    }),
  },
];
