/**
 * Ready-to-paste snippets that create a VM from one marketplace image: `az vm create`, Bicep,
 * Terraform (azurerm) and an ARM template. Each carries what the image needs and nothing it
 * cannot take: the purchase `plan` (and the terms step) when the image is sold under one,
 * Trusted Launch (Secure Boot + vTPM) or Confidential VM settings when the image supports them,
 * and a size that fits its architecture.
 *
 * Names checked against the tools' own references: az CLI `--security-type`,
 * `--enable-secure-boot`, `--enable-vtpm`, `--os-disk-security-encryption-type`, `--plan-name`,
 * `--plan-product`, `--plan-publisher`, `az vm image terms accept --urn`; ARM/Bicep
 * `securityProfile.securityType`, `uefiSettings.secureBootEnabled|vTpmEnabled`,
 * `managedDisk.securityProfile.securityEncryptionType`, resource-level `plan {name, product,
 * publisher}`; azurerm `source_image_reference`, `plan`, `secure_boot_enabled`, `vtpm_enabled`,
 * `os_disk.security_encryption_type`, `azurerm_marketplace_agreement {publisher, offer, plan}`.
 */
import { UsageError } from './errors.js';
import {
  allowedSecurityTypes,
  defaultSecurityType,
  imageRequirements,
  suggestedVmSize,
  type VmSecurityType,
} from './features.js';
import { validateResourceGroupName, validateVmName } from './names.js';
import type { ImageDetails, Urn } from './types.js';
import { formatUrn } from './urn.js';
import { LATEST, isValidVersion } from './version.js';

/** Which tool a snippet is for. */
export type SnippetKind = 'az' | 'bicep' | 'terraform' | 'arm';

/** One snippet, ready to print or copy. */
export interface Snippet {
  kind: SnippetKind;
  /** e.g. `Azure CLI`, for a heading. */
  title: string;
  /** Syntax of `text`: `bash`, `bicep`, `hcl` or `json`. */
  language: 'bash' | 'bicep' | 'hcl' | 'json';
  text: string;
  /** What the image requires of the VM (size, plan terms, deprecation), one sentence each. */
  notes: string[];
}

/** Choices the user can make; everything has a sensible default. */
export interface SnippetOptions {
  /**
   * `pinned` writes the image's exact version, `latest` lets Azure pick the newest at deploy
   * time. Default: `latest` when the user asked for latest, else `pinned`.
   */
  version?: 'pinned' | 'latest';
  /** Default: the most secure type the image supports (see `defaultSecurityType`). */
  securityType?: VmSecurityType;
  /** Default `myResourceGroup`. */
  resourceGroup?: string;
  /** Default `myVM`. */
  vmName?: string;
  /** Default: a size that fits the image's architecture and security type. */
  vmSize?: string;
  /** Default `azureuser`. */
  adminUsername?: string;
  /** Default: the region the image was looked up in. */
  location?: string;
}

/** ARM Compute api-version the Bicep and ARM snippets are written against. */
export const COMPUTE_API_VERSION = '2024-07-01';

/** Everything the four writers need, decided once. */
interface Plan {
  img: ImageDetails;
  imageUrn: Urn;
  security: VmSecurityType;
  rg: string;
  vm: string;
  size: string;
  admin: string;
  location: string;
  notes: string[];
  header: string;
}

function decide(img: ImageDetails, opts: SnippetOptions): Plan {
  const wantPinned = (opts.version ?? (img.resolvedFromLatest ? 'latest' : 'pinned')) === 'pinned';
  // A pinned snippet needs a real version; if the details still say `latest`, keep `latest`.
  const version = wantPinned && isValidVersion(img.urn.version) ? img.urn.version : LATEST;
  const imageUrn: Urn = { ...img.urn, version };

  const allowed = allowedSecurityTypes(img);
  const security = opts.securityType ?? defaultSecurityType(img);
  if (!allowed.includes(security)) {
    const gen = img.hyperVGeneration === 'V2' ? 'Gen2' : 'Gen1';
    throw new UsageError(
      `${formatUrn(img.urn)} (${gen}, SecurityType ${img.securityType}) cannot run as ${security}.`,
      `It allows: ${allowed.join(', ')}.`,
    );
  }
  const rg = opts.resourceGroup ?? 'myResourceGroup';
  const rgProblem = validateResourceGroupName(rg);
  if (rgProblem) throw new UsageError(rgProblem);
  const vm = opts.vmName ?? 'myVM';
  const vmProblem = validateVmName(vm, img.os);
  if (vmProblem) throw new UsageError(vmProblem);
  const size = opts.vmSize ?? suggestedVmSize(img, security);
  if (!/^[A-Za-z0-9_]+$/.test(size)) throw new UsageError(`"${size}" is not a VM size name.`, 'Sizes look like Standard_D2s_v5.');
  const admin = opts.adminUsername ?? 'azureuser';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(admin)) {
    throw new UsageError(`"${admin}" is not a usable admin user name.`, 'Use letters, digits, "_", "." or "-" (up to 64).');
  }
  const location = opts.location ?? img.location;
  if (!/^[A-Za-z0-9]+$/.test(location)) throw new UsageError(`"${location}" is not a region name.`, 'Regions look like eastus.');

  const gen = img.hyperVGeneration === 'V2' ? 'Gen2' : 'Gen1';
  const header = `${formatUrn(img.urn)} (${img.os}, ${gen}, ${img.architecture})`;
  return { img, imageUrn, security, rg, vm, size, admin, location, notes: imageRequirements(img, security), header };
}

