/**
 * The windowed list as a user meets it: scrolling, paging, the fuzzy filter with highlighted
 * letters, and that only the rows on screen are ever drawn, even for 30,000 rows.
 */
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Box, Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { KeyboardProvider, useKeyboard } from '../../src/ui/components/input.js';
import { LIST_KEYS, ListView, useList, type ListRow } from '../../src/ui/components/list.js';
import { findBinding, keyNameOf } from '../../src/ui/keys.js';
import { PaletteContext, paletteFor } from '../../src/ui/theme.js';
import { KEY, plain, press, selectedRow, type, waitFor, waitForText } from './support.js';

// Colour on (chalk decides at import, so before the imports run): highlighting is visible in frames.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

afterEach(() => cleanup());

/** A list with the standard list keys bound, the way catalog screens bind them. */
function Harness({ rows, height, noColor = false }: { rows: readonly ListRow[]; height: number; noColor?: boolean }) {
  const list = useList(rows, height);
  const [opened, setOpened] = useState<string>();
  const [backs, setBacks] = useState(0);
  useKeyboard(
    (input, key) =>
      findBinding(LIST_KEYS, keyNameOf(input, key))?.action({
        list,
        open: (r) => setOpened(r.id),
        back: () => setBacks((b) => b + 1),
        reload: () => undefined,
      }),
    !list.state.editing,
  );
  return (
    <PaletteContext.Provider value={paletteFor(noColor, {})}>
      <Box flexDirection="column">
        <ListView list={list} title="Publishers" width={80} active />
        <Text>
          opened:{opened ?? '-'} backs:{backs}
        </Text>
      </Box>
    </PaletteContext.Provider>
  );
}

function mount(rows: readonly ListRow[], height = 10, noColor = false) {
  return render(
    <KeyboardProvider>
      <Harness rows={rows} height={height} noColor={noColor} />
    </KeyboardProvider>,
  );
}

const rowsOf = (names: readonly string[]): ListRow[] => names.map((n) => ({ id: n, text: n }));
const numbered = (n: number) => rowsOf(Array.from({ length: n }, (_, i) => `publisher-${String(i).padStart(5, '0')}`));
const NAMES = ['acanon', 'Canonical', 'canonical-test', 'cannot-onboard-al', 'Debian', 'MicrosoftWindowsServer', 'OpenLogic', 'RedHat'];

/** The list rows of a frame (the lines after the title, before the harness's status line). */
function listLines(frame: string): string[] {
  const lines = frame.split('\n');
  return lines.slice(1, lines.findIndex((l) => l.startsWith('opened:')));
}

