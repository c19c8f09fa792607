/**
 * Marketplace image URNs: `Publisher:Offer:Sku:Version`, the form `az vm create --image` takes.
 *
 * Azure compares publisher, offer and SKU names case-insensitively (`canonical` finds
 * `Canonical`), so {@link sameUrn} does too; versions compare by value. Every name in the real
 * catalog (1,952 publishers in westus and their offers and SKUs) uses only letters, digits,
 * `.`, `-` and `_`, which is what {@link parseUrn} accepts.
 */
import { UsageError } from './errors.js';
import { echoInput, sanitize } from './text.js';
import type { Architecture, OsType, Urn } from './types.js';
import { LATEST, compareVersions, isLatest, isValidVersion, sameVersion, versionProblem } from './version.js';

/** Hint attached to every URN error: what a URN looks like. */
export const URN_HINT =
  'A URN looks like Publisher:Offer:Sku:Version, e.g. Canonical:ubuntu-24_04-lts:server:latest (Version is latest or Major.Minor.Build).';

/** The hint when the error already names the four parts: an example and the version rule. */
const URN_EXAMPLE_HINT = 'For example Canonical:ubuntu-24_04-lts:server:latest (Version is latest or Major.Minor.Build).';
/** …and when it already gave the example too. */
const URN_VERSION_HINT = 'Version is latest or Major.Minor.Build.';

const PART_LABELS = ['Publisher', 'Offer', 'Sku', 'Version'] as const;
const NAME_CHARS = /^[A-Za-z0-9._-]+$/;

/** Why one name part is illegal, or `undefined`. `text` is the whole input, for the message. */
function namePartProblem(label: string, value: string, text: string): string | undefined {
  if (value === '') return `The ${label} part of "${echoInput(text)}" is empty.`;
  if (!NAME_CHARS.test(value)) {
    const bad = [...new Set([...value].filter((c) => !/[A-Za-z0-9._-]/.test(c)))];
    const shown = bad.slice(0, 3).map((c) => (c === '"' ? "'\"'" : `"${sanitize(c)}"`)).join(', ') + (bad.length > 3 ? ', …' : '');
    return `The ${label} "${echoInput(value)}" contains ${shown}; ${label} names use only letters, digits, ".", "-" and "_".`;
  }
  // "." and ".." would be collapsed by the URL layer into another path.
  if (/^\.+$/.test(value)) return `The ${label} "${value}" is only periods; ${label} names need a letter or digit.`;
  return undefined;
}

/**
 * Why `value` cannot be a marketplace publisher, offer or SKU name (`label` says which), or
 * `undefined`: letters, digits, ".", "-" and "_", not empty and not only periods.
 */
export function validateUrnPart(label: 'Publisher' | 'Offer' | 'Sku', value: string): string | undefined {
  return namePartProblem(label, value, value);
}

function checkWhitespace(text: string): void {
  if (/\s/.test(text)) {
    throw new UsageError(`"${echoInput(text)}" contains whitespace; a URN has none.`, URN_HINT);
  }
}

/**
 * Parses `Publisher:Offer:Sku:Version`. Surrounding whitespace is ignored; `LATEST` in any case
 * becomes `latest`. Throws a {@link UsageError} naming the exact fault, with {@link URN_HINT}.
 */
export function parseUrn(input: string): Urn {
  const text = input.trim();
  if (text === '') throw new UsageError('No image URN given.', URN_HINT);
  checkWhitespace(text);
  const parts = text.split(':');
  if (parts.length !== 4) {
    const many = parts.length > 4;
    const what = `"${echoInput(text)}" has ${parts.length} part${parts.length === 1 ? '' : 's'}; a URN has 4 (Publisher:Offer:Sku:Version).`;
    let extra = '';
    if (parts.length === 3) extra = ` Add :latest for the newest version, e.g. ${echoInput(text)}:latest.`;
    else if (many) extra = ' Colons only separate the four parts; names never contain one.';
    // The message already spells out the four parts; the hint adds only what it does not say.
    throw new UsageError(what + extra, parts.length === 3 ? URN_VERSION_HINT : URN_EXAMPLE_HINT);
  }
  for (let i = 0; i < 3; i++) {
    const problem = namePartProblem(PART_LABELS[i] as string, parts[i] as string, text);
    if (problem) throw new UsageError(problem, URN_HINT);
  }
  const [publisher, offer, sku, version] = parts as [string, string, string, string];
  if (version === '') throw new UsageError(`The Version part of "${echoInput(text)}" is empty; use latest or Major.Minor.Build.`, URN_HINT);
  if (isLatest(version)) return { publisher, offer, sku, version: LATEST };
  const problem = versionProblem(version);
  if (problem) throw new UsageError(`${problem} In a URN the version is latest or Major.Minor.Build.`, URN_HINT);
  return { publisher, offer, sku, version };
}

