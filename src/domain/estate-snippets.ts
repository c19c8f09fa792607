/**
 * Ready-to-paste snippets that create a VM from one of the user's own images: a managed image,
 * a gallery image definition (latest version) or one gallery image version. `az vm create`,
 * Bicep, Terraform (azurerm) and an ARM template, each carrying what the image demands:
 * `--specialized` and no OS profile for specialized images, Trusted Launch settings, the
 * purchase plan, an Arm64 size.
 */
import { UsageError } from './errors.js';
import type { GalleryImageDefinition, GalleryImageVersion, ManagedImage } from './estate.js';
import type { VmSecurityType } from './features.js';
import { validateResourceGroupName, validateVmName } from './names.js';
import type { Snippet } from './snippets.js';
import type { Architecture, HyperVGeneration, OsType, PurchasePlan } from './types.js';

/** What to create a VM from. Without `version`, a gallery definition means its latest version. */
export type EstateImageSource =
  | { kind: 'managedImage'; image: ManagedImage }
  | { kind: 'gallery'; definition: GalleryImageDefinition; version?: GalleryImageVersion };

export interface EstateSnippetOptions {
  /** Default `myResourceGroup`. */
  resourceGroup?: string;
  /** Default `myVM`. */
  vmName?: string;
  /** Default: a size that fits the architecture. */
  vmSize?: string;
  /** Default `azureuser`; not used for specialized images. */
  adminUsername?: string;
  /** Default: where the image lives (a version's first target region). */
  location?: string;
  /** "Now" for end-of-life notes (ms); default the current time. */
  now?: number;
}

/** ARM Compute api-version the templates are written against. */
const VM_API_VERSION = '2024-07-01';

interface Plan {
  /** The id to put in `imageReference.id` / `--image` / `source_image_id`. */
  imageId: string;
  title: string;
  os: OsType;
  specialized: boolean;
  generation: HyperVGeneration;
  architecture: Architecture;
  security: VmSecurityType;
  plan?: PurchasePlan;
  rg: string;
  vm: string;
  size: string;
  admin: string;
  location: string;
  notes: string[];
}

function securityFor(source: EstateImageSource): VmSecurityType {
  if (source.kind === 'managedImage') return 'Standard';
  const d = source.definition;
  if (d.hyperVGeneration !== 'V2') return 'Standard';
  switch (d.securityType) {
    case 'TrustedLaunch':
    case 'TrustedLaunchSupported':
    case 'TrustedLaunchAndConfidentialVmSupported':
      return 'TrustedLaunch';
    case 'ConfidentialVM':
    case 'ConfidentialVMSupported':
      return 'ConfidentialVM';
    default:
      return 'Standard';
  }
}