describe('windowed list', () => {
  it('draws only the rows that fit, even with 30,000 of them', async () => {
    const r = mount(numbered(30_000), 10);
    const frame = await waitForText(r, 'publisher-00000');
    expect(listLines(frame)).toHaveLength(10);
    expect(frame).toContain('Publishers (30,000)');
    expect(frame).toContain('1/30,000');
    expect(frame).not.toContain('publisher-00010');

    await press(r, 'G');
    const bottom = await waitForText(r, '30,000/30,000');
    expect(selectedRow(bottom)).toBe('publisher-29999');
    expect(listLines(bottom)).toHaveLength(10);
    expect(bottom).toContain('publisher-29990');
    expect(bottom).not.toContain('publisher-29989');
    expect(bottom).not.toContain('publisher-00000');
  });

  it('moves with j/k and the arrows, pages with PgDn/PgUp, jumps with g/G', async () => {
    const r = mount(numbered(100), 10);
    await waitForText(r, '1/100');
    await press(r, 'j');
    await press(r, KEY.down);
    expect(selectedRow(await waitForText(r, '3/100'))).toBe('publisher-00002');
    await press(r, 'k');
    expect(selectedRow(await waitForText(r, '2/100'))).toBe('publisher-00001');
    await press(r, KEY.pageDown);
    let f = await waitForText(r, '11/100');
    expect(selectedRow(f)).toBe('publisher-00010');
    // The page turned: the first row on screen moved down by a page less one row.
    expect(listLines(f)[0]).toContain('publisher-00009');
    await press(r, KEY.pageUp);
    f = await waitForText(r, '2/100');
    expect(listLines(f)[0]).toContain('publisher-00000');
    await press(r, 'G');
    await waitForText(r, '100/100');
    await press(r, 'g');
    expect(selectedRow(await waitForText(r, '1/100'))).toBe('publisher-00000');
  });

  it('filters as you type, best match first, and opens the match with Enter', async () => {
    const r = mount(rowsOf(NAMES));
    await waitForText(r, 'RedHat');
    await press(r, '/');
    await type(r, 'canon');
    const f = await waitForText(r, '4 matches');
    expect(f).toContain('/canon');
    expect(listLines(f).map((l) => l.slice(2).trim())).toEqual(['Canonical', 'canonical-test', 'acanon', 'cannot-onboard-al']);
    expect(selectedRow(f)).toBe('Canonical');
    await press(r, KEY.enter);
    // Enter keeps the filter and gives the keys back to the list; the next Enter opens.
    await waitForText(r, 'Esc clears');
    await press(r, KEY.down);
    await press(r, KEY.enter);
    await waitForText(r, 'opened:canonical-test');
  });

  it('takes a burst of keys at once (a fast typist over SSH) without losing any', async () => {
    const r = mount(rowsOf(NAMES));
    await waitForText(r, 'RedHat');
    await press(r, '/redh\r\r');
    await waitForText(r, 'opened:RedHat');
    expect(plain(r)).toContain('/redh');
  });

  it('Esc clears the filter and leaves the cursor on the same item; a second Esc goes back', async () => {
    const r = mount(rowsOf(NAMES));
    await waitForText(r, 'RedHat');
    await press(r, '/');
    await type(r, 'deb');
    await waitForText(r, '1 match');
    await press(r, KEY.escape);
    const f = await waitFor(r, (fr) => !fr.includes('/deb'), 'filter cleared');
    expect(selectedRow(f)).toBe('Debian');
    expect(f).toContain('5/8');
    expect(f).toContain('backs:0');
    await press(r, KEY.escape);
    await waitForText(r, 'backs:1');
  });

  it('Backspace edits the filter, and on an empty filter closes it', async () => {
    const r = mount(rowsOf(NAMES));
    await waitForText(r, 'RedHat');
    await press(r, '/');
    await type(r, 'rex');
    await waitForText(r, '0 matches');
    expect(plain(r)).toContain('Nothing matches "rex"');
    await press(r, KEY.backspace);
    await waitForText(r, '/re ');
    await press(r, KEY.backspace);
    await press(r, KEY.backspace);
    await waitFor(r, (f) => f.includes('/ ') && f.includes('8 matches'), 'empty filter still open');
    await press(r, KEY.backspace);
    const f = await waitFor(r, (fr) => !fr.includes('matches') && !fr.includes('match '), 'filter closed');
    expect(f).toContain('1/8');
  });

  it('moves through the matches with the arrows while typing', async () => {
    const r = mount(rowsOf(NAMES));
    await waitForText(r, 'RedHat');
    await press(r, '/');
    await type(r, 'can');
    await waitForText(r, '4 matches');
    await press(r, KEY.down);
    expect(selectedRow(await waitForText(r, '2/4'))).toBe('canonical-test');
    // Still typing: `o` narrows the filter rather than acting as a key.
    await type(r, 'o');
    await waitForText(r, '/cano');
  });

  it('highlights the matched letters: in colour, or underlined under NO_COLOR', async () => {
     
    const marked = (row: string, on: string, off: string) => [...row.matchAll(new RegExp(`${on}([^\u001b]+)${off}`, 'g'))].map((m) => m[1]);
    for (const noColor of [false, true]) {
      const r = mount(rowsOf(NAMES), 10, noColor);
      await waitForText(r, 'RedHat');
      await press(r, '/');
      await type(r, 'mws');
      await waitForText(r, '1 match');
      const row = (r.lastFrame() ?? '').split('\n').find((l) => l.includes('icrosoft'))!;
      if (noColor) {
        expect(marked(row, '\u001b\\[4m', '\u001b\\[24m')).toEqual(['M', 'W', 's']);
        // eslint-disable-next-line no-control-regex -- no colour codes may be drawn
        expect(r.lastFrame()).not.toMatch(/\u001b\[(3[0-7]|9[0-7]|4[0-7]|10[0-7])m/);
      } else {
        expect(marked(row, '\u001b\\[33m', '\u001b\\[39m')).toEqual(['M', 'W', 's']);
      }
      cleanup();
    }
  });

  it('shows a clear line for an empty list', async () => {
    const r = render(
      <KeyboardProvider>
        <EmptyHarness />
      </KeyboardProvider>,
    );
    await waitForText(r, 'No versions here.');
  });
});

function EmptyHarness() {
  const list = useList([], 5);
  return <ListView list={list} title="Versions" width={60} active emptyText="No versions here." />;
}
