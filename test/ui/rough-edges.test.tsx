/**
 * Issue 8's rough edges in the full-screen app, typed at like a person on the demo emulator:
 * aliases in `:show`, the closest-name diagnosis in the error view, what the status line says
 * while a delete runs, an unknown command giving the keys back, `?` listing every command, D on
 * a list, --read-only write keys, folding resource groups, a resize keeping the place, and the
 * footer at 60 columns.
 */
import { describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Root, type InitialTarget } from '../../src/ui/app.js';
import type { Services } from '../../src/domain/services.js';
import { COMMANDS, parseCommand } from '../../src/ui/commands.js';
import { createRegistry } from '../../src/ui/screens/registry.js';
import { SCREENS } from '../../src/ui/screens/index.js';
import { startDemoServices, type Demo } from '../support/services.js';
import type { Snippet } from '../../src/domain/snippets.js';
import { docWriter, snippetSection, type DocLine, type ImageDoc } from '../../src/ui/screens/image-doc.js';
import { carryTop } from '../../src/ui/screens/detail.js';
import { createOperationLog } from '../../src/domain/operations.js';
import { runningText } from '../../src/ui/activity.js';
import { footerEntries } from '../../src/ui/components/status.js';
import { keymapFor } from '../../src/ui/components/frame.js';
import type { Keymap } from '../../src/ui/keys.js';
import { MY_IMAGE_KEYS, MY_IMAGES_KEYS } from '../../src/ui/screens/images.js';
import { VERSIONS_KEYS } from '../../src/ui/screens/galleries.js';
import { IMAGE_KEYS } from '../../src/ui/screens/image.js';
import { PUBLISHER_KEYS } from '../../src/ui/screens/marketplace.js';
import { KEY, lineWith, openHomeEntry, openVersions, press, selectedRow, type, waitFor, waitForText, withDemo, type Rendered } from './support.js';

let demo: Demo;
withDemo((d) => (demo = d));

function open(initial?: InitialTarget, services: Services = demo.services): Rendered {
  return render(<Root services={services} initial={initial} registry={createRegistry(SCREENS)} />);
}

function resize(r: Rendered, columns: number, rows = 24): void {
  Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
  r.stdout.emit('resize');
}

