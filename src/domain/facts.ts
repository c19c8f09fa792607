/**
 * Facts as data: one builder per record (marketplace image, managed image, gallery, gallery image
 * definition, image version, VM) returns its facts as sections of labelled values with a tone.
 * The shell's sheets, the TUI's detail documents and `--json` (`facts`) are renderers of this one
 * thing, so a fact is worded in exactly one place. Pure and unsanitized: renderers escape the
 * values (they may carry names from Azure) and pick colours from `tone`.
 */
import { describeSecurityType, describeSource, type Gallery, type GalleryImageDefinition, type GalleryImageVersion, type ManagedImage, type ManagedImageDisk, type VirtualMachine } from './estate.js';
import {
  architectureWords,
  definitionLatestWords,
  endOfLifeFact,
  generationWords,
  latestFact,
  rangeWords,
  replicationWords,
  type LatestStatus,
} from './estate-facts.js';
import { allowedSecurityTypes, defaultSecurityType } from './features.js';
import { describeVmSecurityType } from './security.js';
import type { PlanTerms } from './terms.js';
import type { ImageDetails, PurchasePlan } from './types.js';
import { formatUrn } from './urn.js';

/** How a fact reads: fine, worth a look, or in the way of creating a VM. Absent: neutral. */
export type FactTone = 'ok' | 'warning' | 'problem';

/** One labelled fact. `note` is a second line of words that belongs to it (a command to run). */
export interface Fact {
  readonly label: string;
  readonly value: string;
  readonly tone?: FactTone;
  readonly note?: string;
}

export interface FactSection {
  readonly title: string;
  readonly facts: readonly Fact[];
}

/** A sentence that must not be missed, shown above the sections. */
export interface FactAlert {
  readonly text: string;
  readonly tone: FactTone;
}

/** Everything one record says, in reading order. */
export interface FactSheet {
  /** What it is: a URN, `rg/name`, `gallery/definition/version`. */
  readonly title: string;
  /** A few words after the title: `latest in eastus`, `managed image in rg-x`. */
  readonly subtitle?: string;
  readonly alerts: readonly FactAlert[];
  readonly sections: readonly FactSection[];
}

const fact = (label: string, value: string, tone?: FactTone, note?: string): Fact => ({
  label,
  value,
  ...(tone ? { tone } : {}),
  ...(note ? { note } : {}),
});

const supported = (v: boolean | undefined) => (v === undefined ? 'not stated' : v ? 'supported' : 'not supported');
const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : undefined);
const tagsText = (t: Record<string, string>) =>
  Object.entries(t)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'none';

/** Trusted Launch and Confidential VM in words, from what the image declares and its generation. */
export function securityWords(img: Pick<ImageDetails, 'securityType' | 'hyperVGeneration'>): { trustedLaunch: string; confidentialVm: string } {
  if (img.hyperVGeneration !== 'V2') {
    return { trustedLaunch: 'not available (Gen1 image)', confidentialVm: 'not available (Gen1 image)' };
  }
  switch (img.securityType) {
    case 'Standard':
      return { trustedLaunch: 'not supported', confidentialVm: 'not supported' };
    case 'TrustedLaunchSupported':
      return { trustedLaunch: 'supported', confidentialVm: 'not supported' };
    case 'TrustedLaunch':
      return { trustedLaunch: 'required (runs only as a Trusted Launch VM)', confidentialVm: 'not supported' };
    case 'ConfidentialVmSupported':
      return { trustedLaunch: 'not supported', confidentialVm: 'supported' };
    case 'ConfidentialVM':
      return { trustedLaunch: 'not supported', confidentialVm: 'required (runs only as a Confidential VM)' };
    case 'TrustedLaunchAndConfidentialVmSupported':
      return { trustedLaunch: 'supported', confidentialVm: 'supported' };
  }
}

const securityTone = (words: string): FactTone | undefined => (words.startsWith('supported') || words.startsWith('required') ? 'ok' : undefined);

/**
 * A marketplace image's deprecation state in words, with its date: one wording for every view.
 * The alternative Azure names is in the sheet's alert, above.
 */
