/**
 * One truth per fact: the shell's sheet (`show`, `images show`, `galleries show`) and the TUI's
 * detail document say the same facts, label for label and word for word, for the same records
 * read through the real SDK from the emulator. Both are read back off their text, as a person
 * would read them, and compared with each other and with the domain's fact sheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion } from '../../src/domain/estate.js';
import { definitionFacts, factPairs, managedImageFacts, marketplaceImageFacts, versionFacts, type FactSheet } from '../../src/domain/facts.js';
import type { Services } from '../../src/domain/services.js';
import { runShow } from '../../src/shell/catalog.js';
import { runGalleries } from '../../src/shell/galleries.js';
import { runImages } from '../../src/shell/images.js';
import type { Output } from '../../src/shell/output.js';
import { imageDoc, type DocLine } from '../../src/ui/screens/image-doc.js';
import { definitionDoc, managedImageDoc, versionDoc } from '../../src/ui/screens/images-doc.js';
import { parseUrn } from '../../src/domain/urn.js';
import { startDemoServices, type Demo } from '../support/services.js';

let demo: Demo;
let services: Services;
let now: number;
beforeAll(async () => {
  demo = await startDemoServices();
  services = demo.services;
  now = demo.emulator.world.estate.createdAt;
  demo.emulator.world.now = () => now;
});
afterAll(() => demo.stop());

async function shell(run: (o: Output) => Promise<number>): Promise<string> {
  let out = '';
  let err = '';
  const code = await run({ out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  expect(err).toBe('');
  expect(code).toBe(0);
  return out;
}

const docText = (lines: readonly DocLine[]) => lines.map((l) => l.map((s) => s.text).join('')).join('\n');

/** `heading` then `  Label   value` lines, as both views print them: [heading, label, value]. */
function readFacts(text: string, headings: readonly string[]): [string, string, string][] {
  const out: [string, string, string][] = [];
  let heading = '';
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) heading = line.trim();
    if (!headings.includes(heading)) continue;
    const m = /^ {2}(\S(?:.*?\S)?) {2,}(\S.*)$/.exec(line);
    if (m) out.push([heading, m[1]!, m[2]!.trimEnd()]);
  }
  return out;
}

/** Holds the shell text and the TUI text to the sheet and to each other. */
function expectSameFacts(sheet: FactSheet, shellText: string, tuiText: string): void {
  const titles = sheet.sections.map((s) => s.title);
  const fromSheet = sheet.sections.flatMap((s) => s.facts.map((f): [string, string, string] => [s.title, f.label, f.value]));
  const fromShell = readFacts(shellText, titles);
  const fromTui = readFacts(tuiText, titles);
  expect(fromShell).toEqual(fromSheet);
  expect(fromTui).toEqual(fromShell);
  // Every alert reaches both views, word for word.
  for (const a of sheet.alerts) {
    expect(shellText.replace(/\s+/g, ' ')).toContain(a.text.replace(/\s+/g, ' '));
    expect(tuiText.replace(/\s+/g, ' ')).toContain(a.text.replace(/\s+/g, ' '));
  }
}

// Wide enough that the TUI wraps no fact: wrapping is the one thing the views may do differently.
const WIDE = 500;

const MARKETPLACE = [
  // Deprecated, Gen1, no DiskControllerTypes feature: the image of the issue.
  'MicrosoftWindowsServer:WindowsServer:2012-R2-Datacenter:latest',
  // Scheduled for deprecation, with an alternative.
  'Canonical:0001-com-ubuntu-server-focal:20_04-lts-gen2:latest',
  // Marketplace plan.
  'RedHat:rhel-byos:rhel-lvm96-gen2:latest',
  // Arm64.
  'Canonical:ubuntu-24_04-lts:server-arm64:latest',
  // Trusted Launch and Confidential VM, NVMe.
  'Canonical:ubuntu-24_04-lts:server:latest',
];

describe('the shell and the TUI say the same facts', () => {
  it.each(MARKETPLACE)('marketplace image %s', async (text) => {
    const urn = parseUrn(text);
    const img = await services.catalog.getImage('eastus', urn);
    const sheet = marketplaceImageFacts(img);
    const shellText = await shell((o) => runShow(services, { urn, location: 'eastus', json: false }, o));
    const tuiText = docText(imageDoc(img, [], 0, WIDE).lines);
    expectSameFacts(sheet, shellText, tuiText);
    expect(factPairs(sheet).length).toBeGreaterThan(15);
  });

  it('words the facts the issue found worded twice, once', async () => {
    const urn = parseUrn(MARKETPLACE[0]!);
    const img = await services.catalog.getImage('eastus', urn);
    const facts = new Map(factPairs(marketplaceImageFacts(img)));
    expect(facts.get('Disk controllers')).toBe('not stated (SCSI)');
    expect(facts.get('Generation')).toBe('Gen1 (Hyper-V V1, BIOS boot)');
    // A deprecated image's date is in the words, not only in --json.
    expect(img.deprecation.scheduledTime).toBeDefined();
    expect(facts.get('Status')).toBe(`deprecated since ${img.deprecation.scheduledTime!.slice(0, 10)}: new VMs cannot be created from it`);
    const shellText = await shell((o) => runShow(services, { urn, location: 'eastus', json: false }, o));
    expect(shellText).toContain(img.deprecation.scheduledTime!.slice(0, 10));
    expect(docText(imageDoc(img, [], 0, 100).lines)).toContain(img.deprecation.scheduledTime!.slice(0, 10));
  });

  it('managed images', async () => {
    for (const ref of ['rg-legacy-migration/img-win2016-app01-capture', 'rg-images-prod/img-ubuntu2204-web-b1042', 'rg-images-prod/img-win2019-legacy-gen1']) {
      const [rg, name] = ref.split('/') as [string, string];
      const image = await services.images.getImage(rg, name);
      const shellText = await shell((o) => runImages(services, { action: 'show', target: ref, json: false }, o));
      expectSameFacts(managedImageFacts(image), shellText, docText(managedImageDoc(image, [], 0, WIDE).lines));
    }
  });

  it('gallery image definitions and versions', async () => {
    const g = (await services.galleries.listGalleries()).find((x) => x.name === 'gal_platform_prod')!;
    for (const defName of ['win2022-iis', 'ubuntu-2204-web']) {
      const def = await services.galleries.getDefinition(g.resourceGroup, g.name, defName);
      const versions = await services.galleries.listVersions(g.resourceGroup, g.name, defName);
      const latest = latestVersion(versions)?.name;
      const shellDef = await shell((o) => runGalleries(services, { action: 'show', path: `gal_platform_prod/${defName}`, json: false, now }, o));
      expectSameFacts(
        definitionFacts(def, versions.map((v) => v.name), latest, now),
        shellDef,
        docText(definitionDoc(def, versions, latest, now, [], 0, WIDE).lines),
      );
      for (const v of versions) {
        const version = await services.galleries.getVersion(g.resourceGroup, g.name, defName, v.name);
        const shellVer = await shell((o) => runGalleries(services, { action: 'show', path: `gal_platform_prod/${defName}/${v.name}`, json: false, now }, o));
        expectSameFacts(versionFacts(version, latest, now), shellVer, docText(versionDoc(version, latest, now, [], 0, WIDE).lines));
      }
    }
  });
});
