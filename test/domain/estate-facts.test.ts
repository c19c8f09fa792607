/**
 * The one wording of estate facts the shell and the TUI share: generation, ranges, end of life,
 * replication, the regions a version can be used in, and whether `latest` resolves to it; and
 * the snippet note built from it.
 */
import { describe, expect, it } from 'vitest';
import type { GalleryImageVersion } from '../../src/domain/estate.js';
import {
  architectureWords,
  definitionLatestWords,
  endOfLifeFact,
  generationShort,
  generationWords,
  latestFact,
  rangeWords,
  readyRegions,
  regionRows,
  replicaRegionsNote,
  replicationWords,
} from '../../src/domain/estate-facts.js';
import { latestVersion } from '../../src/domain/estate.js';
import { buildEstateSnippets } from '../../src/domain/estate-snippets.js';
import { galleryDefinition } from '../support/estate-records.js';

const SUB = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';
const base = `/subscriptions/${SUB}/resourceGroups/rg-images-prod/providers/Microsoft.Compute/galleries/gal_platform_prod/images/ubuntu-2204-web`;

const REGIONS = ['East US', 'East US 2', 'West Europe', 'Southeast Asia'];

function version(name: string, over: Partial<GalleryImageVersion> = {}): GalleryImageVersion {
  return {
    id: `${base}/versions/${name}`,
    name,
    definition: 'ubuntu-2204-web',
    gallery: 'gal_platform_prod',
    resourceGroup: 'rg-images-prod',
    subscriptionId: SUB,
    location: 'eastus',
    tags: {},
    excludeFromLatest: false,
    targetRegions: REGIONS.map((r) => ({ name: r, replicaCount: 1, storageAccountType: 'Standard_LRS', excludeFromLatest: false })),
    source: { kind: 'unknown' },
    dataDisks: [],
    provisioningState: 'Succeeded',
    ...over,
  };
}

/** 1.2.0 as the demo has it: still Creating, only East US has its copy. */
const creating = version('1.2.0', {
  provisioningState: 'Creating',
  replication: {
    aggregatedState: 'InProgress',
    regions: [
      { region: 'East US', state: 'Completed', progress: 100 },
      { region: 'East US 2', state: 'Replicating', progress: 72 },
      { region: 'West Europe', state: 'Replicating', progress: 35 },
      { region: 'Southeast Asia', state: 'Replicating', progress: 4 },
    ],
  },
});
const current = version('1.1.0');
const old = version('1.0.0');

const definition = galleryDefinition;

describe('latest', () => {
  const latest = latestVersion([creating, current, old])?.name;

  it('resolves past a version still provisioning', () => {
    expect(latest).toBe('1.1.0');
  });

  it('says a newest version still provisioning is not latest yet, and which one is', () => {
    expect(latestFact(creating, latest)).toEqual({ status: 'provisioning', text: 'not yet (still provisioning); latest is 1.1.0', label: '' });
    expect(latestFact(creating, undefined).text).toBe('not yet (still provisioning); no version is latest yet');
  });

  it('says yes for the version latest resolves to, and names the newer one for an older version', () => {
    expect(latestFact(current, latest)).toEqual({ status: 'latest', text: 'yes: latest resolves to this version', label: 'latest' });
    expect(latestFact(old, latest)).toEqual({ status: 'older', text: 'no: latest is 1.1.0, a newer version', label: '' });
  });

  it('explains exclusion, failure and deletion', () => {
    expect(latestFact(version('1.3.0', { excludeFromLatest: true }), latest)).toEqual({
      status: 'excluded',
      text: 'no: excluded from latest (only a pinned reference uses it)',
      label: 'excluded from latest',
    });
    expect(latestFact(version('1.3.0', { provisioningState: 'Failed' }), latest).text).toBe('no: its provisioning failed; latest is 1.1.0');
    expect(latestFact(version('1.1.0', { provisioningState: 'Deleting' }), '1.0.0').text).toBe('no: it is being deleted; latest is 1.0.0');
    expect(definitionLatestWords('1.1.0')).toBe('1.1.0');
    expect(definitionLatestWords(undefined)).toBe('none yet (no version is ready and included in latest)');
  });
});