function decide(source: EstateImageSource, opts: EstateSnippetOptions): Plan {
  const rg = opts.resourceGroup ?? 'myResourceGroup';
  const rgProblem = validateResourceGroupName(rg);
  if (rgProblem) throw new UsageError(rgProblem);

  let imageId: string;
  let title: string;
  let os: OsType;
  let specialized: boolean;
  let generation: HyperVGeneration;
  let architecture: Architecture;
  let plan: PurchasePlan | undefined;
  let location: string;
  const notes: string[] = [];
  if (source.kind === 'managedImage') {
    const i = source.image;
    imageId = i.id;
    title = `managed image ${i.name} (${i.osType}, ${i.hyperVGeneration === 'V1' ? 'Gen1' : i.hyperVGeneration === 'V2' ? 'Gen2' : 'generation not stated'})`;
    os = i.osType;
    specialized = i.osState === 'Specialized';
    generation = i.hyperVGeneration ?? 'V1';
    architecture = 'x64';
    location = i.location;
    notes.push(`A managed image can only be used in its own region (${i.location}); copy it to a gallery to use it elsewhere.`);
    if (i.hyperVGeneration === 'V2') notes.push('Trusted Launch cannot use managed images: this VM is Standard. Publish the image to a gallery for Trusted Launch.');
  } else {
    const d = source.definition;
    const v = source.version;
    imageId = v ? v.id : d.id;
    title = v
      ? `${d.gallery}/${d.name} version ${v.name} (${d.osType}, ${d.osState.toLowerCase()}, Gen${d.hyperVGeneration === 'V2' ? 2 : 1}, ${d.architecture})`
      : `${d.gallery}/${d.name}, latest version (${d.osType}, ${d.osState.toLowerCase()}, Gen${d.hyperVGeneration === 'V2' ? 2 : 1}, ${d.architecture})`;
    os = d.osType;
    specialized = d.osState === 'Specialized';
    generation = d.hyperVGeneration;
    architecture = d.architecture;
    plan = d.plan;
    location = v?.targetRegions[0]?.name.replace(/\s+/g, '').toLowerCase() ?? d.location;
    if (v) {
      const regions = v.targetRegions.map((r) => r.name).join(', ');
      notes.push(`Version ${v.name} is replicated to: ${regions}. Create the VM in one of them.`);
      if (v.excludeFromLatest) notes.push(`Version ${v.name} is excluded from latest: only a pinned reference like this one uses it.`);
      if (v.endOfLifeDate && Date.parse(v.endOfLifeDate) <= (opts.now ?? Date.now())) notes.push(`Version ${v.name} is past its end-of-life date (${v.endOfLifeDate.slice(0, 10)}).`);
    } else {
      notes.push('Without a version, Azure picks the newest version not excluded from latest, at deploy time.');
    }
  }
  const security = securityFor(source);
  const vm = opts.vmName ?? 'myVM';
  const vmProblem = validateVmName(vm, os);
  if (vmProblem) throw new UsageError(vmProblem);
  const size = opts.vmSize ?? (architecture === 'Arm64' ? 'Standard_D2ps_v5' : security === 'ConfidentialVM' ? 'Standard_DC2as_v5' : 'Standard_D2s_v5');
  if (!/^[A-Za-z0-9_]+$/.test(size)) throw new UsageError(`"${size}" is not a VM size name.`, 'Sizes look like Standard_D2s_v5.');
  const admin = opts.adminUsername ?? 'azureuser';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(admin)) throw new UsageError(`"${admin}" is not a usable admin user name.`);
  const loc = opts.location ?? location;
  if (!/^[A-Za-z0-9]+$/.test(loc)) throw new UsageError(`"${loc}" is not a region name.`, 'Regions look like eastus.');

  if (specialized) notes.push('Specialized image: the VM keeps the source machine\'s accounts and computer name, so no admin account is set.');
  if (plan) {
    notes.push(`Marketplace plan ${plan.publisher}/${plan.product}/${plan.name}: accept its terms once per subscription and pass the plan with the VM.`);
  }
  if (architecture === 'Arm64') notes.push('Arm64 image: needs an Arm64 size such as Standard_D2ps_v5.');
  if (security === 'TrustedLaunch') notes.push('Trusted Launch: Secure Boot and vTPM are switched on.');
  if (security === 'ConfidentialVM') notes.push('Confidential VM: needs a DCasv5/ECasv5 size and an OS-disk security encryption type.');
  if (generation === 'V1') notes.push('Generation 1 image: runs only as a Gen1 VM (no Trusted Launch).');
  return { imageId, title, os, specialized, generation, architecture, security, plan, rg, vm, size, admin, location: loc, notes };
}

// ---------------------------------------------------------------------------------------------