/** The status line: the frame's last row. */
const status = (frame: string) => frame.split('\n').at(-1) ?? '';
/** The footer: the row above the status line. */
const footer = (frame: string) => frame.split('\n').at(-2) ?? '';
/** Text with line breaks and runs of spaces collapsed, for sentences the screen wraps. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

async function command(r: Rendered, line: string): Promise<void> {
  await press(r, ':');
  await waitFor(r, (f) => footer(f).startsWith(':'), 'the command line');
  await type(r, line);
  await press(r, KEY.enter);
}

describe('aliases and wrong names', () => {
  it(':show Ubuntu2404 opens the image the alias names, as azimg show does', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    await command(r, 'show Ubuntu2404');
    const f = await waitForText(r, 'Trusted Launch');
    expect(f.split('\n')[1]).toBe('eastus › Canonical › ubuntu-24_04-lts › server › latest');
    expect(f).toMatch(/Canonical:ubuntu-24_04-lts:server:\d+\.\d+\.\d+ {2}latest in eastus/);
    expect(f).not.toContain('Could not load');
  });

  it('a wrong SKU shows Azure’s code and message and the closest names, all of it at 80 columns, with r to retry', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    resize(r, 80);
    await command(r, 'show Canonical:ubuntu-24_04-lts:servr:latest');
    const f = await waitForText(r, 'Could not load');
    for (const l of f.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    const body = flat(f);
    expect(body).toContain('Could not load image Canonical:ubuntu-24_04-lts:servr:latest in eastus.');
    expect(body).toMatch(/NotFound|VMImage|not found/i);
    // The hint in full: what is wrong, the closest name and the command that lists them.
    expect(body).toContain("Canonical:ubuntu-24_04-lts has no SKU 'servr' in eastus. Closest: server");
    expect(body).toContain('List them with: azimg ls skus Canonical:ubuntu-24_04-lts -l eastus');
    expect(body).toContain('r retry');
  });

  it(':pub MicrosoftWindows says which publishers come closest', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    await command(r, 'pub MicrosoftWindows');
    const f = await waitForText(r, 'Could not load the offers of MicrosoftWindows');
    expect(flat(f)).toMatch(/Publisher 'MicrosoftWindows' has no images in eastus\. Closest: [^.]*MicrosoftWindowsServer/);
  });
});

describe('the command line', () => {
  it('an unknown command closes the prompt, says so, and the next keys reach the list', async () => {
    const r = open({ location: 'eastus' });
    let f = await waitForText(r, 'Publishers in eastus (');
    const first = selectedRow(f);
    await command(r, 'frobnicate');
    f = await waitForText(r, 'Unknown command "frobnicate"');
    expect(status(f)).toContain('Unknown command "frobnicate"');
    expect(footer(f)).toContain('? help');
    // j moves the list's cursor: it was not typed into a command line.
    await press(r, 'j');
    f = await waitFor(r, (fr) => selectedRow(fr) !== first, 'the cursor to move');
    expect(footer(f)).not.toMatch(/^:/);
    expect(f).not.toContain(':frobnicatej');
  });

  it('? lists every : command, each of which the command line accepts', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    // Tall enough for the Commands section under the keys (at 24 rows only the `:` row names them).
    resize(r, 100, 32);
    await press(r, '?');
    const f = await waitForText(r, 'Keys: Home');
    // The ones users missed, by name…
    for (const name of [':loc', ':pub', ':show', ':home', ':quit']) expect(lineWith(f, name), name).toBeDefined();
    // …and every command the table has, with what follows it; the `:` key names them all too.
    const colon = lineWith(f, 'command (')!;
    for (const c of COMMANDS) {
      expect(f).toContain(`:${c.name}${c.args ? ` ${c.args}` : ''}`);
      expect(colon).toContain(`:${c.name}`);
      expect(() => parseCommand(`${c.name} Canonical`)).not.toThrow(/Unknown command/);
    }
  });
});

describe('deletes', () => {
  it('the status line says what is running while a delete waits for Azure, and idle once the user stops waiting', async () => {
    // Azure's clock stands still: the delete is accepted and does not finish while we watch.
    const t = Date.now();
    demo.emulator.world.now = () => t;
    const r = open();
    await openVersions(r, 'platform', 'win2022');
    await press(r, KEY.enter);
    await waitForText(r, 'Replication by region');
    await press(r, 'D');
    await waitForText(r, 'Type its name to confirm');
    await type(r, '1.2.0');
    await press(r, KEY.enter);
    await waitForText(r, 'Deleting image version');
    let f = await waitFor(r, (fr) => /deleting 1\.2\.0… \d+s/.test(status(fr)), 'the status line naming the delete');
    expect(status(f)).not.toContain('idle');
    await press(r, KEY.escape);
    f = await waitForText(r, 'Stopped waiting');
    expect(status(f)).toMatch(/^idle|request/);
    expect(status(f)).not.toContain('deleting');
  });

  it('D on the My images list opens the image with its delete prompt; on a heading it says what to do', async () => {
    const r = open();
    await openHomeEntry(r, 'My images');
    let f = await waitForText(r, 'Managed images · ');
    expect(selectedRow(f)).toMatch(/^▾ rg-/);
    await press(r, 'D');
    await waitForText(r, 'Select an image first');
    await press(r, 'j');
    f = await waitFor(r, (fr) => (selectedRow(fr) ?? '').startsWith('img-'), 'an image selected');
    const name = /^(img-\S+)/.exec(selectedRow(f)!)![1]!;
    await press(r, 'D');
    f = await waitForText(r, 'Type its name to confirm');
    expect(f).toContain(`managed image in`);
    expect(f).toContain(`(${name})`);
    // Esc cancels the prompt and leaves the user on the image; nothing was deleted.
    await press(r, KEY.escape);
    await waitFor(r, (fr) => !fr.includes('Type its name'), 'the prompt closed');
    expect(demo.emulator.world.estate.images.some((i) => i.name === name)).toBe(true);
  });

  it('--read-only: the write keys leave the footer, show off in ?, and say read-only when pressed', async () => {
    const ro = await startDemoServices({ readOnly: true });
    try {
      const r = open(undefined, ro.services);
      await openHomeEntry(r, 'My images');
      let f = await waitForText(r, 'Managed images · ');
      expect(footer(f)).toContain('Esc back');
      expect(footer(f)).not.toContain('D delete');
      await press(r, 'j');
      await waitFor(r, (fr) => (selectedRow(fr) ?? '').startsWith('img-'), 'an image selected');
      const mark = ro.emulator.requests.length;
      await press(r, 'D');
      f = await waitForText(r, 'Not deleted: read-only mode, nothing sent to Azure.');
      expect(f).not.toContain('Type its name');
      expect(f).toContain('Managed images · ');
      await press(r, '?');
      f = await waitForText(r, 'Keys: My images');
      expect(lineWith(f, 'D  ')).toContain('(off: read-only)');
      await press(r, KEY.escape);
      await press(r, KEY.enter);
      f = await waitForText(r, 'Provisioning state');
      expect(footer(f)).not.toContain('D delete');
      expect(footer(f)).toContain('Esc back');
      expect(ro.emulator.requests.slice(mark).filter((x) => x.method !== 'GET')).toEqual([]);
    } finally {
      cleanup();
      await ro.stop();
    }
  });
});

describe('the My images list', () => {
  it('folds a resource group with ⏎ on its heading (or Space on an image), and remembers it after a visit', async () => {
    const r = open();
    await openHomeEntry(r, 'My images');
    let f = await waitForText(r, 'Managed images · ');
    const heading = selectedRow(f)!;
    const group = /^▾ (\S+)/.exec(heading)![1]!;
    const rowsOf = (fr: string) => fr.split('\n').filter((l) => /^[ ›] {3}img-/.test(l)).length;
    const before = rowsOf(f);
    await press(r, KEY.enter);
    f = await waitForText(r, `▸ ${group}`);
    expect(rowsOf(f)).toBeLessThan(before);
    expect(selectedRow(f)).toMatch(new RegExp(`^▸ ${group}`));
    // Unfold, step onto an image, fold its group with Space: the cursor lands on the heading.
    await press(r, ' ');
    await waitForText(r, `▾ ${group}`);
    await press(r, 'j');
    await waitFor(r, (fr) => (selectedRow(fr) ?? '').startsWith('img-'), 'an image selected');
    await press(r, ' ');
    await waitFor(r, (fr) => (selectedRow(fr) ?? '').startsWith(`▸ ${group}`), 'folded, cursor on the heading');
    // Into another group's image and back: the fold is still there.
    await press(r, 'j');
    await waitFor(r, (fr) => (selectedRow(fr) ?? '').startsWith('▾ '), 'the next heading');
    await press(r, 'j');
    await press(r, KEY.enter);
    await waitForText(r, 'Provisioning state');
    await press(r, KEY.escape);
    f = await waitForText(r, 'Managed images · ');
    expect(f).toContain(`▸ ${group}`);
    expect(rowsOf(f)).toBeLessThan(before);
  });
});

describe('the terminal size', () => {
  it('a resize keeps the place in a document, not its line number', async () => {
    const r = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    await waitForText(r, 'Trusted Launch');
    // s brings the snippet tabs to the top of the pane.
    await press(r, 's');
    await waitFor(r, (fr) => (fr.split('\n')[2] ?? '').startsWith('Snippet '), 'the snippet at the top');
    resize(r, 60);
    let f = await waitFor(r, (fr) => fr.split('\n').every((l) => l.length <= 60) && (lineWith(fr, '? help') ?? '').length <= 60, '60 columns');
    expect(f.split('\n')[2]).toMatch(/^Snippet /);
    resize(r, 100);
    f = await waitFor(r, (fr) => fr.split('\n').some((l) => l.length > 60), '100 columns again');
    expect(f.split('\n')[2]).toMatch(/^Snippet /);
  });

  it('at 60 columns the footer keeps Esc back (with ? help and q quit), on a list and on a detail', async () => {
    const r = open({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' });
    await waitForText(r, 'Versions of Canonical');
    resize(r, 60);
    let f = await waitFor(r, (fr) => fr.split('\n').every((l) => l.length <= 60), '60 columns');
    for (const k of ['Esc back', '? help', 'q quit']) expect(footer(f)).toContain(k);
    await press(r, KEY.enter);
    f = await waitForText(r, 'Trusted Launch');
    for (const k of ['Esc back', '? help', 'q quit']) expect(footer(f)).toContain(k);
  });
});

describe('the parts without a terminal', () => {
  const text = (l: DocLine) => l.map((s) => s.text).join('');

  it('wraps a snippet comment as a comment: every piece keeps its # or //, code keeps its indent', () => {
    const long = 'accept the Marketplace terms once per subscription before the first VM is created from it';
    const snippets: Snippet[] = [
      { kind: 'az', title: 'Azure CLI', language: 'bash', notes: [], text: `# ${long}\naz vm create --resource-group myResourceGroup --name myVM --image Canonical:ubuntu-24_04-lts:server:latest` },
      { kind: 'bicep', title: 'Bicep', language: 'bicep', notes: [], text: `resource vm 'x' = {\n  // ${long}\n}` },
    ];
    for (const [index, marker] of [
      [0, '# '],
      [1, '  // '],
    ] as const) {
      const w = docWriter(40, 10);
      const at = snippetSection(w, snippets, index, { tabs: 'Snippet ', failed: 'Snippets' });
      const lines = w.lines.slice(at).map(text);
      const comment = lines.filter((l) => l.startsWith(marker));
      // The comment took several lines, each one a comment, and none wider than the pane.
      expect(comment.length).toBeGreaterThan(2);
      expect(comment.map((l) => l.slice(marker.length)).join(' ')).toBe(long);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    }
    // Code that is not a comment continues indented, as before.
    const w = docWriter(40, 10);
    snippetSection(w, snippets, 0, { tabs: 'Snippet ', failed: 'Snippets' });
    const code = w.lines.map(text);
    const start = code.findIndex((l) => l.startsWith('az vm create'));
    expect(code[start + 1]).toMatch(/^ {4}\S/);
  });

  it('carries the top line of a document to the same paragraph when it is laid out again', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${'word '.repeat(12)}`.trim());
    const layout = (width: number): ImageDoc => {
      const w = docWriter(width, 10);
      for (const p of paragraphs) w.push([{ text: p }]);
      return { lines: w.lines, snippetLine: 0 };
    };
    const wide = layout(100);
    const narrow = layout(30);
    const top = wide.lines.findIndex((l) => text(l).startsWith('Paragraph 7'));
    const carried = carryTop(wide, narrow, top);
    expect(text(narrow.lines[carried]!)).toMatch(/^Paragraph 7 /);
    expect(carried).toBeGreaterThan(top);
    // From the middle of a wrapped paragraph: the paragraph's first line.
    const inside = narrow.lines.findIndex((l) => text(l).startsWith('Paragraph 3')) + 1;
    expect(text(wide.lines[carryTop(narrow, wide, inside)]!)).toMatch(/^Paragraph 3 /);
  });

  it('says what is running and for how long, then nothing once it is over or no longer waited for', () => {
    const log = createOperationLog();
    const t0 = 1_000_000;
    expect(runningText(log.running(), t0)).toBeUndefined();
    const a = log.start({ action: 'the delete of image version g/d/1.2.0', check: 'x', label: 'deleting 1.2.0' }, t0);
    expect(runningText(log.running(), t0 + 12_400)).toBe('deleting 1.2.0… 12s');
    const b = log.start({ action: 'the delete of image rg/img', check: 'y', label: 'deleting img' }, t0 + 1000);
    expect(runningText(log.running(), t0 + 2000)).toBe('deleting 1.2.0… 2s (+1 more)');
    a.stopWaiting();
    expect(runningText(log.running(), t0 + 3000)).toBe('deleting img… 2s');
    // Stopped waiting is still unfinished: reported on the way out.
    expect(log.unfinished()).toHaveLength(2);
    b.finish();
    expect(runningText(log.running(), t0 + 4000)).toBeUndefined();
  });

  it('keeps Esc back in the footer at 60 columns on every list and detail keymap', () => {
    for (const keymap of [MY_IMAGES_KEYS, MY_IMAGE_KEYS, VERSIONS_KEYS, IMAGE_KEYS, PUBLISHER_KEYS]) {
      const shown = footerEntries(keymapFor(keymap as Keymap<unknown>), 60).map((b) => `${b.label} ${b.description}`);
      expect(shown.some((s) => s.startsWith('Esc back')), shown.join('  ')).toBe(true);
    }
  });
});
