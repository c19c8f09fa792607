/** The shell's fixed rows: header, breadcrumbs, footer (keys) and status line. */
import { Fragment, useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { retryNotice, type ConnectionInfo } from '../../domain/services.js';
import type { Message } from '../context.js';
import { useRequestStatus, type RequestStatus } from '../data.js';
import type { KeyBinding } from '../keys.js';
import { sanitize } from '../../domain/text.js';
import { usePalette } from '../theme.js';
import { useCrawlText, useRunningText } from '../activity.js';

function modeLabel(c: ConnectionInfo): string {
  if (c.mode === 'demo') return 'DEMO';
  if (c.mode === 'azure') return c.cloud ?? 'Azure';
  try {
    return new URL(c.armEndpoint).host;
  } catch {
    return c.armEndpoint;
  }
}

export function Header({ connection, location, subscriptionName, width }: { connection: ConnectionInfo; location: string; subscriptionName?: string; width: number }) {
  const palette = usePalette();
  const sub = subscriptionName ? `${sanitize(subscriptionName)} (${connection.subscriptionId})` : connection.subscriptionId;
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        <Text {...palette.accent}>azimg</Text>
        {'  '}
        <Text {...palette.badge}> {modeLabel(connection)} </Text>
        {connection.readOnly ? (
          <>
            {' '}
            <Text {...palette.warning}>read-only</Text>
          </>
        ) : null}
        {'  '}
        <Text {...palette.muted}>loc </Text>
        <Text bold>{sanitize(location)}</Text>
        {'  '}
        <Text {...palette.muted}>sub </Text>
        {sub}
      </Text>
    </Box>
  );
}

/** `eastus › Canonical › ubuntu-24_04-lts`; when too long, the start gives way to `…`. */
export function Breadcrumbs({ crumbs, width }: { crumbs: readonly string[]; width: number }) {
  const palette = usePalette();
  const parts = crumbs.map(sanitize);
  const sep = ' › ';
  let start = 0;
  while (start < parts.length - 1 && parts.slice(start).join(sep).length + (start > 0 ? 4 : 0) > width) start++;
  const shown = parts.slice(start);
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {start > 0 ? <Text {...palette.muted}>…{sep}</Text> : null}
        {shown.map((p, i) => (
          <Fragment key={i}>
            {i > 0 ? <Text {...palette.muted}>{sep}</Text> : null}
            {i === shown.length - 1 ? <Text {...palette.accent}>{p}</Text> : p}
          </Fragment>
        ))}
      </Text>
    </Box>
  );
}

/** What the footer needs of a binding. */
export type FooterEntry = Pick<KeyBinding<never>, 'label' | 'description' | 'secondary' | 'pinned'>;

/** A description as the footer shows it: without its parenthesis (`back (clears a filter first)` → `back`). */
const shortDescription = (d: string) => d.replace(/\s*\(.*\)$/, '');

/**
 * The entries that fit in one footer line of `width`, in keymap order: the pinned ones (help,
 * quit) always, then the screen's main keys while they fit; secondary ones (movement) live in `?`.
 */
export function footerEntries<E extends FooterEntry>(keymap: readonly E[], width: number): E[] {
  // `label description`, two spaces between entries.
  const cost = (b: E) => b.label.length + 1 + shortDescription(b.description).length + 2;
  let room = width + 2 - keymap.filter((b) => b.pinned).reduce((n, b) => n + cost(b), 0);
  const shown = new Set<E>();
  for (const b of keymap) {
    if (b.pinned) shown.add(b);
    else if (!b.secondary && cost(b) <= room) {
      shown.add(b);
      room -= cost(b);
    }
  }
  return keymap.filter((b) => shown.has(b));
}

/** The keys that work here, from the keymap of whatever owns the keyboard. */
export function Footer({ keymap, width }: { keymap: readonly FooterEntry[]; width: number }) {
  const palette = usePalette();
  const shown = footerEntries(keymap, width);
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {shown.map((b, i) => (
          <Fragment key={i}>
            {i > 0 ? '  ' : ''}
            <Text {...palette.key}>{b.label}</Text> {shortDescription(b.description)}
          </Fragment>
        ))}
      </Text>
    </Box>
  );
}

/**
 * What the status line says while a request waits to be retried (throttled, a 5xx, a dropped
 * connection): the same words as the shell, with the wait counting down, e.g.
 * "Azure answered 500; retrying in 2 s (attempt 2 of 4)…".
 */
export function retryText(r: NonNullable<RequestStatus['retrying']>, now: number): string {
  return retryNotice(r.event, r.retryAt === undefined ? undefined : Math.max(0, r.retryAt - now));
}

/** The clock, ticking every second while `active` (a countdown on screen). */
function useSecondTicks(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** Requests in flight, then a retry while it is awaited, else the latest message, else the last error. */
export function StatusLine({ message, width }: { message: Message | undefined; width: number }) {
  const palette = usePalette();
  const { inFlight, lastError, retrying } = useRequestStatus();
  const writing = useRunningText();
  const crawling = useCrawlText();
  // A change azimg waits on first; else a crawl going on behind the screens.
  const running = writing ?? crawling;
  const now = useSecondTicks(retrying?.retryAt !== undefined);
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {running ? (
          <Text {...palette.accent}>
            <Spinner type="dots" /> {sanitize(running)}
          </Text>
        ) : inFlight > 0 ? (
          <Text {...palette.accent}>
            <Spinner type="dots" /> {inFlight} request{inFlight === 1 ? '' : 's'}
          </Text>
        ) : (
          <Text {...palette.muted}>idle</Text>
        )}
        {'  '}
        {retrying ? (
          <Text {...palette.warning}>{sanitize(retryText(retrying, now))}</Text>
        ) : message ? (
          <Text {...(message.tone === 'error' ? palette.error : message.tone === 'ok' ? palette.ok : {})}>{sanitize(message.text)}</Text>
        ) : lastError ? (
          <Text {...palette.warning}>last error: {sanitize(lastError)}</Text>
        ) : null}
      </Text>
    </Box>
  );
}
