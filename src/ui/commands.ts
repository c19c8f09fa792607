/**
 * The `:` command line: parsing what was typed into a command, and Tab completion over the
 * catalog (locations, publishers, then offer, SKU and version inside a URN).
 */
import { UsageError } from '../domain/errors.js';
import { requireValid, validateLocationName } from '../domain/names.js';
import { parseBrowseTarget } from '../domain/diagnosing-catalog.js';
import { validateUrnPart, type UrnPrefix } from '../domain/urn.js';

export type Command =
  | { readonly kind: 'loc'; readonly location: string }
  | { readonly kind: 'pub'; readonly publisher: string }
  | { readonly kind: 'show'; readonly target: UrnPrefix }
  | { readonly kind: 'search'; readonly text: string }
  | { readonly kind: 'home' }
  | { readonly kind: 'capture'; readonly vm?: string }
  | { readonly kind: 'sub' }
  | { readonly kind: 'quit' };

/** One `:` command as the help, completion and error messages show it. */
export interface CommandSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  /** What follows the name (`<location>`), empty when nothing does. */
  readonly args: string;
  /** What it does, in a few words. */
  readonly description: string;
}

/** Every `:` command: completion, the `?` overlay, the `:` key's description and the typo message read this one table. */
export const COMMANDS: readonly CommandSpec[] = [
  { name: 'loc', aliases: ['location'], args: '<location>', description: 'switch region' },
  { name: 'pub', aliases: ['publisher'], args: '<publisher>', description: 'open a publisher' },
  { name: 'show', aliases: ['browse'], args: '<URN|alias>', description: 'open an image or a URN prefix' },
  { name: 'search', aliases: ['find'], args: '<text>', description: 'find images, e.g. :search ubuntu 24.04 arm64' },
  { name: 'home', aliases: [], args: '', description: 'back to the start' },
  { name: 'capture', aliases: [], args: '[RG/VM]', description: 'make an image from a VM' },
  { name: 'sub', aliases: ['subscription', 'subscriptions'], args: '', description: 'choose another subscription' },
  { name: 'quit', aliases: ['q'], args: '', description: 'leave azimg' },
];

/** `:loc <location>` */
export function commandUsage(c: CommandSpec): string {
  return c.args ? `:${c.name} ${c.args}` : `:${c.name}`;
}

/** `:loc :pub :show :home :quit` */
export const COMMAND_NAMES = COMMANDS.map((c) => `:${c.name}`).join(' ');

const USAGE = `Commands: ${COMMAND_NAMES} (? lists them).`;

function commandNamed(word: string) {
  const w = word.toLowerCase();
  return COMMANDS.find((c) => c.name === w || c.aliases.includes(w));
}

/** Parses a command line (without the leading `:`). Throws a {@link UsageError} saying what is wrong. */
export function parseCommand(line: string): Command {
  const trimmed = line.trim().replace(/^:/, '');
  if (trimmed === '') throw new UsageError('Type a command after ":".', USAGE);
  const [word = '', ...rest] = trimmed.split(/\s+/);
  const arg = rest.join(' ');
  const cmd = commandNamed(word);
  if (!cmd) throw new UsageError(`Unknown command "${word}".`, USAGE);
  switch (cmd.name) {
    case 'loc':
      if (!arg) throw new UsageError('Which location? e.g. :loc westeurope (Tab lists them).');
      // A display name (`West Europe`) is welcome here; what it stands for must be a region name.
      requireValid(validateLocationName(arg.replace(/\s+/g, '').toLowerCase()));
      return { kind: 'loc', location: arg };
    case 'pub':
      if (!arg) throw new UsageError('Which publisher? e.g. :pub Canonical (Tab completes).');
      requireValid(validateUrnPart('Publisher', arg));
      return { kind: 'pub', publisher: arg };
    case 'show':
      if (!arg) throw new UsageError('Which image? e.g. :show Canonical:ubuntu-24_04-lts:server:latest (Tab completes).');
      return { kind: 'show', target: parseBrowseTarget(arg) };
    case 'search':
      return { kind: 'search', text: arg };
    case 'home':
      return { kind: 'home' };
    case 'capture':
      return arg ? { kind: 'capture', vm: arg } : { kind: 'capture' };
    case 'sub':
      return { kind: 'sub' };
    default:
      return { kind: 'quit' };
  }
}

