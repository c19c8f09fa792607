/**
 * The entry point: parses the command line, builds the connection, wires services into the UI or
 * the shell commands. Heavy modules (Ink, the Azure SDK, the emulator) are imported only when a
 * command needs them, so `azimg --help` and first frames stay fast.
 */
import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import { closestNames } from './domain/diagnose.js';
import { AzureError, describeError, UsageError } from './domain/errors.js';
import { retryNotice, type ConnectionInfo, type Services } from './domain/services.js';
import type { Urn } from './domain/types.js';
import { parseImageArgument, parseUrnPrefix, type UrnPrefix } from './domain/urn.js';
import { hasUnsafeChars, sanitize } from './domain/text.js';
import { checkConnection, requireValid, validateLocationName, validateSubscriptionId } from './domain/names.js';
// Every command that talks to Azure plans its connection and runs in a session; these small
// modules are imported with the entry, at once, instead of each in turn on the way to the request.
import { rememberChoice, resolveConnection, type RememberedContext, type ResolvedConnection, type ResolveInputs } from './domain/context.js';
import { createOperationLog, trackWrites, unfinishedReport } from './domain/operations.js';
import { createConfigStore, readAzProfile, type ConfigStore } from './store/config.js';
import { parseBrowseTarget, withDiagnosis } from './domain/diagnosing-catalog.js';
import { LIST_KINDS, type ListKind } from './shell/kinds.js';
import { processOutput, reportFailure, type Output } from './shell/output.js';
import type { CaptureArgs } from './shell/capture.js';
import { EMULATOR_HELP } from './shell/emulator.js';

const DEFAULT_LOCATION = 'eastus';

/**
 * AZIMG_TRACE=1: start-up marks (`performance.mark`, ms since the process started) printed on
 * stderr at exit as `azimg-trace NAME MS` lines, for bench/startup.ts. Off, it costs one check.
 */
const tracing = Boolean(process.env.AZIMG_TRACE);
const mark = (name: string) => {
  if (tracing) performance.mark(name);
};
mark('cli: entry and its static imports evaluated');

/**
 * Flags every command takes, the TUI too. They are declared once, on the program, and mean the
 * same wherever they are written: `azimg --read-only images delete …` and `azimg images delete …
 * --read-only` are one command. Each action reads them through {@link globalFlags}.
 */
interface ConnectionFlags {
  demo?: boolean;
  armEndpoint?: string;
  caFile?: string;
  subscription?: string;
  tenant?: string;
  cloud?: string;
  authorityHost?: string;
  location?: string;
  readOnly?: boolean;
  color?: boolean;
  json?: boolean;
}

/** The global options: one table for the parser, the help and the tests. */
export const GLOBAL_OPTIONS = [
  { flags: '--demo', key: 'demo', description: 'run against the embedded Azure emulator (no Azure account needed)' },
  { flags: '--cloud <name>', key: 'cloud', description: 'AzureCloud, AzureChinaCloud or AzureUSGovernment (default: AZIMG_CLOUD or AzureCloud)' },
  { flags: '--arm-endpoint <url>', key: 'armEndpoint', description: 'Azure Resource Manager endpoint of a private cloud (default: the cloud\'s, or AZIMG_ARM_ENDPOINT)' },
  { flags: '--authority-host <url>', key: 'authorityHost', description: 'Microsoft Entra ID sign-in host of a private cloud (default: the cloud\'s, or AZIMG_AUTHORITY_HOST)' },
  { flags: '--ca-file <path>', key: 'caFile', description: 'extra CA certificates (PEM) to trust for the ARM endpoint and the sign-in host' },
  { flags: '--tenant <id>', key: 'tenant', description: 'sign in to this tenant: id or domain (default: AZURE_TENANT_ID, or your home tenant)' },
  { flags: '--subscription <name|id>', key: 'subscription', description: 'subscription name or id (default: AZURE_SUBSCRIPTION_ID, then the one azimg remembers, then the az CLI\'s)' },
  { flags: '-l, --location <name>', key: 'location', description: `Azure region (default: AZIMG_LOCATION or ${DEFAULT_LOCATION})` },
  { flags: '--read-only', key: 'readOnly', description: 'never send a write request to Azure' },
  { flags: '--no-color', key: 'color', description: 'no colours (also NO_COLOR=1)' },
  { flags: '--json', key: 'json', description: 'JSON for scripts (ls, show, images, galleries)' },
] as const;

type GlobalKey = (typeof GLOBAL_OPTIONS)[number]['key'];

function addGlobalOptions(program: Command): Command {
  for (const o of GLOBAL_OPTIONS) program.option(o.flags, o.description);
  return program;
}

/** The global flags as the user gave them, wherever on the line they stood. */
function globalFlags<T extends object = object>(cmd: Command): ConnectionFlags & T {
  return cmd.optsWithGlobals() as ConnectionFlags & T;
}

/** Global options typed on the command line (not defaults), by their long name. */
function givenGlobals(cmd: Command, keys: readonly GlobalKey[]): string[] {
  return GLOBAL_OPTIONS.filter((o) => keys.includes(o.key) && cmd.getOptionValueSourceWithGlobals(o.key) === 'cli').map(
    (o) => o.flags.replace(/^-\w, /, '').split(' ')[0]!,
  );
}

/** A global option that cannot apply to this command is bad usage, never silently dropped. */
function refuseGlobals(cmd: Command, keys: readonly GlobalKey[], what: string, hint?: string): void {
  const given = givenGlobals(cmd, keys);
  if (given.length) {
    throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'does' : 'do'} not apply to ${what}.`, hint ?? `Run ${what} without ${given.length === 1 ? 'it' : 'them'}.`);
  }
}

function snippetOption(): Option {
  return new Option('--snippet <kind>', 'print only this snippet').choices(['az', 'bicep', 'terraform', 'arm']);
}

interface Session {
  services: Services;
  /** Things the user should know (a corrupt config, a remembered subscription gone): one line each. */
  warnings: string[];
  /** After the command succeeded: remember its subscription and location; a warning when that failed. */
  commit?(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Where a run stands after flags, environment, remembered config and the az profile: no credential yet. */
interface Plan {
  resolved: ResolvedConnection;
  inputs: ResolveInputs;
  store: ConfigStore;
  remembered: RememberedContext;
  caPem?: string;
  readOnly: boolean;
  warnings: string[];
}

/** A subscription id for clients that only list subscriptions (SubscriptionClient needs none). */
const NO_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

function readCaFile(path: string | undefined): string | undefined {
  if (!path) return undefined;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read --ca-file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file ${path} holds no PEM certificate.`);
  return pem;
}

