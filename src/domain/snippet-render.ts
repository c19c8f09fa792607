/**
 * The writing shared by the marketplace snippets (snippets.ts) and the estate snippets
 * (estate-snippets.ts): quoting for bash, Bicep and HCL; Bicep and ARM templates built from one
 * value tree with parameter references; HCL laid out the way `terraform fmt` does; and the parts
 * of a VM that both write the same way whatever the image (security settings, purchase plan, OS
 * disk, admin account). What differs between the two (the image reference, specialized images,
 * the notes) stays in each.
 */
import { AzureError, UsageError } from './errors.js';
import type { VmSecurityType } from './features.js';
import { validateLocationName, validateResourceGroupName, validateVmName } from './names.js';
import { echoInput, hasUnsafeChars, isUnsafeChar, sanitize, toJson } from './text.js';
import type { OsType, PurchasePlan } from './types.js';

/** ARM Compute api-version the Bicep and ARM snippets are written against. */
export const COMPUTE_API_VERSION = '2024-07-01';

/** The names and sizes every snippet writes, already checked. */
export interface VmNames {
  rg: string;
  vm: string;
  location: string;
  size: string;
  admin: string;
}

/**
 * Throws a {@link UsageError} for the first name Azure (or a shell) would refuse, in the order
 * resource group, VM name, size, admin user, region. `adminHint` goes with the admin-name error.
 * `locationFromAzure`: the region was not typed by the user but taken from Azure's answer (where
 * the image lives); a bad one is then Azure's problem, an {@link AzureError}, not bad usage.
 */
export function checkVmNames(n: VmNames, os: OsType, adminHint?: string, locationFromAzure = false): void {
  const rgProblem = validateResourceGroupName(n.rg);
  if (rgProblem) throw new UsageError(rgProblem);
  const vmProblem = validateVmName(n.vm, os);
  if (vmProblem) throw new UsageError(vmProblem);
  if (!/^[A-Za-z0-9_]+$/.test(n.size)) throw new UsageError(`"${echoInput(n.size)}" is not a VM size name.`, 'Sizes look like Standard_D2s_v5.');
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(n.admin)) throw new UsageError(`"${echoInput(n.admin)}" is not a usable admin user name.`, adminHint);
  if (locationFromAzure) {
    // Azure spells some regions in Pascal case (FranceCentral): only its shape matters here.
    if (!/^[A-Za-z0-9]{1,50}$/.test(n.location)) throw unexpectedRegion(n.location);
    return;
  }
  const locProblem = validateLocationName(n.location);
  if (locProblem) throw new UsageError(locProblem);
}

/** Azure's answer named a region that is not a region name: exit 1, the name escaped and shortened. */
export function unexpectedRegion(name: string): AzureError {
  return new AzureError(
    'UnexpectedResponse',
    `Azure gave "${echoInput(name)}" as the image's region, which is not a region name, so no VM snippet can be written for it.`,
    'other',
    undefined,
    'Check the resource in the portal or with the az CLI.',
  );
}

/** One comment line of a bash snippet: the text escaped, so a name cannot end the comment or reach the terminal raw. */
export function shComment(text: string): string {
  return `# ${sanitize(text)}`;
}

