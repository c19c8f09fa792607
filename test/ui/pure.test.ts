import { describe, expect, it } from 'vitest';
import { sanitize, sanitizeLines } from '../../src/domain/text.js';
import { buildIndex, filterIndex, highlightRuns, matchPositions, matchRank } from '../../src/ui/fuzzy.js';
import { INITIAL_LIST_STATE, listReducer, visibleTop, type ListIntent, type ListState } from '../../src/ui/components/list-state.js';
import { findBinding, keyNameOf, type Keymap } from '../../src/ui/keys.js';
import { extraKeys } from '../../src/ui/components/help.js';
import { envWantsNoColor, paletteFor } from '../../src/ui/theme.js';
import type { Key } from 'ink';
import { createOperationLog, unfinishedReport } from '../../src/domain/operations.js';
import { footerEntries } from '../../src/ui/components/status.js';
import { keymapFor } from '../../src/ui/components/frame.js';
import { MY_IMAGE_KEYS, MY_IMAGES_KEYS } from '../../src/ui/screens/images.js';
import { VERSIONS_KEYS } from '../../src/ui/screens/galleries.js';
import { wrappedRows } from '../../src/ui/screens/images-shared.js';

describe('sanitize', () => {
  it('leaves ordinary names alone, including non-Latin ones', () => {
    expect(sanitize('Canonical')).toBe('Canonical');
    expect(sanitize('ubuntu-24_04-lts')).toBe('ubuntu-24_04-lts');
    expect(sanitize('Ünïcødé 名前 ✓')).toBe('Ünïcødé 名前 ✓');
  });

  it('shows escape sequences as text instead of sending them', () => {
    // An OSC 52 clipboard write and a cursor move hidden in a name.
    const evil = 'pub\u001b]52;c;ZXZpbA==\u0007name\u001b[2J';
    const shown = sanitize(evil);
    expect(shown).toBe('pub\\e]52;c;ZXZpbA==\\x07name\\e[2J');
    // eslint-disable-next-line no-control-regex -- the point: no control character survives
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('escapes newlines, tabs, DEL, C1 controls and bidi overrides', () => {
    expect(sanitize('a\nb\tc\rd')).toBe('a\\nb\\tc\\rd');
    expect(sanitize('x\u007fy\u009bz')).toBe('x\\x7fy\\x9bz');
    expect(sanitize('abc\u202edcba')).toBe('abc\\u{202e}dcba');
    expect(sanitize('zero\u200bwidth\ufeff')).toBe('zero\\u{200b}width\\u{feff}');
  });

  it('is stable when called twice (global regex state does not leak between calls)', () => {
    expect(sanitize('\u0007')).toBe('\\x07');
    expect(sanitize('\u0007')).toBe('\\x07');
  });

  it('keeps our own line breaks in multi-line text but escapes the rest', () => {
    expect(sanitizeLines('line one\n\tindented\u001b[31m\nend')).toEqual(['line one', '  indented\\e[31m', 'end']);
  });
});

describe('fuzzy filter', () => {
  const names = ['Canonical', 'canonical-test', 'MicrosoftWindowsServer', 'OpenLogic', 'cannot-onboard-al', 'acanon', 'RedHat'];
  const index = buildIndex(names);

  it('returns null (everything, in order) for an empty query', () => {
    expect(filterIndex(index, '')).toBeNull();
  });

  it('ranks exact, prefix, substring, then scattered letters, keeping list order in each rank', () => {
    const got = filterIndex(index, 'canon')!.map((i) => names[i]);
    expect(got).toEqual(['Canonical', 'canonical-test', 'acanon', 'cannot-onboard-al']);
    expect(filterIndex(index, 'canonical')!.map((i) => names[i])).toEqual(['Canonical', 'canonical-test']);
    expect(matchRank('canonical', 'canonical')).toBe(0);
    expect(matchRank('canonical', 'can')).toBe(1);
    expect(matchRank('acanon', 'can')).toBe(2);
    expect(matchRank('microsoftwindowsserver', 'mws')).toBe(3);
    expect(matchRank('redhat', 'xyz')).toBe(-1);
  });

  it('is case-insensitive', () => {
    expect(filterIndex(index, 'REDHAT')!.map((i) => names[i])).toEqual(['RedHat']);
  });

  it('highlights the contiguous run when there is one, else the letters in order', () => {
    expect(matchPositions('Canonical', 'NON')).toEqual([2, 3, 4]);
    expect(matchPositions('MicrosoftWindowsServer', 'mws')).toEqual([0, 9, 15]);
    expect(matchPositions('RedHat', 'zz')).toEqual([]);
    expect(highlightRuns('Canonical', [0, 1, 2])).toEqual([
      { text: 'Can', match: true },
      { text: 'onical', match: false },
    ]);
    expect(highlightRuns('abc', [1])).toEqual([
      { text: 'a', match: false },
      { text: 'b', match: true },
      { text: 'c', match: false },
    ]);
  });

  it('filters 30,000 names into the same answer as a naive scan', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `publisher-${i.toString(36)}-${i % 7 === 0 ? 'canon' : 'x'}`);
    const idx = buildIndex(many);
    const got = filterIndex(idx, 'canon')!;
    const naive = many.map((n, i) => [n, i] as const).filter(([n]) => n.includes('canon'));
    expect(got.length).toBe(naive.length);
    expect(new Set(got)).toEqual(new Set(naive.map(([, i]) => i)));
  });
});

