/**
 * The TUI's marketplace search, facts in the lists and plan terms, typed as a person types
 * against the emulator through the real SDK: results stream in under a progress line, filter
 * toggles act at once, Esc stops and keeps what was found, Enter opens the image; SKU rows carry
 * facts, unusable ones hide behind `u` (remembered), `A` opens an alternative; an image with a
 * plan shows its terms and `a` accepts them after typing `accept`.
 */
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Root, type InitialTarget } from '../../src/ui/app.js';
import { startDemoServices, type Demo } from '../support/services.js';
import { KEY, plain, press, readPage, type, waitFor, waitForText, withDemo, type Rendered } from './support.js';

let demo: Demo;
withDemo((d) => (demo = d));

function open(initial?: InitialTarget): Rendered {
  return render(<Root services={demo.services} initial={initial} />);
}

const rowsOf = (frame: string) =>
  frame
    .split('\n')
    .filter((l) => /^[›\s] \S+:\S+:\S+\s/.test(l))
    .map((l) => l.slice(2));

describe(':search in the TUI', () => {
  it('streams results with a progress line; the Arm64 toggle filters them; Enter opens an Arm64 image', async () => {
    const r = open({ location: 'eastus' });
    await waitForText(r, 'Publishers in eastus (');
    await press(r, ':');
    await type(r, 'search ubuntu 24.04');
    await press(r, KEY.enter);
    // While it runs: what is read, requests done and left.
    await waitFor(r, (f) => /Searching .*: \d+ of \d+ requests/.test(f) || /Done: \d+ found/.test(f), 'progress');
    // A cold search reads a few hundred lists; on a busy 2-core machine that can take a while.
    let f = await waitForText(r, 'Done: ', 50_000);
    expect(f).toContain('Canonical:ubuntu-24_04-lts:server ');
    expect(rowsOf(f).some((row) => /\bx64\b/.test(row))).toBe(true);
    await press(r, 'a'); // x64
    await press(r, 'a'); // Arm64
    f = await waitForText(r, 'arch: Arm64');
    const rows = rowsOf(f);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => /\bArm64\b/.test(row))).toBe(true);
    expect(f).toMatch(/found, \d+ pass the filters/);
    await press(r, KEY.enter);
    f = await waitForText(r, 'Architecture');
    expect(f).toMatch(/Image Canonical:ubuntu-24_04-lts:[\w-]*arm64:|Canonical:ubuntu-24_04-lts:[\w-]*arm64:/);
    expect(f).toContain('Arm64');
    // Back keeps the results and the filter.
    await press(r, KEY.escape);
    f = await waitForText(r, 'arch: Arm64');
    expect(f).toContain('Done: ');
  }, 60_000);

  it('Esc stops a search that is still reading and keeps what was found', async () => {
    // Offer lists never answer: the search waits there, with the az CLI alias hits already shown.
    demo.emulator.injectFault({ path: /\/offers$/i, times: 100, response: { kind: 'hang' } });
    const r = open({ location: 'eastus' });
    await waitForText(r, 'Publishers in eastus (');
    await press(r, 'S');
    await waitForText(r, 'Type what you look for');
    await type(r, 'ubuntu');
    await press(r, KEY.enter);
    let f = await waitFor(r, (fr) => /Searching offers of \S+: \d+ of \d+ requests/.test(fr), 'the search reading offers');
    expect(f).toContain('Esc stops');
    // Typing is not blocked by the search: edit the text while it runs.
    await press(r, '/');
    await type(r, ' 24.04');
    await waitForText(r, 'ubuntu 24.04');
    await press(r, KEY.escape); // leave the field, the search still runs
    await press(r, KEY.escape); // stop it
    f = await waitForText(r, 'Stopped: ');
    expect(rowsOf(f).length).toBeGreaterThan(0);
    expect(f).toContain('az alias');
  });
});

