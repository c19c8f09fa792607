/**
 * `azimg images …` and `azimg galleries …` as shell functions over the real SDK-backed services
 * and the emulator: tables, sheets, JSON, exit codes 0 / 1 / 2 with one-line errors, and deletes
 * that need --yes and the exact name, and never send a write under --read-only.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createArmClients } from '../../src/azure/connection.js';
import { createEstateServices } from '../../src/azure/estate.js';
import type { Services } from '../../src/domain/services.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { runGalleries, type GalleriesArgs } from '../../src/shell/galleries.js';
import { runImages, type ImagesArgs } from '../../src/shell/images.js';
import { captureOutput } from '../support/output.js';
import { emulatorConnection } from '../support/connection.js';

let emu: RunningEmulator;

async function servicesFor(readOnly: boolean, on: RunningEmulator = emu): Promise<Services> {
  const clients = await createArmClients(emulatorConnection(on, { readOnly, pollIntervalMs: 5 }));
  // Only what these commands use: the estate services and the connection facts.
  return {
    connection: { mode: 'demo', armEndpoint: on.url, subscriptionId: DEMO_SUBSCRIPTION_ID, location: 'eastus', readOnly },
    ...createEstateServices(clients),
  } as unknown as Services;
}

let services: Services;

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: 10, pageSize: 4 });
  // Replication frozen where the demo starts: 1.2.0 is mid-copy for every test.
  const t0 = emu.world.estate.createdAt;
  emu.world.now = () => t0;
  services = await servicesFor(false);
});
afterAll(async () => {
  await emu.stop();
});

/** An emulator of its own for a test that writes, so no other test sees what it deleted. */
async function ownWorld(): Promise<{ own: RunningEmulator; svc: Services }> {
  const own = await startEmulator({ lroStepMs: 10, pageSize: 4 });
  onTestFinished(() => own.stop());
  const t0 = own.world.estate.createdAt;
  own.world.now = () => t0;
  return { own, svc: await servicesFor(false, own) };
}

interface Ran {
  code: number;
  out: string;
  err: string;
}


async function images(args: Partial<ImagesArgs> & { action: ImagesArgs['action'] }, svc = services): Promise<Ran> {
  const c = captureOutput();
  const code = await runImages(svc, { json: false, ...args }, c.output);
  return { code, ...c.result() };
}

async function galleries(args: Partial<GalleriesArgs> & { action: GalleriesArgs['action'] }, svc = services): Promise<Ran> {
  const c = captureOutput();
  const code = await runGalleries(svc, { json: false, now: emu.world.estate.createdAt, ...args }, c.output);
  return { code, ...c.result() };
}

function oneLine(r: Ran): string {
  const lines = r.err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^azimg: /);
  return lines[0]!;
}

