/**
 * Image versions, ordered the way Azure orders them: marketplace image versions
 * (`Major.Minor.Build`) and gallery image versions (`Major.Minor.Patch`, see the end of the file).
 * The one place that parses, compares, validates and proposes version numbers.
 *
 * Azure publishes and accepts image versions as `Major.Minor.Build`, three decimal parts
 * (ImageReference.version: "The allowed formats are Major.Minor.Build or 'latest'"). Each part
 * must fit a signed 32-bit integer. Real shapes: Ubuntu `24.04.202411030`, Windows
 * `26100.2314.241107`, Debian `0.20241111.1928`. Parts may carry leading zeros (`22.04`), so a
 * version's text is kept as given and only compared by value.
 *
 * Ordering is numeric per part, never textual: `9.10.1` is newer than `9.9.1`. Azure itself never
 * mixes part counts in one SKU; should a list ever do so, a missing part ranks below every
 * present one, as .NET's `System.Version` ranks `1.2` below `1.2.0`. Text that is not a version
 * at all sorts after every real version (oldest), so it can never be mistaken for `latest`.
 */
import { UsageError } from './errors.js';
import { validateGalleryImageVersionName } from './names.js';

/** The word Azure takes instead of a version number to mean "newest at deploy time". */
export const LATEST = 'latest';

/** Largest value of one version part: Azure stores each as a signed 32-bit integer. */
export const MAX_VERSION_PART = 2_147_483_647;

/** A parsed `Major.Minor.Build` image version. */
export interface ImageVersion {
  major: number;
  minor: number;
  build: number;
  /** The version exactly as written (leading zeros kept), e.g. `22.04.202411030`. */
  text: string;
}

const VERSION_HINT = 'An image version is three numbers, Major.Minor.Build, e.g. 24.04.202411030, or the word latest.';

/**
 * Why `text` is not a valid `Major.Minor.Build` version, or `undefined` when it is one.
 * Each message names the exact fault.
 */
export function versionProblem(text: string): string | undefined {
  if (text === '') return 'The version is empty.';
  if (/\s/.test(text)) return `Version "${text}" contains whitespace.`;
  const parts = text.split('.');
  if (parts.length !== 3) {
    return `Version "${text}" has ${parts.length} part${parts.length === 1 ? '' : 's'}; Azure image versions have exactly 3 (Major.Minor.Build).`;
  }
  const labels = ['Major', 'Minor', 'Build'];
  for (let i = 0; i < 3; i++) {
    const p = parts[i] as string;
    const label = labels[i] as string;
    if (p === '') return `Version "${text}" has an empty ${label} part.`;
    if (!/^[0-9]+$/.test(p)) return `Version "${text}": the ${label} part "${p}" is not a whole number.`;
    if (Number(p) > MAX_VERSION_PART) {
      return `Version "${text}": the ${label} part ${p} is larger than ${MAX_VERSION_PART}, the most Azure allows.`;
    }
  }
  return undefined;
}

/** True for a well-formed `Major.Minor.Build` version (not `latest`). */
export function isValidVersion(text: string): boolean {
  return versionProblem(text) === undefined;
}

/** True for `latest` in any letter case, as Azure accepts it. */
export function isLatest(text: string): boolean {
  return text.toLowerCase() === LATEST;
}

/** Parses a `Major.Minor.Build` version; throws a {@link UsageError} naming the fault. */
export function parseVersion(text: string): ImageVersion {
  const problem = versionProblem(text);
  if (problem) throw new UsageError(problem, VERSION_HINT);
  const [major, minor, build] = text.split('.').map(Number) as [number, number, number];
  return { major, minor, build, text };
}

/** Like {@link parseVersion} but returns `undefined` instead of throwing. */
export function tryParseVersion(text: string): ImageVersion | undefined {
  return isValidVersion(text) ? parseVersion(text) : undefined;
}

/** Numeric parts of a dotted version of any length, or `undefined` if it is not one. */
function numericParts(text: string): number[] | undefined {
  if (!/^[0-9]+(\.[0-9]+)*$/.test(text)) return undefined;
  return text.split('.').map(Number);
}

/**
 * Orders two versions oldest-first (negative when `a` is older), numerically per part.
 * Numerically equal texts (`22.04.1` and `22.4.1`) fall back to text order so sorting is stable
 * and deterministic. See the module comment for differing part counts and non-versions.
 */
