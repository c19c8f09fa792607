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

export { COMPUTE_API_VERSION } from './snippet-render.js';

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
  const vm = opts.vmName ?? 'myVM';
  const size = opts.vmSize ?? suggestedVmSize(img, security);
  const admin = opts.adminUsername ?? 'azureuser';
  const location = opts.location ?? img.location;
  checkVmNames({ rg, vm, size, admin, location }, img.os, 'Use letters, digits, "_", "." or "-" (up to 64).', opts.location === undefined);

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

function azSnippet(p: Plan): Snippet {
  const { img } = p;
  const urnText = formatUrn(p.imageUrn);
  const lines: string[] = [shComment(p.header)];
  for (const w of deprecationLines(img)) lines.push(shComment(w));
  if (img.plan) {
    lines.push('# Sold under a Marketplace plan: accept its terms once per subscription.');
    lines.push(`az vm image terms accept --urn ${sh(urnText)}`, '');
  }
  if (img.os === 'Windows') lines.push('# az prompts for the admin password; or add --admin-password.');
  const args = [...azBaseArgs(p, urnText), ...azSecurityArgs(p.security, explicitStandard(p))];
  if (img.plan) args.push(...azPlanArgs(img.plan));
  args.push(...azAdminArgs(p.admin, img.os));
  lines.push(...azVmCreateLines(args));
  return { kind: 'az', title: 'Azure CLI', language: 'bash', text: lines.join('\n'), notes: p.notes };
}

/** Standard said outright when the image also supports more (tools pick Trusted Launch by themselves). */
function explicitStandard(p: Plan): boolean {
  return allowedSecurityTypes(p.img).length > 1;
}

// ---------------------------------------------------------------------------------------------
// Bicep and ARM share one resource shape.

function imageReference(urn: Urn): { [key: string]: string } {
  return { publisher: urn.publisher, offer: urn.offer, sku: urn.sku, version: urn.version };
}

/** The VM resource body (without name/location), identical for Bicep and ARM. */
function vmBody(p: Plan): { [key: string]: TemplateValue } {
  const properties: { [key: string]: TemplateValue } = {
    hardwareProfile: { vmSize: { $param: 'vmSize' } },
    storageProfile: {
      imageReference: imageReference(p.imageUrn),
      osDisk: { createOption: 'FromImage', managedDisk: templateManagedDisk(p.security) },
    },
  };
  const securityProfile = templateSecurityProfile(p.security, explicitStandard(p));
  if (securityProfile) properties.securityProfile = securityProfile;
  const body: { [key: string]: TemplateValue } = {};
  if (p.img.plan) body.plan = templatePlan(p.img.plan);
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

function templateParams(p: Plan): TemplateParam[] {
  return [
    { name: 'location', type: 'string', default: p.location },
    { name: 'vmName', type: 'string', default: p.vm },
    { name: 'vmSize', type: 'string', default: p.size },
  ];
}

function bicepSnippet(p: Plan): Snippet {
  const text = bicepVmTemplate(templateComments(p), templateParams(p), vmBody(p));
  return { kind: 'bicep', title: 'Bicep', language: 'bicep', text, notes: p.notes };
}

function armSnippet(p: Plan): Snippet {
  const text = armVmTemplate(templateComments(p), templateParams(p), vmBody(p));
  return { kind: 'arm', title: 'ARM template', language: 'json', text, notes: p.notes };
}

// ---------------------------------------------------------------------------------------------
// Terraform (azurerm)

function terraformSnippet(p: Plan): Snippet {
  const { img } = p;
  const resourceType = img.os === 'Windows' ? 'azurerm_windows_virtual_machine' : 'azurerm_linux_virtual_machine';
  const items: HclItem[] = [];
  for (const c of [p.header, ...deprecationLines(img)]) items.push({ comment: c });
  if (img.plan) items.push(...hclMarketplaceAgreement(img.plan));
  if (img.os === 'Windows') items.push(...hclAdminPasswordVariable());
  const body = hclVmAttrs(p, img.os);
  body.push(...hclSecureBootAttrs(p.security));
  body.push({ blank: true });
  if (img.os === 'Linux') body.push(hclAdminSshKey(p.admin), { blank: true });
  body.push(hclOsDisk(p.security), { blank: true });
  body.push({
    block: 'source_image_reference',
    body: Object.entries(imageReference(p.imageUrn)).map(([k, v]) => ({ attr: k, expr: hclString(v) })),
  });
  if (img.plan) {
    body.push({ blank: true }, hclPlanBlock(img.plan), { blank: true }, { attr: 'depends_on', expr: '[azurerm_marketplace_agreement.image]' });
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