/** Flags, environment, what azimg remembered and the az CLI's default, resolved (no network). */
async function planConnection(flags: ConnectionFlags): Promise<Plan> {
  // Typed values are checked against Azure's rules before anything is read or sent.
  const location = flags.location ?? (process.env.AZIMG_LOCATION || undefined);
  if (location !== undefined) requireValid(validateLocationName(location));
  const subscription = flags.subscription ?? (process.env.AZURE_SUBSCRIPTION_ID || undefined);
  // A name is welcome (it is looked up), but never one that could leave its path segment or drive a terminal.
  if (subscription !== undefined && (subscription.trim() === '' || /[/\\]/.test(subscription) || hasUnsafeChars(subscription))) requireValid(validateSubscriptionId(subscription));
  const caPem = readCaFile(flags.caFile);
  const store = createConfigStore();
  const loaded = store.load();
  const az = readAzProfile();
  const warnings = [loaded.warning, az.warning].filter((w): w is string => Boolean(w));
  const inputs = {
    flags: { subscription: flags.subscription, tenant: flags.tenant, cloud: flags.cloud, armEndpoint: flags.armEndpoint, authorityHost: flags.authorityHost, location: flags.location },
    env: process.env,
    remembered: loaded.remembered,
    azProfile: az.found ? az.subscriptions : undefined,
    defaultLocation: DEFAULT_LOCATION,
  };
  const r = resolveConnection(inputs);
  if (!r.ok) {
    const [first, ...rest] = r.errors;
    throw new UsageError(first!.message, rest.length ? rest.map((e) => e.message).join(' ') : undefined);
  }
  warnings.push(...r.connection.warnings);
  return { resolved: r.connection, inputs, store, remembered: loaded.remembered, caPem, readOnly: Boolean(flags.readOnly), warnings };
}

function connectionInfo(plan: Plan, subscriptionId: string, location: string): ConnectionInfo {
  const cloud = plan.resolved.cloud;
  return {
    mode: cloud.name === 'custom' ? 'custom' : 'azure',
    armEndpoint: plan.resolved.armEndpoint,
    subscriptionId,
    location,
    readOnly: plan.readOnly,
    ...(cloud.name !== 'AzureCloud' && cloud.name !== 'custom' ? { cloud: cloud.displayName } : {}),
  };
}

type Credential = import('./azure/index.js').TokenCredential;

async function servicesFor(plan: Plan, credential: Credential, subscriptionId: string, location: string, interactive: boolean): Promise<Services> {
  const { createAzureServices } = await import('./azure/index.js');
  mark('azure: SDK modules loaded');
  return createAzureServices(
    {
      armEndpoint: plan.resolved.armEndpoint,
      subscriptionId,
      credential: { kind: 'credential', credential },
      scope: plan.resolved.scope,
      caPem: plan.caPem,
      readOnly: plan.readOnly,
      loopbackOnly: false,
      pollIntervalMs: interactive ? 2000 : 5000,
    },
    connectionInfo(plan, subscriptionId, location),
  );
}

type SignInOutcome = { ok: true; credential: Credential } | { ok: false; failure: import('./azure/index.js').SignInFailure };

/** The credential chain (signin.ts) for this plan's cloud and tenant. */
async function signInFor(
  plan: Plan,
  o: { interactive: boolean; skipDefaultChain?: boolean; onDeviceCode?(p: import('./azure/index.js').DeviceCodePrompt): void; signal?: AbortSignal },
): Promise<SignInOutcome> {
  mark('sign-in: started');
  const { signIn } = await import('./azure/index.js');
  mark('sign-in: SDK modules loaded');
  const r = await signIn({
    authorityHost: plan.resolved.authorityHost,
    scope: plan.resolved.scope,
    tenantId: plan.resolved.tenant?.id,
    caPem: plan.caPem,
    ...o,
  });
  return r.ok ? { ok: true, credential: r.credential } : r;
}

/** The one message of a sign-in that did not work: each source and what it said, then what to do. */
function signInError(failure: import('./azure/index.js').SignInFailure, pendingSubscription: boolean): AzureError {
  const tried = failure.sources.length ? failure.sources.map((s) => `${s.name}: ${s.said}`).join('; ') : 'no source could be tried';
  const next = pendingSubscription ? `${failure.next} Then choose a subscription with --subscription <name|id> or AZURE_SUBSCRIPTION_ID.` : failure.next;
  return new AzureError('SignInFailed', `Could not sign in to Azure. Tried ${tried}.`, 'auth', undefined, next);
}

/** Resolves the subscription again with the list the credential sees (names, the only one, remembered ones gone). */
async function resolveWithVisible(plan: Plan, credential: Credential, signal?: AbortSignal): Promise<{ plan: Plan; visible: import('./domain/types.js').Subscription[] }> {
  const lister = await servicesFor(plan, credential, NO_SUBSCRIPTION, plan.resolved.location.name, false);
  const visible = await lister.account.listSubscriptions({ signal });
  const r = resolveConnection({ ...plan.inputs, visible });
  if (!r.ok) {
    const [first, ...rest] = r.errors;
    throw new UsageError(first!.message, rest.length ? rest.map((e) => e.message).join(' ') : undefined);
  }
  return { plan: { ...plan, resolved: r.connection, warnings: [...plan.warnings.filter((w) => !plan.resolved.warnings.includes(w)), ...r.connection.warnings] }, visible };
}

