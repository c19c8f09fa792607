/**
 * One JSON vocabulary: every command's `--json`, key by key and type by type, as the README's
 * "JSON output" section documents it. A field means the same thing wherever it appears: `urn` is
 * always the string `P:O:S:V` (its parts are `urnParts`), `latest` is always "latest resolves to
 * this version" (a boolean), `facts` is always the record's fact sections, `snippets` always
 * `{ az, bicep, terraform, arm }`. A key added, dropped or retyped fails here first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/domain/services.js';
import { parseUrn } from '../../src/domain/urn.js';
import { runLs, runShow, type LsArgs } from '../../src/shell/catalog.js';
import { runGalleries, type GalleriesArgs } from '../../src/shell/galleries.js';
import { runImages, type ImagesArgs } from '../../src/shell/images.js';
import type { Output } from '../../src/shell/output.js';
import { startDemoServices, type Demo } from '../support/services.js';

type T = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';
/** Key → type; a trailing `?` marks a key Azure may leave out; `a|b` either type. */
type Shape = Record<string, `${T}${'' | '?'}` | `${T}|${T}${'' | '?'}`>;

const typeOf = (v: unknown): T => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as T));

function expectShape(value: unknown, shape: Shape, where: string): void {
  expect(typeOf(value), where).toBe('object');
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) expect(Object.keys(shape), `${where}: key "${key}" is not documented`).toContain(key);
  for (const [key, spec] of Object.entries(shape)) {
    const optional = spec.endsWith('?');
    const types = spec.replace('?', '').split('|');
    if (!(key in o)) {
      expect(optional, `${where}: key "${key}" is missing`).toBe(true);
      continue;
    }
    expect(types, `${where}.${key}`).toContain(typeOf(o[key]));
  }
}

/** What a SKU or version row says of its image (null where Azure's answer had no properties). */
const LIST_FACTS: Shape = {
  hyperVGeneration: 'string|null',
  architecture: 'string|null',
  securityType: 'string|null',
  plan: 'object|null',
  deprecation: 'object|null',
};
const FACT_SECTION: Shape = { title: 'string', facts: 'array' };
const FACT: Shape = { label: 'string', value: 'string', tone: 'string?', note: 'string?' };
const SNIPPETS: Shape = { az: 'string', bicep: 'string', terraform: 'string', arm: 'string' };

function expectFacts(sections: unknown, where: string): void {
  expect(typeOf(sections)).toBe('array');
  expect((sections as unknown[]).length).toBeGreaterThan(0);
  for (const s of sections as { facts: unknown[] }[]) {
    expectShape(s, FACT_SECTION, `${where}.facts[]`);
    for (const f of s.facts) expectShape(f, FACT, `${where}.facts[].facts[]`);
  }
}

const ESTATE: Shape = { id: 'string', name: 'string', resourceGroup: 'string', subscriptionId: 'string', location: 'string', tags: 'object' };
const MANAGED_IMAGE: Shape = {
  ...ESTATE,
  osType: 'string',
  osState: 'string',
  hyperVGeneration: 'string?',
  source: 'object',
  osDisk: 'object',
  dataDisks: 'array',
  zoneResilient: 'boolean',
  provisioningState: 'string',
};
const GALLERY: Shape = { ...ESTATE, description: 'string?', uniqueName: 'string?', sharing: 'string?', provisioningState: 'string' };
const DEFINITION: Shape = {
  ...ESTATE,
  gallery: 'string',
  description: 'string?',
  identifier: 'object',
  osType: 'string',
  osState: 'string',
  hyperVGeneration: 'string?',
  architecture: 'string',
  securityType: 'string',
  features: 'array',
  recommended: 'object',
  disallowedDiskTypes: 'array',
  endOfLifeDate: 'string?',
  eula: 'string?',
  releaseNoteUri: 'string?',
  privacyStatementUri: 'string?',
  plan: 'object?',
  provisioningState: 'string',
};
const VERSION: Shape = {
  ...ESTATE,
  gallery: 'string',
  // The definition's name, as in every version record.
  definition: 'string',
  publishedDate: 'string?',
  endOfLifeDate: 'string?',
  excludeFromLatest: 'boolean',
  replicaCount: 'number?',
  storageAccountType: 'string?',
  replicationMode: 'string?',
  targetRegions: 'array',
  replication: 'object?',
  source: 'object',
  osDiskSizeGb: 'number?',
  osDiskHostCaching: 'string?',
  dataDisks: 'array',
  provisioningState: 'string',
  latest: 'boolean',
  endOfLifeStatus: 'string',
  replicationSummary: 'object',
};
const IMAGE: Shape = {
  urn: 'string',
  urnParts: 'object',
  resolvedFromLatest: 'boolean',
  location: 'string',
  os: 'string',
  osDiskSizeGb: 'number?',
  hyperVGeneration: 'string',
  architecture: 'string',
  dataDisks: 'array',
  features: 'array',
  securityType: 'string',
  acceleratedNetworking: 'boolean?',
  hibernate: 'boolean?',
  diskControllerTypes: 'array?',
  deprecation: 'object',
  automaticOSUpgradeSupported: 'boolean?',
  disallowedVmDiskType: 'string?',
  replicaType: 'string?',
  plan: 'object?',
  id: 'string?',
  facts: 'array',
  snippets: 'object',
};

let demo: Demo;
let services: Services;
beforeAll(async () => {
  demo = await startDemoServices();
  services = demo.services;
});
afterAll(() => demo.stop());

