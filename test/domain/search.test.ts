/**
 * The pure parts of search: reading a query, matching and ranking records, the plan, and the
 * pacer that keeps calls inside Azure's budgets as its headers report them.
 */
import { describe, expect, it } from 'vitest';
import { createPacer, parseRateLimitHeader, PROBE } from '../../src/domain/pacing.js';
import {
  aliasMatches,
  matchScore,
  parseSearchQuery,
  planSearch,
  nicknamedPublishers,
  rankImages,
  skuMayMatch,
  type CatalogImage,
  type ImageListFacts,
} from '../../src/domain/search.js';

const facts = (o: Partial<ImageListFacts> = {}): ImageListFacts => ({
  os: 'Linux',
  hyperVGeneration: 'V2',
  architecture: 'x64',
  securityType: 'TrustedLaunchSupported',
  deprecation: { state: 'Active' },
  ...o,
});
const img = (urn: string, f?: Partial<ImageListFacts>, version = '1.0.0'): CatalogImage => {
  const [publisher, offer, sku] = urn.split(':') as [string, string, string];
  return { publisher, offer, sku, location: 'eastus', version, facts: facts(f), source: 'azure' };
};

describe('reading a query', () => {
  it('takes filter words out of the text and keeps the rest as terms', () => {
    expect(parseSearchQuery('ubuntu 24.04 arm64')).toMatchObject({ terms: [{ word: 'ubuntu' }, { word: '24.04' }], filters: { arch: 'Arm64' } });
    expect(parseSearchQuery('windows server 2022 trusted launch')).toMatchObject({
      terms: [{ word: 'windows' }, { word: 'server' }, { word: '2022' }],
      filters: { security: 'TrustedLaunch' },
    });
    expect(parseSearchQuery('rhel 9 gen2').filters).toEqual({ gen: 'V2' });
    expect(parseSearchQuery('sles cvm').filters).toEqual({ security: 'ConfidentialVM' });
  });

  it('spells version numbers the ways Azure names do', () => {
    expect(parseSearchQuery('24.04').terms[0]!.forms).toEqual(expect.arrayContaining(['24.04', '24_04', '2404', '24-04']));
  });

  it('lets flags win over words', () => {
    expect(parseSearchQuery('ubuntu arm64', { arch: 'x64' }).filters.arch).toBe('x64');
  });
});

describe('matching and ranking', () => {
  it('matches publishers by their product names: rhel finds RedHat, ubuntu finds Canonical', () => {
    const q = parseSearchQuery('rhel 9');
    expect(matchScore(q, img('RedHat:RHEL:9-lvm-gen2'))).toBeGreaterThan(0);
    expect(matchScore(q, img('RedHat:RHEL-HA:94_gen2'))).toBeGreaterThan(0);
    expect(matchScore(q, img('RedHat:RHEL:8-lvm-gen2', {}, '8.10.2024070513'))).toBe(0);
    expect(matchScore(parseSearchQuery('ubuntu 24.04'), img('Canonical:ubuntu-24_04-lts:server'))).toBeGreaterThan(0);
    expect(matchScore(parseSearchQuery('ubuntu 24.04'), img('Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2'))).toBe(0);
  });

  it('ranks exact names above partial ones, active above deprecated, plain above daily builds', () => {
    const q = parseSearchQuery('debian 12');
    const ranked = rankImages(q, [
      img('Debian:debian-12-daily:12-gen2'),
      img('Debian:debian-12:12', { deprecation: { state: 'Deprecated' } }),
      img('Debian:debian-11:11-gen2'),
      img('Debian:debian-12:12-gen2'),
    ]);
    expect(ranked.map((r) => `${r.offer}:${r.sku}`)).toEqual(['debian-12:12-gen2', 'debian-12-daily:12-gen2', 'debian-12:12']);
  });

  it('filters by architecture, generation, security type, plan and deprecation', () => {
    const items = [
      img('Canonical:ubuntu-24_04-lts:server'),
      img('Canonical:ubuntu-24_04-lts:server-arm64', { architecture: 'Arm64', securityType: 'Standard' }),
      img('Canonical:ubuntu-24_04-lts:server-gen1', { hyperVGeneration: 'V1', securityType: 'Standard' }),
      img('Canonical:ubuntu-24_04-lts:cvm', { securityType: 'ConfidentialVmSupported' }),
      img('Canonical:ubuntu-24_04-lts:pro', { plan: { name: 'pro', publisher: 'canonical', product: 'ubuntu' } }),
      img('Canonical:ubuntu-24_04-lts:old', { deprecation: { state: 'Deprecated' } }),
    ];
    const skus = (text: string, f = {}) => rankImages(parseSearchQuery(text, f), items).map((i) => i.sku).sort();
    expect(skus('ubuntu arm64')).toEqual(['server-arm64']);
    expect(skus('ubuntu', { gen: 'V1' })).toEqual(['server-gen1']);
    expect(skus('ubuntu trusted launch')).toEqual(['old', 'pro', 'server']);
    expect(skus('ubuntu', { security: 'ConfidentialVM' })).toEqual(['cvm']);
    expect(skus('ubuntu', { security: 'Standard' })).toEqual(['old', 'pro', 'server', 'server-arm64', 'server-gen1']);
    expect(skus('ubuntu', { noPlan: true })).not.toContain('pro');
    expect(skus('ubuntu', { noDeprecated: true })).not.toContain('old');
  });

  it('answers from the az CLI aliases before any call', () => {
    const hits = aliasMatches(parseSearchQuery('ubuntu 24.04'), 'eastus');
    expect(hits.map((h) => h.alias)).toEqual(expect.arrayContaining(['Ubuntu2404', 'Ubuntu2404Pro']));
    expect(aliasMatches(parseSearchQuery('ubuntu 24.04 arm64'), 'eastus')).toEqual([]);
  });
});