/** Remembers the subscription (per cloud and tenant) and the location for the next run; a failure is a warning. */
async function remember(plan: Plan, subscriptionId: string, location: string): Promise<string | undefined> {
  const loaded = plan.store.load();
  const next = rememberChoice(loaded.remembered, plan.resolved.rememberKey, subscriptionId, location);
  // Most runs use what was remembered: then the file already says so, and is not written again.
  const same = (c: RememberedContext) => JSON.stringify([c.lastSubscription, c.lastLocation ?? null]);
  if (!loaded.warning && same(next) === same(loaded.remembered)) return undefined;
  const r = plan.store.save(next);
  return r.ok ? undefined : r.warning;
}

/** True when a person can answer a device code prompt on stderr (a shell in a terminal). */
function shellIsInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Connection flags that name a real cloud: the demo is its own cloud, so they cannot apply with --demo. */
const NOT_WITH_DEMO = [
  ['armEndpoint', '--arm-endpoint'],
  ['caFile', '--ca-file'],
  ['cloud', '--cloud'],
  ['tenant', '--tenant'],
  ['authorityHost', '--authority-host'],
] as const;

/**
 * The embedded emulator for `--demo`, on the subscription `--subscription` names (one of the demo
 * world's, by id) or the demo's first. Options that point at a real cloud are refused, not dropped.
 */
async function startDemoFor(flags: ConnectionFlags, pollIntervalMs: number) {
  const given = NOT_WITH_DEMO.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  if (given.length) {
    throw new UsageError(
      `${given.join(', ')} ${given.length === 1 ? 'does' : 'do'} not apply with --demo: the demo is its own cloud (the embedded emulator).`,
      'Leave out --demo to use Azure, or leave out those options.',
    );
  }
  if (flags.subscription !== undefined) {
    requireValid(validateSubscriptionId(flags.subscription), 'The demo subscriptions: azimg subscriptions ls --demo.');
  }
  const { startDemo } = await import('./demo.js');
  const location = flags.location || process.env.AZIMG_LOCATION || DEFAULT_LOCATION;
  const demo = await startDemo({ location, readOnly: Boolean(flags.readOnly), pollIntervalMs });
  const services = flags.subscription ? await demo.servicesFor(flags.subscription, location) : demo.services;
  return { demo, services, location };
}

/**
 * Turns flags, environment, the remembered config and the az profile into services for the
 * shell; `--demo` starts the emulator in-process. Signs in (device code on stderr only in a
 * terminal); `needSubscription: false` (subscriptions ls) works before any subscription is chosen.
 */
async function connect(flags: ConnectionFlags, opts: { needSubscription?: boolean } = {}): Promise<Session> {
  if (flags.demo) {
    const { demo, services } = await startDemoFor(flags, 250);
    return { services, warnings: [], close: demo.stop };
  }
  let plan = await planConnection(flags);
  mark('session: flags, config and az profile resolved');
  const interactive = shellIsInteractive();
  const pending = 'needsPicker' in plan.resolved.subscription;
  const signed = await signInFor(plan, {
    interactive,
    onDeviceCode: (p) => process.stderr.write(`azimg: to sign in, open ${p.verificationUri} and enter the code ${p.userCode} (waiting…)\n`),
  });
  if (!signed.ok) throw signInError(signed.failure, pending);
  mark('session: signed in');
  const credential = signed.credential;
  let sub = plan.resolved.subscription;
  if ('needsPicker' in sub && sub.listWouldHelp) {
    plan = (await resolveWithVisible(plan, credential)).plan;
    sub = plan.resolved.subscription;
  }
  const location = plan.resolved.location.name;
  if ('needsPicker' in sub) {
    if (opts.needSubscription === false) return { services: await servicesFor(plan, credential, NO_SUBSCRIPTION, location, false), warnings: plan.warnings, close: async () => {} };
    throw new UsageError(sub.reason, 'Choose one with --subscription <name|id> (`azimg subscriptions ls` lists them); azimg remembers it for next time.');
  }
  const services = await servicesFor(plan, credential, sub.id, location, false);
  const chosen = sub.id;
  return { services, warnings: plan.warnings, commit: () => remember(plan, chosen, location), close: async () => {} };
}

/** Exit codes of a command ended by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Runs a shell command with a connection, closing it afterwards. Writes are recorded while they
 * run, so a Ctrl-C, SIGTERM or SIGHUP in the middle of one says what Azure may still be doing and
 * how to check it, instead of dying silently.
 */
async function withSession(
  flags: ConnectionFlags,
  run: (s: Services, out: Output) => Promise<number>,
  opts: {
    needSubscription?: boolean;
    /**
     * A command that can stop cleanly (a capture between steps): the first signal aborts this and
     * lets the command say where it stopped and how to resume; a second one leaves at once.
     */
    interrupt?: AbortController;
  } = {},
): Promise<number> {
  const session = await connect(flags, opts);
  const output = processOutput();
  for (const w of session.warnings) output.err(`azimg: warning: ${sanitize(w)}`);
  const log = createOperationLog();
  // The one place the shell's services are wired: a wrong catalog name is explained (closest
  // names) once, here, as the TUI does where it wires its own (ui/app.tsx).
  const services = trackWrites({ ...session.services, catalog: withDiagnosis(session.services.catalog) }, log);
  let interruptedBy: keyof typeof SIGNAL_EXIT | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    if (opts.interrupt && !opts.interrupt.signal.aborted) {
      interruptedBy = signal;
      output.err(`azimg: stopping (${signal}): reading where things stand in Azure… (again to leave at once)`);
      opts.interrupt.abort();
      return;
    }
    for (const line of unfinishedReport(log.unfinished(), services.connection)) output.err(line);
    process.exit(SIGNAL_EXIT[signal]);
  };
  const handlers = (Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]).map((sig) => {
    const h = () => onSignal(sig);
    process.on(sig, h);
    return () => process.off(sig, h);
  });
  // A retried call can wait for many seconds: say what for, and when we give up, instead of looking hung.
  const unsubscribe = services.activity.subscribe((e) => {
    // A failure nobody retries is told once, by the error itself; a last retry says it gives up.
    if (e.kind === 'retry' && (e.willRetry || e.attempt > 1)) output.err(`azimg: ${sanitize(retryNotice(e))}`);
  });
  try {
    const ran = await run(services, output);
    // Stopped by a signal: exit as shells expect for that signal (128 + its number).
    const code = interruptedBy && ran !== 0 ? SIGNAL_EXIT[interruptedBy] : ran;
    if (code === 0 && session.commit) {
      const warning = await session.commit();
      if (warning) output.err(`azimg: warning: ${sanitize(warning)}`);
    }
    return code;
  } finally {
    unsubscribe();
    for (const off of handlers) off();
    await session.close();
  }
}