describe('azimg images', () => {
  it('ls prints a table of every image, grouped by resource group', async () => {
    const r = await images({ action: 'ls' });
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RESOURCE GROUP\s+NAME\s+OS\s+GEN\s+ZRS\s+LOCATION\s+STATE\s+SOURCE$/);
    expect(lines).toHaveLength(emu.world.estate.images.length + 1);
    expect(r.out).toMatch(/rg-images-prod\s+img-win2019-legacy-gen1\s+Windows\s+Gen1\s+no\s+eastus\s+Succeeded\s+VHD https:\/\/stlegacyimages01/);
    expect(r.out).toMatch(/rg-images-prod\s+img-ubuntu2204-web-b1042\s+Linux\s+Gen2\s+yes\s+eastus\s+Succeeded\s+VM vm-web-golden/);
    const groups = lines.slice(1).map((l) => l.split(/\s+/)[0]!);
    expect(groups).toEqual([...groups].sort());
  });

  it('ls --json is an array of image records; --filter and --resource-group narrow it', async () => {
    const all = JSON.parse((await images({ action: 'ls', json: true })).out);
    expect(Array.isArray(all)).toBe(true);
    expect(all).toHaveLength(emu.world.estate.images.length);
    expect(all[0]).toMatchObject({ id: expect.stringContaining('/providers/Microsoft.Compute/images/'), osType: expect.any(String), source: expect.any(Object) });
    const win = JSON.parse((await images({ action: 'ls', json: true, filter: 'windows' })).out);
    expect(win.length).toBeGreaterThan(0);
    expect(win.every((i: { osType: string }) => i.osType === 'Windows')).toBe(true);
    const dev = JSON.parse((await images({ action: 'ls', json: true, resourceGroup: 'rg-images-dev' })).out);
    expect(new Set(dev.map((i: { resourceGroup: string }) => i.resourceGroup))).toEqual(new Set(['rg-images-dev']));
    const none = await images({ action: 'ls', filter: 'no-such-thing' });
    expect(none).toMatchObject({ code: 0, out: '' });
    expect(none.err).toMatch(/No managed images matching "no-such-thing"/);
  });

  it('show finds an image by name and prints its facts and the four snippets', async () => {
    const r = await images({ action: 'show', target: 'img-win2016-app01-capture' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^img-win2016-app01-capture {2}\(managed image in rg-legacy-migration\)\n/);
    expect(r.out).toMatch(/ {2}OS type\s+Windows\n/);
    expect(r.out).toMatch(/ {2}OS state\s+Generalized \(new VMs get their own admin account\)\n/);
    expect(r.out).toMatch(/ {2}Generation\s+Gen1 \(Hyper-V V1, BIOS boot\)\n/);
    expect(r.out).toMatch(/ {2}Source\s+VM vm-legacy-app01\n/);
    expect(r.out).toMatch(/ {2}Data disk LUN 0\s+256 GiB, Standard_LRS, caching None, from managed disk vm-legacy-app01-data-0\n/);
    expect(r.out).toMatch(/ {2}Zone resilient\s+no\n/);
    for (const title of ['Azure CLI', 'Bicep', 'Terraform (azurerm_windows_virtual_machine)', 'ARM template']) expect(r.out).toContain(`\n${title}\n`);
  });

  it('show --json is one object with the snippets; --snippet prints only one', async () => {
    const obj = JSON.parse((await images({ action: 'show', target: 'rg-images-prod/img-rhel9-base-b88', json: true })).out);
    expect(obj).toMatchObject({ name: 'img-rhel9-base-b88', resourceGroup: 'rg-images-prod', source: { kind: 'snapshot' } });
    expect(Object.keys(obj.snippets)).toEqual(['az', 'bicep', 'terraform', 'arm']);
    const az = await images({ action: 'show', target: obj.id, snippet: 'az' });
    expect(az.out).toMatch(/^# VM from managed image img-rhel9-base-b88/);
    expect(az.out).toContain(`--image ${obj.id}`);
    expect(az.out).not.toContain('Bicep');
  });

  it('an image Azure does not have is exit 1, however it was named; bad references are exit 2', async () => {
    const unknown = await images({ action: 'show', target: 'img-nope' });
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown)).toBe('azimg: ResourceNotFound: No managed image named "img-nope" in this subscription. (List them with: azimg images ls)');
    const missing = await images({ action: 'show', target: 'rg-images-prod/img-nope' });
    expect(missing.code).toBe(1);
    expect(oneLine(missing)).toMatch(/^azimg: ResourceNotFound: The Resource 'Microsoft\.Compute\/images\/img-nope'/);
    const badRg = await images({ action: 'ls', resourceGroup: 'rg-nope' });
    expect(badRg.code).toBe(1);
    expect(oneLine(badRg)).toBe("azimg: ResourceGroupNotFound: Resource group 'rg-nope' could not be found.");
    expect((await images({ action: 'show', target: 'a/b/c' })).code).toBe(2);
    expect((await images({ action: 'show' })).code).toBe(2);
  });

  it('delete needs RESOURCE_GROUP/NAME, --yes and the exact name; then waits until Azure confirms', async () => {
    const { own, svc } = await ownWorld();
    const mark = own.requests.length;
    const noRg = await images({ action: 'delete', target: 'img-alma9-dev', yes: true }, svc);
    expect(noRg.code).toBe(2);
    expect(oneLine(noRg)).toMatch(/Say which resource group/);
    const noYes = await images({ action: 'delete', target: 'rg-images-dev/img-alma9-dev' }, svc);
    expect(noYes.code).toBe(2);
    expect(oneLine(noYes)).toMatch(/cannot be undone.*azimg images delete rg-images-dev\/img-alma9-dev --yes/);
    const wrongCase = await images({ action: 'delete', target: 'rg-images-dev/IMG-ALMA9-DEV', yes: true }, svc);
    expect(wrongCase.code).toBe(2);
    expect(oneLine(wrongCase)).toMatch(/exactly as Azure has it: img-alma9-dev/);
    expect(own.requests.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);

    // The LRO runs on the real clock.
    const frozen = own.world.now;
    own.world.now = () => Date.now();
    try {
      const done = await images({ action: 'delete', target: 'rg-images-dev/img-alma9-dev', yes: true }, svc);
      expect(done.code).toBe(0);
      expect(done.err).toMatch(/^Deleting image rg-images-dev\/img-alma9-dev: accepted by Azure/);
      expect(done.err).toMatch(/Deleted image rg-images-dev\/img-alma9-dev \(\d+s\)\.\n$/);
    } finally {
      own.world.now = frozen;
    }
    expect(own.world.estate.images.some((i) => i.name === 'img-alma9-dev')).toBe(false);
  });
});