/** `\uXXXX` (or a surrogate-free `\UXXXXXXXX` when `long` is given) for one code point. */
function hex(ch: string, width: number): string {
  return (ch.codePointAt(0) ?? 0).toString(16).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------
// Azure CLI (bash)

/** Quotes a word for POSIX shells only when it needs it. */
export function sh(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (!hasUnsafeChars(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  // bash's $'…' writes control and invisible characters as escapes: the same word, never raw.
  const body = [...word]
    .map((c) => {
      if (c === '\\' || c === "'") return `\\${c}`;
      if (!isUnsafeChar(c)) return c;
      const code = c.codePointAt(0) ?? 0;
      return code < 0x80 ? `\\x${hex(c, 2)}` : code <= 0xffff ? `\\u${hex(c, 4)}` : `\\U${hex(c, 8)}`;
    })
    .join('');
  return `$'${body}'`;
}

/** The first `az vm create` arguments: where, what from, and how big. */
export function azBaseArgs(n: VmNames, image: string): string[][] {
  return [
    ['--resource-group', sh(n.rg)],
    ['--name', sh(n.vm)],
    ['--location', sh(n.location)],
    ['--image', sh(image)],
    ['--size', sh(n.size)],
  ];
}

/** `az vm create` with one argument (a flag and its already-quoted value) per continued line. */
export function azVmCreateLines(args: string[][]): string[] {
  return ['az vm create \\', ...args.map((a, i) => `  ${a.join(' ')}${i < args.length - 1 ? ' \\' : ''}`)];
}

/**
 * The security flags for `az vm create`. `explicitStandard`: the image could run as Trusted
 * Launch, which the CLI would pick by itself, so Standard has to be said outright.
 */
export function azSecurityArgs(security: VmSecurityType, explicitStandard: boolean): string[][] {
  if (security === 'TrustedLaunch') return [['--security-type', 'TrustedLaunch'], ['--enable-secure-boot', 'true'], ['--enable-vtpm', 'true']];
  if (security === 'ConfidentialVM') {
    return [
      ['--security-type', 'ConfidentialVM'],
      ['--os-disk-security-encryption-type', 'VMGuestStateOnly'],
      ['--enable-secure-boot', 'true'],
      ['--enable-vtpm', 'true'],
    ];
  }
  return explicitStandard ? [['--security-type', 'Standard']] : [];
}

/** The purchase-plan flags for `az vm create`. */
export function azPlanArgs(plan: PurchasePlan): string[][] {
  return [['--plan-name', sh(plan.name)], ['--plan-product', sh(plan.product)], ['--plan-publisher', sh(plan.publisher)]];
}

/** The admin account flags for `az vm create` (Windows: az prompts for the password). */
export function azAdminArgs(admin: string, os: OsType): string[][] {
  const args = [['--admin-username', sh(admin)]];
  if (os === 'Linux') args.push(['--generate-ssh-keys']);
  return args;
}

// ---------------------------------------------------------------------------------------------
// Bicep and ARM share one resource shape.

/** A reference to a template parameter, written differently by Bicep and ARM. */
export interface ParamRef {
  $param: string;
}

/** An expression written natively in each template language. */
export interface TemplateExpr {
  $bicep: string;
  $arm: string;
}

/** A value in a template resource; literals are quoted and escaped by each writer. */
export type TemplateValue = string | number | boolean | ParamRef | TemplateExpr | TemplateValue[] | { [key: string]: TemplateValue };

/** A template parameter, in declaration order; `default` absent means the user must give it. */
export interface TemplateParam {
  name: string;
  type: 'string' | 'securestring';
  default?: string;
}

function isParamRef(v: TemplateValue): v is ParamRef {
  return typeof v === 'object' && !Array.isArray(v) && typeof (v as { $param?: unknown }).$param === 'string';
}

function isExpr(v: TemplateValue): v is TemplateExpr {
  return typeof v === 'object' && !Array.isArray(v) && typeof (v as { $bicep?: unknown }).$bicep === 'string';
}

/** A Bicep string literal. */
export function bicepString(s: string): string {
  const escaped = s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${').replace(/\n/g, '\\n');
  // Bicep's \u{…} escape keeps control and invisible characters in the value, never raw in the text.
  return `'${hasUnsafeChars(escaped) ? [...escaped].map((c) => (isUnsafeChar(c) ? `\\u{${hex(c, 1)}}` : c)).join('') : escaped}'`;
}

function bicepValue(v: TemplateValue, indent: string): string {
  if (typeof v === 'string') return bicepString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isParamRef(v)) return v.$param;
  if (isExpr(v)) return v.$bicep;
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => `${inner}${bicepValue(x, inner)}`).join('\n')}\n${indent}]`;
  const keys = Object.keys(v);
  return `{\n${keys.map((k) => `${inner}${k}: ${bicepValue(v[k] as TemplateValue, inner)}`).join('\n')}\n${indent}}`;
}

function armValue(v: TemplateValue): unknown {
  if (isParamRef(v)) return `[parameters('${v.$param}')]`;
  if (isExpr(v)) return v.$arm;
  if (Array.isArray(v)) return v.map(armValue);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, armValue(x)]));
  // A literal string starting with "[" would be read as an ARM expression; "[[" escapes it.
  return typeof v === 'string' && v.startsWith('[') ? `[${v}` : v;
}

/**
 * A Bicep file declaring `params` and one VM resource named and placed by the `vmName` and
 * `location` parameters; `body` is the rest of the resource (`plan`, `properties`).
 */
export function bicepVmTemplate(comments: string[], params: TemplateParam[], body: { [key: string]: TemplateValue }): string {
  const lines = comments.map((c) => `// ${sanitize(c)}`);
  for (const prm of params) {
    const decorator = prm.type === 'securestring' ? '@secure()\n' : '';
    lines.push(`${decorator}param ${prm.name} string${prm.default !== undefined ? ` = ${bicepString(prm.default)}` : ''}`);
  }
  lines.push('');
  const resource: { [key: string]: TemplateValue } = { name: { $param: 'vmName' }, location: { $param: 'location' }, ...body };
  lines.push(`resource vm 'Microsoft.Compute/virtualMachines@${COMPUTE_API_VERSION}' = ${bicepValue(resource, '')}`);
  return lines.join('\n');
}

/** The same VM as {@link bicepVmTemplate}, as an ARM deployment template (JSON text). */
export function armVmTemplate(comments: string[], params: TemplateParam[], body: { [key: string]: TemplateValue }): string {
  const parameters: Record<string, unknown> = {};
  for (const prm of params) parameters[prm.name] = prm.default !== undefined ? { type: prm.type, defaultValue: prm.default } : { type: prm.type };
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters,
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: COMPUTE_API_VERSION,
        name: "[parameters('vmName')]",
        location: "[parameters('location')]",
        // ARM's own place for remarks on a resource: JSON has no comments.
        comments: comments.join(' '),
        ...(armValue(body) as object),
      },
    ],
  };
  return toJson(template);
}

