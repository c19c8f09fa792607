/**
 * The app shell around every screen: header, breadcrumbs, the screen's main pane, footer and
 * status line, plus the `?` overlay and the `:` command line. A screen renders its body inside
 * `<Frame keymap ctx>`; the frame owns the keyboard for that keymap (screen keys first, then the
 * global ones) unless the screen's own text field, the overlay or the command line has it.
 */
import { useContext, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useAppContext, type AppContextValue } from '../context.js';
import { COMMAND_NAMES, COMMANDS, commandUsage, complete, parseCommand, type Command, type CompletionSource } from '../commands.js';
import { DataContext, type DataCache } from '../data.js';
import { describeError, isUsageError } from '../../domain/errors.js';
import { findBinding, keyNameOf, type Keymap } from '../keys.js';
import { HOME, marketplacePath, route } from '../nav.js';
import { queries } from '../queries.js';
import { crumbsFor } from '../screens/registry.js';
import { usePalette } from '../theme.js';
import { HelpOverlay, type HelpCommand, type HelpEntry } from './help.js';
import { useKeyboard, useTextInput } from './input.js';
import { Breadcrumbs, Footer, Header, StatusLine, type FooterEntry } from './status.js';
import { sanitize } from '../../domain/text.js';

/** What the global keys act on. */
export interface GlobalCtx {
  help(): void;
  command(): void;
  quit(): void;
}

/** Keys that work on every screen, after the screen's own. */
export const GLOBAL_KEYS: Keymap<GlobalCtx> = [
  { keys: [':'], label: ':', description: `command (${COMMAND_NAMES})`, action: (c) => c.command() },
  { keys: ['?'], label: '?', description: 'help', action: (c) => c.help(), pinned: true },
  { keys: ['q'], label: 'q', description: 'quit', action: (c) => c.quit(), pinned: true },
  { keys: ['ctrl+c'], label: '^C', description: 'quit from anywhere', action: (c) => c.quit(), secondary: true },
];

/** The full keymap of a screen as the footer and `?` show it: its own keys, then the global ones. */
export function keymapFor<C>(screen: Keymap<C>): readonly { keys: readonly string[]; label: string; description: string; secondary?: boolean; pinned?: boolean; write?: string }[] {
  return [...screen, ...GLOBAL_KEYS];
}

/** Why write keys are off under --read-only, as `?` says it. */
export const READ_ONLY_OFF = 'read-only';

/** The keymap as `?` shows it: write keys greyed (off) under --read-only. */
export function helpEntriesFor<C>(screen: Keymap<C>, readOnly: boolean): HelpEntry[] {
  return keymapFor(screen).map((b) => (readOnly && b.write ? { ...b, off: READ_ONLY_OFF } : b));
}

/** The keymap as the footer shows it: no write keys under --read-only. */
export function footerKeymapFor<C>(screen: Keymap<C>, readOnly: boolean): FooterEntry[] {
  return keymapFor(screen).filter((b) => !(readOnly && b.write));
}

/** The `:` commands as `?` lists them, from the one command table. */
export const HELP_COMMANDS: readonly HelpCommand[] = COMMANDS.map((c) => ({ usage: commandUsage(c), description: c.description, aliases: c.aliases }));

/** What a write key says when pressed under --read-only. */
export function readOnlyRefusalText(write: string): string {
  return `${write}: read-only mode, nothing sent to Azure.`;
}

export interface FrameProps<C> {
  /** Names the screen in the help overlay (`Publishers in eastus`). */
  readonly title: string;
  readonly keymap: Keymap<C>;
  readonly ctx: C;
  /** False while the screen's own text field (the filter) has the keyboard. */
  readonly keysActive?: boolean;
  /**
   * The keys of a dialog that owns the keyboard (a delete's prompt or progress): while given and
   * not empty, the footer shows these (and Ctrl-C, which works everywhere) instead of the screen's.
   */
  readonly dialogKeys?: readonly FooterEntry[];
  readonly children: ReactNode;
}

type Mode = { kind: 'keys' } | { kind: 'help' } | { kind: 'command'; line: string; hint?: string };

/** Ctrl-C as the footer shows it under a dialog, where it is the one way out. */
const QUIT_ANYWHERE: FooterEntry = { ...GLOBAL_KEYS.find((b) => b.keys.includes('ctrl+c'))!, secondary: false, pinned: true };

