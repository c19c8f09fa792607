/**
 * One model of Azure's security types, for VMs, marketplace images and gallery image definitions.
 *
 * - A VM runs as one of three types (ARM `securityProfile.securityType`; absent means Standard):
 *   `Standard`, `TrustedLaunch`, `ConfidentialVM`.
 * - An image (marketplace image or gallery definition) declares what VMs made from it may run as,
 *   through its `SecurityType` feature: the three above mean "required", and the `…Supported`
 *   values mean "may run as that type, or Standard". Azure spells the values
 *   `TrustedLaunchSupported`, `TrustedLaunch`, `ConfidentialVmSupported`, `ConfidentialVM`,
 *   `TrustedLaunchAndConfidentialVmSupported`; no feature means Standard.
 *
 * Facts (CAPTURE-NOTES): Trusted Launch and Confidential VMs need Generation 2; a managed image
 * cannot be made from a Trusted Launch or Confidential VM; a gallery definition whose type does
 * not fit refuses the VM; and Azure refuses a `TrustedLaunchSupported` definition for a version
 * whose source is a VM (packer-plugin-azure#304).
 */
import type { ImageSecurityType } from './types.js';

/** The security type a VM runs as. */
export type VmSecurityType = 'Standard' | 'TrustedLaunch' | 'ConfidentialVM';

/** The security type an image or gallery definition declares (its `SecurityType` feature). */
export type SecurityFeature = ImageSecurityType;

/** Every value, in Azure's spelling, most permissive last. */
export const SECURITY_FEATURES: readonly SecurityFeature[] = [
  'Standard',
  'TrustedLaunch',
  'ConfidentialVM',
  'TrustedLaunchSupported',
  'ConfidentialVmSupported',
  'TrustedLaunchAndConfidentialVmSupported',
];

export const VM_SECURITY_TYPES: readonly VmSecurityType[] = ['Standard', 'TrustedLaunch', 'ConfidentialVM'];

/**
 * The one parser: any security type Azure writes, in any letter case, to its canonical spelling.
 * Absent or empty text is `Standard` (Azure leaves the field out for Standard);
 * text that is no security type is `undefined`.
 */
export function parseSecurityType(text: string | undefined | null): SecurityFeature | undefined {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '') return 'Standard';
  return SECURITY_FEATURES.find((k) => k.toLowerCase() === t);
}

/** The VM security type in `text` (`securityProfile.securityType`); `undefined` when it is not one. */
export function parseVmSecurityType(text: string | undefined | null): VmSecurityType | undefined {
  const t = parseSecurityType(text);
  return t !== undefined && isVmSecurityType(t) ? t : undefined;
}

export function isVmSecurityType(t: string): t is VmSecurityType {
  return (VM_SECURITY_TYPES as readonly string[]).includes(t);
}

/** The security type a definition or image declares through its features (`Standard` when none or unknown). */
export function securityTypeFromFeatures(features: readonly { name?: string; value?: string }[]): SecurityFeature {
  const f = features.find((x) => x.name?.toLowerCase() === 'securitytype');
  return parseSecurityType(f?.value) ?? 'Standard';
}

/** Plain words, the same in every view. */
export function describeSecurityType(t: SecurityFeature): string {
  switch (t) {
    case 'Standard':
      return 'Standard';
    case 'TrustedLaunch':
      return 'Trusted Launch (required)';
    case 'ConfidentialVM':
      return 'Confidential VM (required)';
    case 'TrustedLaunchSupported':
      return 'Trusted Launch supported';
    case 'ConfidentialVmSupported':
      return 'Confidential VM supported';
    case 'TrustedLaunchAndConfidentialVmSupported':
      return 'Trusted Launch and Confidential VM supported';
  }
}

/** Plain words for the type a VM runs as. */
export function describeVmSecurityType(t: VmSecurityType): string {
  switch (t) {
    case 'Standard':
      return 'Standard';
    case 'TrustedLaunch':
      return 'Trusted Launch';
    case 'ConfidentialVM':
      return 'Confidential VM';
  }
}

/** True when the type needs a Generation 2 (Hyper-V V2) VM or image. */
export function needsGen2(t: SecurityFeature): boolean {
  return t !== 'Standard';
}

/** Security types a VM made from a (Generation 2) image with this feature may run as, the preferred first. */
export function vmTypesAllowedBy(t: SecurityFeature): VmSecurityType[] {
  switch (t) {
    case 'Standard':
      return ['Standard'];
    case 'TrustedLaunch':
      return ['TrustedLaunch'];
    case 'ConfidentialVM':
      return ['ConfidentialVM'];
    case 'TrustedLaunchSupported':
      return ['TrustedLaunch', 'Standard'];
    case 'ConfidentialVmSupported':
      // Confidential images carry a CVM-specific boot setup; Azure only deploys them as CVMs.
      return ['ConfidentialVM'];
    case 'TrustedLaunchAndConfidentialVmSupported':
      return ['TrustedLaunch', 'ConfidentialVM', 'Standard'];
  }
}

/** The definition security type that captures a VM of this type as it is. */
export function definitionSecurityFor(vm: VmSecurityType): SecurityFeature {
  return vm;
}

/** Why a VM of type `vm` cannot be the source of a version in a definition of type `definition`. */
export type SecurityMisfit =
  /** The definition's type is a `…Supported` one, which Azure refuses for a VM source. */
  | 'supported-from-vm'
  /** The definition's type is not the VM's. */
  | 'mismatch';

export interface SecurityFit {
  fits: boolean;
  misfit?: SecurityMisfit;
  /** One sentence: why not, in plain words. Absent when it fits. */
  reason?: string;
}

/**
 * Whether a version captured from a VM running as `vm` may go into a definition declaring
 * `definition`. A VM source needs the definition to declare exactly the VM's type: Azure refuses
 * `TrustedLaunchSupported` for a VM source, and a version whose disk was built for one type only
 * deploys as that type. (The other `…Supported` values are refused the same way here: a guess by
 * analogy, since Azure documents the refusal for `TrustedLaunchSupported` only.)
 */
export function fits(vm: VmSecurityType, definition: SecurityFeature): SecurityFit {
  if (definition === vm) return { fits: true };
  if (definition.endsWith('Supported')) {
    return {
      fits: false,
      misfit: 'supported-from-vm',
      reason: `A definition declaring ${definition} cannot take a version captured from a VM; Azure accepts such a definition only for versions from disks, snapshots or VHDs.`,
    };
  }
  return {
    fits: false,
    misfit: 'mismatch',
    reason: `The VM runs as ${describeVmSecurityType(vm)}, but the definition declares ${describeSecurityType(definition)}; a version from this VM needs a definition declaring ${definitionSecurityFor(vm)}.`,
  };
}
