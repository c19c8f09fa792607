/** Domain records for estate tests, built as the demo has them; override what a test is about. */
import type { GalleryImageDefinition } from '../../src/domain/estate.js';

export const DEMO_SUB = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';

/** gal_platform_prod/ubuntu-2204-web: generalized Linux Gen2, Trusted Launch. */
export function galleryDefinition(over: Partial<GalleryImageDefinition> = {}): GalleryImageDefinition {
  return {
    id: `/subscriptions/${DEMO_SUB}/resourceGroups/rg-images-prod/providers/Microsoft.Compute/galleries/gal_platform_prod/images/ubuntu-2204-web`,
    name: 'ubuntu-2204-web',
    gallery: 'gal_platform_prod',
    resourceGroup: 'rg-images-prod',
    subscriptionId: DEMO_SUB,
    location: 'eastus',
    tags: {},
    identifier: { publisher: 'Contoso', offer: 'ubuntu-web', sku: '22_04-lts-gen2' },
    osType: 'Linux',
    osState: 'Generalized',
    hyperVGeneration: 'V2',
    architecture: 'x64',
    securityType: 'TrustedLaunch',
    features: [{ name: 'SecurityType', value: 'TrustedLaunch' }],
    recommended: {},
    disallowedDiskTypes: [],
    provisioningState: 'Succeeded',
    ...over,
  };
}
