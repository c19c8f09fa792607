/**
 * Files in the user's home that azimg reads or writes: its own small config (what it remembers
 * between runs) and the az CLI's profile (read only, for the az default subscription).
 *
 * Nothing here throws for a bad file: a corrupt, unreadable or unwritable config is reported as
 * a one-line warning and the run goes on with defaults. The directory is the platform's config
 * directory (env-paths: `$XDG_CONFIG_HOME/azimg` or `~/.config/azimg` on Linux), or
 * `AZIMG_CONFIG_DIR` (tests, portable installs).
 */
import envPaths from 'env-paths';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { isSubscriptionId, type AzProfileSubscription, type RememberedContext } from '../domain/context.js';

export const CONFIG_FILE = 'config.json';
const VERSION = 1;

type Env = Readonly<Record<string, string | undefined>>;

export interface LoadedConfig {
  remembered: RememberedContext;
  /** Set when the file was there but could not be used; the run goes on with `remembered` empty (or partial). */
  warning?: string;
}

export type SaveResult = { ok: true } | { ok: false; warning: string };

export interface ConfigStore {
  /** The config file's full path (it may not exist yet). */
  path(): string;
  /** Never throws: a missing file is empty, a bad one is a warning plus what could be kept. */
  load(): LoadedConfig;
  /** Writes atomically (temp file + rename), owner-only permissions. Never throws. */
  save(remembered: RememberedContext): SaveResult;
  /** Removes the file. `removed: false` when there was none. Never throws. */
  reset(): { removed: boolean; warning?: string };
}

export function configDir(env: Env = process.env): string {
  const override = env.AZIMG_CONFIG_DIR?.trim();
  if (override) return override;
  // env-paths reads XDG_CONFIG_HOME (and APPDATA, HOME) from process.env when called.
  return envPaths('azimg', { suffix: '' }).config;
}

function empty(): RememberedContext {
  return { lastSubscription: {} };
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'EISDIR') return 'it is a directory';
  if (err?.code === 'ENOTDIR') return 'a parent of it is a file';
  if (err?.code === 'EROFS') return 'the file system is read-only';
  if (err?.code === 'ENOSPC') return 'the disk is full';
  return err?.code ?? (err instanceof Error ? err.message.split('\n')[0]! : String(e));
}

const LOCATION = /^[a-z0-9]+$/;

/** Keeps what is well-formed; says what was dropped. */
function parseConfig(text: string, file: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { remembered: empty(), warning: `Ignored ${file}: it is not valid JSON. \`azimg config reset\` starts it afresh.` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { remembered: empty(), warning: `Ignored ${file}: it is not a JSON object. \`azimg config reset\` starts it afresh.` };
  }
  const o = raw as Record<string, unknown>;
  if (typeof o.version === 'number' && o.version > VERSION) {
    return { remembered: empty(), warning: `Ignored ${file}: it was written by a newer azimg (format ${o.version}).` };
  }
  const out = empty();
  let dropped = 0;
  if (o.lastSubscription && typeof o.lastSubscription === 'object' && !Array.isArray(o.lastSubscription)) {
    for (const [k, v] of Object.entries(o.lastSubscription as Record<string, unknown>)) {
      if (typeof v === 'string' && isSubscriptionId(v) && k.includes('|')) out.lastSubscription[k] = v.toLowerCase();
      else dropped++;
    }
  } else if (o.lastSubscription !== undefined) dropped++;
  if (typeof o.lastLocation === 'string' && LOCATION.test(o.lastLocation)) out.lastLocation = o.lastLocation;
  else if (o.lastLocation !== undefined) dropped++;
  return dropped ? { remembered: out, warning: `Ignored ${dropped} malformed entr${dropped === 1 ? 'y' : 'ies'} in ${file}.` } : { remembered: out };
}

export function createConfigStore(env: Env = process.env): ConfigStore {
  const file = () => join(configDir(env), CONFIG_FILE);
  return {
    path: file,
    load() {
      const f = file();
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { remembered: empty() };
        return { remembered: empty(), warning: `Could not read ${f} (${reason(e)}); going on without remembered settings.` };
      }
      return parseConfig(text, f);
    },
    save(remembered) {
      const f = file();
      const body = { version: VERSION, lastSubscription: remembered.lastSubscription, lastLocation: remembered.lastLocation };
      const tmp = `${f}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(f), { recursive: true, mode: 0o700 });
        writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
        renameSync(tmp, f);
        return { ok: true };
      } catch (e) {
        rmSync(tmp, { force: true });
        return { ok: false, warning: `Could not save ${f} (${reason(e)}); azimg will not remember this choice.` };
      }
    },
    reset() {
      const f = file();
      try {
        rmSync(f);
        return { removed: true };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { removed: false };
        return { removed: false, warning: `Could not remove ${f} (${reason(e)}).` };
      }
    },
  };
}

// --- the az CLI's profile --------------------------------------------------------------------

export type AzProfileRead =
  | { found: true; path: string; subscriptions: AzProfileSubscription[]; warning?: string }
  | { found: false; path: string; warning?: string };

/** `$AZURE_CONFIG_DIR/azureProfile.json`, else `~/.azure/azureProfile.json`. */
export function azProfilePath(env: Env = process.env): string {
  const dir = env.AZURE_CONFIG_DIR?.trim() || join(env.HOME?.trim() || homedir(), '.azure');
  return join(dir, 'azureProfile.json');
}

/**
 * The az CLI's subscriptions (no az process needed). The file starts with a UTF-8 BOM; entries
 * without an id are skipped. Never throws: no file is `found: false`, a bad one adds a warning.
 */
export function readAzProfile(env: Env = process.env): AzProfileRead {
  const path = azProfilePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return { found: false, path };
    return { found: false, path, warning: `Could not read the az CLI profile ${path} (${reason(e)}).` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { found: false, path, warning: `Ignored the az CLI profile ${path}: it is not valid JSON.` };
  }
  const list = (raw as { subscriptions?: unknown })?.subscriptions;
  if (!Array.isArray(list)) return { found: true, path, subscriptions: [] };
  const subscriptions: AzProfileSubscription[] = [];
  for (const s of list as Record<string, unknown>[]) {
    if (!s || typeof s !== 'object' || typeof s.id !== 'string' || !isSubscriptionId(s.id)) continue;
    subscriptions.push({
      id: s.id.toLowerCase(),
      name: typeof s.name === 'string' ? s.name : s.id,
      state: typeof s.state === 'string' ? s.state : 'Unknown',
      tenantId: typeof s.tenantId === 'string' ? s.tenantId.toLowerCase() : '',
      isDefault: s.isDefault === true,
      environmentName: typeof s.environmentName === 'string' ? s.environmentName : 'AzureCloud',
    });
  }
  return { found: true, path, subscriptions };
}
