/**
 * Azure's naming rules for the resources azimg creates or names: managed images, galleries,
 * gallery image definitions and versions, resource groups and VMs. Each validator returns
 * `undefined` for a good name, or one sentence saying what is wrong and what is allowed.
 *
 * Sources (facts only): Microsoft's "Naming rules and restrictions for Azure resources"
 * (Microsoft.Compute and Microsoft.Resources tables), the Compute REST spec's parameter
 * descriptions (gallery and image-definition names allow dots and underscores in the middle),
 * and the resource-group pattern `^[-\w._()]+$` of ResourceGroups_CreateOrUpdate.
 * Where the sources disagree we follow what Azure accepts, so we never refuse a name Azure
 * would take: gallery names accept underscores although the naming table lists only
 * alphanumerics and periods.
 */

import { UsageError } from './errors.js';
import { echoInput, sanitize } from './text.js';

const ALNUM = /[A-Za-z0-9]/;

/** Distinct offending characters, quoted for a message: `"-", " "`. */
function listBad(name: string, allowed: RegExp): string {
  const bad = [...new Set([...name].filter((c) => !allowed.test(c)))];
  const shown = bad.slice(0, 3).map((c) => (c === ' ' ? 'a space' : c === '\t' || c === '\n' ? 'whitespace' : `"${sanitize(c)}"`));
  // A handful is enough to find the fault; `latest` need not be spelled out letter by letter.
  return bad.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function lengthProblem(kind: string, name: string, min: number, max: number): string | undefined {
  if (name.length === 0) return `The ${kind} name is empty; it needs ${min}–${max} characters.`;
  if (name.length < min) return `The ${kind} name "${echoInput(name)}" is ${name.length} characters; it needs at least ${min}.`;
  if (name.length > max) return `The ${kind} name is ${name.length} characters; at most ${max} are allowed.`;
  return undefined;
}

interface Rule {
  kind: string;
  min: number;
  max: number;
  /** One allowed character. */
  chars: RegExp;
  /** How the allowed characters are described to a person. */
  charsText: string;
  first?: RegExp;
  firstText?: string;
  last?: RegExp;
  lastText?: string;
}

function check(rule: Rule, name: string): string | undefined {
  const len = lengthProblem(rule.kind, name, rule.min, rule.max);
  if (len) return len;
  if (![...name].every((c) => rule.chars.test(c))) {
    return `The ${rule.kind} name "${echoInput(name)}" contains ${listBad(name, rule.chars)}; ${rule.kind} names use only ${rule.charsText}.`;
  }
  const first = name[0] as string;
  if (rule.first && !rule.first.test(first)) {
    return `The ${rule.kind} name "${echoInput(name)}" starts with "${sanitize(first)}"; it must start with ${rule.firstText}.`;
  }
  const last = name[name.length - 1] as string;
  if (rule.last && !rule.last.test(last)) {
    return `The ${rule.kind} name "${echoInput(name)}" ends with "${sanitize(last)}"; it must end with ${rule.lastText}.`;
  }
  return undefined;
}

/**
 * Managed image (`Microsoft.Compute/images`): 1–80 characters; letters, digits, underscores,
 * periods and hyphens; starts with a letter or digit; ends with a letter, digit or underscore.
 */
export function validateImageName(name: string): string | undefined {
  return check(
    {
      kind: 'image',
      min: 1,
      max: 80,
      chars: /[A-Za-z0-9_.-]/,
      charsText: 'letters, digits, underscores, periods and hyphens',
      first: ALNUM,
      firstText: 'a letter or digit',
      last: /[A-Za-z0-9_]/,
      lastText: 'a letter, digit or underscore',
    },
    name,
  );
}

/**
 * Azure Compute Gallery (`Microsoft.Compute/galleries`): 1–80 characters; letters, digits,
 * periods and underscores — no hyphens; starts and ends with a letter or digit.
 */
export function validateGalleryName(name: string): string | undefined {
  if (name.includes('-') && name.length <= 80) {
    return `The gallery name "${echoInput(name)}" contains "-"; gallery names cannot contain hyphens (use letters, digits, periods and underscores, e.g. "${echoInput(name.replace(/-/g, '_'))}").`;
  }
  return check(
    {
      kind: 'gallery',
      min: 1,
      max: 80,
      chars: /[A-Za-z0-9._]/,
      charsText: 'letters, digits, periods and underscores (no hyphens)',
      first: ALNUM,
      firstText: 'a letter or digit',
      last: ALNUM,
      lastText: 'a letter or digit',
    },
    name,
  );
}

/**
 * Gallery image definition (`galleries/images`): 1–80 characters; letters, digits, hyphens,
 * periods and underscores; starts and ends with a letter or digit.
 */
export function validateGalleryImageDefinitionName(name: string): string | undefined {
  return check(
    {
      kind: 'image definition',
      min: 1,
      max: 80,
      chars: /[A-Za-z0-9._-]/,
      charsText: 'letters, digits, hyphens, periods and underscores',
      first: ALNUM,
      firstText: 'a letter or digit',
      last: ALNUM,
      lastText: 'a letter or digit',
    },
    name,
  );
}

const INT32_MAX = 2_147_483_647;

/**
 * Gallery image version (`galleries/images/versions`): `Major.Minor.Patch`, three whole
 * numbers each within a 32-bit integer, digits and periods only (e.g. `1.0.0`, `2024.11.7`).
 */
export function validateGalleryImageVersionName(name: string): string | undefined {
  const shape = 'a gallery image version is Major.Minor.Patch, three whole numbers such as 1.0.0';
  if (name.length === 0) return `The image version is empty; ${shape}.`;
  if (!/^[0-9.]+$/.test(name)) {
    return `The image version "${echoInput(name)}" contains ${listBad(name, /[0-9.]/)}; ${shape} (digits and periods only).`;
  }
  const parts = name.split('.');
  if (parts.length !== 3) return `The image version "${echoInput(name)}" has ${parts.length} part${parts.length === 1 ? '' : 's'}; ${shape}.`;
  const labels = ['Major', 'Minor', 'Patch'];
  for (let i = 0; i < 3; i++) {
    const p = parts[i] as string;
    if (p === '') return `The image version "${echoInput(name)}" has an empty ${labels[i]} part; ${shape}.`;
    if (Number(p) > INT32_MAX) return `The image version "${echoInput(name)}": ${labels[i]} ${p} is larger than ${INT32_MAX}, the most Azure allows.`;
  }
  return undefined;
}

/**
 * Resource group: 1–90 characters; letters and digits (Unicode letters too), underscores,
 * hyphens, periods and parentheses; cannot end with a period.
 */
export function validateResourceGroupName(name: string): string | undefined {
  const chars = /[\p{L}\p{N}\p{Mn}\p{Pc}\-.()]/u;
  return check(
    {
      kind: 'resource group',
      min: 1,
      max: 90,
      chars,
      charsText: 'letters, digits, underscores, hyphens, periods and parentheses',
      last: /[^.]/,
      lastText: 'something other than a period',
    },
    name,
  );
}

const VM_FORBIDDEN = /[\\/"[\]:|<>+=;,?*@&#%\s\p{Cc}]/u;

/**
 * Virtual machine: 1–64 characters for Linux, 1–15 for Windows (its computer name); cannot
 * contain `\ / " [ ] : | < > + = ; , ? * @ &`, `#`, `%` or whitespace; cannot start with an
 * underscore; cannot end with a period or hyphen. Without `os`, the Linux limit applies.
 */
export function validateVmName(name: string, os?: 'Linux' | 'Windows'): string | undefined {
  const max = os === 'Windows' ? 15 : 64;
  const len = lengthProblem('VM', name, 1, max);
  if (len) return os === 'Windows' && name.length > max ? `${len} (Windows VM names are limited to 15 by the computer name.)` : len;
  if (VM_FORBIDDEN.test(name)) {
    const bad = listBad(name, /[^\\/"[\]:|<>+=;,?*@&#%\s\p{Cc}]/u);
    return `The VM name "${echoInput(name)}" contains ${bad}; VM names cannot contain spaces or any of \\ / " [ ] : | < > + = ; , ? * @ & # %.`;
  }
  if (name.startsWith('_')) return `The VM name "${echoInput(name)}" starts with "_"; it cannot start with an underscore.`;
  if (/[.-]$/.test(name)) return `The VM name "${echoInput(name)}" ends with "${name[name.length - 1]}"; it cannot end with a period or hyphen.`;
  if (os === 'Windows' && /^[0-9]+$/.test(name)) {
    return `The VM name "${echoInput(name)}" is all digits; a Windows computer name needs at least one letter or hyphen.`;
  }
  return undefined;
}

/**
 * Azure region name (`eastus`, `westeurope`, `southcentralusstg`): 1–50 lowercase letters and
 * digits, the `name` of `az account list-locations`, never the display name. A display name or
 * upper case (`West Europe`, `WestEurope`) gets the name it stands for as a suggestion.
 */
export function validateLocationName(name: string): string | undefined {
  const rule = 'Azure region names are 1–50 lowercase letters and digits, like westeurope (list them with: azimg ls locations)';
  if (name === '') return `The location is empty; ${rule}.`;
  if (/^[a-z0-9]{1,50}$/.test(name)) return undefined;
  if (name.length > 50) return `The location is ${name.length} characters; ${rule}.`;
  const suggestion = name.replace(/\s+/g, '').toLowerCase();
  const didYouMean = /^[a-z0-9]{1,50}$/.test(suggestion) ? ` Did you mean ${suggestion}?` : '';
  return `"${echoInput(name)}" is not a region name; ${rule}.${didYouMean}`;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Subscription id: a GUID, 8-4-4-4-12 hexadecimal digits. */
export function validateSubscriptionId(id: string): string | undefined {
  if (GUID.test(id)) return undefined;
  return `"${echoInput(id)}" is not a subscription id; a subscription id is a GUID (8-4-4-4-12 hex digits, e.g. 00000000-0000-0000-0000-000000000000; see az account show --query id -o tsv).`;
}

/**
 * One segment of a resource path, where one name is expected: not empty, not `.` or `..` (which
 * URL layers collapse into another path), no `/` or `\`. Every name validator above implies
 * this; it is the floor for names without a stricter rule.
 */
export function validatePathSegment(kind: string, segment: string): string | undefined {
  if (segment === '') return `The ${kind} name is empty.`;
  if (segment === '.' || segment === '..') return `The ${kind} name cannot be "${segment}"; a name is one path segment, not "." or "..".`;
  if (/[/\\]/.test(segment)) return `The ${kind} name "${echoInput(segment)}" contains "/" or "\\"; a name is one path segment.`;
  return undefined;
}

/** Throws a {@link UsageError} (exit 2) with `problem`, when there is one. */
export function requireValid(problem: string | undefined, hint?: string): void {
  if (problem) throw new UsageError(problem, hint);
}

/**
 * The connection's subscription id and default location, checked before any request: a bad
 * `--subscription`, `--location` / `-l` or `AZIMG_LOCATION` is bad usage (exit 2), never a
 * request to a path like `…/locations//publishers` or `…/subscriptions/x/../../y`.
 */
export function checkConnection(c: { subscriptionId: string; location: string }): void {
  requireValid(validateSubscriptionId(c.subscriptionId), 'Pass --subscription <id> or set AZURE_SUBSCRIPTION_ID.');
  requireValid(validateLocationName(c.location));
}