/** `storageProfile.osDisk.managedDisk`: Premium SSD, VM guest state encrypted for a Confidential VM. */
export function templateManagedDisk(security: VmSecurityType): { [key: string]: TemplateValue } {
  const managedDisk: { [key: string]: TemplateValue } = { storageAccountType: 'Premium_LRS' };
  if (security === 'ConfidentialVM') managedDisk.securityProfile = { securityEncryptionType: 'VMGuestStateOnly' };
  return managedDisk;
}

/** `properties.securityProfile`, or undefined to leave it out (see {@link azSecurityArgs}). */
export function templateSecurityProfile(security: VmSecurityType, explicitStandard: boolean): { [key: string]: TemplateValue } | undefined {
  if (security === 'TrustedLaunch' || security === 'ConfidentialVM') {
    return { securityType: security, uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } };
  }
  return explicitStandard ? { securityType: 'Standard' } : undefined;
}

/** The resource-level `plan` a VM from a Marketplace-plan image must carry. */
export function templatePlan(plan: PurchasePlan): { [key: string]: TemplateValue } {
  return { name: plan.name, product: plan.product, publisher: plan.publisher };
}

// ---------------------------------------------------------------------------------------------
// Terraform (azurerm)

/** One line or block of HCL: an attribute (expression already written), a block, a comment or a blank line. */
export type HclItem =
  | { attr: string; expr: string }
  | { block: string; labels?: string[]; body: HclItem[] }
  | { comment: string }
  | { blank: true };

/** An HCL string literal. */
export function hclString(s: string): string {
  // `${` and `%{` start HCL templates; doubling the sigil makes them literal.
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`);
  if (!hasUnsafeChars(escaped)) return `"${escaped}"`;
  // HCL's \uNNNN / \UNNNNNNNN escapes keep control and invisible characters in the value.
  const code = (c: string) => ((c.codePointAt(0) ?? 0) > 0xffff ? `\\U${hex(c, 8)}` : `\\u${hex(c, 4)}`);
  return `"${[...escaped].map((c) => (isUnsafeChar(c) ? code(c) : c)).join('')}"`;
}

/** Renders HCL the way `terraform fmt` lays it out: `=` aligned within runs of attributes. */
export function renderHcl(items: HclItem[], indent = ''): string[] {
  const out: string[] = [];
  let run: { attr: string; expr: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.attr.length));
    for (const a of run) out.push(`${indent}${a.attr.padEnd(width)} = ${a.expr}`);
    run = [];
  };
  for (const it of items) {
    if ('attr' in it) {
      run.push(it);
      continue;
    }
    flush();
    if ('comment' in it) out.push(`${indent}# ${sanitize(it.comment)}`);
    else if ('blank' in it) out.push('');
    else {
      const labels = (it.labels ?? []).map((l) => ` ${hclString(l)}`).join('');
      out.push(`${indent}${it.block}${labels} {`, ...renderHcl(it.body, `${indent}  `), `${indent}}`);
    }
  }
  flush();
  return out;
}