describe('list reducer', () => {
  const g = { count: 100, height: 10 };
  const run = (intents: ListIntent[], geo = g, from: ListState = INITIAL_LIST_STATE) =>
    intents.reduce<ListState>((s, a) => listReducer(s, { ...a, ...geo }), from);

  it('moves the cursor and scrolls only when it leaves the window', () => {
    let s = run([{ type: 'move', delta: 1 }]);
    expect(s).toMatchObject({ cursor: 1, top: 0 });
    s = run(Array.from({ length: 12 }, () => ({ type: 'move', delta: 1 }) as const));
    expect(s).toMatchObject({ cursor: 12, top: 3 });
    s = run([{ type: 'move', delta: -1 }], g, s);
    expect(s).toMatchObject({ cursor: 11, top: 3 });
  });

  it('stops at both ends', () => {
    expect(run([{ type: 'move', delta: -1 }])).toMatchObject({ cursor: 0, top: 0 });
    expect(run([{ type: 'last' }, { type: 'move', delta: 5 }])).toMatchObject({ cursor: 99, top: 90 });
    expect(run([{ type: 'last' }, { type: 'first' }])).toMatchObject({ cursor: 0, top: 0 });
  });

  it('pages by a screen less one row, keeping the cursor where it was on screen', () => {
    const s = run([{ type: 'move', delta: 2 }, { type: 'page', dir: 1 }]);
    expect(s).toMatchObject({ cursor: 11, top: 9 });
    expect(run([{ type: 'page', dir: -1 }], g, s)).toMatchObject({ cursor: 2, top: 0 });
    expect(run([{ type: 'page', dir: 1 }], { count: 5, height: 10 })).toMatchObject({ cursor: 4, top: 0 });
  });

  it('puts the best match first when the filter changes, and lands on the same item when it is cleared', () => {
    let s = run([{ type: 'move', delta: 40 }, { type: 'startFilter' }, { type: 'query', query: 'can' }]);
    expect(s).toMatchObject({ editing: true, query: 'can', cursor: 0, top: 0 });
    s = run([{ type: 'acceptFilter' }], { count: 3, height: 10 }, s);
    expect(s.editing).toBe(false);
    s = run([{ type: 'clearFilter', row: 57 }], g, s);
    expect(s).toMatchObject({ query: '', editing: false, cursor: 57 });
    expect(s.top).toBeLessThanOrEqual(57);
    expect(s.top + 10).toBeGreaterThan(57);
  });

  it('copes with an empty list', () => {
    expect(run([{ type: 'move', delta: 3 }, { type: 'last' }, { type: 'page', dir: 1 }], { count: 0, height: 10 })).toMatchObject({ cursor: 0, top: 0 });
  });

  it('keeps the cursor visible after the terminal shrinks', () => {
    const s = run([{ type: 'move', delta: 15 }]);
    expect(visibleTop(s, 100, 4)).toBe(12);
    expect(visibleTop(s, 100, 30)).toBe(s.top);
  });
});