function sh(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function azSnippet(p: Plan): Snippet {
  const lines = [`# VM from ${p.title}`];
  if (p.plan) {
    lines.push('# Sold under a Marketplace plan: accept its terms once per subscription.');
    lines.push(`az vm image terms accept --publisher ${sh(p.plan.publisher)} --offer ${sh(p.plan.product)} --plan ${sh(p.plan.name)}`, '');
  }
  if (p.os === 'Windows' && !p.specialized) lines.push('# az prompts for the admin password; or add --admin-password.');
  const args: string[][] = [
    ['--resource-group', sh(p.rg)],
    ['--name', sh(p.vm)],
    ['--location', sh(p.location)],
    ['--image', sh(p.imageId)],
    ['--size', sh(p.size)],
  ];
  if (p.specialized) args.push(['--specialized']);
  if (p.security === 'TrustedLaunch') args.push(['--security-type', 'TrustedLaunch'], ['--enable-secure-boot', 'true'], ['--enable-vtpm', 'true']);
  else if (p.security === 'ConfidentialVM') args.push(['--security-type', 'ConfidentialVM'], ['--os-disk-security-encryption-type', 'VMGuestStateOnly'], ['--enable-secure-boot', 'true'], ['--enable-vtpm', 'true']);
  else if (p.generation === 'V2') args.push(['--security-type', 'Standard']);
  if (p.plan) args.push(['--plan-name', sh(p.plan.name)], ['--plan-product', sh(p.plan.product)], ['--plan-publisher', sh(p.plan.publisher)]);
  if (!p.specialized) {
    args.push(['--admin-username', sh(p.admin)]);
    if (p.os === 'Linux') args.push(['--generate-ssh-keys']);
  }
  lines.push('az vm create \\');
  args.forEach((a, i) => lines.push(`  ${a.join(' ')}${i < args.length - 1 ? ' \\' : ''}`));
  return { kind: 'az', title: 'Azure CLI', language: 'bash', text: lines.join('\n'), notes: p.notes };
}

/** The VM resource's `plan` and `properties`, shared by Bicep and ARM (parameters marked with `$param`). */
function vmBody(p: Plan): Record<string, unknown> {
  const managedDisk: Record<string, unknown> = { storageAccountType: 'Premium_LRS' };
  if (p.security === 'ConfidentialVM') managedDisk.securityProfile = { securityEncryptionType: 'VMGuestStateOnly' };
  const properties: Record<string, unknown> = {
    hardwareProfile: { vmSize: { $param: 'vmSize' } },
    storageProfile: { imageReference: { id: p.imageId }, osDisk: { createOption: 'FromImage', managedDisk } },
  };
  if (!p.specialized) {
    const osProfile: Record<string, unknown> = { computerName: { $param: 'vmName' }, adminUsername: { $param: 'adminUsername' } };
    if (p.os === 'Linux') {
      osProfile.linuxConfiguration = {
        disablePasswordAuthentication: true,
        // The key goes to the admin's home, whatever name the adminUsername parameter gets.
        ssh: {
          publicKeys: [
            {
              path: { $bicep: "'/home/${adminUsername}/.ssh/authorized_keys'", $arm: "[concat('/home/', parameters('adminUsername'), '/.ssh/authorized_keys')]" },
              keyData: { $param: 'sshPublicKey' },
            },
          ],
        },
      };
    } else {
      osProfile.adminPassword = { $param: 'adminPassword' };
    }
    properties.osProfile = osProfile;
  }
  if (p.security === 'TrustedLaunch' || p.security === 'ConfidentialVM') {
    properties.securityProfile = { securityType: p.security, uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } };
  } else if (p.generation === 'V2') {
    properties.securityProfile = { securityType: 'Standard' };
  }
  properties.networkProfile = { networkInterfaces: [{ id: { $param: 'nicId' } }] };
  const body: Record<string, unknown> = {};
  if (p.plan) body.plan = { name: p.plan.name, product: p.plan.product, publisher: p.plan.publisher };
  body.properties = properties;
  return body;
}

function isParam(v: unknown): v is { $param: string } {
  return typeof v === 'object' && v !== null && typeof (v as { $param?: unknown }).$param === 'string';
}
/** An expression written natively in each template language. */
function isExpr(v: unknown): v is { $bicep: string; $arm: string } {
  return typeof v === 'object' && v !== null && typeof (v as { $bicep?: unknown }).$bicep === 'string';
}

function bicepString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${').replace(/\n/g, '\\n')}'`;
}

function bicepValue(v: unknown, indent: string): string {
  if (isParam(v)) return v.$param;
  if (isExpr(v)) return v.$bicep;
  if (typeof v === 'string') return bicepString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => `${inner}${bicepValue(x, inner)}`).join('\n')}\n${indent}]`;
  const o = v as Record<string, unknown>;
  return `{\n${Object.keys(o)
    .map((k) => `${inner}${k}: ${bicepValue(o[k], inner)}`)
    .join('\n')}\n${indent}}`;
}

/** Parameters the template needs, in declaration order. */
function templateParams(p: Plan): { name: string; type: 'string' | 'securestring'; default?: string }[] {
  const out: { name: string; type: 'string' | 'securestring'; default?: string }[] = [
    { name: 'location', type: 'string', default: p.location },
    { name: 'vmName', type: 'string', default: p.vm },
    { name: 'vmSize', type: 'string', default: p.size },
    { name: 'nicId', type: 'string' },
  ];
  if (!p.specialized) {
    out.push({ name: 'adminUsername', type: 'string', default: p.admin });
    out.push(p.os === 'Linux' ? { name: 'sshPublicKey', type: 'string' } : { name: 'adminPassword', type: 'securestring' });
  }
  return out;
}