describe('regions a version can be used in', () => {
  it('lists only the regions whose copy is complete, and what is still replicating', () => {
    expect(readyRegions(creating)).toEqual(['East US']);
    expect(replicaRegionsNote(creating)).toBe(
      'Version 1.2.0 is ready in East US only (still replicating to East US 2, West Europe, Southeast Asia). Create the VM there, or wait.',
    );
  });

  it('lists every region once the copies are done', () => {
    expect(readyRegions(current)).toEqual(REGIONS);
    expect(replicaRegionsNote(current)).toBe('Version 1.1.0 is replicated to: East US, East US 2, West Europe, Southeast Asia. Create the VM in one of them.');
  });

  it('says when no region has it yet, and where a copy failed', () => {
    const none = version('2.0.0', { provisioningState: 'Creating', replication: { aggregatedState: 'InProgress', regions: REGIONS.map((r) => ({ region: r, state: 'Replicating', progress: 10 })) } });
    expect(readyRegions(none)).toEqual([]);
    expect(replicaRegionsNote(none)).toBe(
      'Version 2.0.0 is not in any region yet (still replicating to East US, East US 2, West Europe, Southeast Asia): wait until a region has it before creating a VM.',
    );
    const failed = version('2.0.1', {
      provisioningState: 'Failed',
      replication: {
        aggregatedState: 'Failed',
        regions: [
          { region: 'East US', state: 'Completed', progress: 100 },
          { region: 'East US 2', state: 'Completed', progress: 100 },
          { region: 'West Europe', state: 'Failed', progress: 20, details: 'Quota exceeded' },
          { region: 'Southeast Asia', state: 'Completed', progress: 100 },
        ],
      },
    });
    expect(replicaRegionsNote(failed)).toBe('Version 2.0.1 is ready in East US, East US 2, Southeast Asia only (failed in West Europe). Create the VM there, or wait.');
    // Without per-region status, a version still Creating is in no region we can vouch for.
    expect(readyRegions(version('2.1.0', { provisioningState: 'Creating' }))).toEqual([]);
  });

  it('puts the snippet in a ready region and says where the VM can go', () => {
    const [az] = buildEstateSnippets({ kind: 'gallery', definition: definition(), version: version('1.2.0', { ...creating, targetRegions: [...creating.targetRegions].reverse() }) });
    expect(az!.text).toMatch(/--location eastus\b/);
    expect(az!.notes).toContain('Version 1.2.0 is ready in East US only (still replicating to Southeast Asia, West Europe, East US 2). Create the VM there, or wait.');
    expect(az!.notes.join(' ')).not.toMatch(/replicated to: .*West Europe/);
  });

  it('gives each target region one row: state, progress, replicas, storage, in latest or excluded', () => {
    const rows = regionRows(version('1.2.0', { ...creating, targetRegions: creating.targetRegions.map((t, i) => ({ ...t, excludeFromLatest: i === 3 })) }));
    expect(rows.map((r) => [r.region, r.state, r.progress, r.latest])).toEqual([
      ['East US', 'Completed', 100, 'in latest'],
      ['East US 2', 'Replicating', 72, 'in latest'],
      ['West Europe', 'Replicating', 35, 'in latest'],
      ['Southeast Asia', 'Replicating', 4, 'excluded'],
    ]);
    expect(regionRows(version('1.3.0', { excludeFromLatest: true })).every((r) => r.latest === 'excluded' && r.state === 'Completed' && r.progress === 100)).toBe(true);
  });
});

describe('the other facts', () => {
  it('words replication the same for every caller', () => {
    expect(replicationWords(creating)).toEqual({ state: 'replicating', text: 'replicating 1/4 regions, 53%' });
    expect(replicationWords(current)).toEqual({ state: 'completed', text: 'replicated to 4 regions' });
    expect(replicationWords(version('1.0.0', { targetRegions: [current.targetRegions[0]!] })).text).toBe('replicated to 1 region');
  });

  it('words end of life by how close it is', () => {
    const now = Date.parse('2026-11-26T00:00:00Z');
    expect(endOfLifeFact(undefined, now)).toEqual({ status: 'none', text: 'not set' });
    expect(endOfLifeFact('2026-01-01T00:00:00Z', now)).toEqual({ status: 'past', text: '2026-01-01 (past)' });
    expect(endOfLifeFact('2026-12-10T00:00:00Z', now)).toEqual({ status: 'soon', text: '2026-12-10 (within 30 days)' });
    expect(endOfLifeFact('2028-01-01T00:00:00Z', now)).toEqual({ status: 'active', text: '2028-01-01' });
  });

  it('words generation, architecture and recommended ranges', () => {
    expect([generationShort('V2'), generationShort('V1'), generationShort(undefined)]).toEqual(['Gen2', 'Gen1', 'Gen?']);
    expect(generationWords('V2')).toBe('Gen2 (Hyper-V V2, UEFI boot)');
    expect(generationWords(undefined)).toBe('not stated');
    expect(architectureWords('Arm64')).toMatch(/^Arm64 \(needs an Arm64 size/);
    expect(rangeWords({ min: 2, max: 16 })).toBe('2–16');
    expect(rangeWords({ min: 4, max: 64 }, 'GiB')).toBe('4–64 GiB');
    expect(rangeWords({ max: 8 })).toBe('up to 8');
    expect(rangeWords({ min: 2 }, 'GiB')).toBe('at least 2 GiB');
    expect(rangeWords(undefined)).toBe('not stated');
  });
});