describe('a search that goes on', () => {
  // Its own emulator: a crawl spends the offers budget (200 per 3 minutes) the other tests need.
  let own: Demo;
  beforeAll(async () => {
    own = await startDemoServices();
  });
  afterAll(() => own.stop());

  it('keeps running while an image is open; C twice crawls every publisher with the count on the progress line; Esc stops it, and so does its screen leaving the stack', async () => {
    const r = render(<Root services={own.services} initial={{ location: 'eastus' }} />);
    await waitForText(r, 'Publishers in eastus (');
    await press(r, ':');
    await type(r, 'search debian 12');
    await press(r, KEY.enter);
    await waitForText(r, 'Done: ', 50_000);
    // The first C says what a crawl costs; Esc says no; C twice starts it.
    await press(r, 'C');
    await waitForText(r, 'C again to search every publisher in eastus');
    await press(r, KEY.escape);
    await waitForText(r, 'Done: ');
    await press(r, 'C');
    await press(r, 'C');
    await waitFor(r, (fr) => /Crawl: \d+ of [\d,]+ publishers, [\d,]+ of [\d,]+ requests, about \d+ (min|s) left/.test(fr), 'the crawl counting publishers', 30_000);
    // Open an image: the crawl goes on meanwhile (requests keep arriving; the status line says where
    // it stands), and is there on return.
    await press(r, KEY.enter);
    await waitForText(r, 'Architecture');
    await waitFor(r, (fr) => /crawl eastus [\d,]+\/[\d,]+ publishers/.test(fr.split('\n').at(-1) ?? ''), 'the crawl on the status line');
    const before = own.emulator.requests.length;
    await waitFor(r, () => own.emulator.requests.length > before + 20, 'requests while the image is open', 30_000);
    await press(r, KEY.escape);
    await waitFor(r, (fr) => /Crawl: [\d,]+ of [\d,]+ publishers/.test(fr), 'the crawl, still running');
    await press(r, KEY.escape);
    const f = await waitForText(r, 'Stopped: ');
    expect(rowsOf(f).some((row) => row.startsWith('Debian:'))).toBe(true);
    // Stopped: the status line no longer speaks of it.
    await waitFor(r, (fr) => !/crawl eastus/.test(fr.split('\n').at(-1) ?? ''), 'the status line without the crawl');
    // A crawl whose screen leaves the stack (:home) is stopped with it.
    await press(r, 'C');
    await press(r, 'C');
    // (The first crawl spent the offers budget: this one waits for it, and the status line says so.)
    await waitFor(r, (fr) => /crawl eastus/.test(fr.split('\n').at(-1) ?? ''), 'the second crawl on the status line');
    await press(r, ':');
    await type(r, 'home');
    await press(r, KEY.enter);
    await waitFor(r, (fr) => !/search "debian 12"/.test(fr) && !/crawl eastus/.test(fr.split('\n').at(-1) ?? ''), 'home, the crawl gone from the status line');
    await waitFor(r, (fr) => /idle/.test(fr.split('\n').at(-1) ?? ''), 'no requests of the crawl left in flight');
  }, 90_000);
});

describe('facts in the marketplace lists', () => {
  it('SKU rows show generation, architecture, security and latest; SKUs with no versions hide behind u', async () => {
    const r = open({ location: 'eastus', publisher: 'Canonical', offer: 'UbuntuServer' });
    let f = await waitForText(r, 'unusable hidden (u shows)');
    expect(f).not.toContain('no versions in eastus');
    expect(f).toMatch(/18\.04-LTS\s+Gen1\s+x64\s+Standard/);
    await press(r, 'u');
    f = await waitForText(r, 'no versions in eastus');
    expect(f).toContain('unusable shown (u hides)');
    // Remembered for the session: another offer's list shows them too.
    await press(r, KEY.escape);
    await waitForText(r, 'Offers of Canonical');
    await press(r, KEY.enter);
    await waitForText(r, 'SKUs of Canonical:');
  });

  it('A opens a deprecated SKU’s alternative offer', async () => {
    const r = open({ location: 'eastus', publisher: 'Canonical', offer: '0001-com-ubuntu-server-focal' });
    let f = await waitForText(r, '→ ubuntu-24_04-lts (A)');
    expect(f).toMatch(/ends 2027-05-31/);
    await press(r, 'A');
    f = await waitForText(r, 'SKUs of Canonical:ubuntu-24_04-lts');
    expect(f.split('\n')[1]).toContain('ubuntu-24_04-lts');
  });
});

describe('plan terms in the image detail', () => {
  const urn = { publisher: 'RedHat', offer: 'rhel-byos', sku: 'rhel-lvm810-gen2', version: 'latest' };
  it('shows the terms are not accepted with the links; a, typing accept and Enter accepts them', async () => {
    const r = open({ location: 'eastus', ...urn });
    await waitForText(r, 'Trusted Launch');
    // The terms come with a second answer: read the page until the plan section shows them.
    let page = await readPage(r);
    while (!/Terms\s+(NOT )?accepted/.test(page)) page = await readPage(r);
    expect(page).toMatch(/Terms\s+NOT accepted in this subscription/);
    expect(page).toMatch(/License\s+https:\/\//);
    expect(page).toMatch(/Privacy policy\s+https:\/\//);
    await press(r, 'a');
    await waitForText(r, 'Type accept and Enter');
    await type(r, 'acept');
    await press(r, KEY.enter);
    // A typo accepts nothing: the prompt stays, empty.
    await waitForText(r, 'Type accept and Enter');
    expect(demo.emulator.requests.some((q) => q.method === 'PUT')).toBe(false);
    await type(r, 'accept');
    await press(r, KEY.enter);
    await waitForText(r, 'Accepted the terms of plan');
    await press(r, 'g');
    await waitForText(r, 'its terms are accepted in this subscription');
    expect(demo.emulator.requests.filter((q) => q.method === 'PUT' && /agreements\/current/.test(q.url))).toHaveLength(1);
    expect(plain(r)).toContain('Accepted the terms of plan redhat/rhel-byos/rhel-lvm810-gen2');
  });
});

describe('plan terms under --read-only', () => {
  let ro: Demo;
  beforeAll(async () => {
    ro = await startDemoServices({ readOnly: true });
  });
  afterAll(() => ro.stop());

  it('a is refused with a message, and nothing is written', async () => {
    const r = render(<Root services={ro.services} initial={{ location: 'eastus', publisher: 'RedHat', offer: 'rhel-byos', sku: 'rhel-lvm96-gen2', version: 'latest' }} />);
    await waitForText(r, 'Trusted Launch');
    await press(r, 'a');
    await waitForText(r, 'read-only mode');
    expect(plain(r)).not.toContain('Type accept');
    expect(ro.emulator.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });
});
