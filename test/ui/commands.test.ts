import { describe, expect, it } from 'vitest';
import { complete, parseCommand, type CompletionSource } from '../../src/ui/commands.js';
import { isUsageError } from '../../src/domain/errors.js';

/** Names as the catalog would list them, for completion. */
const source: CompletionSource = {
  locations: async () => ['eastus', 'eastus2', 'westeurope', 'westus', 'westus2'],
  publishers: async (l) => (l === 'eastus' ? ['Canonical', 'center-for-internet-security-inc', 'MicrosoftWindowsServer'] : []),
  offers: async (_l, p) => (p.toLowerCase() === 'canonical' ? ['ubuntu-24_04-lts', 'ubuntu-25_10', 'UbuntuServer'] : []),
  skus: async () => ['server', 'server-arm64', 'server-gen1', 'minimal'],
  versions: async () => ['24.04.202611120', '24.04.202610090'],
};

describe('command line', () => {
  it('parses the commands and their aliases', () => {
    expect(parseCommand('loc westeurope')).toEqual({ kind: 'loc', location: 'westeurope' });
    expect(parseCommand(':location West Europe')).toEqual({ kind: 'loc', location: 'West Europe' });
    expect(parseCommand('pub Canonical')).toEqual({ kind: 'pub', publisher: 'Canonical' });
    expect(parseCommand('show Canonical:ubuntu-24_04-lts:server:latest')).toEqual({
      kind: 'show',
      target: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
    });
    expect(parseCommand('show Canonical:ubuntu-24_04-lts')).toEqual({ kind: 'show', target: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts' } });
    expect(parseCommand('q')).toEqual({ kind: 'quit' });
    expect(parseCommand('HOME')).toEqual({ kind: 'home' });
  });

  it('says precisely what is wrong', () => {
    const msg = (line: string) => {
      try {
        parseCommand(line);
      } catch (e) {
        expect(isUsageError(e)).toBe(true);
        return (e as Error).message;
      }
      throw new Error(`"${line}" parsed`);
    };
    expect(msg('')).toMatch(/Type a command/);
    expect(msg('frob')).toBe('Unknown command "frob".');
    expect(msg('loc')).toMatch(/Which location\?/);
    expect(msg('pub')).toMatch(/Which publisher\?/);
    expect(msg('show Canonical:ubu ntu')).toMatch(/contains whitespace/);
    expect(msg('show a:b:c:d:e')).toMatch(/at most 4/);
  });

  it('completes command names', async () => {
    expect(await complete('sh', 'eastus', source)).toEqual({ line: 'show ', candidates: ['show'] });
    expect((await complete('', 'eastus', source)).candidates).toEqual(['loc', 'pub', 'show', 'search', 'home', 'capture', 'sub', 'quit']);
  });

  it('completes locations and publishers case-insensitively, in Azure’s spelling', async () => {
    expect(await complete('loc westeu', 'eastus', source)).toEqual({ line: 'loc westeurope', candidates: ['westeurope'] });
    expect(await complete('loc west', 'eastus', source)).toEqual({ line: 'loc west', candidates: ['westeurope', 'westus', 'westus2'] });
    expect(await complete('loc westu', 'eastus', source)).toEqual({ line: 'loc westus', candidates: ['westus', 'westus2'] });
    expect(await complete('pub canon', 'eastus', source)).toEqual({ line: 'pub Canonical', candidates: ['Canonical'] });
    expect(await complete('pub c', 'eastus', source)).toEqual({ line: 'pub c', candidates: ['Canonical', 'center-for-internet-security-inc'] });
    expect(await complete('pub zzz', 'eastus', source)).toEqual({ line: 'pub zzz', candidates: [] });
  });

  it('completes a URN part by part', async () => {
    expect(await complete('show Cano', 'eastus', source)).toEqual({ line: 'show Canonical:', candidates: ['Canonical'] });
    expect(await complete('show Canonical:ubuntu-2', 'eastus', source)).toEqual({ line: 'show Canonical:ubuntu-2', candidates: ['ubuntu-24_04-lts', 'ubuntu-25_10'] });
    expect(await complete('show Canonical:ubuntu-24', 'eastus', source)).toEqual({ line: 'show Canonical:ubuntu-24_04-lts:', candidates: ['ubuntu-24_04-lts'] });
    expect((await complete('show Canonical:ubuntu-24_04-lts:ser', 'eastus', source)).line).toBe('show Canonical:ubuntu-24_04-lts:server');
    expect(await complete('show Canonical:ubuntu-24_04-lts:server:l', 'eastus', source)).toEqual({
      line: 'show Canonical:ubuntu-24_04-lts:server:latest',
      candidates: ['latest'],
    });
    expect((await complete('show Canonical:ubuntu-24_04-lts:server:', 'eastus', source)).candidates).toEqual(['latest', '24.04.202611120', '24.04.202610090']);
  });

  it('completes nothing after an empty URN part, and looks nothing up', async () => {
    const asked: string[] = [];
    const refuse = (what: string) => () => {
      asked.push(what);
      return Promise.reject(new Error(`${what} looked up`));
    };
    const watching: CompletionSource = { locations: refuse('locations'), publishers: refuse('publishers'), offers: refuse('offers'), skus: refuse('skus'), versions: refuse('versions') };
    expect(await complete('show almalinux:almalinux-x86_64::', 'eastus', watching)).toEqual({
      line: 'show almalinux:almalinux-x86_64::',
      candidates: [],
      hint: 'Type the SKU first: nothing to complete after an empty part.',
    });
    expect((await complete('show Canonical::', 'eastus', watching)).hint).toBe('Type the offer first: nothing to complete after an empty part.');
    expect((await complete('show :ubuntu', 'eastus', watching)).hint).toBe('Type the publisher first: nothing to complete after an empty part.');
    expect(asked).toEqual([]);
  });

  it('completes nothing (rather than failing) when a lookup fails', async () => {
    const broken: CompletionSource = { ...source, publishers: () => Promise.reject(new Error('offline')) };
    expect(await complete('pub Can', 'eastus', broken)).toEqual({ line: 'pub Can', candidates: [] });
  });
});

describe(':capture', () => {
  it('parses with and without a VM', () => {
    expect(parseCommand('capture')).toEqual({ kind: 'capture' });
    expect(parseCommand(':capture rg-images-dev/vm-app-linux-01')).toEqual({ kind: 'capture', vm: 'rg-images-dev/vm-app-linux-01' });
  });
});
