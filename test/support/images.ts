/** Marketplace image details for domain tests, built from one plausible image. */
import type { ImageDetails } from '../../src/domain/types.js';

/**
 * Canonical:ubuntu-24_04-lts:server:24.04.202411030 in eastus (Linux, Gen2, x64, Trusted Launch
 * supported, active, no plan, no data disks), as the details service returns it, with `over`
 * applied. No features and no automatic OS upgrade unless `over` says so.
 */
export function imageDetails(over: Partial<ImageDetails> = {}): ImageDetails {
  return {
    urn: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.202411030' },
    resolvedFromLatest: false,
    location: 'eastus',
    os: 'Linux',
    hyperVGeneration: 'V2',
    architecture: 'x64',
    dataDisks: [],
    features: [],
    securityType: 'TrustedLaunchSupported',
    deprecation: { state: 'Active' },
    automaticOSUpgradeSupported: false,
    ...over,
  };
}