/** The first attributes of azurerm_linux/windows_virtual_machine, up to its NIC. */
export function hclVmAttrs(n: VmNames, os: OsType): HclItem[] {
  const attrs: HclItem[] = [
    { attr: 'name', expr: hclString(n.vm) },
    { attr: 'resource_group_name', expr: hclString(n.rg) },
    { attr: 'location', expr: hclString(n.location) },
    { attr: 'size', expr: hclString(n.size) },
    { attr: 'admin_username', expr: hclString(n.admin) },
  ];
  if (os === 'Windows') attrs.push({ attr: 'admin_password', expr: 'var.admin_password' });
  attrs.push({ attr: 'network_interface_ids', expr: '[azurerm_network_interface.vm.id]' });
  return attrs;
}

/** The `azurerm_marketplace_agreement` that accepts a plan's terms, with its comment and a blank line after. */
export function hclMarketplaceAgreement(plan: PurchasePlan): HclItem[] {
  return [
    { comment: "Accepts the plan's terms for the subscription (once; import it if already accepted)." },
    {
      block: 'resource',
      labels: ['azurerm_marketplace_agreement', 'image'],
      body: [
        { attr: 'publisher', expr: hclString(plan.publisher) },
        { attr: 'offer', expr: hclString(plan.product) },
        { attr: 'plan', expr: hclString(plan.name) },
      ],
    },
    { blank: true },
  ];
}

/** The VM's `plan` block. */
export function hclPlanBlock(plan: PurchasePlan): HclItem {
  return {
    block: 'plan',
    body: [
      { attr: 'name', expr: hclString(plan.name) },
      { attr: 'product', expr: hclString(plan.product) },
      { attr: 'publisher', expr: hclString(plan.publisher) },
    ],
  };
}

/** A sensitive `admin_password` variable for a Windows VM, and a blank line after. */
export function hclAdminPasswordVariable(): HclItem[] {
  return [
    {
      block: 'variable',
      labels: ['admin_password'],
      body: [
        { attr: 'type', expr: 'string' },
        { attr: 'sensitive', expr: 'true' },
      ],
    },
    { blank: true },
  ];
}

/** The `admin_ssh_key` block of a Linux VM (the user's default public key). */
export function hclAdminSshKey(admin: string): HclItem {
  return {
    block: 'admin_ssh_key',
    body: [
      { attr: 'username', expr: hclString(admin) },
      { attr: 'public_key', expr: 'file("~/.ssh/id_rsa.pub")' },
    ],
  };
}

/** The `os_disk` block of azurerm_linux/windows_virtual_machine. */
export function hclOsDisk(security: VmSecurityType): HclItem {
  const osDisk: HclItem[] = [
    { attr: 'caching', expr: '"ReadWrite"' },
    { attr: 'storage_account_type', expr: '"Premium_LRS"' },
  ];
  if (security === 'ConfidentialVM') osDisk.push({ attr: 'security_encryption_type', expr: '"VMGuestStateOnly"' });
  return { block: 'os_disk', body: osDisk };
}

/** Secure Boot and vTPM attributes, which Trusted Launch and Confidential VMs both switch on. */
export function hclSecureBootAttrs(security: VmSecurityType): HclItem[] {
  return security === 'TrustedLaunch' || security === 'ConfidentialVM'
    ? [
        { attr: 'secure_boot_enabled', expr: 'true' },
        { attr: 'vtpm_enabled', expr: 'true' },
      ]
    : [];
}