export function deprecationFact(d: ImageDetails['deprecation']): Fact {
  const when = day(d.scheduledTime);
  if (d.state === 'Deprecated') return fact('Status', `deprecated${when ? ` since ${when}` : ''}: new VMs cannot be created from it`, 'problem');
  if (d.state === 'ScheduledForDeprecation') return fact('Status', `scheduled for deprecation${when ? ` on ${when}` : ''}`, 'warning');
  return fact('Status', 'active', 'ok');
}

/**
 * What is known of a plan's terms in this subscription: not asked (the shell's `show`), being
 * read, unreadable, or Azure's answer. The TUI's image page and `azimg terms show` say it the same.
 */
export type TermsKnowledge =
  | { status: 'unknown' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; terms: PlanTerms };

/** The terms' facts once Azure answered: accepted or not, and the links. */
export function termsFacts(t: PlanTerms, accept: string): Fact[] {
  return [
    t.accepted
      ? fact('Terms', `accepted in this subscription${t.retrievedAt ? ` (${t.retrievedAt.slice(0, 10)})` : ''}`, 'ok')
      : fact('Terms', 'NOT accepted in this subscription', 'warning', accept),
    fact('License', t.licenseTextLink ?? 'not given'),
    fact('Privacy policy', t.privacyPolicyLink ?? 'not given'),
    fact('Marketplace terms', t.marketplaceTermsLink ?? 'not given'),
  ];
}

function planFacts(plan: PurchasePlan | undefined, accept: string, none: string, terms: TermsKnowledge = { status: 'unknown' }): Fact[] {
  if (!plan) return [fact('Plan', none)];
  const head = [fact('Name', plan.name), fact('Product', plan.product), fact('Publisher', plan.publisher)];
  switch (terms.status) {
    case 'ready':
      return [...head, ...termsFacts(terms.terms, accept)];
    case 'error':
      return [...head, fact('Terms', `could not be read: ${terms.message}`, 'problem', accept)];
    case 'loading':
      return [...head, fact('Terms', 'reading whether they are accepted here…', undefined, accept)];
    default:
      return [...head, fact('Terms', 'must be accepted once per subscription before the first VM', 'warning', accept)];
  }
}

/** Every fact of one marketplace image version. */
export function marketplaceImageFacts(img: ImageDetails, terms: TermsKnowledge = { status: 'unknown' }): FactSheet {
  const urn = formatUrn(img.urn);
  const d = img.deprecation;
  const alerts: FactAlert[] = [];
  const alt = d.alternative ? ` Use ${d.alternative.type === 'Sku' ? 'SKU' : 'offer'} ${d.alternative.value} instead.` : ' Azure names no alternative.';
  const when = day(d.scheduledTime);
  if (d.state === 'Deprecated') {
    alerts.push({ text: `Deprecated${when ? ` since ${when}` : ''}: Azure no longer creates new VMs from this image version.${alt}`, tone: 'problem' });
  } else if (d.state === 'ScheduledForDeprecation') {
    alerts.push({ text: `Scheduled for deprecation${when ? ` on ${when}` : ''}: from then on Azure refuses new VMs from it.${alt}`, tone: 'warning' });
  }
  // Up top as well as in its section: it blocks the first deployment, so it must not be missed.
  if (img.plan) {
    const accepted = terms.status === 'ready' && terms.terms.accepted;
    alerts.push(
      accepted
        ? { text: 'Sold under a Marketplace plan: its terms are accepted in this subscription (see Plan).', tone: 'ok' }
        : { text: 'Sold under a Marketplace plan: its terms must be accepted before the first VM (see Plan).', tone: 'warning' },
    );
  }

  const image: Fact[] = [
    fact('Location', img.location),
    fact('OS', img.os),
    fact('Generation', generationWords(img.hyperVGeneration)),
    fact('Architecture', architectureWords(img.architecture)),
    fact('OS disk', img.osDiskSizeGb !== undefined ? `${img.osDiskSizeGb} GiB` : 'not stated'),
    fact('Data disks', img.dataDisks.length === 0 ? 'none' : `${img.dataDisks.length} (${img.dataDisks.map((x) => `LUN ${x.lun}`).join(', ')})`),
    deprecationFact(d),
  ];
  if (img.replicaType) image.push(fact('Replica type', img.replicaType));
  if (img.disallowedVmDiskType && img.disallowedVmDiskType !== 'None') {
    image.push(fact('Disallowed disk type', img.disallowedVmDiskType === 'Unmanaged' ? 'Unmanaged (use managed disks)' : img.disallowedVmDiskType));
  }

  const sec = securityWords(img);
  const features: Fact[] = [
    fact('Trusted Launch', sec.trustedLaunch, securityTone(sec.trustedLaunch)),
    fact('Confidential VM', sec.confidentialVm, securityTone(sec.confidentialVm)),
    fact('VM security types', `${allowedSecurityTypes(img).join(', ')} (snippets use ${defaultSecurityType(img)})`),
    fact('Accelerated networking', supported(img.acceleratedNetworking)),
    fact('Hibernation', supported(img.hibernate)),
    // Azure leaves the feature out on older images; SCSI is then what every size offers.
    fact('Disk controllers', img.diskControllerTypes?.length ? img.diskControllerTypes.join(', ') : 'not stated (SCSI)'),
    fact('Automatic OS upgrade', supported(img.automaticOSUpgradeSupported)),
  ];
  if (img.features.length > 0) features.push(fact('As Azure lists them', img.features.map((f) => `${f.name}=${f.value}`).join(', ')));

  const sections: FactSection[] = [
    { title: 'Image', facts: image },
    { title: 'Features', facts: features },
    { title: img.plan ? 'Plan (Marketplace purchase)' : 'Plan', facts: planFacts(img.plan, `az vm image terms accept --urn ${urn}`, 'none: no Marketplace terms to accept', terms) },
  ];
  if (img.id) sections.push({ title: 'ARM id', facts: [fact('Id', img.id)] });
  return { title: urn, subtitle: img.resolvedFromLatest ? `latest in ${img.location}` : undefined, alerts, sections };
}

