/**
 * The diagnosis wrapper on the real data layer (the emulator behind the SDK): a wrong name comes
 * back as Azure's error with a hint naming the closest names; a right one is untouched. And the
 * browse target: aliases as `azimg show` reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrowseTarget, withDiagnosis } from '../../src/domain/diagnosing-catalog.js';
import { AzureError } from '../../src/domain/errors.js';
import type { CatalogService } from '../../src/domain/services.js';
import { startDemoServices, type Demo } from '../support/services.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemoServices();
});
afterAll(async () => {
  await demo?.stop();
});

async function failure(p: Promise<unknown>): Promise<AzureError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AzureError);
  return e as AzureError;
}

describe('withDiagnosis', () => {
  it('explains a wrong SKU, offer and publisher with the closest names, keeping Azure’s code', async () => {
    const bare = demo.services.catalog;
    const catalog = withDiagnosis(bare);
    const plain = await failure(bare.getImage('eastus', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'servr', version: 'latest' }));
    expect(plain.hint ?? '').not.toContain('Closest');

    const sku = await failure(catalog.getImage('eastus', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'servr', version: 'latest' }));
    expect(sku.code).toBe(plain.code);
    expect(sku.hint).toContain("has no SKU 'servr' in eastus");
    expect(sku.hint).toContain('Closest: server');

    const offer = await failure(catalog.listSkus('eastus', 'Canonical', 'ubuntu-24-04-lts'));
    expect(offer.hint).toContain('Closest: ubuntu-24_04-lts');

    const publisher = await failure(catalog.listOffers('eastus', 'MicrosoftWindows'));
    expect(publisher.hint).toContain("Publisher 'MicrosoftWindows' has no images in eastus");
    expect(publisher.hint).toMatch(/Closest: .*MicrosoftWindowsServer/);
  });

  it('passes answers through and is applied once however often it is wrapped', async () => {
    let calls = 0;
    const counting: CatalogService = {
      ...demo.services.catalog,
      listLocations: (o) => {
        calls++;
        return demo.services.catalog.listLocations(o);
      },
    };
    const once = withDiagnosis(counting);
    expect(withDiagnosis(once)).toBe(once);
    expect((await once.listSkus('eastus', 'Canonical', 'ubuntu-24_04-lts')).map((s) => s.name)).toContain('server');
    expect(calls).toBe(0);
    await failure(withDiagnosis(once).listSkus('eastus', 'Canonical', 'nope-nope'));
    // One walk down the catalog (it starts with the locations), not one per wrapping.
    expect(calls).toBe(1);
  });
});

describe('parseBrowseTarget', () => {
  it('reads the az CLI aliases as azimg show does, and URN prefixes as before', () => {
    expect(parseBrowseTarget('Ubuntu2404')).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    expect(parseBrowseTarget('win2022datacenter')).toEqual({ publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-g2', version: 'latest' });
    expect(parseBrowseTarget('Canonical')).toEqual({ publisher: 'Canonical' });
    expect(parseBrowseTarget('Canonical:ubuntu-24_04-lts')).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts' });
    // One word that is also the alias's own publisher browses the publisher.
    expect(parseBrowseTarget('Debian')).toEqual({ publisher: 'Debian' });
    expect(() => parseBrowseTarget('Canonical:ubu ntu')).toThrow(/whitespace/);
  });
});
