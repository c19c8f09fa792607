import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/domain/errors.js';
import { COMPUTE_API_VERSION, buildSnippets, type Snippet, type SnippetOptions } from '../../src/domain/snippets.js';
import type { ImageDetails } from '../../src/domain/types.js';
import { imageDetails } from '../support/images.js';
import { type HclBlock, type Parsed, flags, hclAligned, readBash, readBicep, readHcl } from './syntax.js';

// ---- images ------------------------------------------------------------------------------------

/** The Ubuntu 24.04 image with its SecurityType feature and automatic OS upgrade, then `over`. */
function image(over: Partial<ImageDetails>): ImageDetails {
  return imageDetails({ features: [{ name: 'SecurityType', value: 'TrustedLaunchSupported' }], automaticOSUpgradeSupported: true, ...over });
}

/** Canonical:ubuntu-24_04-lts:server, asked for as `latest`. */
const linuxTl = image({ resolvedFromLatest: true });
/** An old Gen1 Windows Server SKU. */
const windowsGen1 = image({
  urn: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-Datacenter', version: '14393.7515.241016' },
  os: 'Windows',
  hyperVGeneration: 'V1',
  features: [],
  securityType: 'Standard',
});
/** A third-party image sold under a plan. */
const withPlan = image({
  urn: { publisher: 'fortinet', offer: 'fortinet_fortigate-vm_v5', sku: 'fortinet_fg-vm_payg_2023', version: '7.4.5' },
  hyperVGeneration: 'V1',
  securityType: 'Standard',
  features: [],
  plan: { name: 'fortinet_fg-vm_payg_2023', product: 'fortinet_fortigate-vm_v5', publisher: 'fortinet' },
  dataDisks: [{ lun: 0 }],
});
/** Ubuntu for Arm64. */
const arm64 = image({
  urn: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server-arm64', version: '24.04.202411030' },
  architecture: 'Arm64',
});
/** A deprecated Ubuntu 18.04 version with the publisher's alternative. */
const deprecated = image({
  urn: { publisher: 'Canonical', offer: 'UbuntuServer', sku: '18.04-LTS', version: '18.04.202002180' },
  hyperVGeneration: 'V1',
  securityType: 'Standard',
  features: [],
  deprecation: { state: 'Deprecated', alternative: { type: 'Offer', value: '0001-com-ubuntu-server-jammy' } },
});
/** Ubuntu that supports both Trusted Launch and Confidential VMs. */
const tlAndCvm = image({
  urn: { publisher: 'Canonical', offer: '0001-com-ubuntu-confidential-vm-jammy', sku: '22_04-lts-cvm', version: '22.04.202411050' },
  securityType: 'TrustedLaunchAndConfidentialVmSupported',
});

// ---- readers -----------------------------------------------------------------------------------

function byKind(snips: Snippet[]): Record<Snippet['kind'], Snippet> {
  return Object.fromEntries(snips.map((s) => [s.kind, s])) as Record<Snippet['kind'], Snippet>;
}

interface AzRead {
  terms?: string[];
  create: Map<string, string | true>;
}

function readAz(s: Snippet): AzRead {
  expect(s.language).toBe('bash');
  const cmds = readBash(s.text);
  const create = cmds.find((c) => c.slice(0, 3).join(' ') === 'az vm create');
  expect(create, s.text).toBeDefined();
  const terms = cmds.find((c) => c.slice(0, 5).join(' ') === 'az vm image terms accept');
  expect(cmds.length).toBe(terms ? 2 : 1);
  const knownFlags = new Set([
    '--resource-group', '--name', '--location', '--image', '--size', '--security-type', '--enable-secure-boot', '--enable-vtpm',
    '--os-disk-security-encryption-type', '--plan-name', '--plan-product', '--plan-publisher', '--admin-username', '--generate-ssh-keys',
  ]);
  const f = flags(create!, 3);
  for (const k of f.keys()) expect(knownFlags, k).toContain(k);
  return { terms, create: f };
}

function obj(v: Parsed | undefined): { [k: string]: Parsed } {
  expect(v && typeof v === 'object' && !Array.isArray(v) && !('ref' in v && Object.keys(v).length === 1)).toBe(true);
  return v as { [k: string]: Parsed };
}