function noColor(flags: ConnectionFlags): boolean {
  return flags.color === false || (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '');
}

/** The subscription picker's rows: every visible subscription with its tenant's name, the current one marked. */
async function subscriptionChoices(services: Services, signal?: AbortSignal) {
  const { listSubscriptionRows } = await import('./shell/subscriptions.js');
  void signal;
  return (await listSubscriptionRows(services)).map((r) => ({ id: r.id, name: r.name, state: r.state, tenantId: r.tenantId, tenantName: r.tenantName, current: r.current }));
}

/**
 * `location` when the subscription offers it (GET /subscriptions/{id}/locations), else its first
 * region, with a line saying so. A list that fails keeps `location` (the screens will say why).
 */
async function locationIn(services: Services, location: string): Promise<{ location: string; warning?: string }> {
  try {
    const all = await services.catalog.listLocations();
    if (all.length === 0 || all.some((l) => l.name.toLowerCase() === location.toLowerCase())) return { location };
    const first = [...all].sort((a, b) => a.displayName.localeCompare(b.displayName))[0]!;
    return { location: first.name, warning: `${location} is not offered in this subscription; now in ${first.name}.` };
  } catch {
    return { location };
  }
}

type TuiSession = import('./ui/context.js').TuiSession & { close(): Promise<void> };

/**
 * The TUI's connection: sign-in (AZIMG_ACCESS_TOKEN, DefaultAzureCredential, then the device
 * code on the sign-in screen), the subscription (resolved, or the picker), switching (`:sub`),
 * and remembering the choice and the location for the next run.
 */
async function createTuiSession(flags: ConnectionFlags): Promise<TuiSession> {
  if (flags.demo) {
    const { demo, services, location } = await startDemoFor(flags, 500);
    // One cache for the session, in memory: the second visit is warm, as with the disk cache.
    const cache = await openCache(true);
    let current = await withCatalogCache(services, cache);
    return {
      location,
      open: async () => ({ services: current }),
      listSubscriptions: (signal) => subscriptionChoices(current, signal),
      use: async (id, at) => {
        const probe = await demo.servicesFor(id, at);
        const settled = await locationIn(probe, at);
        current = await withCatalogCache(settled.location === at ? probe : await demo.servicesFor(id, settled.location), cache);
        return current;
      },
      current: () => current,
      close: demo.stop,
    };
  }
  let plan = await planConnection(flags);
  // Sign-in and every screen need the Azure SDK: its modules load while the UI's do, rather than
  // after the first frame, under the sign-in screen's spinner. (A failure shows where it is used.)
  import('./azure/index.js').catch(() => undefined);
  let credential: Credential | undefined;
  let current: Services | undefined;
  let cache: import('./store/cache.js').CatalogCache | undefined;
  const signed = () => {
    if (!credential) throw new AzureError('SignInFailed', 'Not signed in.', 'auth');
    return credential;
  };
  const open = async (id: string, at: string) => {
    cache ??= await openCache(false);
    current = await withCatalogCache(await servicesFor(plan, signed(), id, at, true), cache);
    checkConnection(current.connection);
    return current;
  };
  return {
    location: plan.resolved.location.name,
    signIn: async (onDeviceCode, signal) => {
      const r = await signInFor(plan, { interactive: true, onDeviceCode, signal });
      if (!r.ok) return r;
      credential = r.credential;
      return { ok: true };
    },
    open: async () => {
      const warnings: string[] = [];
      let sub = plan.resolved.subscription;
      if ('needsPicker' in sub && sub.listWouldHelp) {
        const before = plan.warnings.length;
        plan = (await resolveWithVisible(plan, signed())).plan;
        warnings.push(...plan.warnings.slice(before));
        sub = plan.resolved.subscription;
      }
      const warning = [...plan.warnings, ...warnings][0];
      if ('needsPicker' in sub) return { pick: sub.reason, warning };
      const services = await open(sub.id, plan.resolved.location.name);
      await remember(plan, sub.id, plan.resolved.location.name);
      return { services, warning };
    },
    listSubscriptions: async (signal) => subscriptionChoices(current ?? (await servicesFor(plan, signed(), NO_SUBSCRIPTION, plan.resolved.location.name, true)), signal),
    use: async (id, at) => {
      const settled = await locationIn(await servicesFor(plan, signed(), id, at, true), at);
      const services = await open(id, settled.location);
      await remember(plan, id, settled.location);
      return services;
    },
    rememberLocation: (at) => {
      if (current) void remember(plan, current.connection.subscriptionId, at);
    },
    current: () => current,
    // What a search or crawl still running at quit has read is on disk for the next run.
    close: async () => cache?.flush(),
  };
}

/**
 * `azimg` opens home (in --location, if given); `azimg browse [prefix]` opens the marketplace at
 * that level, the publishers of the location when no prefix is given.
 */
