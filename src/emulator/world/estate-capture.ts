/**
 * Capture rules as Azure enforces them when an image is written from a VM: a managed image from
 * `properties.sourceVirtualMachine`, a gallery image version from
 * `storageProfile.source.virtualMachineId` (or `.source.id`). Each refusal carries Azure's code and
 * text where one is documented (see ../NOTES.md for which are guesses).
 */
import type { EmuGalleryImage, EmuPlan, EmuVm } from './estate.js';
import type { Refusal } from './estate-vms.js';

const genLabel = (g: 'V1' | 'V2') => (g === 'V2' ? 'Gen2' : 'Gen1');
const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** Refusals common to every capture target. */
function commonChecks(v: EmuVm): Refusal | undefined {
  if (v.osDisk.ephemeral) {
    return {
      status: 409,
      code: 'OperationNotAllowed',
      message: `Capturing an image of virtual machine '${v.name}' is not supported because it uses an ephemeral OS disk.`,
    };
  }
  return undefined;
}

/** Why Azure refuses a managed image from `v` (with the requested `hyperVGeneration`, V1 when absent is inherited), if it does. */
export function managedImageRefusal(v: EmuVm, input: { location?: string; hyperVGeneration?: string }): Refusal | undefined {
  const common = commonChecks(v);
  if (common) return common;
  if (v.securityType) {
    return {
      status: 409,
      code: 'OperationNotAllowed',
      message: `Creation of managed images are not supported for virtual machine with ${v.securityType} security type.`,
    };
  }
  if (v.architecture === 'Arm64') {
    return { status: 409, code: 'OperationNotAllowed', message: `Creation of managed images are not supported for virtual machine with Arm64 architecture.` };
  }
  if (!v.generalized) {
    return { status: 409, code: 'OperationNotAllowed', message: `The operation 'Create Image' requires the Virtual Machine '${v.name}' to be Generalized.` };
  }
  const gen = input.hyperVGeneration ?? v.hyperVGeneration;
  if (gen !== v.hyperVGeneration) {
    return {
      status: 400,
      code: 'InvalidParameter',
      message: `The Input HyperVGeneration property: '${gen}' does not match with the HyperVGeneration of the source Virtual Machine: '${genLabel(v.hyperVGeneration)}'.`,
    };
  }
  if (input.location && norm(input.location) !== norm(v.location)) {
    return {
      status: 400,
      code: 'InvalidParameter',
      message: `The image must be in the same location as its source virtual machine '${v.name}' ('${v.location}').`,
    };
  }
  return undefined;
}

/** The SecurityType feature of a definition: `Standard` when absent. */
export function definitionSecurityType(d: EmuGalleryImage): string {
  return d.features.find((f) => f.name.toLowerCase() === 'securitytype')?.value ?? 'Standard';
}

const planText = (p?: EmuPlan) => (p ? `publisher '${p.publisher}', product '${p.product}', name '${p.name}'` : 'none');
const samePlan = (a?: EmuPlan, b?: EmuPlan) =>
  (!a && !b) ||
  (!!a && !!b && a.name.toLowerCase() === b.name.toLowerCase() && a.publisher.toLowerCase() === b.publisher.toLowerCase() && a.product.toLowerCase() === b.product.toLowerCase());

/** Why Azure refuses a gallery image version of definition `d` from VM `v` to `targetRegions`, if it does. */
export function galleryVersionRefusal(v: EmuVm, vmId: string, d: EmuGalleryImage, targetRegions: readonly string[]): Refusal | undefined {
  const common = commonChecks(v);
  if (common) return common;
  const bad = (message: string): Refusal => ({ status: 400, code: 'InvalidParameter', message });
  if (d.osType !== v.osType) {
    return bad(`The OS type '${v.osType}' of the source '${vmId}' does not match the OS type '${d.osType}' of the gallery image '${d.name}'.`);
  }
  if (d.osState === 'Generalized' && !v.generalized) {
    return bad(`The gallery image '${d.name}' has OS state 'Generalized', but the source virtual machine '${v.name}' is not generalized. Generalize the virtual machine, or use a gallery image with OS state 'Specialized'.`);
  }
  if (d.osState === 'Specialized' && v.generalized) {
    return bad(`The gallery image '${d.name}' has OS state 'Specialized', but the source virtual machine '${v.name}' is generalized.`);
  }
  if (d.hyperVGeneration !== v.hyperVGeneration) {
    return bad(`The source '${vmId}' has a different Hypervisor generation ['${v.hyperVGeneration}'] than the parent gallery image Hypervisor generation ['${d.hyperVGeneration}'].`);
  }
  const sec = definitionSecurityType(d);
  if (/supported$/i.test(sec)) {
    return bad(`'${sec}' is not supported for the source id '${vmId}'.`);
  }
  const vmSec = v.securityType ?? 'Standard';
  if (sec.toLowerCase() !== vmSec.toLowerCase()) {
    if (sec !== 'Standard') {
      return bad(`The provided gallery image only supports creation of VMs and VM Scale Sets with '${sec}' security type. The source '${vmId}' has security type '${vmSec}'.`);
    }
    return bad(`The source '${vmId}' has security type '${vmSec}', which the gallery image '${d.name}' does not support. Use a gallery image with the feature SecurityType '${vmSec}'.`);
  }
  if (d.architecture !== v.architecture) {
    return bad(`The architecture '${v.architecture}' of the source '${vmId}' does not match the architecture '${d.architecture}' of the gallery image '${d.name}'.`);
  }
  if (!samePlan(d.purchasePlan, v.plan)) {
    return bad(`The purchase plan of the source '${vmId}' (${planText(v.plan)}) does not match the purchase plan of the gallery image '${d.name}' (${planText(d.purchasePlan)}).`);
  }
  if (!targetRegions.some((r) => norm(r) === norm(v.location))) {
    return bad(`The target regions of the gallery image version must include the region of its source '${vmId}' ('${v.location}').`);
  }
  return undefined;
}