function readBicepVm(s: Snippet) {
  expect(s.language).toBe('bicep');
  const f = readBicep(s.text);
  expect(Object.keys(f.params).sort()).toEqual(['location', 'vmName', 'vmSize']);
  const vm = f.resources.vm!;
  expect(vm.type).toBe(`Microsoft.Compute/virtualMachines@${COMPUTE_API_VERSION}`);
  expect(vm.body.name).toEqual({ ref: 'vmName' });
  expect(vm.body.location).toEqual({ ref: 'location' });
  const props = obj(vm.body.properties);
  expect(obj(props.hardwareProfile).vmSize).toEqual({ ref: 'vmSize' });
  return { file: f, body: vm.body, props, storage: obj(props.storageProfile) };
}

interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, { type: string; defaultValue: string }>;
  resources: {
    type: string;
    apiVersion: string;
    name: string;
    location: string;
    comments: string;
    plan?: Record<string, string>;
    properties: {
      hardwareProfile: { vmSize: string };
      storageProfile: { imageReference: Record<string, string>; osDisk: { createOption: string; managedDisk: Record<string, unknown> } };
      securityProfile?: { securityType: string; uefiSettings?: { secureBootEnabled: boolean; vTpmEnabled: boolean } };
    };
  }[];
}

function readArm(s: Snippet): ArmTemplate {
  expect(s.language).toBe('json');
  const t = JSON.parse(s.text) as ArmTemplate;
  expect(t.$schema).toMatch(/^https:\/\/schema\.management\.azure\.com\/schemas\/.*deploymentTemplate\.json#$/);
  expect(t.contentVersion).toBe('1.0.0.0');
  expect(t.resources).toHaveLength(1);
  const r = t.resources[0]!;
  expect(r).toMatchObject({ type: 'Microsoft.Compute/virtualMachines', apiVersion: COMPUTE_API_VERSION });
  // Every parameter the resource uses is declared.
  const used = [...s.text.matchAll(/\[parameters\('([A-Za-z]+)'\)\]/g)].map((m) => m[1]!);
  for (const p of used) expect(t.parameters).toHaveProperty(p);
  return t;
}

function readTf(s: Snippet): { blocks: HclBlock[]; vm: HclBlock } {
  expect(s.language).toBe('hcl');
  const blocks = readHcl(s.text);
  expect(hclAligned(s.text)).toBe(true);
  const vm = blocks.find((b) => b.type === 'resource' && /^azurerm_(linux|windows)_virtual_machine$/.test(b.labels[0] ?? ''));
  expect(vm, s.text).toBeDefined();
  const sub = (t: string) => vm!.blocks.filter((b) => b.type === t);
  expect(sub('os_disk')).toHaveLength(1);
  expect(sub('source_image_reference')).toHaveLength(1);
  for (const req of ['name', 'resource_group_name', 'location', 'size', 'admin_username', 'network_interface_ids']) {
    expect(vm!.attrs, req).toHaveProperty(req);
  }
  return { blocks, vm: vm! };
}

function child(b: HclBlock, type: string): HclBlock {
  const c = b.blocks.find((x) => x.type === type);
  expect(c, type).toBeDefined();
  return c!;
}

// ---- tests -------------------------------------------------------------------------------------

describe('buildSnippets', () => {
  it('returns az, Bicep, Terraform and ARM in that order, each well-formed', () => {
    for (const img of [linuxTl, windowsGen1, withPlan, arm64, deprecated, tlAndCvm]) {
      const snips = buildSnippets(img);
      expect(snips.map((s) => s.kind)).toEqual(['az', 'bicep', 'terraform', 'arm']);
      const k = byKind(snips);
      readAz(k.az);
      readBicepVm(k.bicep);
      readTf(k.terraform);
      readArm(k.arm);
      for (const s of snips) {
        expect(s.title).not.toBe('');
        expect(s.text).not.toMatch(/undefined|\[object Object\]|NaN/);
        expect(s.text.endsWith('\n')).toBe(false);
      }
    }
  });

  describe('plain Linux Gen2 image that supports Trusted Launch (asked for as latest)', () => {
    const k = byKind(buildSnippets(linuxTl));

    it('az: latest, Trusted Launch with Secure Boot and vTPM, SSH keys, no plan', () => {
      const { terms, create } = readAz(k.az);
      expect(terms).toBeUndefined();
      expect(Object.fromEntries(create)).toEqual({
        '--resource-group': 'myResourceGroup',
        '--name': 'myVM',
        '--location': 'eastus',
        '--image': 'Canonical:ubuntu-24_04-lts:server:latest',
        '--size': 'Standard_D2s_v5',
        '--security-type': 'TrustedLaunch',
        '--enable-secure-boot': 'true',
        '--enable-vtpm': 'true',
        '--admin-username': 'azureuser',
        '--generate-ssh-keys': true,
      });
      // The header names the version latest resolved to today.
      expect(k.az.text.split('\n')[0]).toBe('# Canonical:ubuntu-24_04-lts:server:24.04.202411030 (Linux, Gen2, x64)');
    });

    it('Bicep: imageReference, securityProfile with uefiSettings, no plan', () => {
      const { body, props, storage, file } = readBicepVm(k.bicep);
      expect(body.plan).toBeUndefined();
      expect(storage.imageReference).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
      expect(obj(storage.osDisk)).toEqual({ createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } });
      expect(props.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
      expect(file.params.location).toEqual({ type: 'string', default: 'eastus' });
      expect(file.params.vmSize).toEqual({ type: 'string', default: 'Standard_D2s_v5' });
    });

    it('Terraform: azurerm_linux_virtual_machine with secure boot, vTPM and an SSH key', () => {
      const { blocks, vm } = readTf(k.terraform);
      expect(vm.labels).toEqual(['azurerm_linux_virtual_machine', 'vm']);
      expect(blocks.filter((b) => b.labels[0] === 'azurerm_marketplace_agreement')).toHaveLength(0);
      expect(vm.attrs).toMatchObject({ secure_boot_enabled: true, vtpm_enabled: true, size: 'Standard_D2s_v5', location: 'eastus' });
      expect(child(vm, 'source_image_reference').attrs).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
      expect(child(vm, 'admin_ssh_key').attrs).toMatchObject({ username: 'azureuser' });
      expect(vm.blocks.some((b) => b.type === 'plan')).toBe(false);
      expect(vm.attrs.admin_password).toBeUndefined();
    });

    it('ARM: imageReference and securityProfile', () => {
      const r = readArm(k.arm).resources[0]!;
      expect(r.plan).toBeUndefined();
      expect(r.properties.storageProfile.imageReference).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
      expect(r.properties.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
      expect(r.properties.hardwareProfile.vmSize).toBe("[parameters('vmSize')]");
    });

    it('notes say Gen2 and Trusted Launch', () => {
      expect(k.az.notes).toEqual([
        'Generation 2 image: needs a size that supports Gen2 VMs (e.g. Dsv5, Dpsv5, DCasv5 families).',
        'Trusted Launch: Secure Boot and vTPM are switched on.',
      ]);
    });
  });

  describe('Windows Gen1 image', () => {
    const k = byKind(buildSnippets(windowsGen1));

    it('az: pinned version (the user named it), no security flags, no SSH keys, password prompt noted', () => {
      const { create } = readAz(k.az);
      expect(create.get('--image')).toBe('MicrosoftWindowsServer:WindowsServer:2016-Datacenter:14393.7515.241016');
      for (const f of ['--security-type', '--enable-secure-boot', '--enable-vtpm', '--generate-ssh-keys']) expect(create.has(f), f).toBe(false);
      expect(k.az.text).toContain('# az prompts for the admin password; or add --admin-password.');
    });

    it('Bicep and ARM: no securityProfile at all', () => {
      expect(readBicepVm(k.bicep).props.securityProfile).toBeUndefined();
      expect(readArm(k.arm).resources[0]!.properties.securityProfile).toBeUndefined();
    });

    it('Terraform: azurerm_windows_virtual_machine with a sensitive password variable', () => {
      const { blocks, vm } = readTf(k.terraform);
      expect(vm.labels[0]).toBe('azurerm_windows_virtual_machine');
      expect(vm.attrs.admin_password).toEqual({ ref: 'var.admin_password' });
      expect(blocks.find((b) => b.type === 'variable')).toMatchObject({ labels: ['admin_password'], attrs: { type: { ref: 'string' }, sensitive: true } });
      expect(vm.attrs.secure_boot_enabled).toBeUndefined();
      expect(vm.blocks.some((b) => b.type === 'admin_ssh_key')).toBe(false);
      expect(child(vm, 'source_image_reference').attrs.version).toBe('14393.7515.241016');
    });

    it('notes say Gen1 rules out Trusted Launch', () => {
      expect(k.az.notes).toEqual(['Generation 1 image: runs only as a Gen1 VM, so Trusted Launch and Confidential VM are not available.']);
    });
  });

  describe('image with a purchase plan', () => {
    const k = byKind(buildSnippets(withPlan));
    const plan = { name: 'fortinet_fg-vm_payg_2023', product: 'fortinet_fortigate-vm_v5', publisher: 'fortinet' };

    it('az: accepts the terms first, then passes the plan', () => {
      const { terms, create } = readAz(k.az);
      expect(terms).toEqual(['az', 'vm', 'image', 'terms', 'accept', '--urn', 'fortinet:fortinet_fortigate-vm_v5:fortinet_fg-vm_payg_2023:7.4.5']);
      expect(k.az.text.indexOf('az vm image terms accept')).toBeLessThan(k.az.text.indexOf('az vm create'));
      expect(create.get('--plan-name')).toBe(plan.name);
      expect(create.get('--plan-product')).toBe(plan.product);
      expect(create.get('--plan-publisher')).toBe(plan.publisher);
    });

    it('Bicep and ARM: plan block on the VM resource, terms step in the comments', () => {
      const { body } = readBicepVm(k.bicep);
      expect(body.plan).toEqual(plan);
      expect(k.bicep.text).toContain('// Accept the plan\'s terms once per subscription first: az vm image terms accept --urn fortinet:');
      const r = readArm(k.arm).resources[0]!;
      expect(r.plan).toEqual(plan);
      expect(r.comments).toContain('az vm image terms accept --urn');
    });

    it('Terraform: plan block, marketplace agreement, and depends_on', () => {
      const { blocks, vm } = readTf(k.terraform);
      expect(child(vm, 'plan').attrs).toEqual(plan);
      const agreement = blocks.find((b) => b.labels[0] === 'azurerm_marketplace_agreement');
      // The agreement's offer is the plan's product, its plan the plan's name.
      expect(agreement?.attrs).toEqual({ publisher: 'fortinet', offer: plan.product, plan: plan.name });
      expect(vm.attrs.depends_on).toEqual([{ ref: 'azurerm_marketplace_agreement.image' }]);
    });

    it('notes the plan and the data disk', () => {
      expect(k.az.notes).toContain(
        'Marketplace plan fortinet/fortinet_fortigate-vm_v5/fortinet_fg-vm_payg_2023: accept its terms once per subscription before the first deployment, and pass the plan with the VM.',
      );
      expect(k.az.notes).toContain('Brings 1 data disk (LUN 0).');
    });
  });

  describe('Arm64 image', () => {
    const k = byKind(buildSnippets(arm64));

    it('uses an Arm64 size everywhere and says why', () => {
      expect(readAz(k.az).create.get('--size')).toBe('Standard_D2ps_v5');
      expect(readBicepVm(k.bicep).file.params.vmSize?.default).toBe('Standard_D2ps_v5');
      expect(readTf(k.terraform).vm.attrs.size).toBe('Standard_D2ps_v5');
      expect(readArm(k.arm).parameters.vmSize?.defaultValue).toBe('Standard_D2ps_v5');
      expect(k.az.notes).toContain('Arm64 image: needs an Arm64 VM size, e.g. Standard_D2ps_v5 (Dpsv5 family).');
      expect(k.az.text.split('\n')[0]).toBe('# Canonical:ubuntu-24_04-lts:server-arm64:24.04.202411030 (Linux, Gen2, Arm64)');
    });
  });

  describe('deprecated image', () => {
    const k = byKind(buildSnippets(deprecated));
    const warning = 'WARNING: this image version is deprecated; Azure refuses new VMs from it. Suggested instead: offer 0001-com-ubuntu-server-jammy.';

    it('warns in every snippet, in that language\'s comment form', () => {
      expect(k.az.text).toContain(`# ${warning}`);
      expect(k.bicep.text).toContain(`// ${warning}`);
      expect(k.terraform.text).toContain(`# ${warning}`);
      expect(readArm(k.arm).resources[0]!.comments).toContain(warning);
      expect(k.az.notes[0]).toBe(
        'DEPRECATED: Azure no longer creates new VMs from this image version. The publisher suggests offer 0001-com-ubuntu-server-jammy instead.',
      );
    });

    it('still writes the exact version, since that is what was asked for', () => {
      expect(readAz(k.az).create.get('--image')).toBe('Canonical:UbuntuServer:18.04-LTS:18.04.202002180');
    });

    it('a scheduled deprecation is a note, not a warning', () => {
      const s = byKind(buildSnippets(image({ deprecation: { state: 'ScheduledForDeprecation', scheduledTime: '2025-05-31T00:00:00+00:00' } })));
      expect(s.az.text).toContain('# Note: this image is scheduled for deprecation on 2025-05-31.');
      expect(s.az.text).not.toContain('WARNING');
    });
  });

  describe('images that support Confidential VMs', () => {
    it('default to Trusted Launch and mention the confidential option', () => {
      const k = byKind(buildSnippets(tlAndCvm));
      expect(readAz(k.az).create.get('--security-type')).toBe('TrustedLaunch');
      expect(k.az.notes).toContain('Also supports Confidential VMs: choose security type ConfidentialVM with a DCasv5/ECasv5 size.');
    });

    it('write ConfidentialVM settings when chosen', () => {
      const k = byKind(buildSnippets(tlAndCvm, { securityType: 'ConfidentialVM' }));
      const { create } = readAz(k.az);
      expect(create.get('--security-type')).toBe('ConfidentialVM');
      expect(create.get('--os-disk-security-encryption-type')).toBe('VMGuestStateOnly');
      expect(create.get('--enable-vtpm')).toBe('true');
      expect(create.get('--size')).toBe('Standard_DC2as_v5');

      const { props, storage } = readBicepVm(k.bicep);
      expect(obj(props.securityProfile).securityType).toBe('ConfidentialVM');
      expect(obj(obj(storage.osDisk).managedDisk).securityProfile).toEqual({ securityEncryptionType: 'VMGuestStateOnly' });

      const { vm } = readTf(k.terraform);
      expect(child(vm, 'os_disk').attrs.security_encryption_type).toBe('VMGuestStateOnly');
      expect(vm.attrs.vtpm_enabled).toBe(true); // azurerm requires it with security_encryption_type

      const r = readArm(k.arm).resources[0]!;
      expect(r.properties.securityProfile?.securityType).toBe('ConfidentialVM');
      expect(r.properties.storageProfile.osDisk.managedDisk).toEqual({ storageAccountType: 'Premium_LRS', securityProfile: { securityEncryptionType: 'VMGuestStateOnly' } });
    });

    it('a confidential-only image defaults to ConfidentialVM', () => {
      const k = byKind(buildSnippets(image({ securityType: 'ConfidentialVmSupported' })));
      expect(readAz(k.az).create.get('--security-type')).toBe('ConfidentialVM');
    });

    it('Standard chosen on a Trusted Launch image is said outright (the CLI would pick Trusted Launch)', () => {
      const k = byKind(buildSnippets(linuxTl, { securityType: 'Standard' }));
      const { create } = readAz(k.az);
      expect(create.get('--security-type')).toBe('Standard');
      expect(create.has('--enable-secure-boot')).toBe(false);
      expect(readBicepVm(k.bicep).props.securityProfile).toEqual({ securityType: 'Standard' });
      expect(readTf(k.terraform).vm.attrs.secure_boot_enabled).toBeUndefined();
    });
  });

  describe('options', () => {
    it('pins or floats the version as asked', () => {
      const pinned = byKind(buildSnippets(linuxTl, { version: 'pinned' }));
      expect(readAz(pinned.az).create.get('--image')).toBe('Canonical:ubuntu-24_04-lts:server:24.04.202411030');
      expect(readTf(pinned.terraform).vm.blocks.find((b) => b.type === 'source_image_reference')?.attrs.version).toBe('24.04.202411030');
      const floating = byKind(buildSnippets(windowsGen1, { version: 'latest' }));
      expect(readArm(floating.arm).resources[0]!.properties.storageProfile.imageReference.version).toBe('latest');
      // Nothing to pin when the details never resolved a version.
      const unresolved = image({ urn: { publisher: 'a', offer: 'b', sku: 'c', version: 'latest' } });
      expect(readAz(byKind(buildSnippets(unresolved, { version: 'pinned' })).az).create.get('--image')).toBe('a:b:c:latest');
    });

    it('uses the names given, quoting for the shell where needed', () => {
      const opts: SnippetOptions = { resourceGroup: 'rg(prod)', vmName: 'web-01', vmSize: 'Standard_D4s_v5', adminUsername: 'ops', location: 'westeurope' };
      const k = byKind(buildSnippets(linuxTl, opts));
      expect(k.az.text).toContain("--resource-group 'rg(prod)'");
      const { create } = readAz(k.az);
      expect(create.get('--resource-group')).toBe('rg(prod)');
      expect(create.get('--name')).toBe('web-01');
      expect(create.get('--size')).toBe('Standard_D4s_v5');
      expect(create.get('--location')).toBe('westeurope');
      expect(create.get('--admin-username')).toBe('ops');
      expect(readTf(k.terraform).vm.attrs).toMatchObject({ resource_group_name: 'rg(prod)', name: 'web-01', admin_username: 'ops' });
      expect(readBicepVm(k.bicep).file.params.vmName?.default).toBe('web-01');
    });

    it.each<[SnippetOptions, ImageDetails, RegExp]>([
      [{ securityType: 'ConfidentialVM' }, linuxTl, /cannot run as ConfidentialVM/],
      [{ securityType: 'TrustedLaunch' }, windowsGen1, /\(Gen1, SecurityType Standard\) cannot run as TrustedLaunch/],
      [{ securityType: 'Standard' }, image({ securityType: 'ConfidentialVM' }), /cannot run as Standard/],
      [{ vmName: 'web_server_2022_01' }, windowsGen1, /at most 15/],
      [{ vmName: 'bad name' }, linuxTl, /contains a space/],
      [{ resourceGroup: 'rg.' }, linuxTl, /cannot|must end/],
      [{ vmSize: 'Standard D2s' }, linuxTl, /not a VM size name/],
      [{ location: 'East US' }, linuxTl, /not a region name/],
      [{ adminUsername: "x'; rm -rf /" }, linuxTl, /not a usable admin user name/],
    ])('refuses %j with a UsageError', (opts, img, message) => {
      let caught: unknown;
      try {
        buildSnippets(img, opts);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(UsageError);
      expect((caught as Error).message).toMatch(message);
    });
  });

  describe('hostile text from the catalog stays inert', () => {
    // Names come from Azure and are plain, but the writers must not depend on that.
    const odd = image({
      urn: { publisher: "pub'lisher", offer: 'off"er${x}', sku: 'sku\\%{y}', version: '1.0.0' },
      plan: { name: "it's", product: 'p"q', publisher: '${evil}' },
      hyperVGeneration: 'V1',
      securityType: 'Standard',
    });
    const k = byKind(buildSnippets(odd));

    it('bash quotes it', () => {
      const { terms, create } = readAz(k.az);
      expect(terms?.[6]).toBe("pub'lisher:off\"er${x}:sku\\%{y}:1.0.0");
      expect(create.get('--plan-name')).toBe("it's");
      expect(create.get('--plan-publisher')).toBe('${evil}');
    });

    it('Bicep, HCL and JSON escape it and read it back unchanged', () => {
      expect(readBicepVm(k.bicep).storage.imageReference).toEqual({ publisher: "pub'lisher", offer: 'off"er${x}', sku: 'sku\\%{y}', version: '1.0.0' });
      const { vm } = readTf(k.terraform);
      expect(child(vm, 'source_image_reference').attrs).toEqual({ publisher: "pub'lisher", offer: 'off"er${x}', sku: 'sku\\%{y}', version: '1.0.0' });
      expect(child(vm, 'plan').attrs.publisher).toBe('${evil}');
      expect(readArm(k.arm).resources[0]!.properties.storageProfile.imageReference.offer).toBe('off"er${x}');
    });
  });
});
