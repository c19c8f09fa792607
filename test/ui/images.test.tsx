/**
 * My images and Galleries in ink-testing-library on real services (the emulator behind the real
 * SDK): grouped and filterable lists, the image and version details, replication that refreshes
 * itself, snippets, the typed-name delete until Azure confirms, and --read-only sending nothing.
 */

import { describe, expect, it, onTestFinished } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { startDemoServices, type Demo } from '../support/services.js';
import { Root } from '../../src/ui/app.js';
import { createOperationLog, type OperationLog } from '../../src/domain/operations.js';
import { HOME_KEYS } from '../../src/ui/screens/home.js';
import { MY_IMAGES_KEYS, MY_IMAGE_KEYS } from '../../src/ui/screens/images.js';
import { DEFINITIONS_KEYS, VERSION_KEYS, VERSIONS_KEYS } from '../../src/ui/screens/galleries.js';
import { deleteReducer, DELETE_IDLE } from '../../src/ui/screens/images-shared.js';
import { runImages } from '../../src/shell/images.js';
import { runGalleries } from '../../src/shell/galleries.js';
import { createRegistry } from '../../src/ui/screens/registry.js';
import { SCREENS } from '../../src/ui/screens/index.js';
import { expectOverlayIs, KEY, lineWith, openHomeEntry, openVersions, overlayRows, pick, plain, press, readPage, selectedRow, type, waitFor, waitForText, type Rendered, withDemo } from './support.js';

let demo: Demo;
let t0: number;
// Each test sets the clock it needs; the default is the real one.
withDemo((d) => {
  demo = d;
  t0 = d.emulator.world.estate.createdAt;
});

/** A world of its own for a test that writes; stopped when the test ends. */
async function ownWorld(): Promise<Demo> {
  const d = await startDemoServices();
  onTestFinished(() => d.stop());
  return d;
}

function open(services = demo.services, operations?: OperationLog): Rendered {
  return render(<Root services={services} registry={createRegistry(SCREENS)} operations={operations} />);
}