async function runTuiCommand(flags: ConnectionFlags, browse?: { prefix?: string }, capture?: { vm?: string }): Promise<number> {
  const prefix = browse?.prefix ? parseBrowseTarget(browse.prefix) : {};
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'azimg: the interactive browser needs a terminal. For scripts use `azimg ls …` or `azimg show URN` (add --json).\n',
    );
    return 2;
  }
  const session = await createTuiSession(flags);
  mark('tui: session planned');
  try {
    const { runTui } = await import('./ui/run.js');
    mark('tui: UI modules loaded');
    return await runTui(null, {
      session,
      initial: capture ? { capture } : browse ? { location: session.location, ...prefix } : undefined,
      noColor: noColor(flags),
    });
  } finally {
    await session.close();
  }
}

/**
 * The catalog answered from the catalog cache: marketplace lists shown from it (refreshed when
 * stale) and searches starting from it (domain/cached-catalog.ts). The disk cache for Azure; for
 * --demo one in memory for the session (its emulator listens on a new port each run).
 */
async function withCatalogCache(services: Services, cache: import('./store/cache.js').CatalogCache): Promise<Services> {
  const { cachedCatalog, cloudKey } = await import('./domain/cached-catalog.js');
  return { ...services, catalog: cachedCatalog(services.catalog, cache, cloudKey(services.connection.armEndpoint)) };
}

/** The cache a run uses: on disk (AZIMG_CACHE_DIR, else the user's cache directory), or in memory under --demo. */
async function openCache(demo: boolean | undefined): Promise<import('./store/cache.js').CatalogCache> {
  const { openCatalogCache, openMemoryCache } = await import('./store/cache.js');
  return demo ? openMemoryCache() : openCatalogCache();
}

/** `azimg ls skus Canonical:ubuntu-24_04-lts` is the same as `--publisher Canonical --offer ubuntu-24_04-lts`. */
function lsTarget(prefix: string | undefined, opts: { publisher?: string; offer?: string; sku?: string }) {
  const p: Partial<UrnPrefix> = prefix ? parseUrnPrefix(prefix) : {};
  return { publisher: opts.publisher ?? p.publisher, offer: opts.offer ?? p.offer, sku: opts.sku ?? p.sku };
}

/**
 * `azimg login`: the device code flow on stderr (the code and URL, then a wait), then the
 * subscription as a run would choose it, remembered for the next run. Tokens are not kept
 * between runs (see src/azure/signin.ts), so later runs sign in again the same way.
 */