/** Names Tab can offer, fetched on demand (and cached by the caller). */
export interface CompletionSource {
  locations(): Promise<string[]>;
  publishers(location: string): Promise<string[]>;
  offers(location: string, publisher: string): Promise<string[]>;
  skus(location: string, publisher: string, offer: string): Promise<string[]>;
  versions(location: string, publisher: string, offer: string, sku: string): Promise<string[]>;
}

export interface Completion {
  /** The line after completing as far as the candidates agree. */
  readonly line: string;
  /** What could come next, for showing; empty when nothing matched. */
  readonly candidates: readonly string[];
  /** Why nothing can be completed, when it is not just that nothing matched. */
  readonly hint?: string;
}

const URN_PARTS = ['publisher', 'offer', 'SKU'] as const;

/** The longest start all of `names` share, case-insensitively, spelled as the first one is. */
function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let n = names[0]!.length;
  const first = names[0]!.toLowerCase();
  for (const s of names) {
    const l = s.toLowerCase();
    let i = 0;
    while (i < n && i < l.length && l[i] === first[i]) i++;
    n = i;
  }
  return names[0]!.slice(0, n);
}

function extend(before: string, partial: string, names: readonly string[], after: string): Completion {
  const p = partial.toLowerCase();
  const hits = names.filter((n) => n.toLowerCase().startsWith(p));
  if (hits.length === 0) return { line: before + partial, candidates: [] };
  if (hits.length === 1) return { line: before + hits[0]! + after, candidates: hits };
  const common = commonPrefix(hits);
  return { line: before + (common.length > partial.length ? common : partial), candidates: hits };
}

/**
 * Completes the command line at its end. `location` is where publisher names are looked up.
 * A lookup that fails completes nothing (the command itself will report the problem).
 */
export async function complete(line: string, location: string, src: CompletionSource): Promise<Completion> {
  const m = /^(\s*)(\S*)(\s+)?(.*)$/.exec(line)!;
  const [, lead = '', word = '', space, arg = ''] = m;
  if (space === undefined) {
    const names = COMMANDS.map((c) => c.name);
    return extend(lead, word, names, ' ');
  }
  const cmd = commandNamed(word);
  const before = `${lead}${word}${space}`;
  try {
    switch (cmd?.name) {
      case 'loc':
        return extend(before, arg, await src.locations(), '');
      case 'pub':
        return extend(before, arg, await src.publishers(location), '');
      case 'show': {
        const parts = arg.split(':');
        const partial = parts.pop() ?? '';
        const done = parts.length > 0 ? `${parts.join(':')}:` : '';
        const [pub, offer, sku] = parts;
        // `Canonical::` has no offer to look SKUs up in; asking would send `…/offers//skus`.
        const empty = parts.findIndex((p) => p.trim() === '');
        if (empty >= 0) return { line, candidates: [], hint: `Type the ${URN_PARTS[empty]} first: nothing to complete after an empty part.` };
        let names: string[];
        if (parts.length === 0) names = await src.publishers(location);
        else if (parts.length === 1) names = await src.offers(location, pub!);
        else if (parts.length === 2) names = await src.skus(location, pub!, offer!);
        else if (parts.length === 3) names = ['latest', ...(await src.versions(location, pub!, offer!, sku!))];
        else return { line, candidates: [] };
        return extend(before + done, partial, names, parts.length < 3 ? ':' : '');
      }
      default:
        return { line, candidates: [] };
    }
  } catch {
    return { line, candidates: [] };
  }
}
