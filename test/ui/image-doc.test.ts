import { describe, expect, it } from 'vitest';
import type { ImageDetails } from '../../src/domain/types.js';
import { buildSnippets } from '../../src/domain/snippets.js';
import { securityWords } from '../../src/domain/facts.js';
import { imageDoc, wrapLine, type DocLine } from '../../src/ui/screens/image-doc.js';

const text = (lines: readonly DocLine[]) => lines.map((l) => l.map((s) => s.text).join('')).join('\n');

const base: ImageDetails = {
  urn: { publisher: 'Contoso', offer: 'appliance', sku: 'gen2', version: '1.2.3' },
  resolvedFromLatest: false,
  location: 'westus',
  os: 'Linux',
  osDiskSizeGb: 30,
  hyperVGeneration: 'V2',
  architecture: 'x64',
  dataDisks: [{ lun: 0 }, { lun: 1 }],
  features: [{ name: 'SecurityType', value: 'TrustedLaunchSupported' }],
  securityType: 'TrustedLaunchSupported',
  deprecation: { state: 'Active' },
  automaticOSUpgradeSupported: false,
};

describe('image facts in words', () => {
  it('names Trusted Launch and Confidential VM support for every security type', () => {
    const w = (securityType: ImageDetails['securityType'], hyperVGeneration: ImageDetails['hyperVGeneration'] = 'V2') => securityWords({ securityType, hyperVGeneration });
    expect(w('Standard')).toEqual({ trustedLaunch: 'not supported', confidentialVm: 'not supported' });
    expect(w('TrustedLaunchSupported')).toEqual({ trustedLaunch: 'supported', confidentialVm: 'not supported' });
    expect(w('TrustedLaunch').trustedLaunch).toMatch(/^required/);
    expect(w('ConfidentialVmSupported')).toEqual({ trustedLaunch: 'not supported', confidentialVm: 'supported' });
    expect(w('ConfidentialVM').confidentialVm).toMatch(/^required/);
    expect(w('TrustedLaunchAndConfidentialVmSupported')).toEqual({ trustedLaunch: 'supported', confidentialVm: 'supported' });
    expect(w('TrustedLaunchSupported', 'V1')).toEqual({ trustedLaunch: 'not available (Gen1 image)', confidentialVm: 'not available (Gen1 image)' });
  });

  it('lays out disks, plan, deprecation and snippets, with API strings escaped', () => {
    const img: ImageDetails = {
      ...base,
      plan: { name: 'gen2\u001b[5m', product: 'appliance', publisher: 'contoso' },
      deprecation: { state: 'ScheduledForDeprecation', scheduledTime: '2027-01-12T00:00:00+00:00', alternative: { type: 'Sku', value: 'gen3' } },
      acceleratedNetworking: false,
    };
    const doc = imageDoc(img, buildSnippets(img), 0, 100);
    const t = text(doc.lines);
    expect(t).toContain('⚠ Scheduled for deprecation on 2027-01-12');
    expect(t.replace(/\s+/g, ' ')).toContain('Use SKU gen3 instead.');
    expect(t).toMatch(/Data disks\s+2 \(LUN 0, LUN 1\)/);
    expect(t).toMatch(/Accelerated networking\s+not supported/);
    expect(t).toMatch(/Hibernation\s+not stated/);
    expect(t).toMatch(/Name\s+gen2\\e\[5m/);
    expect(t).toContain('az vm image terms accept --urn Contoso:appliance:gen2:1.2.3');
    expect(t).not.toContain('\u001b');
    expect(text([doc.lines[doc.snippetLine]!])).toMatch(/^Snippet \[az CLI\]/);
    // The next snippet is selected by index and wraps around.
    expect(text(imageDoc(img, buildSnippets(img), 1, 100).lines)).toContain('[Bicep]');
    expect(text(imageDoc(img, buildSnippets(img), 4, 100).lines)).toContain('[az CLI]');
  });

  it('says when snippets cannot be made', () => {
    const doc = imageDoc(base, new Error('no snippet for you'), 0, 80);
    expect(text(doc.lines)).toContain('no snippet for you');
  });

  it('wraps long lines at spaces, indenting what follows, and never exceeds the width', () => {
    const line: DocLine = [{ text: '  Label     ', tone: 'muted' }, { text: 'one two three four five six seven eight nine ten' }];
    const out = wrapLine(line, 30, 12);
    expect(out.length).toBeGreaterThan(1);
    for (const l of out) expect(l.map((s) => s.text).join('').length).toBeLessThanOrEqual(30);
    expect(out[1]![0]!.text).toBe(' '.repeat(12));
    expect(out.map((l) => l.map((s) => s.text).join('').trim()).join(' ').replace(/\s+/g, ' ')).toBe('Label one two three four five six seven eight nine ten');
    // The tone of a span survives the break.
    expect(out[0]![0]).toEqual({ text: '  Label     ', tone: 'muted' });
  });
});