describe('the plan', () => {
  const region = ['almalinux', 'Canonical', 'Debian', 'fortinet', 'MicrosoftWindowsServer', 'RedHat', 'rhel-tools-inc', 'SUSE', 'zscaler'];

  it('reads matching publishers first, then the well-known ones; a crawl adds the rest', () => {
    const plan = planSearch(parseSearchQuery('rhel 9'), region, false);
    expect(plan.publishers.slice(0, 2)).toEqual(['RedHat', 'rhel-tools-inc']);
    expect(plan.publishers).toEqual(expect.arrayContaining(['Canonical', 'SUSE', 'Debian']));
    expect(plan.publishers).not.toContain('zscaler');
    expect(plan.crawl).toEqual([]);
    expect(planSearch(parseSearchQuery('rhel 9'), region, true).crawl.sort()).toEqual(['fortinet', 'zscaler']);
    // Publishers whose offers are cached cost nothing: a search reads them too (after a crawl, all).
    const known = planSearch(parseSearchQuery('rhel 9'), region, true, new Set(['zscaler']));
    expect(known.publishers.at(-1)).toBe('zscaler');
    expect(known.crawl).toEqual(['fortinet']);
  });

  it('names the well-known publishers a word names by nickname, to read at once beside the publisher list', () => {
    expect(nicknamedPublishers(parseSearchQuery('rhel 9'))).toEqual(['RedHat']);
    expect(nicknamedPublishers(parseSearchQuery('ubuntu 24.04 arm64'))).toEqual(['Canonical']);
    expect(nicknamedPublishers(parseSearchQuery('sles 15')).sort()).toEqual(['SUSE']);
    expect(nicknamedPublishers(parseSearchQuery('canonical'))).toEqual(['Canonical']);
    expect(nicknamedPublishers(parseSearchQuery('fortinet 7'))).toEqual([]);
    expect(nicknamedPublishers(parseSearchQuery('9'))).toEqual([]);
    expect(nicknamedPublishers(parseSearchQuery('rhel', { publishers: ['redhat'] }))).toEqual([]);
  });

  it('with --publisher reads only those', () => {
    expect(planSearch(parseSearchQuery('9', { publishers: ['redhat'] }), region, true)).toEqual({ publishers: ['RedHat'], crawl: [] });
  });

  it('reads the versions of a SKU only when its names match the words (a typed version may match the version itself)', () => {
    const q = parseSearchQuery('rhel 9.6');
    expect(skuMayMatch(q, { publisher: 'RedHat', offer: 'RHEL', sku: '9-lvm-gen2' })).toBe(true);
    expect(skuMayMatch(parseSearchQuery('windows 2022'), { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2019-Datacenter' })).toBe(false);
  });
});

describe('pacing inside the budgets', () => {
  const OFFERS = 'Microsoft.Compute/ListVMImageOffersFromLocation';
  const h = (n3: number, n30: number) => `${OFFERS}3Min;${n3},${OFFERS}30Min;${n30}`;

  it('reads the recorded header', () => {
    expect(parseRateLimitHeader(h(199, 999))).toEqual([
      { policy: OFFERS, window: '3Min', windowMs: 180_000, remaining: 199 },
      { policy: OFFERS, window: '30Min', windowMs: 1_800_000, remaining: 999 },
    ]);
    expect(parseRateLimitHeader('garbage;;')).toEqual([]);
  });

  it('sends a few calls until the budget is known, then goes while there is room, then waits for the window to end', () => {
    const p = createPacer();
    let t = 1_000_000;
    for (let i = 0; i < PROBE; i++) {
      expect(p.decide(OFFERS, t)).toEqual({ go: true });
      p.sent(OFFERS, t);
    }
    expect(p.decide(OFFERS, t)).toEqual({ go: false }); // wait for the first answer
    for (let i = 1; i < PROBE; i++) p.answered(OFFERS, null, t);
    p.answered(OFFERS, h(2, 10), t + 50);
    t += 50;
    p.sent(OFFERS, t);
    p.sent(OFFERS, t);
    // Both remaining calls are in flight: no room even before they answer.
    expect(p.decide(OFFERS, t).go).toBe(false);
    p.answered(OFFERS, h(1, 9), t + 10);
    p.answered(OFFERS, h(0, 8), t + 20);
    const d = p.decide(OFFERS, t + 20);
    expect(d).toEqual({ go: false, waitMs: 180_000 - 20 });
    expect(p.estimateMs({ [OFFERS]: 3 }, t + 20)).toBe(180_000 - 20);
    t += 180_000;
    expect(p.decide(OFFERS, t)).toEqual({ go: true });
  });

  it('a 429 blocks the policy for its Retry-After; the state survives a snapshot', () => {
    const p = createPacer();
    p.sent(OFFERS, 0);
    p.answered(OFFERS, h(150, 900), 10);
    p.sent(OFFERS, 20);
    p.throttled(OFFERS, 60_000, 30);
    expect(p.decide(OFFERS, 40)).toEqual({ go: false, waitMs: 59_990 });
    const resumed = createPacer(JSON.parse(JSON.stringify(p.snapshot())));
    expect(resumed.decide(OFFERS, 40)).toEqual({ go: false, waitMs: 59_990 });
    expect(resumed.decide(OFFERS, 60_030)).toEqual({ go: true });
  });

  it('a 429 that is not the policy\'s own budget (ARM\'s limit, another budget) holds every policy for its Retry-After', () => {
    const SKUS = 'Microsoft.Compute/ListVMImageSkusFromLocation';
    const p = createPacer();
    p.sent(OFFERS, 0);
    p.answered(OFFERS, h(150, 900), 10);
    // The offers budget itself is spent: only offers wait.
    p.sent(OFFERS, 20);
    p.throttled(OFFERS, 60_000, 30, h(0, 899));
    expect(p.decide(OFFERS, 40).go).toBe(false);
    expect(p.decide(SKUS, 40)).toEqual({ go: true });
    // Room left in the header (or no header): a limit they share; SKUs wait too.
    const q = createPacer();
    q.sent(OFFERS, 0);
    q.throttled(OFFERS, 5_000, 10, h(120, 800));
    expect(q.decide(SKUS, 20)).toEqual({ go: false, waitMs: 4_990 });
    expect(q.estimateMs({ [SKUS]: 1 }, 20)).toBe(4_990);
    expect(q.decide(SKUS, 5_010)).toEqual({ go: true });
    const r = createPacer();
    r.throttled(SKUS, 2_000, 0);
    expect(r.decide(OFFERS, 1)).toEqual({ go: false, waitMs: 1_999 });
  });

  it('a state saved with calls in flight resumes with none (their answers will never come), counting them spent', () => {
    const p = createPacer();
    for (let i = 0; i < PROBE; i++) p.sent(OFFERS, 0); // the probes: nothing known yet
    expect(p.decide(OFFERS, 5)).toEqual({ go: false });
    for (let i = 1; i < PROBE; i++) p.answered(OFFERS, null, 5);
    expect(createPacer(p.snapshot()).decide(OFFERS, 5)).toEqual({ go: true });
    p.answered(OFFERS, h(1, 10), 10);
    p.sent(OFFERS, 20); // the last call of the 3-minute window, unanswered when saved
    expect(p.decide(OFFERS, 30).go).toBe(false);
    const resumed = createPacer(p.snapshot());
    expect(resumed.decide(OFFERS, 30)).toEqual({ go: false, waitMs: 180_000 - 20 });
    expect(resumed.decide(OFFERS, 180_010)).toEqual({ go: true });
  });
});