describe('keys', () => {
  const key = (k: Partial<Key>): Key =>
    ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...k }) as Key;

  it('names Ink key events the way keymaps spell them', () => {
    expect(keyNameOf('', key({ downArrow: true }))).toBe('down');
    expect(keyNameOf('', key({ pageDown: true }))).toBe('pagedown');
    expect(keyNameOf('', key({ return: true }))).toBe('enter');
    expect(keyNameOf('', key({ escape: true, meta: true }))).toBe('escape');
    // DEL (0x7f) is what Backspace sends; Ink calls it delete.
    expect(keyNameOf('', key({ delete: true }))).toBe('backspace');
    expect(keyNameOf('c', key({ ctrl: true }))).toBe('ctrl+c');
    expect(keyNameOf('G', key({ shift: true }))).toBe('G');
    expect(keyNameOf('?', key({}))).toBe('?');
    expect(keyNameOf('pasted text', key({}))).toBeUndefined();
  });

  it('finds the first binding for a key, so screens can override global keys', () => {
    const calls: string[] = [];
    const km: Keymap<string[]> = [
      { keys: ['escape', 'h'], label: 'Esc', description: 'back', action: (c) => c.push('screen') },
      { keys: ['escape', 'q'], label: 'q', description: 'quit', action: (c) => c.push('global') },
    ];
    findBinding(km, 'escape')!.action(calls);
    findBinding(km, 'q')!.action(calls);
    expect(calls).toEqual(['screen', 'global']);
    expect(findBinding(km, 'z')).toBeUndefined();
  });

  it('names in the help only the keys a label does not already show', () => {
    const entry = (label: string, ...keys: string[]) => ({ label, keys, description: '' });
    expect(extraKeys(entry('↓/j', 'down', 'j'))).toEqual([]);
    expect(extraKeys(entry('s', 's'))).toEqual([]);
    expect(extraKeys(entry('/', '/'))).toEqual([]);
    expect(extraKeys(entry('^C', 'ctrl+c'))).toEqual([]);
    expect(extraKeys(entry('PgDn', 'pagedown', 'ctrl+f', ' '))).toEqual(['Ctrl-F', 'Space']);
    expect(extraKeys(entry('⏎', 'enter', 'right', 'l'))).toEqual(['→', 'l']);
    expect(extraKeys(entry('Esc', 'escape', 'backspace', 'h', 'left'))).toEqual(['Backspace', 'h', '←']);
    expect(extraKeys(entry('g', 'g', 'home'))).toEqual(['Home']);
    // A key the label names differently is still listed.
    expect(extraKeys(entry('y', 'Y'))).toEqual(['Y']);
  });
});

describe('palette', () => {
  it('turns colour off under NO_COLOR or --no-color and is frozen', () => {
    expect(envWantsNoColor({ NO_COLOR: '1' })).toBe(true);
    expect(envWantsNoColor({ NO_COLOR: '' })).toBe(false);
    const plain = paletteFor(false, { NO_COLOR: '1' });
    const flag = paletteFor(true, {});
    const coloured = paletteFor(false, {});
    expect(plain).toBe(flag);
    for (const p of [plain, flag]) {
      expect(p.noColor).toBe(true);
      for (const style of Object.values(p)) {
        if (typeof style === 'object') {
          expect(style).not.toHaveProperty('color');
          expect(style).not.toHaveProperty('backgroundColor');
        }
      }
    }
    expect(coloured.error.color).toBeDefined();
    expect(Object.isFrozen(coloured)).toBe(true);
    expect(Object.isFrozen(coloured.error)).toBe(true);
  });
});

describe('output captured while the app owns the screen', () => {
  it('turns console output and process warnings into notices, then puts everything back', async () => {
    const { captureOutput, createNoticeStore } = await import('../../src/ui/notices.js');
    const store = createNoticeStore();
    const seen: string[] = [];
    store.subscribe(() => seen.push(`${store.get()!.tone}:${store.get()!.text}`));
    const originalWarn = console.warn;
    const warningListeners = process.listeners('warning').length;
    const release = captureOutput(store);
    try {
      console.warn('To sign in, use a web browser to open https://microsoft.com/devicelogin\nand enter the code ABC');
      console.log('plain', 42);
      const warned = new Promise((resolve) => process.once('warning', resolve));
      process.emitWarning('something old', 'DeprecationWarning');
      await warned;
    } finally {
      release();
    }
    expect(seen).toEqual([
      'error:To sign in, use a web browser to open https://microsoft.com/devicelogin',
      'info:plain 42',
      'error:DeprecationWarning: something old',
    ]);
    expect(console.warn).toBe(originalWarn);
    expect(process.listeners('warning')).toHaveLength(warningListeners);
  });
});