async function runLogin(flags: ConnectionFlags): Promise<number> {
  const output = processOutput();
  let plan = await planConnection(flags);
  for (const w of plan.warnings) output.err(`azimg: warning: ${sanitize(w)}`);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let signed: SignInOutcome;
  try {
    signed = await signInFor(plan, {
      interactive: true,
      skipDefaultChain: true,
      signal: controller.signal,
      onDeviceCode: (p) => {
        output.err(`To sign in, open ${p.verificationUri}`);
        output.err(`and enter the code ${p.userCode}`);
        output.err('Waiting for the sign-in… (Ctrl-C cancels)');
      },
    });
  } finally {
    process.off('SIGINT', stop);
  }
  if (!signed.ok) throw signInError(signed.failure, false);
  const before = plan.warnings.length;
  const { plan: after, visible } = await resolveWithVisible(plan, signed.credential);
  plan = after;
  for (const w of plan.warnings.slice(before)) output.err(`azimg: warning: ${sanitize(w)}`);
  const sub = plan.resolved.subscription;
  const enabled = visible.filter((v) => !/^(disabled|deleted|expired)$/i.test(v.state)).length;
  output.out(`Signed in. This sign-in can see ${visible.length} subscription${visible.length === 1 ? '' : 's'} (${enabled} usable).`);
  if ('needsPicker' in sub) {
    output.out(`${sub.reason} Pick one with --subscription <name|id> (\`azimg subscriptions ls\` lists them), or in the app (\`azimg\`).`);
    return 0;
  }
  const warning = await remember(plan, sub.id, plan.resolved.location.name);
  if (warning) output.err(`azimg: warning: ${sanitize(warning)}`);
  output.out(`Subscription: ${sanitize(sub.name ?? sub.id)} (${sub.id}), ${warning ? 'not remembered' : 'remembered for the next run'}.`);
  return 0;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('azimg')
    .description('Azure VM images in your terminal: marketplace, managed images, galleries.')
    .version('0.1.0')
    .showHelpAfterError('(run azimg --help for usage)')
    // Before any subcommand is added: subcommands copy these settings when they are created.
    // No positional options: the program's (global) options are recognised anywhere on the line.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(s.startsWith('error: ') ? `azimg: ${s.slice(7)}` : s),
    })
    .allowExcessArguments()
    .exitOverride();
  addGlobalOptions(program).action(async (_opts: unknown, cmd: Command) => {
    const [word] = cmd.args;
    if (word !== undefined) {
      const known = program.commands.map((c) => c.name());
      const close = closestNames(word, known, 1);
      throw new UsageError(`'${word}' is not an azimg command.`, `${close.length ? `Did you mean ${close[0]}? ` : ''}Commands: ${known.join(', ')}.`);
    }
    refuseGlobals(cmd, ['json'], 'the interactive app', 'For JSON use azimg ls, azimg show, azimg images or azimg galleries.');
    setExit(await runTuiCommand(globalFlags(cmd)));
  });

  program
    .command('browse')
    .description('open the browser at a URN prefix, e.g. azimg browse Canonical:ubuntu-24_04-lts')
    .argument('[urn-prefix]', 'Publisher[:Offer[:Sku[:Version]]]')
    .action(async (prefix: string | undefined, _opts: unknown, cmd: Command) => {
      refuseGlobals(cmd, ['json'], 'azimg browse', 'For JSON use azimg ls or azimg show.');
      setExit(await runTuiCommand(globalFlags(cmd), { prefix }));
    });

  program
    .command('ls')
    .description('list marketplace locations, publishers, offers, SKUs or versions')
    .addArgument(new Argument('<what>', 'what to list').choices([...LIST_KINDS]))
    .argument('[urn-prefix]', 'Publisher[:Offer[:Sku]] instead of the flags below')
    .option('--publisher <name>', 'publisher, e.g. Canonical')
    .option('--offer <name>', 'offer, e.g. ubuntu-24_04-lts')
    .option('--sku <name>', 'SKU, e.g. server')
    .option('--filter <text>', 'only names containing this text (case-insensitive)')
    .option('--refresh', 'ask Azure even when the cache holds a fresh answer (the answer replaces it)')
    .action(async (what: string, prefix: string | undefined, _opts: unknown, cmd: Command) => {
      const flags = globalFlags<{ publisher?: string; offer?: string; sku?: string; filter?: string; refresh?: boolean }>(cmd);
      const { runLs } = await import('./shell/catalog.js');
      const target = lsTarget(prefix, flags);
      // Answers younger than a day come from the cache; older ones and missing ones are fetched and kept.
      const cache = await openCache(flags.demo);
      try {
        setExit(
          await withSession(flags, async (s, out) =>
            runLs(
              await withCatalogCache(s, cache),
              {
                kind: what as ListKind,
                location: s.connection.location,
                ...target,
                filter: flags.filter,
                json: Boolean(flags.json),
                refresh: flags.refresh,
              },
              out,
            ),
          ),
        );
      } finally {
        for (const w of cache.warnings()) process.stderr.write(`azimg: ${sanitize(w)}\n`);
      }
    });

  program
    .command('show')
    .description('every fact of one marketplace image, and the snippets to use it')
    .argument('<urn>', 'Publisher:Offer:Sku:Version (Version may be latest), or an az CLI alias like Ubuntu2404')
    .addOption(snippetOption())
    .action(async (text: string, _opts: unknown, cmd: Command) => {
      const flags = globalFlags<{ snippet?: 'az' }>(cmd);
      const urn: Urn = parseImageArgument(text).urn;
      const { runShow } = await import('./shell/catalog.js');
      mark('show: command module loaded');
      setExit(
        await withSession(flags, (s, out) =>
          runShow(s, { urn, location: s.connection.location, json: Boolean(flags.json), snippet: flags.snippet }, out),
        ),
      );
    });

  program
    .command('search')
    .description('find marketplace images by what they are, e.g. azimg search "rhel 9" --gen 2')
    .argument('<text...>', 'words to look for: names, versions, and filter words like arm64, gen2, trusted launch')
    .option('--publisher <name>', 'only this publisher (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--arch <arch>', 'x64 or Arm64')
    .option('--gen <n>', 'Hyper-V generation: 1 or 2')
    .option('--security <type>', 'TrustedLaunch, ConfidentialVM or Standard')
    .option('--no-plan', 'hide images with a purchase plan (terms to accept)')
    .option('--no-deprecated', 'hide deprecated images and SKUs with no version in the region')
    .option('--refresh', 'ignore the disk cache (its answers are replaced)')
    .option('--crawl', 'read every publisher of the location, paced to Azure\'s budgets (slow; resumable)')
    .action(async (words: string[], _opts: unknown, cmd: Command) => {
      const flags = globalFlags<{ publisher?: string[]; arch?: string; gen?: string; security?: string; plan?: boolean; deprecated?: boolean; refresh?: boolean; crawl?: boolean }>(cmd);
      const { runSearch } = await import('./shell/search.js');
      // The emulator of --demo listens on a new port each run: its answers are not worth keeping on disk.
      const cache = flags.demo ? undefined : (await import('./store/cache.js')).openCatalogCache();
      const stop = new AbortController();
      // Ctrl-C stops the search and prints what was found so far; a second one quits.
      const onInt = () => (stop.signal.aborted ? process.exit(130) : stop.abort());
      process.on('SIGINT', onInt);
      try {
        setExit(
          await withSession(flags, (s, out) =>
            runSearch(
              s,
              {
                text: words.join(' '),
                location: s.connection.location,
                publisher: flags.publisher,
                arch: flags.arch,
                gen: flags.gen,
                security: flags.security,
                plan: flags.plan,
                deprecated: flags.deprecated,
                json: Boolean(flags.json),
                refresh: flags.refresh,
                crawl: flags.crawl,
              },
              out,
              { cache, signal: stop.signal },
            ),
          ),
        );
      } finally {
        process.off('SIGINT', onInt);
        for (const w of cache?.warnings() ?? []) process.stderr.write(`azimg: ${sanitize(w)}\n`);
      }
    });

  // azimg cache path|clear — the disk cache of catalog answers.
  const cacheCmd = program.command('cache').description('the disk cache of marketplace answers: path, clear');
  for (const action of ['path', 'clear'] as const) {
    cacheCmd
      .command(action)
      .description(action === 'path' ? 'print the cache directory' : 'delete every cached answer (all clouds and locations)')
      .action(async (_opts: unknown, cmd: Command) => {
        refuseGlobals(cmd, ['demo', 'armEndpoint', 'caFile', 'subscription', 'location', 'readOnly', 'json'], `azimg cache ${action}`);
        const { openCatalogCache } = await import('./store/cache.js');
        const cache = openCatalogCache();
        if (action === 'path') process.stdout.write(`${cache.path()}\n`);
        else {
          cache.clear();
          process.stderr.write(`Cleared the cache in ${cache.path()}.\n`);
        }
        setExit(0);
      });
  }

  // azimg terms show|accept URN — marketplace terms of an image's purchase plan.
  const termsCmd = program.command('terms').description("marketplace terms of an image's purchase plan: show, accept");
  for (const action of ['show', 'accept'] as const) {
    termsCmd
      .command(action)
      .description(action === 'show' ? 'whether the plan\'s terms are accepted in this subscription, with the license links' : 'accept the plan\'s terms in this subscription (a write)')
      .argument('<urn>', 'Publisher:Offer:Sku:Version (Version may be latest)')
      .action(async (text: string, _opts: unknown, cmd: Command) => {
        const flags = globalFlags(cmd);
        const urn: Urn = parseImageArgument(text).urn;
        const { runTerms } = await import('./shell/terms.js');
        setExit(await withSession(flags, (s, out) => runTerms(s, { action, urn, location: s.connection.location, json: Boolean(flags.json) }, out)));
      });
  }

  // azimg images ls|show|delete — managed images.
  const imagesCmd = program.command('images').description('managed images in the subscription: ls, show, delete');
  for (const action of ['ls', 'show', 'delete'] as const) {
    const sub = imagesCmd
      .command(action)
      .description(
        action === 'ls'
          ? 'list managed images (grouped by resource group)'
          : action === 'show'
            ? 'every fact of one image, and snippets to create a VM from it'
            : 'delete one image (asks for --yes and the exact name)',
      );
    if (action !== 'ls') sub.argument('<image>', 'NAME, RESOURCE_GROUP/NAME or the image id');
    sub.option('-g, --resource-group <name>', 'resource group');
    if (action === 'ls') sub.option('--filter <text>', 'only images whose name, group, location, OS or tags contain this');
    if (action === 'ls') sub.option('--wide', 'every column in full, even when the terminal is narrower');
    if (action === 'show') sub.addOption(snippetOption());
    if (action === 'delete') sub.option('--yes', 'confirm the delete');
    sub.action(async (...a: unknown[]) => {
      const cmd = a[a.length - 1] as Command;
      refuseGlobals(cmd, ['location'], `azimg images ${action}`, 'Managed images are listed from every region; to see one region use azimg images ls --filter <region>.');
      const flags = globalFlags<{ resourceGroup?: string; filter?: string; snippet?: 'az'; yes?: boolean; wide?: boolean }>(cmd);
      const target = action === 'ls' ? undefined : (a[0] as string);
      const { runImages } = await import('./shell/images.js');
      setExit(
        await withSession(flags, (s, out) =>
          runImages(s, { action, target, resourceGroup: flags.resourceGroup, filter: flags.filter, json: Boolean(flags.json), wide: flags.wide, snippet: flags.snippet, yes: flags.yes }, out),
        ),
      );
    });
  }

  // azimg galleries ls|show|delete [GALLERY[/DEFINITION[/VERSION]]] — Azure Compute Galleries.
  const galleriesCmd = program.command('galleries').description('Azure Compute Galleries: ls, show, delete [GALLERY[/DEFINITION[/VERSION]]]');
  for (const action of ['ls', 'show', 'delete'] as const) {
    const sub = galleriesCmd
      .command(action)
      .description(
        action === 'ls'
          ? 'list galleries, a gallery\'s definitions, or a definition\'s versions with replication'
          : action === 'show'
            ? 'every fact of a gallery, definition or version (per-region replication), and VM snippets'
            : 'delete one image version (asks for --yes and the exact names)',
      );
    if (action === 'ls') sub.argument('[path]', 'GALLERY or GALLERY/DEFINITION');
    else if (action === 'show') sub.argument('<path>', 'GALLERY[/DEFINITION[/VERSION]]');
    else sub.argument('<path>', 'GALLERY/DEFINITION/VERSION');
    sub.option('-g, --resource-group <name>', 'resource group of the gallery (when its name is used in several)');
    if (action === 'ls') sub.option('--wide', 'every column in full, even when the terminal is narrower');
    if (action === 'show') sub.option('--wide', 'the region table in full, even when the terminal is narrower');
    if (action === 'show') sub.addOption(snippetOption());
    if (action === 'delete') sub.option('--yes', 'confirm the delete');
    sub.action(async (path: string | undefined, _opts: unknown, cmd: Command) => {
      refuseGlobals(cmd, ['location'], `azimg galleries ${action}`, 'Galleries are listed from every region; a version shows its replication in each region.');
      const flags = globalFlags<{ resourceGroup?: string; snippet?: 'az'; yes?: boolean; wide?: boolean }>(cmd);
      const { runGalleries } = await import('./shell/galleries.js');
      setExit(
        await withSession(flags, (s, out) =>
          runGalleries(s, { action, path, resourceGroup: flags.resourceGroup, json: Boolean(flags.json), wide: flags.wide, snippet: flags.snippet, yes: flags.yes }, out),
        ),
      );
    });
  }

  // azimg vms ls|show — virtual machines, with what capture needs to know.
  const vmsCmd = program.command('vms').description('virtual machines (capture sources): ls, show RG/NAME');
  for (const action of ['ls', 'show'] as const) {
    const sub = vmsCmd
      .command(action)
      .description(action === 'ls' ? 'list VMs with power/OS state, generation, security type and whether each can be captured' : 'every capture fact of one VM and the findings for each target kind');
    if (action === 'show') sub.argument('<vm>', 'RESOURCE_GROUP/NAME or the VM id');
    sub.option('-g, --resource-group <name>', 'resource group');
    sub.action(async (...a: unknown[]) => {
      const cmd = a[a.length - 1] as Command;
      refuseGlobals(cmd, ['location'], `azimg vms ${action}`, 'VMs are listed from every region.');
      const flags = globalFlags<{ resourceGroup?: string }>(cmd);
      const target = action === 'ls' ? undefined : (a[0] as string);
      const { runVms } = await import('./shell/vms.js');
      setExit(await withSession(flags, (s, out) => runVms(s, { action, target, resourceGroup: flags.resourceGroup, json: Boolean(flags.json) }, out)));
    });
  }

  // azimg capture — a VM to a managed image or a gallery image version.
  program
    .command('capture')
    .description('capture a VM as a managed image or a gallery image version (generalized or specialized)')
    .option('--vm <rg/name>', 'the source VM, RESOURCE_GROUP/NAME')
    .option('--generalized', 'a template for many VMs: the guest is deprovisioned/sysprepped and the VM can never start again')
    .option('--specialized', 'a copy of this machine as it is; the VM keeps working (gallery only)')
    .option('--to <target>', 'image:RG/NAME or gallery:RG/GALLERY/DEFINITION[/VERSION]')
    .option('--regions <list>', 'gallery target regions and replicas, R[=N],… (default: the VM\'s region, 1 replica)')
    .option('--no-snapshot', 'no safety snapshot of the OS disk first')
    .option('--guest-prepared', 'the guest was deprovisioned/sysprepped by hand: skip Run Command')
    .option('--plan', 'print the findings and the operations; change nothing')
    .option('--yes', 'do not ask for the VM\'s name')
    .action(async (_opts: unknown, cmd: Command) => {
      refuseGlobals(cmd, ['location'], 'azimg capture', 'The image is made in the VM\'s region; a gallery version takes --regions.');
      const flags = globalFlags<Omit<CaptureArgs, 'json'>>(cmd);
      // `azimg capture` (at most --vm) in a terminal is the guided wizard; with a target it is the command.
      const guided = !flags.to && !flags.generalized && !flags.specialized && !flags.plan && !flags.yes && !flags.json && !flags.regions && !flags.guestPrepared && flags.snapshot !== false;
      if (guided && process.stdin.isTTY && process.stdout.isTTY) {
        setExit(await runTuiCommand(flags, undefined, { vm: flags.vm }));
        return;
      }
      const { runCapture } = await import('./shell/capture.js');
      const { setTimeout: sleep } = await import('node:timers/promises');
      const terminal = Boolean(process.stdin.isTTY && process.stderr.isTTY);
      const interrupt = new AbortController();
      const ask = terminal
        ? async (question: string) => {
            const { createInterface } = await import('node:readline/promises');
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            // Ctrl-C at the prompt reaches readline, not the process: hand it on as the signal it is.
            rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
            try {
              return await rl.question(question, { signal: interrupt.signal });
            } catch {
              return ''; // stopped while asking
            } finally {
              rl.close();
            }
          }
        : undefined;
      setExit(
        await withSession(flags, (s, out) =>
          runCapture(
            s,
            {
              vm: flags.vm,
              generalized: flags.generalized,
              specialized: flags.specialized,
              to: flags.to,
              regions: flags.regions,
              snapshot: flags.snapshot !== false,
              guestPrepared: flags.guestPrepared,
              plan: flags.plan,
              yes: flags.yes,
              json: Boolean(flags.json),
            },
            out,
            { wait: (ms, signal) => sleep(ms, undefined, { signal }), signal: interrupt.signal, ...(ask ? { ask } : {}) },
          ),
          { interrupt },
        ),
      );
    });

  program
    .command('login')
    .description('sign in with a device code (works over SSH): prints a code and a URL, waits, then picks the subscription')
    .action(async (_opts: unknown, cmd: Command) => {
      refuseGlobals(cmd, ['demo', 'location', 'readOnly', 'json'], 'azimg login');
      setExit(await runLogin(globalFlags(cmd)));
    });

  const subscriptionsCmd = program.command('subscriptions').description('subscriptions this sign-in can see: ls');
  subscriptionsCmd
    .command('ls')
    .description('every subscription with its state and tenant; * marks the one azimg would use')
    .action(async (_opts: unknown, cmd: Command) => {
      refuseGlobals(cmd, ['location'], 'azimg subscriptions ls');
      const flags = globalFlags(cmd);
      const { runSubscriptions } = await import('./shell/subscriptions.js');
      setExit(await withSession(flags, (s, out) => runSubscriptions(s, { json: Boolean(flags.json) }, out), { needSubscription: false }));
    });

  const configCmd = program.command('config').description('what azimg remembers between runs: path, show, reset');
  for (const action of ['path', 'show', 'reset'] as const) {
    configCmd
      .command(action)
      .description(action === 'path' ? 'where the file is' : action === 'show' ? 'the remembered subscriptions and location' : 'forget them')
      .action(async (_opts: unknown, cmd: Command) => {
        refuseGlobals(cmd, ['demo', 'cloud', 'armEndpoint', 'authorityHost', 'caFile', 'tenant', 'subscription', 'location', 'readOnly'], `azimg config ${action}`);
        const { runConfig } = await import('./shell/config.js');
        setExit(runConfig(createConfigStore(), { action, json: Boolean(globalFlags(cmd).json) }, processOutput()));
      });
  }

  program
    .command('emulator')
    .description('run the local ARM emulator alone, for curl, the az CLI or another SDK')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a port number, not "${v}".`);
      return n;
    })
    .option('--fault <spec>', 'inject a fault: KIND[:PATH-SUBSTRING][:COUNT] (repeatable; kinds below)', (v: string, all: string[] = []) => [...all, v])
    .option('--log <file>', 'append one JSON line per request: time, method, url, status, ms')
    .addHelpText('after', EMULATOR_HELP)
    .action(async (opts: { port?: number; fault?: string[]; log?: string }, cmd: Command) => {
      // The emulator is the server: connection options are for clients and would be ignored.
      refuseGlobals(cmd, ['demo', 'cloud', 'armEndpoint', 'authorityHost', 'caFile', 'tenant', 'subscription', 'location', 'readOnly', 'json'], 'azimg emulator');
      const { runEmulatorCommand } = await import('./shell/emulator.js');
      setExit(await runEmulatorCommand({ port: opts.port ?? 0, faults: opts.fault, logFile: opts.log }, processOutput()));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((c) => {
    exitCode = c;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; any other parse problem is bad usage.
      return e.exitCode === 0 ? 0 : 2;
    }
    const code = reportFailure(e, processOutput());
    if (code !== undefined) return code;
    process.stderr.write(`azimg: unexpected error: ${sanitize(describeError(e))}\n  This is a bug in azimg; please report it with the command you ran.\n`);
    if (process.env.AZIMG_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}

const code = await main(process.argv);
if (tracing) {
  mark('exit');
  const { nodeTiming } = await import('node:perf_hooks').then((m) => m.performance);
  const lines = [`azimg-trace node: bootstrap complete ${nodeTiming.bootstrapComplete.toFixed(1)}`];
  for (const m of performance.getEntriesByType('mark')) lines.push(`azimg-trace ${m.name} ${m.startTime.toFixed(1)}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}
// Idle keep-alive sockets and SDK timers must not keep the shell waiting: flush, then exit.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