/** Lines that warn about deprecation, for the head of every snippet. */
function deprecationLines(img: ImageDetails): string[] {
  const d = img.deprecation;
  const alt = d.alternative ? ` Suggested instead: ${d.alternative.type.toLowerCase()} ${d.alternative.value}.` : '';
  if (d.state === 'Deprecated') return [`WARNING: this image version is deprecated; Azure refuses new VMs from it.${alt}`];
  if (d.state === 'ScheduledForDeprecation') {
    const when = d.scheduledTime ? ` on ${d.scheduledTime.slice(0, 10)}` : '';
    return [`Note: this image is scheduled for deprecation${when}.${alt}`];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Azure CLI (bash)

/** Quotes a word for POSIX shells only when it needs it. */
function sh(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function azSnippet(p: Plan): Snippet {
  const { img } = p;
  const urnText = formatUrn(p.imageUrn);
  const lines: string[] = [`# ${p.header}`];
  for (const w of deprecationLines(img)) lines.push(`# ${w}`);
  if (img.plan) {
    lines.push('# Sold under a Marketplace plan: accept its terms once per subscription.');
    lines.push(`az vm image terms accept --urn ${sh(urnText)}`, '');
  }
  if (img.os === 'Windows') lines.push('# az prompts for the admin password; or add --admin-password.');
  const args: string[][] = [
    ['--resource-group', sh(p.rg)],
    ['--name', sh(p.vm)],
    ['--location', sh(p.location)],
    ['--image', sh(urnText)],
    ['--size', sh(p.size)],
  ];
  if (p.security === 'TrustedLaunch') {
    args.push(['--security-type', 'TrustedLaunch'], ['--enable-secure-boot', 'true'], ['--enable-vtpm', 'true']);
  } else if (p.security === 'ConfidentialVM') {
    args.push(
      ['--security-type', 'ConfidentialVM'],
      ['--os-disk-security-encryption-type', 'VMGuestStateOnly'],
      ['--enable-secure-boot', 'true'],
      ['--enable-vtpm', 'true'],
    );
  } else if (allowedSecurityTypes(img).length > 1) {
    // The CLI picks Trusted Launch by itself for images that support it; say Standard outright.
    args.push(['--security-type', 'Standard']);
  }
  if (img.plan) {
    args.push(['--plan-name', sh(img.plan.name)], ['--plan-product', sh(img.plan.product)], ['--plan-publisher', sh(img.plan.publisher)]);
  }
  args.push(['--admin-username', sh(p.admin)]);
  if (img.os === 'Linux') args.push(['--generate-ssh-keys']);
  lines.push('az vm create \\');
  args.forEach((a, i) => lines.push(`  ${a.join(' ')}${i < args.length - 1 ? ' \\' : ''}`));
  return { kind: 'az', title: 'Azure CLI', language: 'bash', text: lines.join('\n'), notes: p.notes };
}

// ---------------------------------------------------------------------------------------------
// Bicep and ARM share one resource shape.

/** A reference to a template parameter, written differently by Bicep and ARM. */
interface ParamRef {
  $param: string;
}
type Value = string | number | boolean | ParamRef | Value[] | { [key: string]: Value };

function isParamRef(v: Value): v is ParamRef {
  return typeof v === 'object' && !Array.isArray(v) && typeof (v as { $param?: unknown }).$param === 'string';
}

function imageReference(urn: Urn): { [key: string]: Value } {
  return { publisher: urn.publisher, offer: urn.offer, sku: urn.sku, version: urn.version };
}

/** The VM resource body (without name/location), identical for Bicep and ARM. */
function vmBody(p: Plan): { [key: string]: Value } {
  const managedDisk: { [key: string]: Value } = { storageAccountType: 'Premium_LRS' };
  if (p.security === 'ConfidentialVM') managedDisk.securityProfile = { securityEncryptionType: 'VMGuestStateOnly' };
  const properties: { [key: string]: Value } = {
    hardwareProfile: { vmSize: { $param: 'vmSize' } },
    storageProfile: {
      imageReference: imageReference(p.imageUrn),
      osDisk: { createOption: 'FromImage', managedDisk },
    },
  };
  if (p.security === 'TrustedLaunch' || p.security === 'ConfidentialVM') {
    properties.securityProfile = {
      securityType: p.security,
      uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
    };
  } else if (allowedSecurityTypes(p.img).length > 1) {
    properties.securityProfile = { securityType: 'Standard' };
  }
  const body: { [key: string]: Value } = {};
  if (p.img.plan) body.plan = { name: p.img.plan.name, product: p.img.plan.product, publisher: p.img.plan.publisher };
  body.properties = properties;
  return body;
}

/** Comment lines shared by Bicep and ARM. */
function templateComments(p: Plan): string[] {
  const out = [p.header, ...deprecationLines(p.img)];
  if (p.img.plan) out.push(`Accept the plan's terms once per subscription first: az vm image terms accept --urn ${formatUrn(p.imageUrn)}`);
  out.push('Add osProfile and networkProfile (with a NIC) to complete the VM.');
  return out;
}

function bicepString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${').replace(/\n/g, '\\n')}'`;
}

function bicepValue(v: Value, indent: string): string {
  if (typeof v === 'string') return bicepString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isParamRef(v)) return v.$param;
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => `${inner}${bicepValue(x, inner)}`).join('\n')}\n${indent}]`;
  const keys = Object.keys(v);
  return `{\n${keys.map((k) => `${inner}${k}: ${bicepValue(v[k] as Value, inner)}`).join('\n')}\n${indent}}`;
}

function bicepSnippet(p: Plan): Snippet {
  const lines = templateComments(p).map((c) => `// ${c}`);
  lines.push(
    `param location string = ${bicepString(p.location)}`,
    `param vmName string = ${bicepString(p.vm)}`,
    `param vmSize string = ${bicepString(p.size)}`,
    '',
  );
  const resource: { [key: string]: Value } = { name: { $param: 'vmName' }, location: { $param: 'location' }, ...vmBody(p) };
  lines.push(`resource vm 'Microsoft.Compute/virtualMachines@${COMPUTE_API_VERSION}' = ${bicepValue(resource, '')}`);
  return { kind: 'bicep', title: 'Bicep', language: 'bicep', text: lines.join('\n'), notes: p.notes };
}

function armValue(v: Value): unknown {
  if (isParamRef(v)) return `[parameters('${v.$param}')]`;
  if (Array.isArray(v)) return v.map(armValue);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, armValue(x)]));
  // A literal string starting with "[" would be read as an ARM expression; "[[" escapes it.
  return typeof v === 'string' && v.startsWith('[') ? `[${v}` : v;
}

