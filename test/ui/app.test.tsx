/**
 * The whole app in ink-testing-library, on real services: the embedded emulator behind the real
 * SDK over HTTPS, exactly as `azimg --demo` runs. Given a screen, when a person types, then the
 * frame shows what they came for.
 */

import { describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { Demo } from '../support/services.js';
import { Root, type InitialTarget } from '../../src/ui/app.js';
import { GLOBAL_KEYS } from '../../src/ui/components/frame.js';
import { HOME_KEYS } from '../../src/ui/screens/home.js';
import { PUBLISHER_KEYS, VERSION_KEYS } from '../../src/ui/screens/marketplace.js';
import { IMAGE_KEYS } from '../../src/ui/screens/image.js';
import { createRegistry } from '../../src/ui/screens/registry.js';
import { PLANNED, SCREENS } from '../../src/ui/screens/index.js';
import { defineScreen } from '../../src/ui/screens/registry.js';
import { createNoticeStore } from '../../src/ui/notices.js';
import { expectOverlayIs, KEY, lineWith, pick, plain, press, readPage, selectedRow, type, waitFor, waitForText, type Rendered, withDemo } from './support.js';

let demo: Demo;
withDemo((d) => (demo = d));

/** This screens, with the home placeholders for those still to come. */
const MARKETPLACE = ['home', 'locations', 'publishers', 'offers', 'skus', 'versions', 'image'];
const marketplaceRegistry = () => createRegistry(SCREENS.filter((s) => MARKETPLACE.includes(s.id)), PLANNED);

function open(initial?: InitialTarget, registry = marketplaceRegistry()): Rendered {
  return render(<Root services={demo.services} initial={initial} registry={registry} />);
}

/** Text with line breaks and runs of spaces collapsed, for sentences the screen may wrap. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the app on the demo emulator', () => {
  it('opens on home with the context in the header and the start menu', async () => {
    const r = open();
    const f = await waitFor(r, (fr) => fr.includes('Contoso Platform (demo)') && fr.includes('Capture'), 'home with the subscription name');
    expect(lineWith(f, 'azimg')).toContain('DEMO');
    expect(lineWith(f, 'azimg')).toContain('loc eastus');
    expect(f).toContain(demo.services.connection.subscriptionId);
    expect(selectedRow(f)).toContain('Marketplace');
    expect(lineWith(f, 'My images')).toContain('not yet');
    // The footer shows the keys that work here.
    expect(lineWith(f, '? help')).toContain('⏎ open');
    await press(r, 'j');
    await press(r, 'j');
    await waitFor(r, (fr) => selectedRow(fr)?.startsWith('My images') ?? false, 'My images selected');
    await press(r, KEY.enter);
    await waitForText(r, 'My images is not available in this version of azimg yet.');
  });

  it('walks home → publishers → offers → SKUs → versions → image, typing like a person', async () => {
    const versions = await demo.services.catalog.listVersions('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server');
    const newest = versions[0]!.version;
    const r = open();
    await waitForText(r, 'Marketplace');
    await press(r, KEY.enter);
    let f = await waitForText(r, 'Publishers in eastus (');
    expect(f.split('\n')[1]).toBe('eastus');
    await pick(r, 'canon');
    f = await waitForText(r, 'Offers of Canonical');
    expect(f.split('\n')[1]).toBe('eastus › Canonical');
    await pick(r, 'ubuntu-24_04');
    await waitForText(r, 'SKUs of Canonical:ubuntu-24_04-lts');
    // `server` is a substring of other SKUs too; an exact match ranks first.
    await pick(r, 'server');
    f = await waitForText(r, 'Versions of Canonical:ubuntu-24_04-lts:server');
    expect(selectedRow(f)).toMatch(new RegExp(`^${newest}\\s+latest\\s+Gen2\\s+x64\\s+TL\\+CVM\\s+active$`));
    await press(r, KEY.enter);
    f = await waitForText(r, `Canonical:ubuntu-24_04-lts:server:${newest}`);
    expect(f.split('\n')[1]).toBe(`eastus › Canonical › ubuntu-24_04-lts › server › ${newest}`);
    await waitForText(r, 'Trusted Launch');
    f = plain(r);
    expect(lineWith(f, 'Generation')).toContain('Gen2');
    expect(lineWith(f, 'Architecture')).toContain('x64');
    expect(lineWith(f, 'OS disk')).toContain('31 GiB');
    expect(lineWith(f, 'Trusted Launch')).toContain('supported');
    expect(lineWith(f, 'Confidential VM')).toContain('supported');
    // Back goes up one level at a time, with the cursor where it was.
    await press(r, KEY.escape);
    f = await waitForText(r, 'Versions of Canonical:ubuntu-24_04-lts:server');
    expect(selectedRow(f)).toMatch(new RegExp(`^${newest}\\s+latest\\s+Gen2\\s+x64\\s+TL\\+CVM\\s+active$`));
    await press(r, 'h');
    f = await waitForText(r, 'SKUs of Canonical');
    expect(selectedRow(f)).toMatch(/^server\b/);
  });

  it('shows every fact of an image, in plain words, and scrolls to the rest', async () => {
    const img = await demo.services.catalog.getImage('eastus', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    const r = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    let f = await waitForText(r, 'Trusted Launch');
    expect(f).toContain(`Canonical:ubuntu-24_04-lts:server:${img.urn.version}  latest in eastus`);
    expect(f).toContain('↓ more');
    await press(r, 'G');
    f = await waitForText(r, '— end —');
    expect(f).not.toContain('Features');
    const page = await readPage(r);
    expect(lineWith(page, 'OS  ')).toContain('Linux');
    expect(lineWith(page, 'Generation')).toContain('Gen2 (Hyper-V V2, UEFI boot)');
    expect(lineWith(page, 'Data disks')).toContain('none');
    expect(lineWith(page, 'Status')).toContain('active');
    expect(lineWith(page, 'Trusted Launch')).toContain('supported');
    expect(lineWith(page, 'Confidential VM')).toContain('supported');
    expect(lineWith(page, 'Accelerated networking')).toContain('supported');
    expect(lineWith(page, 'Hibernation')).toContain('supported');
    expect(lineWith(page, 'Disk controllers')).toContain('SCSI, NVMe');
    expect(lineWith(page, 'Automatic OS upgrade')).toContain('supported');
    expect(flat(page)).toContain('SecurityType=TrustedLaunchAndConfidentialVmSupported');
    expect(page).toContain('none: no Marketplace terms to accept');
    expect(page.replace(/\s/g, '')).toContain(img.id!);
    expect(page).toContain('Snippet [az CLI]');
    expect(page).toContain('az vm create');
  });

  it('shows the plan with the note that its terms must be accepted', async () => {
    const img = await demo.services.catalog.getImage('eastus', { publisher: 'RedHat', offer: 'rhel-byos', sku: 'rhel-lvm96-gen2', version: 'latest' });
    const r = open({ publisher: 'RedHat', offer: 'rhel-byos', sku: 'rhel-lvm96-gen2', version: 'latest' });
    const top = await waitForText(r, 'Trusted Launch');
    expect(flat(top)).toContain('⚠ Sold under a Marketplace plan: its terms must be accepted before the first VM (see Plan).');
    // The terms' state in this subscription comes with a second answer: read until it is there.
    let page = await readPage(r);
    while (!/Terms\s+(NOT )?accepted/.test(page)) page = await readPage(r);
    expect(page).toContain('Plan (Marketplace purchase)');
    expect(lineWith(page, 'Product')).toContain(img.plan!.product);
    expect(lineWith(page, 'Publisher')).toContain(img.plan!.publisher);
    expect(lineWith(page, 'Terms')).toContain('NOT accepted in this subscription');
    expect(flat(page)).toContain(`az vm image terms accept --urn RedHat:rhel-byos:rhel-lvm96-gen2:${img.urn.version}`);
  });

  it('warns about deprecation with the alternative, and about Gen1 and Arm64 limits', async () => {
    let r = open({ publisher: 'Canonical', offer: '0001-com-ubuntu-server-focal', sku: '20_04-lts-gen2', version: 'latest' });
    let f = await waitForText(r, 'Scheduled for deprecation on 2027-05-31');
    expect(flat(f)).toContain('from then on Azure refuses new VMs from it. Use offer ubuntu-24_04-lts instead.');
    expect(lineWith(f, 'Status')).toContain('scheduled for deprecation');
    cleanup();

    r = open({ publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2012-R2-Datacenter', version: 'latest' });
    f = await waitForText(r, '✖ Deprecated');
    expect(flat(f)).toContain('Azure no longer creates new VMs from this image version.');
    const page = await readPage(r);
    expect(lineWith(page, 'OS  ')).toContain('Windows');
    expect(lineWith(page, 'Generation')).toContain('Gen1');
    expect(lineWith(page, 'Status')).toContain('deprecated');
    expect(lineWith(page, 'Trusted Launch')).toContain('not available (Gen1 image)');
    cleanup();

    r = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server-arm64', version: 'latest' });
    f = await waitForText(r, 'Architecture');
    expect(lineWith(f, 'Architecture')).toContain('Arm64 (needs an Arm64 size');
  });

  it('switches snippets with s and copies the URN and the snippet through OSC 52', async () => {
    const r = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    await waitForText(r, 'Trusted Launch');
    const img = await demo.services.catalog.getImage('eastus', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    const urn = `Canonical:ubuntu-24_04-lts:server:${img.urn.version}`;
    await press(r, 's');
    const f = await waitForText(r, '[Bicep]');
    expect(f).toContain('Snippet: Bicep');
    expect(await readPage(r)).toContain('imageReference');
    await press(r, 's');
    await waitForText(r, '[Terraform]');
    expect(await readPage(r)).toContain('source_image_reference');
    await press(r, 's');
    await waitForText(r, '[ARM JSON]');
    await press(r, 's');
    await waitForText(r, '[az CLI]');

    await press(r, 'y');
    await waitForText(r, 'Copied URN to the clipboard via OSC 52');
    const osc = `\u001b]52;c;${Buffer.from(urn).toString('base64')}\u0007`;
    expect(r.frames.some((fr) => fr.includes(osc))).toBe(true);
    await press(r, 'c');
    await waitForText(r, 'Copied az CLI snippet');
    const copied = r.frames
      // eslint-disable-next-line no-control-regex -- reading our own OSC 52 envelope back
      .map((fr) => /\u001b\]52;c;([A-Za-z0-9+/=]+)\u0007/.exec(fr)?.[1])
      .filter(Boolean)
      .map((b) => Buffer.from(b!, 'base64').toString('utf8'));
    // The user asked for latest, so the snippet keeps `latest`; its comment names the version it is today.
    expect(copied.at(-1)).toContain('--image Canonical:ubuntu-24_04-lts:server:latest');
    expect(copied.at(-1)).toContain(urn);
  });

  it('y on the versions list copies the URN of the selected version', async () => {
    const r = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' });
    await waitForText(r, 'latest');
    await press(r, 'j');
    const f = await waitFor(r, (fr) => !(selectedRow(fr) ?? '').includes('latest'), 'second version');
    // The row is the version, then its facts.
    const version = selectedRow(f)!.split(/\s+/)[0]!;
    await press(r, 'y');
    await waitForText(r, `Copied URN to the clipboard via OSC 52: Canonical:ubuntu-24_04-lts:server:${version}`);
  });

  it('help overlay lists exactly the keymap of the screen it is opened on', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    await press(r, '?');
    expectOverlayIs(await waitForText(r, 'Keys: Home'), HOME_KEYS);
    await press(r, KEY.escape);
    await waitForText(r, 'Start (');
    await press(r, KEY.enter);
    await waitForText(r, 'Publishers in eastus (');
    await press(r, '?');
    const f = await waitForText(r, 'Keys: Publishers in eastus');
    expectOverlayIs(f, PUBLISHER_KEYS);
    // Every key is named, alternatives too; a key the label shows is not named again.
    expect(lineWith(f, 'back (clears a filter first)')).toContain('also Backspace, h, ←');
    expect(lineWith(f, 'open')).toMatch(/^⏎\s+open {2}also →, l\s*$/);
    expect(lineWith(f, 'move down')!.trimEnd()).toMatch(/^↓\/j\s+move down$/);
    await press(r, '?');
    await waitForText(r, 'Publishers in eastus (');

    cleanup();
    const v = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' });
    await waitForText(v, 'latest');
    await press(v, '?');
    expectOverlayIs(await waitForText(v, 'Keys: Versions of'), VERSION_KEYS);
    await press(v, 'q');
    await waitForText(v, 'latest');
    await press(v, KEY.enter);
    await waitForText(v, 'Trusted Launch');
    await press(v, '?');
    const image = await waitForText(v, 'Keys: Image ');
    expectOverlayIs(image, IMAGE_KEYS);
    expect(lineWith(image, 'next snippet')!.trimEnd()).toMatch(/^s\s+next snippet \(az, Bicep, Terraform, ARM\)$/);
    expect(lineWith(image, 'page down')).toContain('also Ctrl-F, Space');
    expect(GLOBAL_KEYS.map((k) => k.label)).toEqual([':', '?', 'q', '^C']);
  });

  it('shows Azure’s error inline with its code, and r retries', async () => {
    demo.emulator.injectFault({
      path: '/publishers/Canonical/artifacttypes/vmimage/offers',
      times: 1,
      response: { status: 400, body: { error: { code: 'InvalidParameter', message: 'Bad\u001b]52;c;ZXZpbA==\u0007 request\u001b[2J' } } },
    });
    const r = open({ publisher: 'Canonical' });
    let f = await waitForText(r, 'Could not load the offers of Canonical in eastus.');
    expect(f).toContain('InvalidParameter');
    expect(f).toContain('(HTTP 400)');
    // The escape sequences in Azure's message are shown, not obeyed.
    expect(f).toContain('Bad\\e]52;c;ZXZpbA==\\x07 request\\e[2J');
    expect(r.lastFrame()).not.toContain('\u001b]52');
    expect(lineWith(f, 'last error')).toContain('InvalidParameter');
    await press(r, 'r');
    f = await waitForText(r, 'Offers of Canonical (');
    // Canonical lists ~75 offers (the recorded westus list): the first page starts with the 0001-com-ubuntu ones.
    expect(f).toContain('0001-com-ubuntu');
  });

  it('shows names with control characters escaped', async () => {
    demo.emulator.injectFault({
      method: 'GET',
      path: /\/locations\/eastus\/publishers$/i,
      times: 1,
      response: {
        status: 200,
        body: [
          { name: 'Evil\u001b[31mRed', location: 'eastus', id: '/Subscriptions/x/Providers/Microsoft.Compute/Locations/eastus/Publishers/Evil' },
          { name: 'Quiet\u202eTxet', location: 'eastus', id: '/Subscriptions/x/Providers/Microsoft.Compute/Locations/eastus/Publishers/Quiet' },
        ],
      },
    });
    const r = open({ location: 'eastus' });
    const f = await waitForText(r, 'Publishers in eastus (2)');
    expect(f).toContain('Evil\\e[31mRed');
    expect(f).toContain('Quiet\\u{202e}Txet');
    expect(r.lastFrame()).not.toContain('\u001b[31mRed');
  });

  it('runs commands: :pub, :loc, :show, with Tab completion and clear errors', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    await press(r, ':');
    await type(r, 'pub Canon');
    await press(r, KEY.tab);
    await waitForText(r, ':pub Canonical');
    await press(r, KEY.enter);
    let f = await waitForText(r, 'Offers of Canonical (');
    expect(f.split('\n')[1]).toBe('eastus › Canonical');

    await press(r, ':');
    await type(r, 'loc westeu');
    await press(r, KEY.tab);
    await waitForText(r, ':loc westeurope');
    await press(r, KEY.enter);
    f = await waitForText(r, 'Publishers in westeurope (');
    expect(lineWith(f, 'azimg')).toContain('loc westeurope');

    await press(r, ':');
    await type(r, 'loc atlantis');
    await press(r, KEY.enter);
    await waitForText(r, 'No location "atlantis" in this subscription.');

    await press(r, ':');
    await type(r, 'show Canonical:ubuntu-24_04-lts:serv');
    await press(r, KEY.tab);
    // Several SKUs start with `serv`: the line grows to what they share and they are listed.
    f = await waitForText(r, 'server-arm64');
    expect(lineWith(f, ':show')).toMatch(/:show Canonical:ubuntu-24_04-lts:server\s*$/);
    await type(r, ':lat');
    await press(r, KEY.tab);
    await waitForText(r, ':show Canonical:ubuntu-24_04-lts:server:latest');
    await press(r, KEY.enter);
    f = await waitForText(r, 'latest in westeurope');
    expect(f.split('\n')[1]).toMatch(/^westeurope › Canonical › ubuntu-24_04-lts › server › latest$/);

    await press(r, ':');
    await type(r, 'show Canonical:ubu ntu');
    await press(r, KEY.enter);
    await waitForText(r, 'contains whitespace');
    await press(r, KEY.escape);
    await waitFor(r, (fr) => !fr.includes(':show'), 'command line closed');

    await press(r, ':');
    await type(r, 'frobnicate');
    await press(r, KEY.enter);
    await waitForText(r, 'Unknown command "frobnicate"');
    await press(r, KEY.escape);
    await press(r, ':');
    await type(r, 'home');
    await press(r, KEY.enter);
    await waitForText(r, 'Start (');
  });

  it('opens a deep link at its level; back walks up through the levels beneath it', async () => {
    const r = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', location: 'westus' });
    const f = await waitForText(r, 'SKUs of Canonical:ubuntu-24_04-lts (');
    expect(f.split('\n')[1]).toBe('westus › Canonical › ubuntu-24_04-lts');
    await press(r, KEY.escape);
    await waitForText(r, 'Offers of Canonical (');
    await press(r, KEY.backspace);
    await waitForText(r, 'Publishers in westus (');
    await press(r, KEY.left);
    await waitForText(r, 'Start (');
  });

  it('says so when a SKU has no versions', async () => {
    const r = open({ publisher: 'Canonical', offer: 'UbuntuServer', sku: '12.04.3-LTS' });
    await waitForText(r, 'This SKU has no image versions in eastus');
  });

  it('picks a location by display name', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    await press(r, 'j');
    await press(r, KEY.enter);
    let f = await waitForText(r, 'Locations (');
    expect(f).toContain('East US (eastus)');
    expect(lineWith(f, 'East US (eastus)')).toContain('current');
    // The geography counts too: Europe's regions, whatever they are called.
    await press(r, '/');
    await type(r, 'europe');
    f = await waitFor(r, (fr) => /\/europe\s+\d+ match/.test(fr), 'the europe filter');
    expect(f).toContain('France Central (francecentral)');
    expect(f).toContain('West Europe (westeurope)');
    expect(f).not.toContain('East US (eastus)');
    await press(r, KEY.escape);
    await waitFor(r, (fr) => !fr.includes('/europe'), 'the filter cleared');
    await press(r, '/');
    await type(r, 'north eu');
    f = await waitForText(r, 'North Europe (northeurope)');
    expect(selectedRow(f)).toContain('North Europe (northeurope)');
    await press(r, KEY.enter);
    await press(r, KEY.enter);
    f = await waitForText(r, 'Publishers in northeurope (');
    expect(lineWith(f, 'azimg')).toContain('loc northeurope');
  });

  it('follows the terminal size: 80 columns, then a taller window shows more rows', async () => {
    const r = open({ location: 'eastus' });
    await waitForText(r, 'Publishers in eastus (');
    Object.defineProperty(r.stdout, 'columns', { value: 80, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: 24, configurable: true });
    r.stdout.emit('resize');
    let f = await waitFor(r, (fr) => fr.split('\n').every((l) => l.length <= 80) && (lineWith(fr, 'Publishers in eastus') ?? '').length === 80, '80 columns');
    // 24 rows: the app draws 23 (header, crumbs, 18 body rows, footer, status).
    expect(f.split('\n')).toHaveLength(23);
    const short = f.split('\n').filter((l) => l.startsWith('  ') || l.startsWith('› ')).length;
    Object.defineProperty(r.stdout, 'rows', { value: 40, configurable: true });
    r.stdout.emit('resize');
    f = await waitFor(r, (fr) => fr.split('\n').length === 39, '40 rows');
    const tall = f.split('\n').filter((l) => l.startsWith('  ') || l.startsWith('› ')).length;
    expect(tall - short).toBe(16);
  });

  it('shows what something else printed in the status line instead of over the screen', async () => {
    const notices = createNoticeStore();
    const r = render(<Root services={demo.services} registry={marketplaceRegistry()} notices={notices} />);
    await waitForText(r, 'Marketplace');
    notices.push('Warning: something \u001b[31mred\u001b[0m happened\nsecond line', 'error');
    const f = await waitForText(r, 'Warning: something \\e[31mred\\e[0m happened');
    expect(f).not.toContain('second line');
    expect(f.split('\n').at(-1)).toContain('Warning: something');
  });

  it('catches a screen that crashes: a message, and Esc goes back', async () => {
    const boom = defineScreen({
      id: 'locations',
      crumb: () => 'boom',
      Component: () => {
        throw new Error('kaboom \u001b[2J');
      },
      home: { label: 'Location', description: 'explodes', order: 20, open: () => ({ id: 'locations', params: {} }) },
    });
    const registry = createRegistry([...SCREENS.filter((s) => MARKETPLACE.includes(s.id) && s.id !== 'locations'), boom], PLANNED);
    const r = open(undefined, registry);
    await waitForText(r, 'Marketplace');
    await press(r, 'j');
    await press(r, KEY.enter);
    const f = await waitForText(r, 'This screen failed: kaboom \\e[2J');
    expect(f).toContain('azimg hit a problem');
    await press(r, KEY.escape);
    await waitForText(r, 'Start (');
  });
});