function comments(p: Plan): string[] {
  const out = [`VM from ${p.title}`];
  if (p.plan) out.push(`Accept the plan's terms first: az vm image terms accept --publisher ${p.plan.publisher} --offer ${p.plan.product} --plan ${p.plan.name}`);
  if (p.specialized) out.push('Specialized image: no osProfile (Azure refuses one).');
  return out;
}

function bicepSnippet(p: Plan): Snippet {
  const lines = comments(p).map((c) => `// ${c}`);
  for (const prm of templateParams(p)) {
    const decorator = prm.type === 'securestring' ? '@secure()\n' : '';
    lines.push(`${decorator}param ${prm.name} string${prm.default !== undefined ? ` = ${bicepString(prm.default)}` : ''}`);
  }
  lines.push('');
  const resource = { name: { $param: 'vmName' }, location: { $param: 'location' }, ...vmBody(p) };
  lines.push(`resource vm 'Microsoft.Compute/virtualMachines@${VM_API_VERSION}' = ${bicepValue(resource, '')}`);
  return { kind: 'bicep', title: 'Bicep', language: 'bicep', text: lines.join('\n'), notes: p.notes };
}

function armValue(v: unknown): unknown {
  if (isParam(v)) return `[parameters('${v.$param}')]`;
  if (isExpr(v)) return v.$arm;
  if (Array.isArray(v)) return v.map(armValue);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, armValue(x)]));
  // A literal starting with "[" would be read as an ARM expression; "[[" escapes it.
  return typeof v === 'string' && v.startsWith('[') ? `[${v}` : v;
}

function armSnippet(p: Plan): Snippet {
  const parameters: Record<string, unknown> = {};
  for (const prm of templateParams(p)) parameters[prm.name] = prm.default !== undefined ? { type: prm.type, defaultValue: prm.default } : { type: prm.type };
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters,
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: VM_API_VERSION,
        name: "[parameters('vmName')]",
        location: "[parameters('location')]",
        comments: comments(p).join(' '),
        ...(armValue(vmBody(p)) as object),
      },
    ],
  };
  return { kind: 'arm', title: 'ARM template', language: 'json', text: JSON.stringify(template, null, 2), notes: p.notes };
}

// Terraform ----------------------------------------------------------------------------------

type Hcl = { attr: string; expr: string } | { block: string; labels?: string[]; body: Hcl[] } | { comment: string } | { blank: true };