export function Frame<C>({ title, keymap, ctx, keysActive = true, dialogKeys, children }: FrameProps<C>) {
  const app = useAppContext();
  const { cache } = useContext(DataContext);
  const [mode, setMode] = useState<Mode>({ kind: 'keys' });
  const { layout } = app;
  const global: GlobalCtx = {
    help: () => setMode({ kind: 'help' }),
    command: () => setMode({ kind: 'command', line: '' }),
    quit: () => app.quit(0),
  };

  useKeyboard((input, key) => {
    const name = keyNameOf(input, key);
    const own = findBinding(keymap, name);
    if (own?.write && app.connection.readOnly) return app.notify(readOnlyRefusalText(own.write), 'error');
    if (own) return own.action(ctx);
    findBinding(GLOBAL_KEYS, name)?.action(global);
  }, mode.kind === 'keys' && keysActive);

  const crumbs = crumbsFor(
    app.registry,
    app.nav.stack.map((e) => e.route),
  );

  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height}>
      <Header connection={app.connection} location={app.nav.location} subscriptionName={app.subscriptionName} width={layout.columns} />
      <Breadcrumbs crumbs={crumbs.length > 0 ? crumbs : [title]} width={layout.columns} />
      <Box flexDirection="column" height={layout.bodyHeight} width={layout.columns} overflow="hidden">
        {mode.kind === 'help' ? (
          <HelpOverlay
            title={title}
            keymap={helpEntriesFor(keymap, app.connection.readOnly)}
            commands={HELP_COMMANDS}
            width={layout.columns}
            height={layout.bodyHeight}
            active
            onClose={() => setMode({ kind: 'keys' })}
          />
        ) : (
          children
        )}
      </Box>
      {mode.kind === 'command' ? (
        <CommandLine
          line={mode.line}
          onChange={(line, hint) => setMode({ kind: 'command', line, hint })}
          onDone={() => setMode({ kind: 'keys' })}
          app={app}
          cache={cache}
        />
      ) : (
        <Footer keymap={dialogKeys && dialogKeys.length > 0 ? [...dialogKeys, QUIT_ANYWHERE] : footerKeymapFor(keymap, app.connection.readOnly)} width={layout.columns} />
      )}
      {mode.kind === 'command' && mode.hint ? (
        <Box width={layout.columns} height={1}>
          <Text wrap="truncate-end">{mode.hint}</Text>
        </Box>
      ) : (
        <StatusLine message={app.message} width={layout.columns} />
      )}
    </Box>
  );
}

function completionSource(app: AppContextValue, cache: DataCache): CompletionSource {
  const c = app.services.catalog;
  const names = <T extends { name: string }>(q: { key: string; load(): Promise<T[]> }) => cache.load(q.key, q.load).then((xs) => xs.map((x) => x.name));
  return {
    locations: () => names(queries.locations(c)),
    publishers: (l) => names(queries.publishers(c, l)),
    offers: (l, p) => names(queries.offers(c, l, p)),
    skus: (l, p, o) => names(queries.skus(c, l, p, o)),
    versions: (l, p, o, s) => cache.load(queries.versions(c, l, p, o, s).key, queries.versions(c, l, p, o, s).load).then((vs) => vs.map((v) => v.version)),
  };
}

interface CommandLineProps {
  readonly line: string;
  onChange(line: string, hint?: string): void;
  onDone(): void;
  readonly app: AppContextValue;
  readonly cache: DataCache;
}

/** `:` + what is typed; Tab completes, Enter runs, Esc closes. Its hint replaces the status line. */
function CommandLine({ line, onChange, onDone, app, cache }: CommandLineProps) {
  const palette = usePalette();
  useTextInput({
    value: line,
    onChange: (v) => onChange(v),
    onCancel: onDone,
    onSubmit: (v) => {
      let cmd: Command;
      try {
        cmd = parseCommand(v);
      } catch (e) {
        // Close and say why: the keys go back to the screen, the message stays in the status line.
        onDone();
        app.notify(isUsageError(e) ? describeError(e) : String(e), 'error');
        return;
      }
      onDone();
      void runCommand(cmd, app, cache);
    },
    onTab: (v) => {
      void complete(v, app.nav.location, completionSource(app, cache)).then((c) => {
        const shown = c.candidates.length > 1 ? c.candidates.slice(0, 12).join('  ') + (c.candidates.length > 12 ? `  … ${c.candidates.length} in all` : '') : c.candidates.length === 0 ? (c.hint ?? 'no completions') : undefined;
        onChange(c.line, shown && sanitize(shown));
      });
    },
    isActive: true,
  });
  return (
    <Box width={app.layout.columns} height={1}>
      <Text wrap="truncate-start">
        <Text {...palette.key}>:</Text>
        {line}
        <Text inverse> </Text>
      </Text>
    </Box>
  );
}

/** Carries out a parsed command: every one of them ends in a navigation or a message. */
export async function runCommand(cmd: Command, app: AppContextValue, cache: DataCache): Promise<void> {
  const location = app.nav.location;
  switch (cmd.kind) {
    case 'quit':
      return app.quit(0);
    case 'home':
      return app.navigate({ type: 'reset', routes: [HOME] });
    case 'capture':
      return app.navigate({ type: 'reset', routes: [HOME, route('capture', cmd.vm ? { vm: cmd.vm } : {})] });
    case 'sub':
      return app.navigate({ type: 'push', route: route('subscriptions', {}) });
    case 'pub':
      return app.navigate({ type: 'reset', routes: marketplacePath({ location, publisher: cmd.publisher }) });
    case 'show':
      return app.navigate({ type: 'reset', routes: marketplacePath({ location, ...cmd.target }) });
    case 'search':
      return app.navigate({ type: 'push', route: route('search', { location, text: cmd.text }) });
    case 'loc': {
      const q = queries.locations(app.services.catalog);
      let name = cmd.location;
      try {
        const all = await cache.load(q.key, q.load);
        const want = cmd.location.toLowerCase().replace(/\s+/g, '');
        const hit = all.find((l) => l.name.toLowerCase() === want || l.displayName.toLowerCase().replace(/\s+/g, '') === want);
        if (!hit) {
          app.notify(`No location "${cmd.location}" in this subscription. Tab after :loc lists them.`, 'error');
          return;
        }
        name = hit.name;
      } catch {
        // Could not list locations: go there anyway; the publisher list will show Azure's answer.
      }
      app.navigate({ type: 'setLocation', location: name });
      app.navigate({ type: 'reset', routes: marketplacePath({ location: name }) });
      return;
    }
  }
}
