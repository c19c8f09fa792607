/**
 * One image version in full: its facts in plain words, warnings that matter before deploying
 * (plan terms, deprecation) and the snippets to create a VM from it. `s` switches snippet,
 * `y` copies the URN, `c` the snippet.
 */
import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { buildSnippets, type Snippet } from '../../domain/snippets.js';
import type { ImageDetails } from '../../domain/types.js';
import { formatUrn } from '../../domain/urn.js';
import { describeError } from '../../domain/errors.js';
import { Frame } from '../components/frame.js';
import { Loaded } from '../components/feedback.js';
import { useAppContext, useScreenMemory } from '../context.js';
import { useResource } from '../data.js';
import type { Keymap } from '../keys.js';
import { queries } from '../queries.js';
import { sanitize } from '../sanitize.js';
import { usePalette, type Palette } from '../theme.js';
import { imageDoc, SNIPPET_TABS, type DocLine, type ImageDoc } from './image-doc.js';
import { defineScreen, type ScreenProps } from './registry.js';

/** What the detail screen's keys act on. */
export interface ImageCtx {
  scroll(delta: number): void;
  page(dir: 1 | -1): void;
  top(): void;
  bottom(): void;
  nextSnippet(): void;
  copyUrn(): void;
  copySnippet(): void;
  back(): void;
  reload(): void;
}

export const IMAGE_KEYS: Keymap<ImageCtx> = [
  { keys: ['up', 'k'], label: '↑/k', description: 'scroll up', action: (c) => c.scroll(-1), secondary: true },
  { keys: ['down', 'j'], label: '↓/j', description: 'scroll down', action: (c) => c.scroll(1), secondary: true },
  { keys: ['pageup', 'ctrl+b'], label: 'PgUp', description: 'page up', action: (c) => c.page(-1), secondary: true },
  { keys: ['pagedown', 'ctrl+f', ' '], label: 'PgDn', description: 'page down', action: (c) => c.page(1), secondary: true },
  { keys: ['g', 'home'], label: 'g', description: 'top', action: (c) => c.top(), secondary: true },
  { keys: ['G', 'end'], label: 'G', description: 'bottom', action: (c) => c.bottom(), secondary: true },
  { keys: ['s'], label: 's', description: 'next snippet (az, Bicep, Terraform, ARM)', action: (c) => c.nextSnippet() },
  { keys: ['y'], label: 'y', description: 'copy URN', action: (c) => c.copyUrn() },
  { keys: ['c'], label: 'c', description: 'copy snippet', action: (c) => c.copySnippet() },
  { keys: ['escape', 'backspace', 'h', 'left'], label: 'Esc', description: 'back', action: (c) => c.back() },
  { keys: ['r'], label: 'r', description: 'reload', action: (c) => c.reload() },
];

function snippetsOf(img: ImageDetails): Snippet[] | Error {
  try {
    return buildSnippets(img);
  } catch (e) {
    return new Error(describeError(e));
  }
}

const EMPTY_DOC: ImageDoc = { lines: [], snippetLine: 0 };

function ImageScreen({ params }: ScreenProps<'image'>) {
  const app = useAppContext();
  const memory = useScreenMemory<{ snippet: number; top: number }>('image');
  const query = queries.image(app.services.catalog, params.location, params.urn);
  const resource = useResource(query.key, query.load);
  const img = resource.status === 'ready' ? resource.data : undefined;
  const [snippet, setSnippet] = useState(memory.saved?.snippet ?? 0);
  const [top, setTop] = useState(memory.saved?.top ?? 0);
  memory.save({ snippet, top });

  const { columns, bodyHeight } = app.layout;
  const snippets = useMemo(() => (img ? snippetsOf(img) : []), [img]);
  const doc = useMemo(() => (img ? imageDoc(img, snippets, snippet, columns) : EMPTY_DOC), [img, snippets, snippet, columns]);
  // The last row says where you are when the page does not fit.
  const overflow = doc.lines.length > bodyHeight;
  const height = overflow ? bodyHeight - 1 : bodyHeight;
  const maxTop = Math.max(0, doc.lines.length - height);
  const shownTop = Math.min(top, maxTop);
  const to = (t: number) => setTop(Math.max(0, Math.min(maxTop, t)));

  const ctx: ImageCtx = {
    scroll: (d) => to(shownTop + d),
    page: (dir) => to(shownTop + dir * Math.max(1, height - 1)),
    top: () => to(0),
    bottom: () => to(maxTop),
    nextSnippet: () => {
      if (!img || !Array.isArray(snippets) || snippets.length === 0) return;
      const next = (snippet + 1) % snippets.length;
      setSnippet(next);
      // Bring the snippet into view so the switch is visible on a small terminal.
      setTop(Math.min(doc.snippetLine, Math.max(0, doc.lines.length - height)));
      app.notify(`Snippet: ${SNIPPET_TABS[snippets[next]!.kind]}`, 'info');
    },
    copyUrn: () => {
      if (img) app.copy(formatUrn(img.urn), 'URN');
    },
    copySnippet: () => {
      if (!img || !Array.isArray(snippets) || snippets.length === 0) return;
      const s = snippets[snippet % snippets.length]!;
      app.copy(s.text, `${SNIPPET_TABS[s.kind]} snippet`);
    },
    back: () => app.navigate({ type: 'pop' }),
    reload: resource.reload,
  };

  const title = `Image ${sanitize(formatUrn(params.urn))}`;
  return (
    <Frame title={title} keymap={IMAGE_KEYS} ctx={ctx}>
      <Loaded resource={resource} what={`image ${sanitize(formatUrn(params.urn))} in ${sanitize(params.location)}`} width={columns}>
        {() => <DocView doc={doc} top={shownTop} height={height} width={columns} overflow={overflow} />}
      </Loaded>
    </Frame>
  );
}

function Line({ line, palette, width }: { line: DocLine; palette: Palette; width: number }) {
  return (
    <Box height={1} width={width}>
      <Text wrap="truncate-end">
        {line.length === 0
          ? ' '
          : line.map((s, i) =>
              s.tone === 'bold' ? (
                <Text key={i} bold>
                  {s.text}
                </Text>
              ) : s.tone ? (
                <Text key={i} {...palette[s.tone]}>
                  {s.text}
                </Text>
              ) : (
                s.text
              ),
            )}
      </Text>
    </Box>
  );
}

/** The visible slice of the document, and where it is when it does not all fit. */
function DocView({ doc, top, height, width, overflow }: { doc: ImageDoc; top: number; height: number; width: number; overflow: boolean }) {
  const palette = usePalette();
  const shown = doc.lines.slice(top, top + height);
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((l, i) => (
        <Line key={top + i} line={l} palette={palette} width={width} />
      ))}
      {overflow ? (
        <Text {...palette.muted} wrap="truncate-end">
          {top + height < doc.lines.length ? '↓ more' : '— end —'} · lines {top + 1}–{Math.min(doc.lines.length, top + height)} of {doc.lines.length} · j/k PgUp/PgDn
        </Text>
      ) : null}
    </Box>
  );
}

export const imageScreen = defineScreen({
  id: 'image',
  crumb: (p) => p.urn.version,
  Component: ImageScreen,
});