describe('My images', () => {
  it('is on the home menu and lists the images grouped by resource group', async () => {
    const r = open();
    const home = await waitForText(r, 'My images');
    expect(lineWith(home, 'My images')).not.toContain('not yet');
    expect(lineWith(home, 'Galleries')).not.toContain('not yet');
    // Home's own keys are the list's: move and open (what openHomeEntry types next).
    expect(HOME_KEYS.map((k) => k.description)).toEqual(expect.arrayContaining(['move down', 'move up', 'open']));
    await openHomeEntry(r, 'My images');
    const f = await waitForText(r, 'Managed images · ');
    expect(f.split('\n')[1]).toBe('My images');
    const lines = f.split('\n');
    const group = lines.findIndex((l) => l.includes('▾ rg-build-agents'));
    expect(group).toBeGreaterThan(0);
    expect(lines[group]).toContain('2 images');
    expect(lines[group + 1]).toContain('img-build-agent-ubuntu-b205');
    expect(lines[group + 1]).toContain('Linux Gen2 · westus2 · ZRS · snapshot snap-build-agent-ubuntu-b205');
    expect(lines[group + 2]).toContain('img-build-agent-win2022-b205');
    expect(lines[group + 2]).toContain('VM vm-build-win2022');
    // The title counts images, not rows (group headings are rows too).
    const images = demo.emulator.world.estate.images;
    const groups = new Set(images.map((i) => i.resourceGroup.toLowerCase())).size;
    expect(lineWith(f, 'Managed images · ')).toMatch(new RegExp(`^Managed images · ${images.length} in ${groups} resource groups\\s+1/${images.length + groups}$`));
  });

  it('filters with / and opens an image with every fact and the snippets', async () => {
    const r = open();
    await openHomeEntry(r, 'My images');
    await waitForText(r, 'Managed images · ');
    await pick(r, 'legacy-gen1');
    let f = await waitForText(r, 'managed image in rg-images-prod');
    expect(f.split('\n')[1]).toBe('My images › img-win2019-legacy-gen1');
    const page = await readPage(r);
    expect(lineWith(page, 'Source')).toContain('VHD https://stlegacyimages01.blob.core.windows.net/');
    // Long values wrap onto the next line: read them without the breaks.
    expect(page.replace(/\s+/g, '')).toContain('VHDhttps://stlegacyimages01.blob.core.windows.net/vhds/win2019-legacy-osdisk.vhd');
    expect(lineWith(page, 'OS type')).toContain('Windows');
    expect(lineWith(page, 'OS state')).toContain('Generalized');
    expect(lineWith(page, 'Generation')).toContain('Gen1 (Hyper-V V1, BIOS boot)');
    expect(lineWith(page, 'Zone resilient')).toContain('no');
    expect(lineWith(page, 'Provisioning state')).toContain('Succeeded');
    expect(lineWith(page, 'OS disk')).toContain('127 GiB, Standard_LRS, caching ReadWrite');
    expect(lineWith(page, 'Data disks')).toContain('none');
    expect(page).toContain('note=gen1 only - do not use for new VMs');
    expect(page).toContain('Create a VM from it: [az CLI]');
    expect(page).toContain('az vm create');
    // s switches to Bicep.
    await press(r, 's');
    f = await waitForText(r, '[Bicep]');
    expect(f).toContain("resource vm 'Microsoft.Compute/virtualMachines@2024-07-01'");
  });

  it('shows data disks and a VM source', async () => {
    const r = open();
    await openHomeEntry(r, 'My images');
    await waitForText(r, 'Managed images · ');
    await pick(r, 'sql2022');
    await waitForText(r, 'managed image in rg-data-prod');
    const page = await readPage(r);
    expect(lineWith(page, 'Source')).toContain('VM vm-sql-01');
    expect(lineWith(page, 'Data disk LUN 0')).toContain('1024 GiB, Premium_LRS, caching ReadOnly, from managed disk');
    expect(page.replace(/\s+/g, ' ')).toContain('from managed disk vm-sql-01-data-0');
    expect(lineWith(page, 'Data disk LUN 1')).toContain('256 GiB, Premium_LRS, caching None');
  });

  it('lists exactly its keymap in the ? overlay, on the list and on the detail', async () => {
    const r = open();
    await openHomeEntry(r, 'My images');
    await waitForText(r, 'Managed images · ');
    await press(r, '?');
    let f = await waitForText(r, 'Keys: ');
    expectOverlayIs(f, MY_IMAGES_KEYS);
    await press(r, KEY.escape);
    await waitForText(r, 'Managed images · ');
    await pick(r, 'rhel9');
    await waitForText(r, 'managed image in');
    await press(r, '?');
    f = await waitForText(r, 'Keys: ');
    expectOverlayIs(f, MY_IMAGE_KEYS);
    // Written out, not read from the keymap: what a person sees for the image's own keys.
    const own = overlayRows(f)
      .slice(0, 12)
      .map((l) => l.replace(/ {2}also .*$/, '').replace(/\s+/g, ' ').trim());
    expect(own).toEqual([
      '↑/k scroll up',
      '↓/j scroll down',
      'PgUp page up',
      'PgDn page down',
      'g top',
      'G bottom',
      's next snippet',
      'D delete (typed name)',
      'y copy id',
      'c copy snippet',
      'Esc back',
      'r reload',
    ]);
    // The footer keeps D in sight.
    await press(r, KEY.escape);
    expect(lineWith(await waitForText(r, '? help'), '? help')).toContain('D delete');
  });

  it('deletes an image only after its exact name is typed, shows progress until Azure confirms, then the list no longer has it', async () => {
    // It writes: a world of its own, so no other test sees what it deleted.
    const demo = await ownWorld();
    const operations = createOperationLog();
    const r = open(demo.services, operations);
    await openHomeEntry(r, 'My images');
    await waitForText(r, 'Managed images · ');
    await pick(r, 'alma9');
    await waitForText(r, 'managed image in rg-images-dev');
    await waitForText(r, 'Provisioning state');
    const mark = demo.emulator.requests.length;
    await press(r, 'D');
    let f = await waitForText(r, 'Type its name to confirm');
    expect(f).toContain('Delete image rg-images-dev/img-alma9-dev? This cannot be undone.');
    // The prompt owns the keyboard: the footer shows its keys, not the screen's.
    expect(f.split('\n').at(-2)).toBe('⏎ delete  Esc cancel  ^C quit from anywhere');
    // A wrong name (wrong case) is refused, and nothing is sent.
    await type(r, 'IMG-ALMA9-DEV');
    await press(r, KEY.enter);
    await waitForText(r, 'That is not the name.');
    expect(demo.emulator.requests.slice(mark).filter((x) => x.method !== 'GET')).toEqual([]);
    // Esc cancels; the screen's keys work again.
    await press(r, KEY.escape);
    await waitFor(r, (fr) => !fr.includes('Type its name'), 'prompt closed');
    await press(r, 'D');
    await waitForText(r, 'Type its name to confirm');
    await type(r, 'img-alma9-dev');
    await press(r, KEY.enter);
    await waitForText(r, 'Deleting image rg-images-dev/img-alma9-dev');
    f = await waitFor(r, (fr) => fr.includes('Deleted image rg-images-dev/img-alma9-dev. Azure confirmed it.') && fr.includes('Managed images · '), 'the list after the delete');
    // Back on the list (its filter kept), which no longer has the image; only the status line names it.
    expect(f.split('\n').slice(0, -1).join('\n')).not.toContain('img-alma9-dev');
    const sent = demo.emulator.requests.slice(mark);
    expect(sent.filter((x) => x.method === 'DELETE')).toHaveLength(1);
    expect(sent.some((x) => x.route?.endsWith('/operations/{operationId}'))).toBe(true);
    expect(demo.emulator.world.estate.images.some((i) => i.name === 'img-alma9-dev')).toBe(false);
    // Azure confirmed it: nothing is left to report on the way out.
    expect(operations.unfinished()).toEqual([]);
  });

  it('keeps a delete that is still running on the record when the user quits with Ctrl-C', async () => {
    // It writes: a world of its own, so no other test sees what it deleted.
    const demo = await ownWorld();
    // Azure's clock stands still: the delete is accepted and never finishes while we watch.
    const t = Date.now();
    demo.emulator.world.now = () => t;
    const operations = createOperationLog();
    // The real service, watched: how its delete ends tells us the app stopped waiting.
    let ended: Promise<unknown> | undefined;
    const images = demo.services.images;
    const watched = {
      ...demo.services,
      images: {
        ...images,
        deleteImage: (...args: Parameters<typeof images.deleteImage>) => {
          const p = images.deleteImage(...args);
          ended = p.then(() => 'finished', (e: unknown) => e);
          return p;
        },
      },
    };
    const r = open(watched, operations);
    await openHomeEntry(r, 'My images');
    await waitForText(r, 'Managed images · ');
    await pick(r, 'debian12');
    await waitForText(r, 'managed image in rg-images-dev');
    await waitForText(r, 'Provisioning state');
    await press(r, 'D');
    await waitForText(r, 'Type its name to confirm');
    await type(r, 'img-debian12-test');
    await press(r, KEY.enter);
    const running = await waitForText(r, 'Accepted by Azure; waiting for it to finish');
    expect(running.split('\n').at(-2)).toBe('Esc stop waiting  ^C quit from anywhere');
    expect(operations.unfinished()).toEqual([{ action: 'the delete of image rg-images-dev/img-debian12-test', check: 'azimg images show rg-images-dev/img-debian12-test', accepted: true }]);
    await press(r, KEY.ctrlC);
    // The app has gone and stopped waiting; the delete is still on the record for runTui to print.
    expect(await ended).toMatchObject({ kind: 'cancelled' });
    expect(operations.unfinished()).toEqual([{ action: 'the delete of image rg-images-dev/img-debian12-test', check: 'azimg images show rg-images-dev/img-debian12-test', accepted: true }]);
  });
});

