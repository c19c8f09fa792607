/** The one security-type model: parser, words, what a definition lets a VM run as, and what fits a capture. */
import { describe, expect, it } from 'vitest';
import {
  SECURITY_FEATURES,
  describeSecurityType,
  describeVmSecurityType,
  fits,
  parseSecurityType,
  parseVmSecurityType,
  securityTypeFromFeatures,
  vmTypesAllowedBy,
  VM_SECURITY_TYPES,
  type SecurityFeature,
  type VmSecurityType,
} from '../../src/domain/security.js';
import { allowedSecurityTypes, deriveFeatures } from '../../src/domain/features.js';

describe('parseSecurityType', () => {
  it.each([
    ['TrustedLaunch', 'TrustedLaunch'],
    ['trustedlaunch', 'TrustedLaunch'],
    ['CONFIDENTIALVM', 'ConfidentialVM'],
    ['ConfidentialVMSupported', 'ConfidentialVmSupported'], // one canonical spelling whatever the case
    [' TrustedLaunchSupported ', 'TrustedLaunchSupported'],
    ['trustedlaunchandconfidentialvmsupported', 'TrustedLaunchAndConfidentialVmSupported'],
    ['', 'Standard'],
    [undefined, 'Standard'],
    ['standard', 'Standard'],
    ['Shielded', undefined],
  ] as const)('%j → %s', (text, expected) => {
    expect(parseSecurityType(text)).toBe(expected);
  });

  it('reads only the three types a VM runs as', () => {
    expect(parseVmSecurityType('trustedLAUNCH')).toBe('TrustedLaunch');
    expect(parseVmSecurityType(undefined)).toBe('Standard');
    expect(parseVmSecurityType('TrustedLaunchSupported')).toBeUndefined();
  });

  it('reads the SecurityType feature in any case, Standard when absent or unknown', () => {
    expect(securityTypeFromFeatures([{ name: 'securitytype', value: 'confidentialvmsupported' }])).toBe('ConfidentialVmSupported');
    expect(securityTypeFromFeatures([{ name: 'IsHibernateSupported', value: 'True' }])).toBe('Standard');
    expect(securityTypeFromFeatures([{ name: 'SecurityType', value: 'Whatever' }])).toBe('Standard');
    // The marketplace reader uses the same parser.
    expect(deriveFeatures([{ name: 'SECURITYTYPE', value: 'trustedlaunch' }]).securityType).toBe('TrustedLaunch');
  });
});

describe('words', () => {
  it('gives every type its own words', () => {
    const words = SECURITY_FEATURES.map(describeSecurityType);
    expect(new Set(words).size).toBe(SECURITY_FEATURES.length);
    expect(describeSecurityType('TrustedLaunch')).toBe('Trusted Launch (required)');
    expect(describeSecurityType('ConfidentialVmSupported')).toBe('Confidential VM supported');
    expect(VM_SECURITY_TYPES.map(describeVmSecurityType)).toEqual(['Standard', 'Trusted Launch', 'Confidential VM']);
  });
});

describe('what an image lets a VM run as', () => {
  it.each([
    ['Standard', ['Standard']],
    ['TrustedLaunch', ['TrustedLaunch']],
    ['TrustedLaunchSupported', ['TrustedLaunch', 'Standard']],
    ['ConfidentialVmSupported', ['ConfidentialVM']],
    ['TrustedLaunchAndConfidentialVmSupported', ['TrustedLaunch', 'ConfidentialVM', 'Standard']],
  ] as const)('%s → %j', (t, expected) => {
    expect(vmTypesAllowedBy(t)).toEqual(expected);
    // features.ts adds only the Gen1 rule on top of the same model.
    expect(allowedSecurityTypes({ securityType: t, hyperVGeneration: 'V2' })).toEqual(expected);
    expect(allowedSecurityTypes({ securityType: t, hyperVGeneration: 'V1' })).toEqual(['Standard']);
  });
});

describe('fits: a VM source into a definition', () => {
  const all = SECURITY_FEATURES;
  it.each(VM_SECURITY_TYPES.map((v) => [v] as const))('%s fits only a definition of its own type', (vm: VmSecurityType) => {
    const fitting = all.filter((d) => fits(vm, d).fits);
    expect(fitting).toEqual([vm]);
  });

  it.each([
    ['TrustedLaunch', 'TrustedLaunchSupported', 'supported-from-vm'],
    ['Standard', 'TrustedLaunchSupported', 'supported-from-vm'],
    ['ConfidentialVM', 'TrustedLaunchAndConfidentialVmSupported', 'supported-from-vm'],
    ['Standard', 'TrustedLaunch', 'mismatch'],
    ['TrustedLaunch', 'ConfidentialVM', 'mismatch'],
    ['ConfidentialVM', 'Standard', 'mismatch'],
  ] as const)('%s into %s: %s, with a reason', (vm: VmSecurityType, def: SecurityFeature, misfit) => {
    const f = fits(vm, def);
    expect(f).toMatchObject({ fits: false, misfit });
    // The reason names the definition's type: Azure's value for the refused ones, plain words otherwise.
    expect(f.reason).toContain(misfit === 'supported-from-vm' ? def : describeSecurityType(def));
  });
});
