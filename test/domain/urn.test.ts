import { describe, expect, it } from 'vitest';
import { UsageError, describeError } from '../../src/domain/errors.js';
import type { Urn } from '../../src/domain/types.js';
import {
  IMAGE_ALIASES,
  URN_HINT,
  compareUrns,
  formatUrn,
  formatUrnPrefix,
  isPinned,
  parseImageArgument,
  parseUrn,
  parseUrnPrefix,
  resolveAlias,
  sameUrn,
} from '../../src/domain/urn.js';
import { HAVE_FIXTURES, fixturePath, readCassette } from '../support/fixtures.js';
import { readFileSync } from 'node:fs';

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('parseUrn', () => {
  it.each<[string, Urn]>([
    ['Canonical:ubuntu-24_04-lts:server:latest', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }],
    [
      'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:22.04.202411030',
      { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: '22.04.202411030' },
    ],
    [
      'MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:20348.2849.241106',
      { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: '20348.2849.241106' },
    ],
    ['OpenLogic:CentOS:7.5:7.5.201808150', { publisher: 'OpenLogic', offer: 'CentOS', sku: '7.5', version: '7.5.201808150' }],
    ['Debian:debian-12:12-gen2:0.20241111.1928', { publisher: 'Debian', offer: 'debian-12', sku: '12-gen2', version: '0.20241111.1928' }],
    ['  Canonical:UbuntuServer:18.04-LTS:LATEST  ', { publisher: 'Canonical', offer: 'UbuntuServer', sku: '18.04-LTS', version: 'latest' }],
  ])('reads %s', (text, urn) => {
    expect(parseUrn(text)).toEqual(urn);
  });

  it.each([
    ['', 'No image URN given.'],
    ['   ', 'No image URN given.'],
    ['Canonical', '"Canonical" has 1 part; a URN has 4 (Publisher:Offer:Sku:Version).'],
    ['Canonical:ubuntu', '"Canonical:ubuntu" has 2 parts; a URN has 4 (Publisher:Offer:Sku:Version).'],
    [
      'Canonical:ubuntu-24_04-lts:server',
      '"Canonical:ubuntu-24_04-lts:server" has 3 parts; a URN has 4 (Publisher:Offer:Sku:Version). Add :latest for the newest version, e.g. Canonical:ubuntu-24_04-lts:server:latest.',
    ],
    [
      'Canonical:ubuntu-24_04-lts:server:latest:extra',
      '"Canonical:ubuntu-24_04-lts:server:latest:extra" has 5 parts; a URN has 4 (Publisher:Offer:Sku:Version). Colons only separate the four parts; names never contain one.',
    ],
    [':ubuntu-24_04-lts:server:latest', 'The Publisher part of ":ubuntu-24_04-lts:server:latest" is empty.'],
    ['Canonical::server:latest', 'The Offer part of "Canonical::server:latest" is empty.'],
    ['Canonical:ubuntu-24_04-lts::latest', 'The Sku part of "Canonical:ubuntu-24_04-lts::latest" is empty.'],
    ['Canonical:ubuntu-24_04-lts:server:', 'The Version part of "Canonical:ubuntu-24_04-lts:server:" is empty; use latest or Major.Minor.Build.'],
    ['Canonical:ubuntu 24:server:latest', '"Canonical:ubuntu 24:server:latest" contains whitespace; a URN has none.'],
    ['Canonical:ubuntu-24_04-lts:ser\tver:latest', '"Canonical:ubuntu-24_04-lts:ser\\tver:latest" contains whitespace; a URN has none.'],
    [
      'Cano/nical:ubuntu:server:latest',
      'The Publisher "Cano/nical" contains "/"; Publisher names use only letters, digits, ".", "-" and "_".',
    ],
    [
      'Canonical:ubuntu@24#x:server:latest',
      'The Offer "ubuntu@24#x" contains "@", "#"; Offer names use only letters, digits, ".", "-" and "_".',
    ],
    [
      'Canonical:ubuntu:"server":latest',
      'The Sku ""server"" contains \'"\'; Sku names use only letters, digits, ".", "-" and "_".',
    ],
    [
      'Canonical:ubuntu:server:1.2',
      'Version "1.2" has 2 parts; Azure image versions have exactly 3 (Major.Minor.Build). In a URN the version is latest or Major.Minor.Build.',
    ],
    [
      'Canonical:ubuntu:server:newest',
      'Version "newest" has 1 part; Azure image versions have exactly 3 (Major.Minor.Build). In a URN the version is latest or Major.Minor.Build.',
    ],
    [
      'Canonical:ubuntu:server:24.04.x',
      'Version "24.04.x": the Build part "x" is not a whole number. In a URN the version is latest or Major.Minor.Build.',
    ],
    [
      'Canonical:ubuntu:server:1.2.99999999999',
      'Version "1.2.99999999999": the Build part 99999999999 is larger than 2147483647, the most Azure allows. In a URN the version is latest or Major.Minor.Build.',
    ],
  ])('rejects %j precisely', (text, message) => {
    const e = usageError(() => parseUrn(text));
    expect(e.message).toBe(message);
    // What the shell prints: one line, saying what a URN looks like, once.
    const line = describeError(e);
    expect(line.split('Publisher:Offer:Sku:Version').length - 1).toBe(1);
    if (!message.includes('Publisher:Offer:Sku:Version')) expect(e.hint).toBe(URN_HINT);
    expect(describeError(e)).not.toContain('\n');
  });

  it('round-trips through formatUrn', () => {
    for (const t of ['Canonical:ubuntu-24_04-lts:server:latest', 'RedHat:RHEL:8-lvm-gen2:8.10.2024110612']) {
      expect(formatUrn(parseUrn(t))).toBe(t);
    }
  });

  it('says whether the version is pinned', () => {
    expect(isPinned(parseUrn('a:b:c:1.2.3'))).toBe(true);
    expect(isPinned(parseUrn('a:b:c:latest'))).toBe(false);
  });
});