function hclString(s: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`);
  return `"${escaped}"`;
}

/** `terraform fmt` layout: `=` aligned within each run of attributes. */
function renderHcl(items: Hcl[], indent = ''): string[] {
  const out: string[] = [];
  let run: { attr: string; expr: string }[] = [];
  const flush = () => {
    const w = Math.max(0, ...run.map((a) => a.attr.length));
    for (const a of run) out.push(`${indent}${a.attr.padEnd(w)} = ${a.expr}`);
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
    else out.push(`${indent}${it.block}${(it.labels ?? []).map((l) => ` ${hclString(l)}`).join('')} {`, ...renderHcl(it.body, `${indent}  `), `${indent}}`);
  }
  flush();
  return out;
}

function planBlocks(p: Plan): Hcl[] {
  if (!p.plan) return [];
  return [
    { blank: true },
    {
      block: 'plan',
      body: [
        { attr: 'name', expr: hclString(p.plan.name) },
        { attr: 'product', expr: hclString(p.plan.product) },
        { attr: 'publisher', expr: hclString(p.plan.publisher) },
      ],
    },
  ];
}

function terraformSnippet(p: Plan): Snippet {
  const items: Hcl[] = [{ comment: `VM from ${p.title}` }];
  if (p.plan) {
    items.push(
      { comment: "Accepts the plan's terms for the subscription (once; import it if already accepted)." },
      {
        block: 'resource',
        labels: ['azurerm_marketplace_agreement', 'image'],
        body: [
          { attr: 'publisher', expr: hclString(p.plan.publisher) },
          { attr: 'offer', expr: hclString(p.plan.product) },
          { attr: 'plan', expr: hclString(p.plan.name) },
        ],
      },
      { blank: true },
    );
  }
  let resourceType: string;
  if (p.specialized) {
    // azurerm_linux/windows_virtual_machine always send an OS profile, which Azure refuses for a
    // specialized image; the classic resource can leave it out.
    resourceType = 'azurerm_virtual_machine';
    items.push({ comment: 'Specialized image: the classic azurerm_virtual_machine, which can omit os_profile.' });
    const body: Hcl[] = [
      { attr: 'name', expr: hclString(p.vm) },
      { attr: 'resource_group_name', expr: hclString(p.rg) },
      { attr: 'location', expr: hclString(p.location) },
      { attr: 'vm_size', expr: hclString(p.size) },
      { attr: 'network_interface_ids', expr: '[azurerm_network_interface.vm.id]' },
      { blank: true },
      { block: 'storage_image_reference', body: [{ attr: 'id', expr: hclString(p.imageId) }] },
      { blank: true },
      {
        block: 'storage_os_disk',
        body: [
          { attr: 'name', expr: hclString(`${p.vm}-osdisk`) },
          { attr: 'create_option', expr: '"FromImage"' },
          { attr: 'caching', expr: '"ReadWrite"' },
          { attr: 'managed_disk_type', expr: '"Premium_LRS"' },
          { attr: 'os_type', expr: hclString(p.os) },
        ],
      },
      ...planBlocks(p),
    ];
    items.push({ block: 'resource', labels: [resourceType, 'vm'], body });
  } else {
    resourceType = p.os === 'Windows' ? 'azurerm_windows_virtual_machine' : 'azurerm_linux_virtual_machine';
    if (p.os === 'Windows') {
      items.push({ block: 'variable', labels: ['admin_password'], body: [{ attr: 'type', expr: 'string' }, { attr: 'sensitive', expr: 'true' }] }, { blank: true });
    }
    const body: Hcl[] = [
      { attr: 'name', expr: hclString(p.vm) },
      { attr: 'resource_group_name', expr: hclString(p.rg) },
      { attr: 'location', expr: hclString(p.location) },
      { attr: 'size', expr: hclString(p.size) },
      { attr: 'admin_username', expr: hclString(p.admin) },
    ];
    if (p.os === 'Windows') body.push({ attr: 'admin_password', expr: 'var.admin_password' });
    body.push({ attr: 'network_interface_ids', expr: '[azurerm_network_interface.vm.id]' });
    body.push({ attr: 'source_image_id', expr: hclString(p.imageId) });
    if (p.security !== 'Standard') body.push({ attr: 'secure_boot_enabled', expr: 'true' }, { attr: 'vtpm_enabled', expr: 'true' });
    body.push({ blank: true });
    if (p.os === 'Linux') {
      body.push({ block: 'admin_ssh_key', body: [{ attr: 'username', expr: hclString(p.admin) }, { attr: 'public_key', expr: 'file("~/.ssh/id_rsa.pub")' }] }, { blank: true });
    }
    const osDisk: Hcl[] = [
      { attr: 'caching', expr: '"ReadWrite"' },
      { attr: 'storage_account_type', expr: '"Premium_LRS"' },
    ];
    if (p.security === 'ConfidentialVM') osDisk.push({ attr: 'security_encryption_type', expr: '"VMGuestStateOnly"' });
    body.push({ block: 'os_disk', body: osDisk }, ...planBlocks(p));
    items.push({ comment: 'azurerm_network_interface.vm is your NIC, defined alongside.' });
    items.push({ block: 'resource', labels: [resourceType, 'vm'], body });
  }
  return { kind: 'terraform', title: `Terraform (${resourceType})`, language: 'hcl', text: renderHcl(items).join('\n'), notes: p.notes };
}

/**
 * The four snippets (az, Bicep, Terraform, ARM) that create a VM from a managed image, a gallery
 * definition's latest version, or a pinned gallery version. Throws a UsageError for names Azure
 * would refuse.
 */
export function buildEstateSnippets(source: EstateImageSource, opts: EstateSnippetOptions = {}): Snippet[] {
  const p = decide(source, opts);
  return [azSnippet(p), bicepSnippet(p), terraformSnippet(p), armSnippet(p)];
}