describe('Galleries', () => {
  it('walks galleries → definitions → versions, with the selected version replicating region by region', async () => {
    demo.emulator.world.now = () => t0;
    const r = open();
    await openHomeEntry(r, 'Galleries');
    let f = await waitForText(r, 'Azure Compute Galleries (2)');
    expect(f).toContain('gal_platform_prod');
    expect(lineWith(f, 'galSharedImages')).toContain('rg-gallery-shared · westeurope · Images shared with partner teams');
    await pick(r, 'platform');
    f = await waitForText(r, 'Image definitions in gal_platform_prod (4)');
    expect(f.split('\n')[1]).toBe('Galleries › gal_platform_prod');
    expect(lineWith(f, 'ubuntu-2404-arm64')).toContain('Linux · generalized · Gen2 · Arm64');
    expect(lineWith(f, 'win2016-order-entry')).toContain('Windows · specialized · Gen1');
    expect(lineWith(f, 'ubuntu-2204-web')).toContain('Trusted Launch (required)');
    // Under the list, the definition under the cursor: identifier, recommended sizes, plan.
    expect(f).toContain('ubuntu-2204-web: Contoso / ubuntu-web / 22_04-lts-gen2');
    expect(lineWith(f, 'Recommended')).toContain('2–16 vCPUs, 4–64 GiB memory');
    expect(lineWith(f, 'Plan  ')).toContain('none');
    await pick(r, 'ubuntu-2204');
    f = await waitForText(r, 'Versions of ubuntu-2204-web (3)');
    expect(f.split('\n')[1]).toBe('Galleries › gal_platform_prod › ubuntu-2204-web');
    expect(lineWith(f, '1.2.0')).toContain('Creating · replicating 1/4 regions');
    expect(lineWith(f, '1.1.0')).toContain('latest');
    expect(lineWith(f, '1.0.0')).toMatch(/end of life \d{4}-\d\d-\d\d \(past\)/);
    // The cursor is on 1.2.0 (newest first): the panel shows its regions.
    expect(selectedRow(f)).toMatch(/^1\.2\.0/);
    expect(f).toContain('Version 1.2.0: replicating 1/4 regions');
    expect(lineWith(f, 'East US  ')).toMatch(/Completed\s+\[██████████\] 100%\s+3\s+Standard_ZRS\s+in latest/);
    expect(lineWith(f, 'East US 2')).toMatch(/Replicating\s+\[\S+\]\s+7\d%\s+2\s+Standard_ZRS/);
    expect(lineWith(f, 'Southeast Asia')).toMatch(/Replicating\s+\[\S+\]\s+\d%\s+1\s+Standard_LRS/);
    // Moving the cursor moves the panel.
    await press(r, 'j');
    await waitForText(r, 'Version 1.1.0: replicated to 4 regions');
  });

  it('refreshes a replicating version by itself until it is done', async () => {
    let clock = t0;
    demo.emulator.world.now = () => clock;
    const r = open();
    expect(await openVersions(r, 'platform', 'ubuntu-2204')).toContain('Versions of ubuntu-2204-web');
    await press(r, KEY.enter);
    let f = await waitForText(r, 'gal_platform_prod/ubuntu-2204-web/1.2.0  image version');
    expect(f).toContain('refreshing by itself');
    const before = lineWith(f, 'West Europe')!;
    expect(before).toMatch(/Replicating/);
    // Time passes in Azure; nobody presses a key.
    clock = t0 + 30 * demo.emulator.world.options.lroStepMs;
    f = await waitFor(r, (fr) => lineWith(fr, 'West Europe') !== before, 'West Europe progress to move', 20_000);
    expect(lineWith(f, 'East US 2')).toMatch(/Completed\s+\[██████████\] 100%/);
    clock = t0 + 1000 * demo.emulator.world.options.lroStepMs;
    f = await waitFor(r, (fr) => fr.includes('replicated to 4 regions'), 'replication to complete', 20_000);
    expect(lineWith(f, 'Southeast Asia')).toMatch(/Completed\s+\[██████████\] 100%/);
    expect(f).not.toContain('refreshing by itself');
  });

  it('says the newest version, still provisioning, is not latest yet, and is ready only where its copy is complete', async () => {
    demo.emulator.world.now = () => t0;
    const r = open();
    expect(await openVersions(r, 'platform', 'ubuntu-2204')).toContain('Versions of ubuntu-2204-web (3)');
    await press(r, KEY.enter);
    await waitForText(r, 'gal_platform_prod/ubuntu-2204-web/1.2.0  image version');
    const page = await readPage(r);
    expect(lineWith(page, 'Latest')).toMatch(/Latest\s+not yet \(still provisioning\); latest is 1\.1\.0/);
    expect(page).not.toContain('a newer version is latest');
    expect(page.replace(/\s+/g, ' ')).toContain('• Version 1.2.0 is ready in East US only (still replicating to East US 2, West Europe, Southeast Asia). Create the VM there, or wait.');
    expect(page).toContain('--location eastus');
    expect(lineWith(page, 'West Europe')).toMatch(/Replicating.*in latest$/);
  });

  it('after Esc stops waiting for a delete, the versions list asks Azure again instead of showing the deleted version', async () => {
    // It writes: a world of its own, so no other test sees what it deleted.
    const demo = await ownWorld();
    // Azure's clock stands still until the test moves it: the delete is accepted but not done.
    let clock = Date.now();
    demo.emulator.world.now = () => clock;
    const r = open(demo.services);
    expect(await openVersions(r, 'platform', 'win2022-iis')).toContain('Versions of win2022-iis (3)');
    await press(r, 'G');
    await waitFor(r, (fr) => (selectedRow(fr) ?? '').startsWith('1.0.0'), '1.0.0 selected');
    await press(r, KEY.enter);
    await waitForText(r, 'gal_platform_prod/win2022-iis/1.0.0  image version');
    await waitForText(r, 'Replication by region');
    await press(r, 'D');
    await waitForText(r, 'Type its name to confirm');
    await type(r, '1.0.0');
    await press(r, KEY.enter);
    await waitForText(r, 'Accepted by Azure; waiting for it to finish');
    await press(r, KEY.escape);
    await waitForText(r, 'Stopped waiting; Azure may still delete 1.0.0.');
    // Azure finishes without us watching; back on the list, the version is gone.
    clock += 60 * 60_000;
    await press(r, KEY.escape);
    const f = await waitForText(r, 'Versions of win2022-iis (2)');
    expect(f).not.toMatch(/^[›\s]+1\.0\.0\b/m);
  });

  it('fits the delete prompt, with a wrong name typed, in a 60x16 terminal above its own keys', async () => {
    demo.emulator.world.now = () => t0;
    const r = open();
    expect(await openVersions(r, 'platform', 'ubuntu-2204')).toContain('Versions of ubuntu-2204-web (3)');
    await press(r, KEY.enter);
    await waitForText(r, '1.2.0  image version');
    // The terminal shrinks to 60x16 (the prompt wraps to more rows there).
    Object.defineProperty(r.stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: 16, configurable: true });
    r.stdout.emit('resize');
    await waitFor(r, (fr) => fr.split('\n').length === 15, 'the app redrawn for 60x16');
    await press(r, 'D');
    await waitForText(r, 'Type its name to confirm');
    await type(r, '1.2');
    await press(r, KEY.enter);
    const f = await waitForText(r, 'That is not the name.');
    const lines = f.split('\n');
    // 16 rows: the app draws 15, the footer and status line last, nothing wider than 60.
    expect(lines).toHaveLength(15);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    expect(lines.at(-2)).toBe('⏎ delete  Esc cancel  ^C quit from anywhere');
    const bottom = lines.findIndex((l) => l.startsWith('╰'));
    const warning = lines.findIndex((l) => l.includes('That is not the name. Type 1.2.0 exactly (case matters).'));
    expect(warning).toBeGreaterThan(0);
    expect(bottom).toBe(warning + 1);
    // The document still shows under the prompt, with where it is.
    expect(lines[bottom + 1]).toContain('gal_platform_prod/ubuntu-2204-web/1.2.0  image version');
    expect(lines.at(-3)).toMatch(/^↓ more · lines 1–\d+ of \d+/);
  });

  it('shows a version in full: excluded from latest, end of life, source, snippets pinned to it', async () => {
    const r = open();
    const f = await openVersions(r, 'platform', 'win2022-iis');
    expect(f).toContain('Versions of win2022-iis');
    expect(lineWith(f, '1.2.0')).toContain('excluded from latest');
    await press(r, KEY.enter);
    await waitForText(r, 'gal_platform_prod/win2022-iis/1.2.0  image version');
    const page = await readPage(r);
    expect(lineWith(page, 'Latest')).toContain('excluded from latest');
    expect(lineWith(page, 'East US  ')).toMatch(/Completed.*excluded/);
    expect(lineWith(page, 'Source')).toContain('VM vm-build-win2022');
    expect(lineWith(page, 'Storage type')).toContain('Standard_LRS');
    expect(lineWith(page, 'Data disks')).toContain('LUN 0 64 GiB');
    expect(page).toContain('/galleries/gal_platform_prod/images/win2022-iis/versions/1.2.0');
    expect(page.replace(/\s+/g, ' ')).toContain('Version 1.2.0 is excluded from latest');
  });

  it('shows a definition in full with its plan, and lists exactly its keymaps', async () => {
    const r = open();
    await openHomeEntry(r, 'Galleries');
    await waitForText(r, 'Azure Compute Galleries');
    await pick(r, 'shared');
    let f = await waitForText(r, 'Image definitions in galSharedImages');
    expect(selectedRow(f)).toMatch(/^cis-rhel9-l1/);
    expect(lineWith(f, 'Plan  ')).toContain('center-for-internet-security-inc / cis-rhel-9-l1 / cis-rhel9-l1-gen2  (accept terms)');
    await press(r, '?');
    f = await waitForText(r, 'Keys: ');
    expectOverlayIs(f, DEFINITIONS_KEYS);
    await press(r, KEY.escape);
    await press(r, '/');
    await type(r, 'cis');
    await waitFor(r, (fr) => /1 match/.test(fr), 'one match');
    await press(r, KEY.enter);
    await press(r, 'i');
    await waitForText(r, 'galSharedImages/cis-rhel9-l1  image definition');
    const page = await readPage(r);
    expect(lineWith(page, 'Publisher/offer/SKU')).toContain('Contoso / cis-rhel9 / l1-gen2');
    expect(lineWith(page, 'Security type')).toContain('Trusted Launch supported');
    expect(lineWith(page, 'Recommended vCPUs')).toContain('2–16');
    expect(page).toContain('Plan (Marketplace purchase)');
    expect(page.replace(/\s+/g, ' ')).toContain('az vm image terms accept --publisher center-for-internet-security-inc --offer cis-rhel-9-l1 --plan cis-rhel9-l1-gen2');
    expect(lineWith(page, 'Latest')).toContain('3.1.0');
    expect(page).toContain('--plan-name cis-rhel9-l1-gen2');
    await press(r, KEY.escape);
    await waitForText(r, 'Image definitions in galSharedImages');
    await press(r, KEY.enter);
    await waitForText(r, 'Versions of cis-rhel9-l1');
    await press(r, '?');
    f = await waitForText(r, 'Keys: ');
    expectOverlayIs(f, VERSIONS_KEYS);
    await press(r, KEY.escape);
    await press(r, KEY.enter);
    await waitForText(r, 'image version');
    await press(r, '?');
    f = await waitForText(r, 'Keys: ');
    expectOverlayIs(f, VERSION_KEYS);
  });

  it('deletes a version after its name is typed, until Azure confirms', async () => {
    // It writes: a world of its own, so no other test sees what it deleted.
    const demo = await ownWorld();
    const r = open(demo.services);
    let f = await openVersions(r, 'platform', 'arm64');
    expect(f).toContain('Versions of ubuntu-2404-arm64 (2)');
    await press(r, 'j');
    await waitFor(r, (fr) => (selectedRow(fr) ?? '').startsWith('1.0.0'), '1.0.0 selected');
    await press(r, KEY.enter);
    await waitForText(r, 'gal_platform_prod/ubuntu-2404-arm64/1.0.0  image version');
    await waitForText(r, 'Replication by region');
    await press(r, 'D');
    await waitForText(r, 'Delete image version gal_platform_prod/ubuntu-2404-arm64/1.0.0?');
    await type(r, '1.0.0');
    await press(r, KEY.enter);
    await waitForText(r, 'Deleted image version gal_platform_prod/ubuntu-2404-arm64/1.0.0. Azure confirmed it.');
    f = await waitForText(r, 'Versions of ubuntu-2404-arm64 (1)');
    expect(selectedRow(f)).toMatch(/^1\.0\.1/);
  });
});

