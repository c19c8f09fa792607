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

const ALNUM = /[A-Za-z0-9]/;

/** Distinct offending characters, quoted for a message: `"-", " "`. */
function listBad(name: string, allowed: RegExp): string {
  const bad = [...new Set([...name].filter((c) => !allowed.test(c)))];
  const shown = bad.slice(0, 3).map((c) => (c === ' ' ? 'a space' : /\s/.test(c) ? 'whitespace' : `"${c}"`));
  // A handful is enough to find the fault; `latest` need not be spelled out letter by letter.
  return bad.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ');
}

function lengthProblem(kind: string, name: string, min: number, max: number): string | undefined {
  if (name.length === 0) return `The ${kind} name is empty; it needs ${min}–${max} characters.`;
  if (name.length < min) return `The ${kind} name "${name}" is ${name.length} characters; it needs at least ${min}.`;
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
    return `The ${rule.kind} name "${name}" contains ${listBad(name, rule.chars)}; ${rule.kind} names use only ${rule.charsText}.`;
  }
  const first = name[0] as string;
  if (rule.first && !rule.first.test(first)) {
    return `The ${rule.kind} name "${name}" starts with "${first}"; it must start with ${rule.firstText}.`;
  }
  const last = name[name.length - 1] as string;
  if (rule.last && !rule.last.test(last)) {
    return `The ${rule.kind} name "${name}" ends with "${last}"; it must end with ${rule.lastText}.`;
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
    return `The gallery name "${name}" contains "-"; gallery names cannot contain hyphens (use letters, digits, periods and underscores, e.g. "${name.replace(/-/g, '_')}").`;
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
    return `The image version "${name}" contains ${listBad(name, /[0-9.]/)}; ${shape} (digits and periods only).`;
  }
  const parts = name.split('.');
  if (parts.length !== 3) return `The image version "${name}" has ${parts.length} part${parts.length === 1 ? '' : 's'}; ${shape}.`;
  const labels = ['Major', 'Minor', 'Patch'];
  for (let i = 0; i < 3; i++) {
    const p = parts[i] as string;
    if (p === '') return `The image version "${name}" has an empty ${labels[i]} part; ${shape}.`;
    if (Number(p) > INT32_MAX) return `The image version "${name}": ${labels[i]} ${p} is larger than ${INT32_MAX}, the most Azure allows.`;
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
    return `The VM name "${name}" contains ${bad}; VM names cannot contain spaces or any of \\ / " [ ] : | < > + = ; , ? * @ & # %.`;
  }
  if (name.startsWith('_')) return `The VM name "${name}" starts with "_"; it cannot start with an underscore.`;
  if (/[.-]$/.test(name)) return `The VM name "${name}" ends with "${name[name.length - 1]}"; it cannot end with a period or hyphen.`;
  if (os === 'Windows' && /^[0-9]+$/.test(name)) {
    return `The VM name "${name}" is all digits; a Windows computer name needs at least one letter or hyphen.`;
  }
  return undefined;
}