/** The leading 1–4 parts of a URN, as typed to browse (`Canonical:ubuntu-24_04-lts`). */
export interface UrnPrefix {
  publisher: string;
  offer?: string;
  sku?: string;
  version?: string;
}

/**
 * Parses 1 to 4 leading parts of a URN, for browsing down the catalog. A trailing colon
 * (`Canonical:`) is allowed and means the same as without it. Same rules and errors as
 * {@link parseUrn} for each part present.
 */
export function parseUrnPrefix(input: string): UrnPrefix {
  let text = input.trim();
  if (text === '') throw new UsageError('Nothing to browse: give at least a publisher, e.g. Canonical.', URN_HINT);
  checkWhitespace(text);
  if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  const parts = text.split(':');
  if (parts.length > 4) {
    throw new UsageError(`"${echoInput(text)}" has ${parts.length} parts; a URN has at most 4 (Publisher:Offer:Sku:Version).`, URN_HINT);
  }
  const names = parts.slice(0, 3);
  names.forEach((p, i) => {
    const problem = namePartProblem(PART_LABELS[i] as string, p, text);
    if (problem) throw new UsageError(problem, URN_HINT);
  });
  const out: UrnPrefix = { publisher: parts[0] as string };
  if (parts[1] !== undefined) out.offer = parts[1];
  if (parts[2] !== undefined) out.sku = parts[2];
  if (parts[3] !== undefined) {
    const v = parts[3];
    if (isLatest(v)) out.version = LATEST;
    else {
      const problem = v === '' ? `The Version part of "${echoInput(text)}" is empty.` : versionProblem(v);
      if (problem) throw new UsageError(problem, URN_HINT);
      out.version = v;
    }
  }
  return out;
}

/** `Publisher:Offer:Sku:Version`, exactly as the parts are spelled. */
export function formatUrn(urn: Urn): string {
  return `${urn.publisher}:${urn.offer}:${urn.sku}:${urn.version}`;
}

/** `Publisher[:Offer[:Sku[:Version]]]` for a prefix. */
export function formatUrnPrefix(prefix: UrnPrefix): string {
  return [prefix.publisher, prefix.offer, prefix.sku, prefix.version].filter((p) => p !== undefined).join(':');
}

/** True when two URNs name the same image: names case-insensitively, versions by value. */
export function sameUrn(a: Urn, b: Urn): boolean {
  return (
    a.publisher.toLowerCase() === b.publisher.toLowerCase() &&
    a.offer.toLowerCase() === b.offer.toLowerCase() &&
    a.sku.toLowerCase() === b.sku.toLowerCase() &&
    sameVersion(a.version, b.version)
  );
}

/** Orders URNs by publisher, offer, SKU (case-insensitively), then version oldest-first. */
export function compareUrns(a: Urn, b: Urn): number {
  for (const k of ['publisher', 'offer', 'sku'] as const) {
    const x = a[k].toLowerCase();
    const y = b[k].toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
  }
  if (isLatest(a.version) || isLatest(b.version)) {
    return isLatest(a.version) === isLatest(b.version) ? 0 : isLatest(a.version) ? 1 : -1;
  }
  return compareVersions(a.version, b.version);
}

/** One of the az CLI's image aliases (`az vm create --image Ubuntu2404`). */
export interface ImageAlias {
  alias: string;
  urn: Urn;
  os: OsType;
  architecture: Architecture;
  /**
   * False for names the az CLI used to accept but has since dropped from its list
   * (`UbuntuLTS`, `CentOS`, ...): we still resolve them, and say they are retired.
   */
  current: boolean;
}

function alias(name: string, os: OsType, urn: string, architecture: Architecture = 'x64', current = true): ImageAlias {
  const [publisher, offer, sku] = urn.split(':') as [string, string, string];
  return { alias: name, urn: { publisher, offer, sku, version: LATEST }, os, architecture, current };
}

/**
 * The az CLI's image aliases, from Microsoft's `arm-compute/quickstart-templates/aliases.json`
 * (the revisions in ../shared/fixtures/arm, the current main-branch file, and the list embedded
 * in azure-cli's vm module). Where an alias was re-pointed (Win2022Datacenter went from
 * `2022-Datacenter` to `2022-datacenter-g2`), the current target is used.
 */