function diskText(d: ManagedImageDisk): string {
  const parts = [d.sizeGb !== undefined ? `${d.sizeGb} GiB` : 'size not reported', d.storageAccountType ?? 'storage type not stated'];
  if (d.caching) parts.push(`caching ${d.caching}`);
  if (d.source.kind !== 'unknown') parts.push(`from ${describeSource(d.source)}`);
  return parts.join(', ');
}

const provisioned = (state: string): Fact => fact('Provisioning state', state, state.toLowerCase() === 'succeeded' ? 'ok' : 'warning');

const osStateWords = (s: 'Generalized' | 'Specialized') =>
  s === 'Generalized' ? 'Generalized (new VMs get their own admin account)' : "Specialized (keeps the source machine's accounts)";

/** Every fact of one managed image. */
export function managedImageFacts(i: ManagedImage): FactSheet {
  const alerts: FactAlert[] = i.provisioningState.toLowerCase() === 'succeeded' ? [] : [{ text: `Provisioning state: ${i.provisioningState}`, tone: 'warning' }];
  const disks: Fact[] = [fact('OS disk', diskText(i.osDisk))];
  if (i.dataDisks.length === 0) disks.push(fact('Data disks', 'none'));
  for (const d of i.dataDisks) disks.push(fact(`Data disk LUN ${d.lun ?? '?'}`, diskText(d)));
  return {
    title: i.name,
    subtitle: `managed image in ${i.resourceGroup}`,
    alerts,
    sections: [
      {
        title: 'Image',
        facts: [
          fact('Resource group', i.resourceGroup),
          fact('Location', i.location),
          fact('Source', describeSource(i.source)),
          fact('OS type', i.osType),
          fact('OS state', osStateWords(i.osState)),
          fact('Generation', generationWords(i.hyperVGeneration)),
          fact('Zone resilient', i.zoneResilient ? 'yes: stored on zone-redundant storage (ZRS)' : 'no', i.zoneResilient ? 'ok' : undefined),
          provisioned(i.provisioningState),
        ],
      },
      { title: 'Disks', facts: disks },
      { title: 'Tags', facts: [fact('Tags', tagsText(i.tags))] },
      { title: 'ARM id', facts: [fact('Id', i.id)] },
    ],
  };
}