describe('the operations log', () => {
  const AZURE = { mode: 'azure', subscriptionId: 'sub-1', armEndpoint: 'https://management.azure.com' } as const;

  it('keeps what was started and not finished, and says so in one line each', () => {
    const log = createOperationLog();
    const a = log.start({ action: 'the delete of image rg/a', check: 'azimg images show rg/a' });
    const b = log.start({ action: 'the delete of image version g/d/1.0.0', check: 'azimg galleries show g/d/1.0.0 --resource-group rg' });
    const c = log.start({ action: 'the delete of image rg/c\u001b[2J', check: 'azimg images show rg/c\u001b[2J' });
    a.accepted();
    c.accepted();
    c.finish();
    expect(log.unfinished().map((o) => [o.action, o.accepted])).toEqual([
      ['the delete of image rg/a', true],
      ['the delete of image version g/d/1.0.0', false],
    ]);
    expect(unfinishedReport(log.unfinished(), AZURE)).toEqual([
      'azimg: the delete of image rg/a was accepted by Azure and may still be running; check with azimg images show rg/a --subscription sub-1',
      'azimg: the delete of image version g/d/1.0.0 was sent to Azure and may still go ahead; check with azimg galleries show g/d/1.0.0 --resource-group rg --subscription sub-1',
    ]);
    // A private endpoint: the check command must go to the same place.
    expect(unfinishedReport(log.unfinished().slice(0, 1), { mode: 'custom', subscriptionId: 'sub-1', armEndpoint: 'https://arm.contoso.example' })).toEqual([
      'azimg: the delete of image rg/a was accepted by Azure and may still be running; check with azimg images show rg/a --arm-endpoint https://arm.contoso.example --subscription sub-1 (and your --ca-file)',
    ]);
    expect(unfinishedReport(log.unfinished().slice(0, 1), { ...AZURE, mode: 'demo' })).toEqual([
      'azimg: the delete of image rg/a was still running in the demo emulator when azimg quit; the emulator stopped with it (nothing in Azure was touched).',
    ]);
    // Names from Azure are shown, not obeyed.
    expect(unfinishedReport([{ action: 'the delete of image rg/x\u001b]52;c;eA==\u0007', check: 'azimg images show rg/x', accepted: true }], AZURE)[0]).toContain('rg/x\\e]52;c;eA==\\x07');
    a.finish();
    b.finish();
    expect(unfinishedReport(log.unfinished(), AZURE)).toEqual([]);
  });
});

describe('the footer', () => {
  const line = (entries: readonly { label: string; description: string }[]) => entries.map((b) => `${b.label} ${b.description.replace(/\s*\(.*\)$/, '')}`).join('  ');

  it('always keeps ? help and q quit, then as many of the screen keys as fit, in order', () => {
    const screens: [string, ReturnType<typeof keymapFor>][] = [
      ['My images', keymapFor(MY_IMAGES_KEYS)],
      ['image detail', keymapFor(MY_IMAGE_KEYS)],
      ['versions', keymapFor(VERSIONS_KEYS)],
    ];
    for (const [name, all] of screens) {
      for (const width of [60, 80, 100]) {
        const shown = footerEntries(all, width);
        const text = line(shown);
        expect(text.length, `${name} at ${width}`).toBeLessThanOrEqual(width);
        expect(text.endsWith('? help  q quit'), `${name} at ${width}: ${text}`).toBe(true);
        // Nothing secondary, and what was left out did not fit.
        expect(shown.some((b) => b.secondary)).toBe(false);
        for (const b of all.filter((k) => !k.secondary && !shown.includes(k))) {
          expect(line([...shown, b]).length, `${name} at ${width} could show ${b.label}`).toBeGreaterThan(width);
        }
      }
    }
    expect(line(footerEntries(keymapFor(MY_IMAGES_KEYS), 80))).toBe('⏎ open  / filter  Esc back  r reload  D delete  y copy image id  ? help  q quit');
    expect(line(footerEntries(keymapFor(MY_IMAGE_KEYS), 80))).toBe('s next snippet  D delete  y copy id  c copy snippet  Esc back  ? help  q quit');
  });
});

describe('wrappedRows', () => {
  it('counts rows as Ink wraps: at spaces, long words broken at the width', () => {
    expect(wrappedRows('short', 10)).toBe(1);
    expect(wrappedRows('exactly ten', 11)).toBe(1);
    expect(wrappedRows('exactly ten', 10)).toBe(2);
    expect(wrappedRows('Delete image version gal_platform_prod/ubuntu-2204-web/1.2.0? This cannot be undone.', 56)).toBe(3);
    expect(wrappedRows('x'.repeat(25), 10)).toBe(3);
    expect(wrappedRows('', 10)).toBe(1);
  });
});