describe('azimg galleries', () => {
  it('ls lists galleries; ls GALLERY its definitions; ls GALLERY/DEFINITION its versions with replication', async () => {
    const g = await galleries({ action: 'ls' });
    expect(g.out).toMatch(/^RESOURCE GROUP\s+GALLERY\s+LOCATION\s+DESCRIPTION\n/);
    expect(g.out).toMatch(/rg-images-prod\s+gal_platform_prod\s+eastus\s+Golden images/);
    const d = await galleries({ action: 'ls', path: 'galSharedImages' });
    expect(d.out).toMatch(/cis-rhel9-l1\s+Contoso:cis-rhel9:l1-gen2\s+Linux\s+Generalized\s+Gen2\s+x64\s+TrustedLaunchSupported\s+yes/);
    expect(d.out).toMatch(/sql2022-std-specialized\s+\S+\s+Windows\s+Specialized/);
    const v = await galleries({ action: 'ls', path: 'gal_platform_prod/ubuntu-2204-web' });
    const rows = v.out.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^VERSION\s+STATE\s+REPLICATION\s+REGIONS\s+LATEST\s+PUBLISHED\s+END OF LIFE$/);
    expect(rows[1]).toMatch(/^1\.2\.0\s+Creating\s+replicating 1\/4 regions, \d+%\s+East US×3, East US 2×2, West Europe×1, Southeast Asia×1\s+\d{4}-/);
    expect(rows[2]).toMatch(/^1\.1\.0\s+Succeeded\s+replicated to 4 regions\s+.*\blatest\b/);
    expect(rows[3]).toMatch(/^1\.0\.0\s+Succeeded\s+replicated to 2 regions.*\d{4}-\d\d-\d\d \(past\)$/);
  });

  it('ls --json gives arrays; versions carry latest, end of life and a replication summary', async () => {
    expect(JSON.parse((await galleries({ action: 'ls', json: true })).out)).toHaveLength(2);
    const versions = JSON.parse((await galleries({ action: 'ls', path: 'gal_platform_prod/win2022-iis', json: true })).out);
    expect(versions.map((v: { name: string }) => v.name)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(versions.map((v: { latest: boolean }) => v.latest)).toEqual([false, true, false]);
    expect(versions[0].excludeFromLatest).toBe(true);
    expect(versions[2].endOfLifeStatus).toBe('past');
    expect(versions[1].replicationSummary).toMatchObject({ state: 'completed', completed: 2, total: 2, percent: 100 });
  });

  it('show GALLERY/DEFINITION/VERSION prints replication per region and the snippets', async () => {
    const r = await galleries({ action: 'show', path: 'gal_platform_prod/ubuntu-2204-web/1.2.0' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ {2}Provisioning state\s+Creating\n/);
    expect(r.out).toMatch(/ {2}Replication\s+replicating 1\/4 regions, \d+%\n/);
    expect(r.out).toMatch(/\nReplication by region\n {2}REGION\s+STATE\s+PROGRESS\s+REPLICAS\s+STORAGE\s+LATEST\s+DETAILS\n/);
    expect(r.out).toMatch(/\n {2}East US\s+Completed\s+100%\s+3\s+Standard_ZRS\s+in latest\n/);
    expect(r.out).toMatch(/\n {2}East US 2\s+Replicating\s+7\d%\s+2\s+Standard_ZRS\s+in latest\n/);
    expect(r.out).toMatch(/\n {2}Southeast Asia\s+Replicating\s+\d%\s+1\s+Standard_LRS\s+in latest\n/);
    // The newest version is still Creating: latest is the one before it, and only East US has a copy yet.
    expect(r.out).toMatch(/ {2}Latest\s+not yet \(still provisioning\); latest is 1\.1\.0\n/);
    expect(r.out).toContain('  ! Version 1.2.0 is ready in East US only (still replicating to East US 2, West Europe, Southeast Asia). Create the VM there, or wait.\n');
    expect(r.out).toContain('--location eastus');
    expect(r.out).toContain('--image /subscriptions/');
    expect(r.out).toContain('/galleries/gal_platform_prod/images/ubuntu-2204-web/versions/1.2.0');
  });

  it('show --json is one object: the version, its definition, latest, end of life and snippets', async () => {
    const v = JSON.parse((await galleries({ action: 'show', path: 'gal_platform_prod/win2022-iis/1.0.0', json: true })).out);
    expect(v).toMatchObject({ name: '1.0.0', latest: false, endOfLifeStatus: 'past', imageDefinition: { name: 'win2022-iis', securityType: 'TrustedLaunchSupported' } });
    expect(v.replication.regions.map((r: { region: string }) => r.region)).toEqual(['East US', 'West Europe']);
    expect(Object.keys(v.snippets)).toEqual(['az', 'bicep', 'terraform', 'arm']);
    const def = JSON.parse((await galleries({ action: 'show', path: 'gal_platform_prod/win2022-iis', json: true })).out);
    expect(def).toMatchObject({ name: 'win2022-iis', latestVersion: '1.1.0', versions: ['1.2.0', '1.1.0', '1.0.0'] });
    const gal = JSON.parse((await galleries({ action: 'show', path: 'galSharedImages', json: true })).out);
    expect(gal).toMatchObject({ name: 'galSharedImages', sharing: 'Groups' });
    expect(gal.definitions).toHaveLength(3);
  });

  it('show of a specialized definition gives --specialized snippets without an admin account', async () => {
    const az = await galleries({ action: 'show', path: 'gal_platform_prod/win2016-order-entry', snippet: 'az' });
    expect(az.out).toContain('--specialized');
    expect(az.out).not.toContain('--admin-username');
    const tf = await galleries({ action: 'show', path: 'gal_platform_prod/win2016-order-entry', snippet: 'terraform' });
    expect(tf.out).toContain('resource "azurerm_virtual_machine" "vm"');
    const facts = await galleries({ action: 'show', path: 'gal_platform_prod/win2016-order-entry' });
    expect(facts.out).toMatch(/ {2}End of life\s+\d{4}-\d\d-\d\d \(within 30 days\)\n/);
  });

  it('refuses bad paths with what to type (exit 2); a gallery, definition or version Azure does not have is exit 1', async () => {
    const bad = await galleries({ action: 'show', path: 'a/b/c/d' });
    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toMatch(/GALLERY\/DEFINITION\/VERSION/);
    const unknown = await galleries({ action: 'ls', path: 'gal_nope' });
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown)).toBe('azimg: ResourceNotFound: No gallery named "gal_nope" in this subscription. (List them with: azimg galleries ls)');
    const missing = await galleries({ action: 'show', path: 'gal_platform_prod/win2022-iis/9.9.9' });
    expect(missing.code).toBe(1);
    expect(oneLine(missing)).toMatch(/^azimg: ResourceNotFound: /);
    expect((await galleries({ action: 'ls', path: 'gal_platform_prod/win2022-iis/1.0.0' })).code).toBe(2);
  });

  it('delete takes GALLERY/DEFINITION/VERSION, --yes and exact names, and reports until Azure confirms', async () => {
    const { own, svc } = await ownWorld();
    expect((await galleries({ action: 'delete', path: 'gal_platform_prod/ubuntu-2404-arm64' }, svc)).code).toBe(2);
    const noYes = await galleries({ action: 'delete', path: 'gal_platform_prod/ubuntu-2404-arm64/1.0.0' }, svc);
    expect(noYes.code).toBe(2);
    expect(oneLine(noYes)).toMatch(/--yes/);
    expect((await galleries({ action: 'delete', path: 'GAL_PLATFORM_PROD/ubuntu-2404-arm64/1.0.0', yes: true }, svc)).code).toBe(2);
    const frozen = own.world.now;
    own.world.now = () => Date.now();
    try {
      const done = await galleries({ action: 'delete', path: 'gal_platform_prod/ubuntu-2404-arm64/1.0.0', yes: true, json: true }, svc);
      expect(done.code).toBe(0);
      expect(JSON.parse(done.out).deleted).toMatch(/\/versions\/1\.0\.0$/);
      expect(done.err).toMatch(/Deleted image version gal_platform_prod\/ubuntu-2404-arm64\/1\.0\.0/);
    } finally {
      own.world.now = frozen;
    }
  });
});

