/**
 * The catalog service through @azure/arm-compute against the emulator over HTTPS: domain
 * records out, Azure's case and ordering rules, `latest`, every image fact, errors explained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainCatalogError } from '../../src/domain/diagnose.js';
import { AzureError } from '../../src/domain/errors.js';
import { compareVersions } from '../../src/domain/version.js';
import { startDemoServices, type Demo } from '../support/services.js';
import { failure } from '../support/errors.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemoServices();
});
afterAll(() => demo.stop());

const catalog = () => demo.services.catalog;

describe('catalog lists', () => {
  it('lists a big region’s ~2,000+ publishers, sorted for people, real names included', async () => {
    const pubs = await catalog().listPublishers('eastus');
    expect(pubs.length).toBeGreaterThan(1900);
    const names = pubs.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Canonical', 'MicrosoftWindowsServer', 'RedHat', 'SUSE', 'Debian', 'almalinux']));
    const lower = names.map((n) => n.toLowerCase());
    expect([...lower].sort()).toEqual(lower);
  });

  it('smaller regions list fewer publishers', async () => {
    const big = await catalog().listPublishers('eastus');
    const small = await catalog().listPublishers('qatarcentral');
    expect(small.length).toBeLessThan(big.length);
  });

  it('matches names case-insensitively and returns Azure’s canonical case', async () => {
    const offers = await catalog().listOffers('EastUS', 'canonical');
    expect(offers.map((o) => o.name)).toContain('ubuntu-24_04-lts');
    const skus = await catalog().listSkus('eastus', 'CANONICAL', 'UBUNTU-24_04-LTS');
    expect(skus.map((s) => s.name)).toEqual(expect.arrayContaining(['server', 'server-gen1']));
  });

  it('spells every name as Azure does, whatever case the user typed (read back from the ids)', async () => {
    const img = await catalog().getImage('eastus', { publisher: 'canonical', offer: 'UBUNTU-24_04-LTS', sku: 'SERVER', version: 'latest' });
    expect(img.urn).toMatchObject({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' });
    const [v] = await catalog().listVersions('eastus', 'CANONICAL', 'Ubuntu-24_04-LTS', 'Server');
    expect(v).toMatchObject({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' });
    const [sku] = await catalog().listSkus('eastus', 'canonical', 'UBUNTU-24_04-LTS');
    expect(sku).toMatchObject({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts' });
    const [offer] = await catalog().listOffers('eastus', 'CANONICAL');
    expect(offer!.publisher).toBe('Canonical');
  });

  it('reads automatic OS upgrade support from the SKU list (a field the SDK model drops)', async () => {
    const skus = await catalog().listSkus('eastus', 'MicrosoftWindowsServer', 'WindowsServer');
    expect(skus.some((s) => s.automaticOSUpgradeSupported)).toBe(true);
    expect(skus.some((s) => !s.automaticOSUpgradeSupported)).toBe(true);
  });

  it('orders versions numerically, newest first, even where Azure’s own order is textual', async () => {
    const versions = (await catalog().listVersions('eastus', 'RedHat', 'RHEL', '8-lvm-gen2')).map((v) => v.version);
    expect(versions.length).toBeGreaterThan(2);
    expect([...versions].sort((a, b) => compareVersions(b, a))).toEqual(versions);
    // RHEL 8.10 is newer than 8.9 although "8.9" > "8.10" as text.
    const i10 = versions.findIndex((v) => v.startsWith('8.10.'));
    const i9 = versions.findIndex((v) => v.startsWith('8.9.'));
    if (i10 >= 0 && i9 >= 0) expect(i10).toBeLessThan(i9);
  });

  it('returns an empty list for a SKU with no versions', async () => {
    await expect(catalog().listVersions('eastus', 'MicrosoftWindowsServer', 'WindowsServer', '2012-Datacenter')).resolves.toEqual([]);
  });

  it('lists regions with display names', async () => {
    const locs = await catalog().listLocations();
    expect(locs.find((l) => l.name === 'northeurope')).toMatchObject({ displayName: 'North Europe', geography: 'Europe' });
  });
});

describe('image details', () => {
  it('resolves latest to the newest version and reports it was resolved', async () => {
    const versions = await catalog().listVersions('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server');
    const img = await catalog().getImage('eastus', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    expect(img.urn.version).toBe(versions[0]!.version);
    expect(img.resolvedFromLatest).toBe(true);
    expect(img).toMatchObject({ os: 'Linux', hyperVGeneration: 'V2', architecture: 'x64' });
    expect(img.osDiskSizeGb).toBeGreaterThan(0);
    expect(img.securityType).not.toBe('Standard');
    expect(img.id).toMatch(/^\/Subscriptions\/.+\/Versions\//);
  });

  it('keeps a pinned version as asked', async () => {
    const [, older] = await catalog().listVersions('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server');
    const img = await catalog().getImage('eastus', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: older!.version });
    expect(img.urn.version).toBe(older!.version);
    expect(img.resolvedFromLatest).toBe(false);
  });

  it('reports a Gen1 Windows image with its disk size', async () => {
    const img = await catalog().getImage('eastus', { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2019-datacenter', version: 'latest' });
    expect(img).toMatchObject({ os: 'Windows', hyperVGeneration: 'V1', securityType: 'Standard', osDiskSizeGb: 127 });
  });

  it('reports an Arm64 image', async () => {
    const img = await catalog().getImage('eastus', { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-arm64', version: 'latest' });
    expect(img.architecture).toBe('Arm64');
  });

  it('reports a purchase plan', async () => {
    const img = await catalog().getImage('eastus', { publisher: 'almalinux', offer: 'almalinux-x86_64', sku: '9-gen2', version: 'latest' });
    expect(img.plan).toEqual({ name: '9-gen2', publisher: 'almalinux', product: 'almalinux-x86_64' });
  });

  it('reports scheduled deprecation with its date and alternative', async () => {
    const img = await catalog().getImage('eastus', { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-Datacenter', version: 'latest' });
    expect(img.deprecation.state).toBe('ScheduledForDeprecation');
    expect(img.deprecation.scheduledTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(img.deprecation.alternative).toEqual({ type: 'Sku', value: '2025-datacenter' });
  });

  it('reports a deprecated image', async () => {
    const img = await catalog().getImage('eastus', { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2012-R2-Datacenter', version: 'latest' });
    expect(img.deprecation.state).toBe('Deprecated');
  });

  it('reports data disk images', async () => {
    const img = await catalog().getImage('eastus', { publisher: 'netapp', offer: 'netapp-ontap-cloud', sku: 'ontap_cloud_byol', version: 'latest' });
    expect(img.dataDisks.map((d) => d.lun)).toEqual([0, 1]);
  });

  it('says a SKU without versions has nothing to resolve latest to', async () => {
    const e = await failure(catalog().getImage('eastus', { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2012-Datacenter', version: 'latest' }));
    expect(e.code).toBe('NoImageVersions');
  });
});

describe('errors, explained', () => {
  it('passes on Azure’s NotFound for an unknown offer', async () => {
    const e = await failure(catalog().listSkus('eastus', 'Canonical', 'no-such-offer'));
    expect(e).toMatchObject({ kind: 'notFound', status: 404, code: 'NotFound' });
  });

  it('names the missing level and the closest real names', async () => {
    const urn = { publisher: 'Canonical', offer: 'ubuntu-24-04-lts', sku: 'server', version: 'latest' };
    const e = await failure(catalog().getImage('eastus', urn));
    const explained = (await explainCatalogError(catalog(), 'eastus', urn, e)) as AzureError;
    expect(explained.code).toBe('NotFound');
    // Azure's own message stays; the finding and the closest names are the hint.
    expect(explained.message).toBe(e.message);
    expect(explained.hint).toMatch(/^Canonical offers no 'ubuntu-24-04-lts' in eastus\. Closest: ubuntu-24_04-lts/);
    expect(explained.hint).toContain('azimg ls offers Canonical');
  });

  it('explains an unknown region instead of ARM’s long list', async () => {
    const e = await failure(catalog().listPublishers('eastus9'));
    const explained = (await explainCatalogError(catalog(), 'eastus9', {}, e)) as AzureError;
    // ARM's message goes on to list every api-version and region: its first sentence is kept.
    expect(e.message.length).toBeGreaterThan(200);
    expect(explained.message).toMatch(/^No registered resource provider found for location 'eastus9'.*\.$/);
    expect(explained.message.length).toBeLessThan(200);
    expect(explained.hint).toMatch(/^'eastus9' is not a region this subscription can use\. Closest: eastus/);
  });

  it('names a missing version and shows the newest ones', async () => {
    const urn = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.1' };
    const e = await failure(catalog().getImage('eastus', urn));
    const explained = (await explainCatalogError(catalog(), 'eastus', urn, e)) as AzureError;
    expect(explained.message).toBe(e.message);
    expect(explained.hint).toMatch(/has no version 24\.04\.1 in eastus\. Newest: 24\.04\.\d+/);
  });
});