describe('parseUrnPrefix', () => {
  it.each([
    ['Canonical', { publisher: 'Canonical' }],
    ['Canonical:', { publisher: 'Canonical' }],
    ['Canonical:ubuntu-24_04-lts', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts' }],
    ['Canonical:ubuntu-24_04-lts:server', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' }],
    ['Canonical:ubuntu-24_04-lts:server:Latest', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }],
    ['Canonical:ubuntu-24_04-lts:server:24.04.202411030', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.202411030' }],
  ])('reads %s', (text, prefix) => {
    expect(parseUrnPrefix(text)).toEqual(prefix);
    expect(formatUrnPrefix(parseUrnPrefix(text))).toBe(text.replace(/:$/, '').replace(/Latest$/, 'latest'));
  });

  it.each([
    ['', 'Nothing to browse: give at least a publisher, e.g. Canonical.'],
    ['a:b:c:1.0.0:e', '"a:b:c:1.0.0:e" has 5 parts; a URN has at most 4 (Publisher:Offer:Sku:Version).'],
    ['Canonical::server', 'The Offer part of "Canonical::server" is empty.'],
    ['Canonical::', 'The Offer part of "Canonical::" is empty.'],
    ['Cano nical', '"Cano nical" contains whitespace; a URN has none.'],
    ['Canonical:ub%untu', 'The Offer "ub%untu" contains "%"; Offer names use only letters, digits, ".", "-" and "_".'],
    ['a:b:c:1.0', 'Version "1.0" has 2 parts; Azure image versions have exactly 3 (Major.Minor.Build).'],
  ])('rejects %j', (text, message) => {
    const e = usageError(() => parseUrnPrefix(text));
    expect(e.message).toBe(message);
    expect(e.hint).toBe(URN_HINT);
  });
});

describe('sameUrn and compareUrns', () => {
  const u = (t: string) => parseUrn(t);
  it.each([
    ['Canonical:ubuntu-24_04-lts:server:latest', 'canonical:UBUNTU-24_04-LTS:Server:LATEST', true],
    ['Canonical:ubuntu-24_04-lts:server:24.04.202411030', 'CANONICAL:ubuntu-24_04-lts:server:24.4.202411030', true],
    ['Canonical:ubuntu-24_04-lts:server:24.04.202411030', 'Canonical:ubuntu-24_04-lts:server:24.04.202411031', false],
    ['Canonical:ubuntu-24_04-lts:server:latest', 'Canonical:ubuntu-24_04-lts:server:24.04.202411030', false],
    ['Canonical:ubuntu-24_04-lts:server:latest', 'Canonical:ubuntu-24_04-lts:server-arm64:latest', false],
  ])('%s vs %s -> %s', (a, b, same) => {
    expect(sameUrn(u(a), u(b))).toBe(same);
    expect(sameUrn(u(b), u(a))).toBe(same);
  });

  it('orders by names case-insensitively, then versions numerically, latest last', () => {
    const list = [
      'canonical:b:s:1.10.0',
      'Canonical:a:s:9.9.9',
      'Canonical:B:s:1.9.0',
      'Canonical:b:s:latest',
      'Alma:x:y:1.0.0',
    ].map(u);
    expect([...list].sort(compareUrns).map(formatUrn)).toEqual([
      'Alma:x:y:1.0.0',
      'Canonical:a:s:9.9.9',
      'Canonical:B:s:1.9.0',
      'canonical:b:s:1.10.0',
      'Canonical:b:s:latest',
    ]);
  });
});

describe('aliases', () => {
  it.each([
    ['Ubuntu2404', 'Canonical:ubuntu-24_04-lts:server:latest', 'Linux'],
    ['ubuntu2204', 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest', 'Linux'],
    ['Win2022AzureEditionCore', 'MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition-core:latest', 'Windows'],
    ['WIN2022DATACENTER', 'MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2:latest', 'Windows'],
    ['AzureLinux4Arm64', 'microsoftazurelinux:azurelinux-4:4-arm64:latest', 'Linux'],
    ['Debian11', 'Debian:debian-11:11-backports-gen2:latest', 'Linux'],
  ])('%s resolves to %s', (name, urn, os) => {
    const a = resolveAlias(name);
    expect(a && formatUrn(a.urn)).toBe(urn);
    expect(a?.os).toBe(os);
    expect(parseImageArgument(name)).toEqual({ urn: parseUrn(urn), alias: a });
  });

  it('marks Arm64 aliases and keeps retired ones resolvable but flagged', () => {
    expect(resolveAlias('AzureLinux4Arm64')?.architecture).toBe('Arm64');
    expect(resolveAlias('Ubuntu2404')?.architecture).toBe('x64');
    expect(resolveAlias('UbuntuLTS')).toMatchObject({ current: false, urn: { sku: '18.04-LTS' } });
    expect(resolveAlias('Ubuntu2404')?.current).toBe(true);
    expect(resolveAlias('Ubuntu1804')).toBeUndefined();
  });

  it('every alias is a valid, unique URN', () => {
    const names = IMAGE_ALIASES.map((a) => a.alias.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const a of IMAGE_ALIASES) expect(parseUrn(formatUrn(a.urn))).toEqual(a.urn);
  });

  it('parseImageArgument takes URNs and explains unknown words', () => {
    expect(parseImageArgument('Canonical:ubuntu-24_04-lts:server:latest')).toEqual({
      urn: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
    });
    const e = usageError(() => parseImageArgument('Ubuntu2604'));
    expect(e.message).toMatch(/^"Ubuntu2604" is neither a URN nor a known image alias \(aliases: .*Ubuntu2404.*\)\.$/);
    expect(e.message).not.toContain('UbuntuLTS'); // only current aliases are offered
    expect(e.hint).toBe(URN_HINT);
    expect(usageError(() => parseImageArgument('')).message).toBe('No image URN given.');
  });
});

interface AliasDoc {
  outputs: { aliases: { value: Record<'Linux' | 'Windows', Record<string, { publisher: string; offer: string; sku: string; version: string }>> } };
}

describe.skipIf(!HAVE_FIXTURES)('aliases against Microsoft aliases.json revisions', () => {
  // Read inside the tests: a skipped describe still runs its body while collecting.
  const revisions = {
    '2022 revision': () => JSON.parse(readFileSync(fixturePath('catalog-dumps/aliases.json'), 'utf8')) as AliasDoc,
    'May-2023 revision': () => JSON.parse(readCassette('azure-cli-recordings/test_vm_image_list_by_alias.yaml')[0]!.body) as AliasDoc,
  };
  // Aliases Microsoft later re-pointed at the Gen2 SKU; our table carries the current target.
  const repointed = new Set(['Win2022Datacenter', 'Win2019Datacenter', 'Win2016Datacenter']);

  for (const [label, load] of Object.entries(revisions)) {
    it(`resolves every alias of the ${label} to the same image`, () => {
      const doc = load();
      for (const os of ['Linux', 'Windows'] as const) {
        for (const [name, ref] of Object.entries(doc.outputs.aliases.value[os])) {
          const a = resolveAlias(name);
          expect(a, name).toBeDefined();
          expect(a!.os).toBe(os);
          if (repointed.has(name)) continue;
          expect(sameUrn(a!.urn, ref), `${name}: ${formatUrn(a!.urn)} vs ${formatUrn(ref)}`).toBe(true);
        }
      }
    });
  }
});

describe.skipIf(!HAVE_FIXTURES)('real catalog names', () => {
  it('every publisher, offer and SKU name Azure returned is accepted as a URN part', () => {
    let count = 0;
    const cases: [string, (name: string) => string][] = [
      ['azure-cli-recordings/test_vm_image_list_publishers.yaml', (n) => n],
      ['azure-cli-recordings/test_vm_image_list_offers.yaml', (n) => `Canonical:${n}`],
      ['azure-cli-recordings/test_vm_image_list_skus.yaml', (n) => `Canonical:UbuntuServer:${n}`],
    ];
    for (const [file, toPrefix] of cases) {
      for (const x of readCassette(file)) {
        if (x.status !== 200) continue;
        for (const item of JSON.parse(x.body) as { name: string }[]) {
          expect(() => parseUrnPrefix(toPrefix(item.name)), item.name).not.toThrow();
          count++;
        }
      }
    }
    // 1,952 westus publishers + 72 Canonical offers + 29 UbuntuServer SKUs
    expect(count).toBe(1952 + 72 + 29);
  });
});