export const IMAGE_ALIASES: readonly ImageAlias[] = [
  // Linux, current
  alias('AzureLinux4', 'Linux', 'microsoftazurelinux:azurelinux-4:4'),
  alias('AzureLinux4Arm64', 'Linux', 'microsoftazurelinux:azurelinux-4:4-arm64', 'Arm64'),
  alias('AzureLinux4Gen1', 'Linux', 'microsoftazurelinux:azurelinux-4:4-gen1'),
  alias('CentOS85Gen2', 'Linux', 'OpenLogic:CentOS:8_5-gen2'),
  alias('Debian11', 'Linux', 'Debian:debian-11:11-backports-gen2'),
  alias('FlatcarLinuxFreeGen2', 'Linux', 'kinvolk:flatcar-container-linux-free:stable-gen2'),
  alias('OpenSuseLeap154Gen2', 'Linux', 'SUSE:openSUSE-leap-15-4:gen2'),
  alias('RHELRaw8LVMGen2', 'Linux', 'RedHat:RHEL:8-lvm-gen2'),
  alias('SuseSles15SP5', 'Linux', 'SUSE:sles-15-sp5:gen2'),
  alias('Ubuntu2204', 'Linux', 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2'),
  alias('Ubuntu2404', 'Linux', 'Canonical:ubuntu-24_04-lts:server'),
  alias('Ubuntu2404Pro', 'Linux', 'Canonical:ubuntu-24_04-lts:ubuntu-pro'),
  // Windows, current
  alias('Win2025Datacenter', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2025-datacenter-g2'),
  alias('Win2022Datacenter', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2'),
  alias('Win2022AzureEditionCore', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition-core'),
  alias('Win2019Datacenter', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2019-datacenter-gensecond'),
  alias('Win2016Datacenter', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2016-datacenter-gensecond'),
  alias('Win2012R2Datacenter', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2012-R2-Datacenter'),
  alias('Win2012Datacenter', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2012-Datacenter'),
  // Retired from the az CLI's list; kept so old scripts still resolve, flagged as retired.
  alias('SuseSles15SP3', 'Linux', 'SUSE:sles-15-sp3:gen2', 'x64', false),
  alias('UbuntuLTS', 'Linux', 'Canonical:UbuntuServer:18.04-LTS', 'x64', false),
  alias('CentOS', 'Linux', 'OpenLogic:CentOS:7.5', 'x64', false),
  alias('Debian', 'Linux', 'Debian:debian-10:10', 'x64', false),
  alias('Flatcar', 'Linux', 'kinvolk:flatcar-container-linux-free:stable', 'x64', false),
  alias('openSUSE-Leap', 'Linux', 'SUSE:opensuse-leap-15-3:gen2', 'x64', false),
  alias('RHEL', 'Linux', 'RedHat:RHEL:7-LVM', 'x64', false),
  alias('SLES', 'Linux', 'SUSE:sles-15-sp3:gen2', 'x64', false),
  alias('Win2008R2SP1', 'Windows', 'MicrosoftWindowsServer:WindowsServer:2008-R2-SP1', 'x64', false),
];

/** The alias with this name (case-insensitive, as the az CLI matches), or `undefined`. */
export function resolveAlias(name: string): ImageAlias | undefined {
  const key = name.trim().toLowerCase();
  return IMAGE_ALIASES.find((a) => a.alias.toLowerCase() === key);
}

/** An image argument resolved: the URN, and the alias it came from if any. */
export interface ImageArgument {
  urn: Urn;
  alias?: ImageAlias;
}

/**
 * Reads what a user passes as an image: a full URN or one of the az CLI's aliases. Text without
 * a colon that is not a known alias gets a message listing the current aliases.
 */
export function parseImageArgument(input: string): ImageArgument {
  const text = input.trim();
  if (text !== '' && !text.includes(':')) {
    const a = resolveAlias(text);
    if (a) return { urn: { ...a.urn }, alias: a };
    checkWhitespace(text);
    const names = IMAGE_ALIASES.filter((x) => x.current).map((x) => x.alias);
    throw new UsageError(
      `"${echoInput(text)}" is neither a URN nor a known image alias (aliases: ${names.join(', ')}).`,
      URN_HINT,
    );
  }
  return { urn: parseUrn(text) };
}

/** True when the URN's version is pinned (`Major.Minor.Build`) rather than `latest`. */
export function isPinned(urn: Urn): boolean {
  return isValidVersion(urn.version);
}
