/**
 * Ready-to-paste snippets that create a VM from one of the user's own images: a managed image,
 * a gallery image definition (latest version) or one gallery image version. `az vm create`,
 * Bicep, Terraform (azurerm) and an ARM template, each carrying what the image demands:
 * `--specialized` and no OS profile for specialized images, Trusted Launch settings, the
 * purchase plan, an Arm64 size.
 */
import type { GalleryImageDefinition, GalleryImageVersion, ManagedImage } from './estate.js';
import { readyRegions, replicaRegionsNote } from './estate-facts.js';
import type { VmSecurityType } from './features.js';
import {
  type HclItem,
  type TemplateParam,
  type TemplateValue,
  armVmTemplate,
  azAdminArgs,
  azBaseArgs,
  azPlanArgs,
  azSecurityArgs,
  azVmCreateLines,
  bicepVmTemplate,
  checkVmNames,
  hclAdminPasswordVariable,
  hclAdminSshKey,
  hclMarketplaceAgreement,
  hclOsDisk,
  hclPlanBlock,
  hclSecureBootAttrs,
  hclString,
  hclVmAttrs,
  renderHcl,
  sh,
  shComment,
  templateManagedDisk,
  templatePlan,
  templateSecurityProfile,
} from './snippet-render.js';
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
    case 'ConfidentialVmSupported':
      return 'ConfidentialVM';
    default:
      return 'Standard';
  }
}

function decide(source: EstateImageSource, opts: EstateSnippetOptions): Plan {
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
    // A pinned version: the first region that already has its copy (then any target region). A
    // region name Azure sent that is no region name is passed over; if none is left, checkVmNames
    // reports Azure's answer (exit 1), never a usage error.
    if (v) {
      const names = [...readyRegions(v), ...v.targetRegions.map((t) => t.name)];
      const usable = names.map((r) => r.replace(/\s+/g, '').toLowerCase()).find((r) => /^[a-z0-9]{1,50}$/.test(r));
      location = usable ?? names[0] ?? d.location;
    } else {
      location = d.location;
    }
    if (v) {
      notes.push(replicaRegionsNote(v));
      if (v.excludeFromLatest) notes.push(`Version ${v.name} is excluded from latest: only a pinned reference like this one uses it.`);
      if (v.endOfLifeDate && Date.parse(v.endOfLifeDate) <= (opts.now ?? Date.now())) notes.push(`Version ${v.name} is past its end-of-life date (${v.endOfLifeDate.slice(0, 10)}).`);
    } else {
      notes.push('Without a version, Azure picks the newest version not excluded from latest, at deploy time.');
    }
  }
  const security = securityFor(source);
  const rg = opts.resourceGroup ?? 'myResourceGroup';
  const vm = opts.vmName ?? 'myVM';
  const size = opts.vmSize ?? (architecture === 'Arm64' ? 'Standard_D2ps_v5' : security === 'ConfidentialVM' ? 'Standard_DC2as_v5' : 'Standard_D2s_v5');
  const admin = opts.adminUsername ?? 'azureuser';
  const loc = opts.location ?? location;
  checkVmNames({ rg, vm, size, admin, location: loc }, os, undefined, opts.location === undefined);

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

function azSnippet(p: Plan): Snippet {
  const lines = [shComment(`VM from ${p.title}`)];
  if (p.plan) {
    lines.push('# Sold under a Marketplace plan: accept its terms once per subscription.');
    lines.push(`az vm image terms accept --publisher ${sh(p.plan.publisher)} --offer ${sh(p.plan.product)} --plan ${sh(p.plan.name)}`, '');
  }
  if (p.os === 'Windows' && !p.specialized) lines.push('# az prompts for the admin password; or add --admin-password.');
  const args = azBaseArgs(p, p.imageId);
  if (p.specialized) args.push(['--specialized']);
  args.push(...azSecurityArgs(p.security, p.generation === 'V2'));
  if (p.plan) args.push(...azPlanArgs(p.plan));
  if (!p.specialized) args.push(...azAdminArgs(p.admin, p.os));
  lines.push(...azVmCreateLines(args));
  return { kind: 'az', title: 'Azure CLI', language: 'bash', text: lines.join('\n'), notes: p.notes };
}

/** The VM resource's `plan` and `properties`, shared by Bicep and ARM (parameters marked with `$param`). */
function vmBody(p: Plan): { [key: string]: TemplateValue } {
  const properties: { [key: string]: TemplateValue } = {
    hardwareProfile: { vmSize: { $param: 'vmSize' } },
    storageProfile: { imageReference: { id: p.imageId }, osDisk: { createOption: 'FromImage', managedDisk: templateManagedDisk(p.security) } },
  };
  if (!p.specialized) {
    const osProfile: { [key: string]: TemplateValue } = { computerName: { $param: 'vmName' }, adminUsername: { $param: 'adminUsername' } };
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
  const securityProfile = templateSecurityProfile(p.security, p.generation === 'V2');
  if (securityProfile) properties.securityProfile = securityProfile;
  properties.networkProfile = { networkInterfaces: [{ id: { $param: 'nicId' } }] };
  const body: { [key: string]: TemplateValue } = {};
  if (p.plan) body.plan = templatePlan(p.plan);
  body.properties = properties;
  return body;
}

/** Parameters the template needs, in declaration order. */
function templateParams(p: Plan): TemplateParam[] {
  const out: TemplateParam[] = [
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
  return { kind: 'bicep', title: 'Bicep', language: 'bicep', text: bicepVmTemplate(comments(p), templateParams(p), vmBody(p)), notes: p.notes };
}

function armSnippet(p: Plan): Snippet {
  return { kind: 'arm', title: 'ARM template', language: 'json', text: armVmTemplate(comments(p), templateParams(p), vmBody(p)), notes: p.notes };
}

// Terraform ----------------------------------------------------------------------------------

function planBlocks(p: Plan): HclItem[] {
  return p.plan ? [{ blank: true }, hclPlanBlock(p.plan)] : [];
}

function terraformSnippet(p: Plan): Snippet {
  const items: HclItem[] = [{ comment: `VM from ${p.title}` }];
  if (p.plan) items.push(...hclMarketplaceAgreement(p.plan));
  let resourceType: string;
  if (p.specialized) {
    // azurerm_linux/windows_virtual_machine always send an OS profile, which Azure refuses for a
    // specialized image; the classic resource can leave it out.
    resourceType = 'azurerm_virtual_machine';
    items.push({ comment: 'Specialized image: the classic azurerm_virtual_machine, which can omit os_profile.' });
    const body: HclItem[] = [
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
    if (p.os === 'Windows') items.push(...hclAdminPasswordVariable());
    const body = hclVmAttrs(p, p.os);
    body.push({ attr: 'source_image_id', expr: hclString(p.imageId) });
    body.push(...hclSecureBootAttrs(p.security));
    body.push({ blank: true });
    if (p.os === 'Linux') body.push(hclAdminSshKey(p.admin), { blank: true });
    body.push(hclOsDisk(p.security), ...planBlocks(p));
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