/** Every fact of one gallery. */
export function galleryFacts(g: Gallery): FactSheet {
  return {
    title: g.name,
    subtitle: 'gallery',
    alerts: [],
    sections: [
      {
        title: 'Gallery',
        facts: [
          fact('Resource group', g.resourceGroup),
          fact('Location', g.location),
          fact('Description', g.description || 'none'),
          fact('Unique name', g.uniqueName ?? 'not reported'),
          fact('Sharing', g.sharing ?? 'not reported'),
          provisioned(g.provisioningState),
          fact('Tags', tagsText(g.tags)),
        ],
      },
      { title: 'ARM id', facts: [fact('Id', g.id)] },
    ],
  };
}

const eolTone = (status: ReturnType<typeof endOfLifeFact>['status']): FactTone | undefined => (status === 'past' ? 'problem' : status === 'soon' ? 'warning' : undefined);

function endOfLife(iso: string | undefined, now: number): Fact {
  const eol = endOfLifeFact(iso, now);
  return fact('End of life', eol.text, eolTone(eol.status));
}

/** Every fact of one gallery image definition; `versions` are its versions' names, `latest` the one `latest` resolves to. */
export function definitionFacts(d: GalleryImageDefinition, versions: readonly string[], latest: string | undefined, now: number): FactSheet {
  const def: Fact[] = [
    fact('Resource group', d.resourceGroup),
    fact('Location', d.location),
    fact('Publisher/offer/SKU', `${d.identifier.publisher} / ${d.identifier.offer} / ${d.identifier.sku}`),
    fact('OS type', d.osType),
    fact('OS state', osStateWords(d.osState)),
    fact('Generation', generationWords(d.hyperVGeneration)),
    fact('Architecture', architectureWords(d.architecture)),
    fact('Security type', describeSecurityType(d.securityType), d.securityType === 'Standard' ? undefined : 'ok'),
    fact('Recommended vCPUs', rangeWords(d.recommended.vCpus)),
    fact('Recommended memory', rangeWords(d.recommended.memoryGb, 'GiB')),
    fact('Disallowed disk types', d.disallowedDiskTypes.join(', ') || 'none'),
    endOfLife(d.endOfLifeDate, now),
  ];
  for (const f of d.features) def.push(fact('Feature', `${f.name}=${f.value}${f.startsAtVersion ? ` (from ${f.startsAtVersion})` : ''}`));
  if (d.description) def.push(fact('Description', d.description));
  if (d.eula) def.push(fact('EULA', d.eula));
  if (d.releaseNoteUri) def.push(fact('Release notes', d.releaseNoteUri));
  if (d.privacyStatementUri) def.push(fact('Privacy statement', d.privacyStatementUri));
  def.push(provisioned(d.provisioningState));
  const plan = d.plan;
  return {
    title: `${d.gallery}/${d.name}`,
    subtitle: 'image definition',
    alerts: [],
    sections: [
      { title: 'Definition', facts: def },
      {
        title: plan ? 'Plan (Marketplace purchase)' : 'Plan',
        facts: planFacts(plan, plan ? `az vm image terms accept --publisher ${plan.publisher} --offer ${plan.product} --plan ${plan.name}` : '', 'none'),
      },
      {
        title: 'Versions',
        facts: [
          fact('Count', String(versions.length)),
          fact('Versions', versions.join(', ') || 'none'),
          fact('Latest', definitionLatestWords(latest), latest ? 'ok' : 'warning'),
        ],
      },
      { title: 'ARM id', facts: [fact('Id', d.id)] },
    ],
  };
}

function latestTone(status: LatestStatus): FactTone | undefined {
  return status === 'latest' ? 'ok' : status === 'failed' ? 'problem' : status === 'excluded' || status === 'provisioning' || status === 'deleting' ? 'warning' : undefined;
}

const replicationTone = (state: ReturnType<typeof replicationWords>['state']): FactTone | undefined =>
  state === 'completed' ? 'ok' : state === 'failed' ? 'problem' : state === 'replicating' ? 'warning' : undefined;