function armSnippet(p: Plan): Snippet {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      location: { type: 'string', defaultValue: p.location },
      vmName: { type: 'string', defaultValue: p.vm },
      vmSize: { type: 'string', defaultValue: p.size },
    },
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: COMPUTE_API_VERSION,
        name: "[parameters('vmName')]",
        location: "[parameters('location')]",
        // ARM's own place for remarks on a resource: JSON has no comments.
        comments: templateComments(p).join(' '),
        ...(armValue(vmBody(p)) as object),
      },
    ],
  };
  return { kind: 'arm', title: 'ARM template', language: 'json', text: JSON.stringify(template, null, 2), notes: p.notes };
}

// ---------------------------------------------------------------------------------------------
// Terraform (azurerm)

type HclItem =
  | { attr: string; expr: string }
  | { block: string; labels?: string[]; body: HclItem[] }
  | { comment: string }
  | { blank: true };

function hclString(s: string): string {
  // `${` and `%{` start HCL templates; doubling the sigil makes them literal.
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`);
  return `"${escaped}"`;
}

/** Renders HCL the way `terraform fmt` lays it out: `=` aligned within runs of attributes. */
function renderHcl(items: HclItem[], indent = ''): string[] {
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
    if ('comment' in it) out.push(`${indent}# ${it.comment}`);
    else if ('blank' in it) out.push('');
    else {
      const labels = (it.labels ?? []).map((l) => ` ${hclString(l)}`).join('');
      out.push(`${indent}${it.block}${labels} {`, ...renderHcl(it.body, `${indent}  `), `${indent}}`);
    }
  }
  flush();
  return out;
}