export function compareVersions(a: string, b: string): number {
  const pa = numericParts(a);
  const pb = numericParts(b);
  if (!pa || !pb) {
    if (pa) return 1; // a real version is newer than any non-version
    if (pb) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1; // missing part ranks below any present one
    if (y === undefined) return 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when both name the same version by value (`22.04.1` equals `22.4.1`). */
export function sameVersion(a: string, b: string): boolean {
  if (isLatest(a) || isLatest(b)) return isLatest(a) && isLatest(b);
  const pa = numericParts(a);
  const pb = numericParts(b);
  if (!pa || !pb) return a === b;
  return pa.length === pb.length && pa.every((x, i) => x === pb[i]);
}

/** A new array, newest first. Works on strings or on records through `key`. */
export function sortVersionsDesc(versions: readonly string[]): string[];
export function sortVersionsDesc<T>(items: readonly T[], key: (item: T) => string): T[];
export function sortVersionsDesc<T>(items: readonly T[], key?: (item: T) => string): T[] {
  const k = key ?? ((x: T) => x as unknown as string);
  return [...items].sort((x, y) => compareVersions(k(y), k(x)));
}

/** The newest version in the list (what `latest` resolves to), or `undefined` for an empty list. */
export function latestOf(versions: readonly string[]): string | undefined;
export function latestOf<T>(items: readonly T[], key: (item: T) => string): T | undefined;
export function latestOf<T>(items: readonly T[], key?: (item: T) => string): T | undefined {
  const k = key ?? ((x: T) => x as unknown as string);
  let best: T | undefined;
  for (const item of items) {
    if (best === undefined || compareVersions(k(item), k(best)) > 0) best = item;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Gallery image versions

/**
 * A gallery image version name: exactly `Major.Minor.Patch`, each a whole number within a
 * 32-bit integer (REST spec: "digit and period. Digits must be within the range of a 32-bit
 * integer"). The wording of the rule is names.ts's, so every view says the same thing.
 */
export interface GalleryVersion {
  major: number;
  minor: number;
  patch: number;
  /** As written. */
  text: string;
}

/** Why `text` is not a gallery image version name, or `undefined` when it is one. */
export function galleryVersionProblem(text: string): string | undefined {
  return validateGalleryImageVersionName(text);
}

/** Parses a gallery image version; throws a {@link UsageError} naming the fault. */
export function parseGalleryVersion(text: string): GalleryVersion {
  const problem = galleryVersionProblem(text);
  if (problem) throw new UsageError(problem, 'Use three whole numbers, e.g. 1.0.0.');
  const [major, minor, patch] = text.split('.').map(Number) as [number, number, number];
  return { major, minor, patch, text };
}

/** Like {@link parseGalleryVersion} but `undefined` instead of throwing. */
export function tryParseGalleryVersion(text: string): GalleryVersion | undefined {
  return galleryVersionProblem(text) === undefined ? parseGalleryVersion(text) : undefined;
}

/** True when `version` names one of `existing` by value (`1.0.0` and `1.00.0` are the same version to Azure's ordering). */
export function versionExists(version: string, existing: readonly string[]): boolean {
  return existing.some((e) => sameVersion(e, version));
}

/**
 * The version number to propose next: the highest valid version in `existing` with its patch
 * bumped (minor bumped, patch 0, when patch is already at the 32-bit limit; major likewise);
 * `1.0.0` when there is none. Names that are not versions are ignored.
 */
export function nextFreeVersion(existing: readonly string[]): string {
  const valid = existing.map(tryParseGalleryVersion).filter((v): v is GalleryVersion => v !== undefined);
  const top = latestOf(valid, (v) => v.text);
  if (!top) return '1.0.0';
  if (top.patch < MAX_VERSION_PART) return `${top.major}.${top.minor}.${top.patch + 1}`;
  if (top.minor < MAX_VERSION_PART) return `${top.major}.${top.minor + 1}.0`;
  if (top.major < MAX_VERSION_PART) return `${top.major + 1}.0.0`;
  // Every number is taken above the top: Azure can hold no higher version.
  throw new UsageError(`No version number is left above ${top.text}.`, 'Delete an old version and reuse its number.');
}