/** Every fact of one image version; `latest` is the name of the version `latest` resolves to now. */
export function versionFacts(v: GalleryImageVersion, latest: string | undefined, now: number): FactSheet {
  const rep = replicationWords(v);
  const lf = latestFact(v, latest);
  return {
    title: `${v.gallery}/${v.definition}/${v.name}`,
    subtitle: 'image version',
    alerts: [],
    sections: [
      {
        title: 'Version',
        facts: [
          fact('Resource group', v.resourceGroup),
          provisioned(v.provisioningState),
          fact('Replication', rep.text, replicationTone(rep.state)),
          fact('Latest', lf.text, latestTone(lf.status)),
          fact('Published', day(v.publishedDate) ?? 'not yet'),
          endOfLife(v.endOfLifeDate, now),
          fact('Replicas per region', v.replicaCount !== undefined ? String(v.replicaCount) : 'not stated'),
          fact('Storage type', v.storageAccountType ?? 'not stated'),
          fact('Replication mode', v.replicationMode ?? 'Full'),
          fact('Source', describeSource(v.source)),
          fact('OS disk', v.osDiskSizeGb !== undefined ? `${v.osDiskSizeGb} GiB${v.osDiskHostCaching ? `, caching ${v.osDiskHostCaching}` : ''}` : 'size not reported'),
          fact('Data disks', v.dataDisks.map((d) => `LUN ${d.lun} ${d.sizeGb ?? '?'} GiB`).join(', ') || 'none'),
          fact('Tags', tagsText(v.tags)),
        ],
      },
      { title: 'ARM id', facts: [fact('Id', v.id)] },
    ],
  };
}

/** Every fact of one virtual machine (the instance view's facts when it was fetched). */
export function vmFacts(vm: VirtualMachine): FactSheet {
  const image = vm.image === undefined ? 'not reported' : vm.image.kind === 'marketplace' ? `marketplace ${vm.image.urn}${vm.image.exactVersion ? ` (version ${vm.image.exactVersion})` : ''}` : vm.image.id;
  const power = vm.powerState;
  return {
    title: `${vm.resourceGroup}/${vm.name}`,
    subtitle: 'virtual machine',
    alerts: vm.osDisk.ephemeral ? [{ text: 'Ephemeral OS disk: it lives on the host and cannot be captured.', tone: 'problem' }] : [],
    sections: [
      {
        title: 'Machine',
        facts: [
          fact('Resource group', vm.resourceGroup),
          fact('Location', vm.location),
          fact('Size', vm.vmSize ?? 'not reported'),
          fact('OS type', vm.osType ?? 'not reported'),
          fact('Guest OS', vm.guestOs ?? 'not reported'),
          fact('Generation', generationWords(vm.hyperVGeneration)),
          fact('Architecture', architectureWords(vm.architecture)),
          fact('Security type', describeVmSecurityType(vm.securityType)),
          fact('Image', image),
          fact('Power state', power ?? 'not fetched', power === 'running' ? 'ok' : undefined),
          // The instance view names generalized VMs only: with a power state read, no word means not generalized.
          fact('OS state', vm.osState === 'generalized' ? 'generalized' : power ? 'not generalized' : 'not reported'),
          fact('Zones', vm.zones.join(', ') || 'none'),
          provisioned(vm.provisioningState),
        ],
      },
      {
        title: 'Disks',
        facts: [
          fact(
            'OS disk',
            [
              vm.osDisk.ephemeral ? 'ephemeral (not capturable)' : vm.osDisk.id ? 'managed' : 'not a managed disk',
              vm.osDisk.sizeGb !== undefined ? `${vm.osDisk.sizeGb} GiB` : undefined,
              vm.osDisk.storageAccountType,
              vm.osDisk.name,
            ]
              .filter(Boolean)
              .join(', '),
            vm.osDisk.ephemeral ? 'problem' : undefined,
          ),
          fact('Data disks', String(vm.dataDiskCount)),
        ],
      },
      { title: vm.plan ? 'Plan (Marketplace purchase)' : 'Plan', facts: vm.plan ? [fact('Name', vm.plan.name), fact('Product', vm.plan.product), fact('Publisher', vm.plan.publisher)] : [fact('Plan', 'none')] },
      { title: 'ARM id', facts: [fact('Id', vm.id)] },
    ],
  };
}

/** The facts as label → value pairs, in order: what the parity test and `--json` compare. */
export function factPairs(sheet: FactSheet): [string, string][] {
  return sheet.sections.flatMap((s) => s.facts.map((f): [string, string] => [f.label, f.value]));
}
