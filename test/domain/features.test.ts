import { describe, expect, it } from 'vitest';
import {
  allowedSecurityTypes,
  defaultSecurityType,
  deriveFeatures,
  imageRequirements,
  suggestedVmSize,
} from '../../src/domain/features.js';
import type { ImageSecurityType } from '../../src/domain/types.js';
import { HAVE_FIXTURES, readCassette } from '../support/fixtures.js';
import { imageDetails } from '../support/images.js';

describe('deriveFeatures', () => {
  it('reads the well-known features, names and values case-insensitively', () => {
    expect(
      deriveFeatures([
        { name: 'SecurityType', value: 'TrustedLaunchAndConfidentialVmSupported' },
        { name: 'IsAcceleratedNetworkSupported', value: 'True' },
        { name: 'isHibernateSupported', value: 'false' },
        { name: 'DiskControllerTypes', value: 'SCSI, NVMe' },
        { name: 'SomethingNew', value: 'x' },
      ]),
    ).toEqual({ securityType: 'TrustedLaunchAndConfidentialVmSupported', acceleratedNetworking: true, hibernate: false, diskControllerTypes: ['SCSI', 'NVMe'] });
    expect(deriveFeatures([{ name: 'securitytype', value: 'trustedlaunchsupported' }]).securityType).toBe('TrustedLaunchSupported');
  });

  it('leaves absent facts unstated and defaults the security type to Standard', () => {
    expect(deriveFeatures([])).toEqual({ securityType: 'Standard' });
    expect(deriveFeatures([{ name: 'SecurityType', value: 'SomethingFuture' }])).toEqual({ securityType: 'Standard' });
    expect(deriveFeatures([{ name: 'IsAcceleratedNetworkSupported', value: 'maybe' }])).toEqual({ securityType: 'Standard' });
  });
});

describe.skipIf(!HAVE_FIXTURES)('features in recorded Azure traffic', () => {
  it('reads the features of the recorded Ubuntu 18.04 image', () => {
    const show = readCassette('azure-cli-recordings/test_vm_image_show.yaml').find((x) => x.status === 200)!;
    const body = JSON.parse(show.body) as { properties: { features: { name: string; value: string }[] } };
    const f = deriveFeatures(body.properties.features);
    expect(f.acceleratedNetworking).toBe(true);
    expect(f.securityType).toBe('Standard'); // this 2020 Gen1 image declares none
  });

  it('reads the gallery image definition features (DiskControllerTypes, SecurityType)', () => {
    const x = readCassette('azure-cli-recordings/test_gallery_image_definition_update_features.yaml').find(
      (r) => r.method === 'PUT' && r.body.includes('DiskControllerTypes'),
    )!;
    const body = JSON.parse(x.body) as { properties: { features: { name: string; value: string }[] } };
    expect(deriveFeatures(body.properties.features)).toEqual({ securityType: 'TrustedLaunch', diskControllerTypes: ['SCSI'] });
  });
});

describe('allowed and default security types', () => {
  it.each<[ImageSecurityType, 'V1' | 'V2', string[]]>([
    ['Standard', 'V2', ['Standard']],
    ['TrustedLaunchSupported', 'V2', ['TrustedLaunch', 'Standard']],
    ['TrustedLaunch', 'V2', ['TrustedLaunch']],
    ['ConfidentialVmSupported', 'V2', ['ConfidentialVM']],
    ['ConfidentialVM', 'V2', ['ConfidentialVM']],
    ['TrustedLaunchAndConfidentialVmSupported', 'V2', ['TrustedLaunch', 'ConfidentialVM', 'Standard']],
    // Trusted Launch and CVM need Gen2: a Gen1 image runs Standard whatever it declares.
    ['TrustedLaunchSupported', 'V1', ['Standard']],
    ['TrustedLaunchAndConfidentialVmSupported', 'V1', ['Standard']],
  ])('%s on %s allows %j', (securityType, hyperVGeneration, allowed) => {
    expect(allowedSecurityTypes({ securityType, hyperVGeneration })).toEqual(allowed);
    expect(defaultSecurityType({ securityType, hyperVGeneration })).toBe(allowed[0]);
  });

  it('suggests a size that fits', () => {
    expect(suggestedVmSize({ architecture: 'x64' }, 'TrustedLaunch')).toBe('Standard_D2s_v5');
    expect(suggestedVmSize({ architecture: 'x64' }, 'Standard')).toBe('Standard_D2s_v5');
    expect(suggestedVmSize({ architecture: 'x64' }, 'ConfidentialVM')).toBe('Standard_DC2as_v5');
    expect(suggestedVmSize({ architecture: 'Arm64' }, 'TrustedLaunch')).toBe('Standard_D2ps_v5');
  });
});

describe('imageRequirements', () => {
  it('plain Gen2 Trusted Launch image', () => {
    expect(imageRequirements(imageDetails())).toEqual([
      'Generation 2 image: needs a size that supports Gen2 VMs (e.g. Dsv5, Dpsv5, DCasv5 families).',
      'Trusted Launch: Secure Boot and vTPM are switched on.',
    ]);
  });

  it('Gen1 image', () => {
    expect(imageRequirements(imageDetails({ hyperVGeneration: 'V1', securityType: 'Standard' }))).toEqual([
      'Generation 1 image: runs only as a Gen1 VM, so Trusted Launch and Confidential VM are not available.',
    ]);
  });

  it('puts deprecation first and names the alternative', () => {
    const dep = imageRequirements(imageDetails({ deprecation: { state: 'Deprecated', alternative: { type: 'Offer', value: 'ubuntu-24_04-lts' } } }));
    expect(dep[0]).toBe('DEPRECATED: Azure no longer creates new VMs from this image version. The publisher suggests offer ubuntu-24_04-lts instead.');
    const sched = imageRequirements(imageDetails({ deprecation: { state: 'ScheduledForDeprecation', scheduledTime: '2025-04-30T00:00:00+00:00' } }));
    expect(sched[0]).toBe('Scheduled for deprecation on 2025-04-30: new VMs from it will then be refused.');
  });

  it('plan, Arm64, confidential option, NVMe-only controllers and data disks', () => {
    const notes = imageRequirements(
      imageDetails({
        architecture: 'Arm64',
        securityType: 'TrustedLaunchAndConfidentialVmSupported',
        plan: { name: 'p', product: 'prod', publisher: 'pub' },
        diskControllerTypes: ['NVMe'],
        dataDisks: [{ lun: 0 }, { lun: 1 }],
      }),
    );
    expect(notes).toEqual([
      'Marketplace plan pub/prod/p: accept its terms once per subscription before the first deployment, and pass the plan with the VM.',
      'Arm64 image: needs an Arm64 VM size, e.g. Standard_D2ps_v5 (Dpsv5 family).',
      'Generation 2 image: needs a size that supports Gen2 VMs (e.g. Dsv5, Dpsv5, DCasv5 families).',
      'Trusted Launch: Secure Boot and vTPM are switched on.',
      'Also supports Confidential VMs: choose security type ConfidentialVM with a DCasv5/ECasv5 size.',
      'Disk controller NVMe only: pick a size that offers it.',
      'Brings 2 data disks (LUN 0, 1).',
    ]);
  });

  it('confidential VM chosen', () => {
    const notes = imageRequirements(imageDetails({ securityType: 'ConfidentialVmSupported' }));
    expect(notes).toContain(
      'Confidential VM: needs a confidential size such as Standard_DC2as_v5 (DCasv5/ECasv5) and an OS-disk security encryption type.',
    );
    expect(notes.some((n) => n.startsWith('Also supports Confidential'))).toBe(false);
  });
});
