/**
 * Facts derived from a marketplace image's `features` list, and what they mean for the VM that
 * uses it. Azure returns features as `{name, value}` string pairs, e.g.
 * `SecurityType=TrustedLaunchSupported`, `IsAcceleratedNetworkSupported=True`,
 * `DiskControllerTypes=SCSI, NVMe`, `IsHibernateSupported=True`.
 */
import type { HyperVGeneration, ImageDetails, ImageFeature, ImageSecurityType } from './types.js';
import { parseSecurityType, vmTypesAllowedBy, type VmSecurityType } from './security.js';

/** The security type a VM is created with (ARM `securityProfile.securityType`); defined in security.ts. */
export type { VmSecurityType };

/** Facts read off the features list. Absent features stay `undefined` ("not stated"). */
export interface DerivedFeatures {
  /** `Standard` when the image declares no (or an unknown) `SecurityType`. */
  securityType: ImageSecurityType;
  acceleratedNetworking?: boolean;
  hibernate?: boolean;
  /** e.g. `['SCSI', 'NVMe']`. */
  diskControllerTypes?: string[];
}

function feature(features: readonly ImageFeature[], name: string): string | undefined {
  // Feature names are matched case-insensitively, like every other Azure name.
  return features.find((f) => f.name.toLowerCase() === name.toLowerCase())?.value.trim();
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Reads the well-known features into typed facts. */
export function deriveFeatures(features: readonly ImageFeature[]): DerivedFeatures {
  const rawType = feature(features, 'SecurityType');
  const securityType = parseSecurityType(rawType) ?? 'Standard';
  const out: DerivedFeatures = { securityType };
  const an = flag(feature(features, 'IsAcceleratedNetworkSupported'));
  if (an !== undefined) out.acceleratedNetworking = an;
  const hib = flag(feature(features, 'IsHibernateSupported'));
  if (hib !== undefined) out.hibernate = hib;
  const dct = feature(features, 'DiskControllerTypes');
  if (dct) out.diskControllerTypes = dct.split(',').map((s) => s.trim()).filter(Boolean);
  return out;
}

/**
 * Security types a VM from this image may use, the preferred one first.
 * Trusted Launch and Confidential VMs need Generation 2, so a Gen1 image only runs Standard.
 * `…Supported` values allow Standard too; `TrustedLaunch` / `ConfidentialVM` require that type.
 */
export function allowedSecurityTypes(img: { securityType: ImageSecurityType; hyperVGeneration: HyperVGeneration }): VmSecurityType[] {
  if (img.hyperVGeneration !== 'V2') return ['Standard'];
  return vmTypesAllowedBy(img.securityType);
}

/** The security type snippets use unless told otherwise: the most secure one the image takes. */
export function defaultSecurityType(img: { securityType: ImageSecurityType; hyperVGeneration: HyperVGeneration }): VmSecurityType {
  return allowedSecurityTypes(img)[0] as VmSecurityType;
}

/** A VM size that fits the image, for snippets: Arm64, confidential or plain x64. */
export function suggestedVmSize(img: Pick<ImageDetails, 'architecture'>, securityType: VmSecurityType): string {
  if (img.architecture === 'Arm64') return 'Standard_D2ps_v5';
  if (securityType === 'ConfidentialVM') return 'Standard_DC2as_v5';
  // Dsv5 takes Gen1 and Gen2, Trusted Launch, premium disks and SCSI: a safe general default.
  return 'Standard_D2s_v5';
}

/**
 * What a person must know before creating a VM from this image: size constraints, plan terms,
 * deprecation. One short sentence each, most urgent first.
 */
export function imageRequirements(img: ImageDetails, securityType: VmSecurityType = defaultSecurityType(img)): string[] {
  const notes: string[] = [];
  const d = img.deprecation;
  const alt = d.alternative ? ` The publisher suggests ${d.alternative.type.toLowerCase()} ${d.alternative.value} instead.` : '';
  if (d.state === 'Deprecated') {
    notes.push(`DEPRECATED: Azure no longer creates new VMs from this image version.${alt}`);
  } else if (d.state === 'ScheduledForDeprecation') {
    const when = d.scheduledTime ? ` on ${d.scheduledTime.slice(0, 10)}` : '';
    notes.push(`Scheduled for deprecation${when}: new VMs from it will then be refused.${alt}`);
  }
  if (img.plan) {
    notes.push(
      `Marketplace plan ${img.plan.publisher}/${img.plan.product}/${img.plan.name}: accept its terms once per subscription before the first deployment, and pass the plan with the VM.`,
    );
  }
  if (img.architecture === 'Arm64') {
    notes.push('Arm64 image: needs an Arm64 VM size, e.g. Standard_D2ps_v5 (Dpsv5 family).');
  }
  if (img.hyperVGeneration === 'V2') {
    notes.push('Generation 2 image: needs a size that supports Gen2 VMs (e.g. Dsv5, Dpsv5, DCasv5 families).');
  } else {
    notes.push('Generation 1 image: runs only as a Gen1 VM, so Trusted Launch and Confidential VM are not available.');
  }
  if (securityType === 'TrustedLaunch') {
    notes.push('Trusted Launch: Secure Boot and vTPM are switched on.');
  } else if (securityType === 'ConfidentialVM') {
    notes.push('Confidential VM: needs a confidential size such as Standard_DC2as_v5 (DCasv5/ECasv5) and an OS-disk security encryption type.');
  }
  const allowed = allowedSecurityTypes(img);
  if (securityType !== 'ConfidentialVM' && allowed.includes('ConfidentialVM')) {
    notes.push('Also supports Confidential VMs: choose security type ConfidentialVM with a DCasv5/ECasv5 size.');
  }
  if (img.diskControllerTypes && img.diskControllerTypes.length > 0 && !img.diskControllerTypes.some((t) => t.toLowerCase() === 'scsi')) {
    notes.push(`Disk controller ${img.diskControllerTypes.join(', ')} only: pick a size that offers it.`);
  }
  if (img.dataDisks.length > 0) {
    notes.push(`Brings ${img.dataDisks.length} data disk${img.dataDisks.length === 1 ? '' : 's'} (LUN ${img.dataDisks.map((x) => x.lun).join(', ')}).`);
  }
  return notes;
}
