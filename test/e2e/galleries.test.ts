/**
 * `azimg --demo` in a real terminal (tmux): a person opens Galleries, walks down to the version
 * that is still replicating, and reads its replication region by region off the screen; the
 * numbers then move by themselves, without a key pressed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { haveBuild, haveTmux, openHomeEntry, openPane, pick, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the galleries terminal test is skipped. Install tmux to run it.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

/** One row of the "Replication by region" table as read off the screen. */
interface RegionRow {
  region: string;
  state: string;
  progress: number;
  replicas: number;
  storage: string;
  latest: string;
}

const ROW = /^\s{2}(East US 2|East US|West Europe|Southeast Asia)\s+(Completed|Replicating|Failed|Unknown)\s+\[[█░]+\]\s+(\d+)%\s+(\d+)\s+(\S+)\s+(in latest|excluded)\s*$/;

function regions(screen: string): RegionRow[] {
  const out: RegionRow[] = [];
  for (const line of screen.split('\n')) {
    const m = ROW.exec(line);
    if (m) out.push({ region: m[1]!, state: m[2]!, progress: Number(m[3]), replicas: Number(m[4]), storage: m[5]!, latest: m[6]! });
  }
  return out;
}

describe.skipIf(!TMUX)('galleries in a terminal (tmux)', () => {
  it('opens a replicating gallery version and reads its replication per region, which then moves by itself', { timeout: 120_000 }, async () => {
    pane = openPane(100, 40);
    await startAzimg(pane, '--demo', 'Marketplace');
    await pane.waitForText('Contoso Platform (demo)');
    await openHomeEntry(pane, 'Galleries');
    await pane.waitForText('Azure Compute Galleries (2)');
    await pick(pane, 'platform');
    await pane.waitForText('Image definitions in gal_platform_prod');
    await pick(pane, 'ubuntu-2204');
    const list = await pane.waitForText('Versions of ubuntu-2204-web (3)');
    expect(list).toMatch(/^› 1\.2\.0\s+Creating · replicating 1\/4 regions/m);
    pane.key('Enter');

    const detail = await pane.waitFor(
      (s) => s.includes('gal_platform_prod/ubuntu-2204-web/1.2.0  image version') && regions(s).length === 4,
      'the version detail with its four regions',
    );
    expect(detail.split('\n')[1]).toBe('Galleries › gal_platform_prod › ubuntu-2204-web › 1.2.0');
    expect(detail).toContain('gal_platform_prod/ubuntu-2204-web/1.2.0  image version');
    const first = regions(detail);
    expect(first.map((r) => r.region)).toEqual(['East US', 'East US 2', 'West Europe', 'Southeast Asia']);
    expect(first[0]).toEqual({ region: 'East US', state: 'Completed', progress: 100, replicas: 3, storage: 'Standard_ZRS', latest: 'in latest' });
    expect(first[1]).toMatchObject({ region: 'East US 2', state: 'Replicating', replicas: 2, storage: 'Standard_ZRS' });
    expect(first[2]).toMatchObject({ region: 'West Europe', state: 'Replicating', replicas: 1, storage: 'Standard_LRS' });
    expect(first[3]).toMatchObject({ region: 'Southeast Asia', state: 'Replicating', replicas: 1, storage: 'Standard_LRS' });
    for (const r of first.slice(1)) expect(r.progress).toBeLessThan(100);
    expect(detail).toContain('refreshing by itself');

    // Nobody touches a key: the screen asks Azure again and West Europe's copy moves on.
    const moved = await pane.waitFor((s) => {
      const we = regions(s).find((r) => r.region === 'West Europe');
      return we !== undefined && we.progress > first[2]!.progress;
    }, 'West Europe progress to move', 30_000);
    expect(regions(moved).find((r) => r.region === 'West Europe')!.state).toBe('Replicating');

    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});