describe('--read-only', () => {
  it('every delete path is refused with a clear message and no write request reaches Azure', async () => {
    const ro = await servicesFor(true);
    const mark = emu.requests.length;
    const shellImage = await images({ action: 'delete', target: 'rg-images-prod/img-rhel9-base-b88', yes: true }, ro);
    expect(shellImage.code).toBe(1);
    expect(oneLine(shellImage)).toBe(
      'azimg: ReadOnlyMode: azimg is in read-only mode: image rg-images-prod/img-rhel9-base-b88 was not deleted and no request was sent. (Run without --read-only to make changes.)',
    );
    const shellVersion = await galleries({ action: 'delete', path: 'gal_platform_prod/win2022-iis/1.0.0', yes: true }, ro);
    expect(shellVersion.code).toBe(1);
    expect(oneLine(shellVersion)).toMatch(/^azimg: ReadOnlyMode: .*image version gal_platform_prod\/win2022-iis\/1\.0\.0 was not deleted/);
    await expect(ro.images!.deleteImage('rg-images-prod', 'img-rhel9-base-b88')).rejects.toMatchObject({ code: 'ReadOnlyMode' });
    await expect(ro.galleries!.deleteVersion('rg-images-prod', 'gal_platform_prod', 'win2022-iis', '1.0.0')).rejects.toMatchObject({ code: 'ReadOnlyMode' });
    expect(emu.requests.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