async function json(run: (o: Output) => Promise<number>): Promise<unknown> {
  let out = '';
  const code = await run({ out: (t) => (out += t), err: () => {} });
  expect(code).toBe(0);
  return JSON.parse(out);
}

const ls = (a: Partial<LsArgs> & Pick<LsArgs, 'kind'>) => json((o) => runLs(services, { location: 'eastus', json: true, ...a }, o));
const images = (a: Partial<ImagesArgs> & Pick<ImagesArgs, 'action'>) => json((o) => runImages(services, { json: true, ...a }, o));
const galleries = (a: Partial<GalleriesArgs> & Pick<GalleriesArgs, 'action'>) => json((o) => runGalleries(services, { json: true, ...a }, o));

function expectEach(value: unknown, shape: Shape, where: string): unknown[] {
  expect(typeOf(value), where).toBe('array');
  const items = value as unknown[];
  expect(items.length, where).toBeGreaterThan(0);
  for (const [i, item] of items.entries()) expectShape(item, shape, `${where}[${i}]`);
  return items;
}

describe('--json shapes', () => {
  it('ls locations|publishers|offers|skus|versions: arrays of flat records; versions carry the urn string', async () => {
    expectEach(await ls({ kind: 'locations' }), { name: 'string', displayName: 'string', geography: 'string?', category: 'string?' }, 'ls locations');
    expectEach(await ls({ kind: 'publishers' }), { name: 'string', location: 'string' }, 'ls publishers');
    expectEach(await ls({ kind: 'offers', publisher: 'Canonical' }), { publisher: 'string', name: 'string', location: 'string' }, 'ls offers');
    expectEach(
      await ls({ kind: 'skus', publisher: 'Canonical', offer: 'ubuntu-24_04-lts' }),
      {
        publisher: 'string',
        offer: 'string',
        name: 'string',
        location: 'string',
        automaticOSUpgradeSupported: 'boolean?',
        versionCount: 'number',
        latestVersion: 'string|null',
        hasVersions: 'boolean',
        ...LIST_FACTS,
      },
      'ls skus',
    );
    const versions = expectEach(
      await ls({ kind: 'versions', publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' }),
      { publisher: 'string', offer: 'string', sku: 'string', version: 'string', location: 'string', urn: 'string', ...LIST_FACTS },
      'ls versions',
    ) as { urn: string; version: string }[];
    expect(versions[0]!.urn).toBe(`Canonical:ubuntu-24_04-lts:server:${versions[0]!.version}`);
  });

  it('show: the image, urn as the string and urnParts, facts and snippets', async () => {
    for (const text of ['Canonical:ubuntu-24_04-lts:server:latest', 'RedHat:rhel-byos:rhel-lvm96-gen2:latest', 'MicrosoftWindowsServer:WindowsServer:2012-R2-Datacenter:latest']) {
      const img = (await json((o) => runShow(services, { urn: parseUrn(text), location: 'eastus', json: true }, o))) as Record<string, unknown>;
      expectShape(img, IMAGE, `show ${text}`);
      expectShape(img.urnParts, { publisher: 'string', offer: 'string', sku: 'string', version: 'string' }, 'show.urnParts');
      expect(img.urn).toBe(Object.values(img.urnParts as object).join(':'));
      expectFacts(img.facts, 'show');
      expectShape(img.snippets, SNIPPETS, 'show.snippets');
    }
  });

  it('images ls and show', async () => {
    expectEach(await images({ action: 'ls' }), MANAGED_IMAGE, 'images ls');
    const one = (await images({ action: 'show', target: 'rg-legacy-migration/img-win2016-app01-capture' })) as Record<string, unknown>;
    expectShape(one, { ...MANAGED_IMAGE, facts: 'array', snippets: 'object' }, 'images show');
    expectFacts(one.facts, 'images show');
    expectShape(one.snippets, SNIPPETS, 'images show.snippets');
  });

  it('galleries ls and show at each level', async () => {
    expectEach(await galleries({ action: 'ls' }), GALLERY, 'galleries ls');
    expectEach(await galleries({ action: 'ls', path: 'gal_platform_prod' }), DEFINITION, 'galleries ls G');
    expectEach(await galleries({ action: 'ls', path: 'gal_platform_prod/win2022-iis' }), VERSION, 'galleries ls G/D');

    const g = (await galleries({ action: 'show', path: 'gal_platform_prod' })) as Record<string, unknown>;
    expectShape(g, { ...GALLERY, definitions: 'array', facts: 'array' }, 'galleries show G');
    expectFacts(g.facts, 'galleries show G');

    const d = (await galleries({ action: 'show', path: 'gal_platform_prod/win2022-iis' })) as Record<string, unknown>;
    expectShape(d, { ...DEFINITION, latestVersion: 'string|null', versions: 'array', facts: 'array', snippets: 'object' }, 'galleries show G/D');
    expectFacts(d.facts, 'galleries show G/D');

    const v = (await galleries({ action: 'show', path: 'gal_platform_prod/win2022-iis/1.0.0' })) as Record<string, unknown>;
    expectShape(v, { ...VERSION, imageDefinition: 'object', facts: 'array', snippets: 'object' }, 'galleries show G/D/V');
    expectShape(v.imageDefinition, DEFINITION, 'galleries show G/D/V.imageDefinition');
    expectFacts(v.facts, 'galleries show G/D/V');
  });
});