describe('--read-only', () => {
  it('refuses every delete path (TUI, shell, services) with a clear message, and sends no write request', async () => {
    const ro = await startDemoServices({ readOnly: true });
    try {
      const r = open(ro.services);
      const mark = ro.emulator.requests.length;
      await openHomeEntry(r, 'My images');
      await waitForText(r, 'Managed images · ');
      await pick(r, 'rhel9');
      await waitForText(r, 'managed image in rg-images-prod');
      // As a person would: press D once the details have loaded, not when the title appears.
      await waitForText(r, 'Provisioning state');
      await press(r, 'D');
      let f = await waitForText(r, 'Not deleted: read-only mode, nothing sent to Azure.');
      expect(f).not.toContain('Type its name');
      // Back to home: Esc leaves the detail, clears the list's filter, then leaves the list.
      for (let i = 0; i < 4 && !plain(r).includes('Marketplace'); i++) {
        const before = plain(r);
        await press(r, KEY.escape);
        await waitFor(r, (fr) => fr !== before, 'Esc to take effect');
      }
      await waitForText(r, 'Marketplace');
      expect(await openVersions(r, 'platform', 'win2022')).toContain('Versions of win2022-iis');
      await press(r, KEY.enter);
      await waitForText(r, 'image version');
      await waitForText(r, 'Replication by region');
      await press(r, 'D');
      f = await waitForText(r, 'Not deleted: read-only mode, nothing sent to Azure.');
      expect(f).not.toContain('Type its name');
      cleanup();

      // The same session's other delete paths: the shell commands and the services themselves.
      const out = { out: () => undefined, err: () => undefined };
      expect(await runImages(ro.services, { action: 'delete', target: 'rg-images-prod/img-rhel9-base-b88', yes: true, json: false }, out)).toBe(1);
      expect(await runGalleries(ro.services, { action: 'delete', path: 'gal_platform_prod/win2022-iis/1.2.0', yes: true, json: false }, out)).toBe(1);
      await expect(ro.services.images!.deleteImage('rg-images-prod', 'img-rhel9-base-b88')).rejects.toMatchObject({ code: 'ReadOnlyMode' });
      await expect(ro.services.galleries!.deleteVersion('rg-images-prod', 'gal_platform_prod', 'win2022-iis', '1.2.0')).rejects.toMatchObject({
        code: 'ReadOnlyMode',
      });
      // Not one write left the process, whichever way it was asked for.
      expect(ro.emulator.requests.slice(mark).filter((x) => x.method !== 'GET')).toEqual([]);
      expect(ro.emulator.requests.slice(mark).length).toBeGreaterThan(0);
    } finally {
      cleanup();
      await ro.stop();
    }
  });
});

describe('the delete reducer', () => {
  it('needs the exact name, and only then runs', () => {
    let s = deleteReducer(DELETE_IDLE, { type: 'ask' });
    s = deleteReducer(s, { type: 'type', typed: 'img-x ' });
    s = deleteReducer(s, { type: 'submit', name: 'img-x', now: 1 });
    expect(s).toEqual({ phase: 'confirm', typed: 'img-x ', mismatch: true });
    s = deleteReducer(s, { type: 'type', typed: 'img-x' });
    s = deleteReducer(s, { type: 'submit', name: 'img-x', now: 5 });
    expect(s).toEqual({ phase: 'running', started: 5, accepted: false, polls: 0, stopping: false });
    s = deleteReducer(s, { type: 'progress', progress: { status: 'started', elapsedMs: 1 } });
    s = deleteReducer(s, { type: 'progress', progress: { status: 'running', elapsedMs: 2 } });
    expect(s).toMatchObject({ accepted: true, polls: 1 });
    expect(deleteReducer(s, { type: 'cancel' })).toBe(s);
    expect(deleteReducer(deleteReducer(DELETE_IDLE, { type: 'ask' }), { type: 'cancel' })).toEqual(DELETE_IDLE);
  });
});
