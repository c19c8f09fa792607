/** The start screen: what azimg can show, from the registry's home menu. */
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { Frame } from '../components/frame.js';
import { ListView, MOVE_KEYS, OPEN_KEY, useList, type ListScreenCtx } from '../components/list.js';
import type { ListState } from '../components/list-state.js';
import { useAppContext, useScreenMemory, type AppContextValue } from '../context.js';
import type { Keymap } from '../keys.js';
import { sanitize } from '../../domain/text.js';
import { usePalette } from '../theme.js';
import { defineScreen } from './registry.js';

export const HOME_KEYS: Keymap<ListScreenCtx> = [...MOVE_KEYS, OPEN_KEY];

function Home() {
  const app = useAppContext();
  const palette = usePalette();
  const items = app.registry.homeItems;
  const location = app.nav.location;
  const rows = useMemo(
    () =>
      items.map((h) => ({
        id: h.label,
        text: h.label,
        detail: h.open ? h.description.replace('{location}', sanitize(location)) : `${h.description} · not yet`,
        dim: !h.open,
      })),
    [items, location],
  );
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 3), useScreenMemory<ListState>('list'));
  const ctx: ListScreenCtx = {
    list,
    open: (row) => openItem(app, row.id),
    back: () => undefined,
    reload: () => undefined,
  };
  return (
    <Frame title="Home" keymap={HOME_KEYS} ctx={ctx} keysActive={!list.state.editing}>
      <Box flexDirection="column">
        <Text wrap="truncate-end" {...palette.muted}>
          Azure VM images from the terminal. ⏎ opens, ? lists every key, : takes a command.
        </Text>
        <Text> </Text>
        <ListView list={list} title="Start" width={app.layout.columns} active />
      </Box>
    </Frame>
  );
}

function openItem(app: AppContextValue, label: string): void {
  const item = app.registry.homeItems.find((h) => h.label === label);
  if (!item) return;
  if (!item.open) {
    app.notify(`${item.label} is not available in this version of azimg yet.`, 'info');
    return;
  }
  app.navigate({ type: 'push', route: item.open(app.nav.location) });
}

export const homeScreen = defineScreen({
  id: 'home',
  crumb: () => undefined,
  Component: Home,
});
