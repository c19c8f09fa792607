/**
 * The entry point: parses the command line, builds the connection, wires services into the UI or
 * the shell commands. Heavy modules (Ink, the Azure SDK, the emulator) are imported only when a
 * command needs them, so `azimg --help` and first frames stay fast.
 */
import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import { closestNames } from './domain/diagnose.js';
import { describeError, UsageError } from './domain/errors.js';
import { retryNotice, type ConnectionInfo, type Services } from './domain/services.js';
import type { Urn } from './domain/types.js';
import { parseImageArgument, parseUrnPrefix, type UrnPrefix } from './domain/urn.js';
import { sanitize } from './domain/text.js';
import { checkConnection } from './domain/names.js';
import { LIST_KINDS, type ListKind } from './shell/kinds.js';
import { processOutput, reportFailure, type Output } from './shell/output.js';
import { EMULATOR_HELP } from './shell/emulator.js';

const DEFAULT_LOCATION = 'eastus';

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
  location?: string;
  readOnly?: boolean;
  color?: boolean;
  json?: boolean;
}

/** The global options: one table for the parser, the help and the tests. */
export const GLOBAL_OPTIONS = [
  { flags: '--demo', key: 'demo', description: 'run against the embedded Azure emulator (no Azure account needed)' },
  { flags: '--arm-endpoint <url>', key: 'armEndpoint', description: 'Azure Resource Manager endpoint (default: public Azure, or AZIMG_ARM_ENDPOINT)' },
  { flags: '--ca-file <path>', key: 'caFile', description: 'extra CA certificate (PEM) to trust for the ARM endpoint' },
  { flags: '--subscription <id>', key: 'subscription', description: 'subscription id (default: AZURE_SUBSCRIPTION_ID)' },
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
  close(): Promise<void>;
}

/** Turns flags and environment into services; `--demo` starts the emulator in-process. */
async function connect(flags: ConnectionFlags, interactive = false): Promise<Session> {
  const location = flags.location ?? process.env.AZIMG_LOCATION ?? DEFAULT_LOCATION;
  if (flags.demo) {
    const { startDemo } = await import('./demo.js');
    const demo = await startDemo({ location, readOnly: Boolean(flags.readOnly), pollIntervalMs: interactive ? 500 : 250 });
    return { services: demo.services, close: demo.stop };
  }
  const armEndpoint = flags.armEndpoint ?? process.env.AZIMG_ARM_ENDPOINT;
  const subscriptionId = flags.subscription ?? process.env.AZURE_SUBSCRIPTION_ID;
  if (!subscriptionId) {
    throw new UsageError(
      'No subscription chosen.',
      'Pass --subscription <id> or set AZURE_SUBSCRIPTION_ID (e.g. `export AZURE_SUBSCRIPTION_ID=$(az account show --query id -o tsv)`), or try --demo.',
    );
  }
  if (armEndpoint !== undefined && !/^https:\/\/[^/\s]+/i.test(armEndpoint)) {
    throw new UsageError(`--arm-endpoint must be an https:// URL, not "${armEndpoint}".`);
  }
  let caPem: string | undefined;
  if (flags.caFile) {
    try {
      caPem = readFileSync(flags.caFile, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read --ca-file ${flags.caFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file ${flags.caFile} holds no PEM certificate.`);
  }
  const { createAzureServices, PUBLIC_ARM_ENDPOINT } = await import('./azure/index.js');
  const endpoint = armEndpoint ?? PUBLIC_ARM_ENDPOINT;
  const info: ConnectionInfo = {
    mode: armEndpoint ? 'custom' : 'azure',
    armEndpoint: endpoint,
    subscriptionId,
    location,
    readOnly: Boolean(flags.readOnly),
  };
  const token = process.env.AZIMG_ACCESS_TOKEN;
  const services = await createAzureServices(
    {
      armEndpoint: endpoint,
      subscriptionId,
      credential: token ? { kind: 'token', token } : { kind: 'default' },
      caPem,
      readOnly: info.readOnly,
      loopbackOnly: false,
      pollIntervalMs: interactive ? 2000 : 5000,
    },
    info,
  );
  return { services, close: async () => {} };
}

/** Exit codes of a command ended by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Runs a shell command with a connection, closing it afterwards. Writes are recorded while they
 * run, so a Ctrl-C, SIGTERM or SIGHUP in the middle of one says what Azure may still be doing and
 * how to check it, instead of dying silently.
 */
async function withSession(flags: ConnectionFlags, run: (s: Services, out: Output) => Promise<number>): Promise<number> {
  const session = await connect(flags);
  const output = processOutput();
  const { createOperationLog, trackWrites, unfinishedReport } = await import('./domain/operations.js');
  const log = createOperationLog();
  const services = trackWrites(session.services, log);
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
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
    return await run(services, output);
  } finally {
    unsubscribe();
    for (const off of handlers) off();
    await session.close();
  }
}

function noColor(flags: ConnectionFlags): boolean {
  return flags.color === false || (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '');
}

/**
 * `azimg` opens home (in --location, if given); `azimg browse [prefix]` opens the marketplace at
 * that level, the publishers of the location when no prefix is given.
 */
async function runTuiCommand(flags: ConnectionFlags, browse?: { prefix?: string }): Promise<number> {
  const prefix = browse?.prefix ? parseUrnPrefix(browse.prefix) : {};
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'azimg: the interactive browser needs a terminal. For scripts use `azimg ls …` or `azimg show URN` (add --json).\n',
    );
    return 2;
  }
  const session = await connect(flags, true);
  try {
    checkConnection(session.services.connection);
    const { runTui } = await import('./ui/run.js');
    return await runTui(session.services, {
      initial: browse ? { location: session.services.connection.location, ...prefix } : undefined,
      noColor: noColor(flags),
    });
  } finally {
    await session.close();
  }
}

/** `azimg ls skus Canonical:ubuntu-24_04-lts` is the same as `--publisher Canonical --offer ubuntu-24_04-lts`. */
function lsTarget(prefix: string | undefined, opts: { publisher?: string; offer?: string; sku?: string }) {
  const p: Partial<UrnPrefix> = prefix ? parseUrnPrefix(prefix) : {};
  return { publisher: opts.publisher ?? p.publisher, offer: opts.offer ?? p.offer, sku: opts.sku ?? p.sku };
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
    .action(async (what: string, prefix: string | undefined, _opts: unknown, cmd: Command) => {
      const flags = globalFlags<{ publisher?: string; offer?: string; sku?: string; filter?: string }>(cmd);
      const { runLs } = await import('./shell/catalog.js');
      const target = lsTarget(prefix, flags);
      setExit(
        await withSession(flags, (s, out) =>
          runLs(
            s,
            {
              kind: what as ListKind,
              location: s.connection.location,
              ...target,
              filter: flags.filter,
              json: Boolean(flags.json),
            },
            out,
          ),
        ),
      );
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
      setExit(
        await withSession(flags, (s, out) =>
          runShow(s, { urn, location: s.connection.location, json: Boolean(flags.json), snippet: flags.snippet }, out),
        ),
      );
    });

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
      refuseGlobals(cmd, ['demo', 'armEndpoint', 'caFile', 'subscription', 'location', 'readOnly', 'json'], 'azimg emulator');
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
// Idle keep-alive sockets and SDK timers must not keep the shell waiting: flush, then exit.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