function terraformSnippet(p: Plan): Snippet {
  const { img } = p;
  const resourceType = img.os === 'Windows' ? 'azurerm_windows_virtual_machine' : 'azurerm_linux_virtual_machine';
  const items: HclItem[] = [];
  for (const c of [p.header, ...deprecationLines(img)]) items.push({ comment: c });
  if (img.plan) {
    items.push(
      { comment: "Accepts the plan's terms for the subscription (once; import it if already accepted)." },
      {
        block: 'resource',
        labels: ['azurerm_marketplace_agreement', 'image'],
        body: [
          { attr: 'publisher', expr: hclString(img.plan.publisher) },
          { attr: 'offer', expr: hclString(img.plan.product) },
          { attr: 'plan', expr: hclString(img.plan.name) },
        ],
      },
      { blank: true },
    );
  }
  if (img.os === 'Windows') {
    items.push(
      {
        block: 'variable',
        labels: ['admin_password'],
        body: [
          { attr: 'type', expr: 'string' },
          { attr: 'sensitive', expr: 'true' },
        ],
      },
      { blank: true },
    );
  }
  const osDisk: HclItem[] = [
    { attr: 'caching', expr: '"ReadWrite"' },
    { attr: 'storage_account_type', expr: '"Premium_LRS"' },
  ];
  if (p.security === 'ConfidentialVM') osDisk.push({ attr: 'security_encryption_type', expr: '"VMGuestStateOnly"' });
  const body: HclItem[] = [
    { attr: 'name', expr: hclString(p.vm) },
    { attr: 'resource_group_name', expr: hclString(p.rg) },
    { attr: 'location', expr: hclString(p.location) },
    { attr: 'size', expr: hclString(p.size) },
    { attr: 'admin_username', expr: hclString(p.admin) },
  ];
  if (img.os === 'Windows') body.push({ attr: 'admin_password', expr: 'var.admin_password' });
  body.push({ attr: 'network_interface_ids', expr: '[azurerm_network_interface.vm.id]' });
  if (p.security === 'TrustedLaunch' || p.security === 'ConfidentialVM') {
    body.push({ attr: 'secure_boot_enabled', expr: 'true' }, { attr: 'vtpm_enabled', expr: 'true' });
  }
  body.push({ blank: true });
  if (img.os === 'Linux') {
    body.push(
      {
        block: 'admin_ssh_key',
        body: [
          { attr: 'username', expr: hclString(p.admin) },
          { attr: 'public_key', expr: 'file("~/.ssh/id_rsa.pub")' },
        ],
      },
      { blank: true },
    );
  }
  body.push({ block: 'os_disk', body: osDisk }, { blank: true });
  body.push({
    block: 'source_image_reference',
    body: Object.entries(imageReference(p.imageUrn)).map(([k, v]) => ({ attr: k, expr: hclString(v as string) })),
  });
  if (img.plan) {
    body.push(
      { blank: true },
      {
        block: 'plan',
        body: [
          { attr: 'name', expr: hclString(img.plan.name) },
          { attr: 'product', expr: hclString(img.plan.product) },
          { attr: 'publisher', expr: hclString(img.plan.publisher) },
        ],
      },
      { blank: true },
      { attr: 'depends_on', expr: '[azurerm_marketplace_agreement.image]' },
    );
  }
  items.push({ comment: 'azurerm_network_interface.vm is your NIC, defined alongside.' });
  items.push({ block: 'resource', labels: [resourceType, 'vm'], body });
  return { kind: 'terraform', title: `Terraform (${resourceType})`, language: 'hcl', text: renderHcl(items).join('\n'), notes: p.notes };
}

// ---------------------------------------------------------------------------------------------

/**
 * The four snippets for one image, in the order az, Bicep, Terraform, ARM. Throws a
 * {@link UsageError} when an option cannot work with the image (e.g. ConfidentialVM on an
 * image without confidential support) or a name is not valid in Azure.
 */
export function buildSnippets(img: ImageDetails, opts: SnippetOptions = {}): Snippet[] {
  const p = decide(img, opts);
  return [azSnippet(p), bicepSnippet(p), terraformSnippet(p), armSnippet(p)];
}
