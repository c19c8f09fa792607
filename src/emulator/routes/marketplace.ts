/**
 * Compute's marketplace image operations (`VirtualMachineImages_*`): publishers, offers, SKUs,
 * versions and one version's details, answered the way the real service does.
 *
 * Where each behaviour comes from (files under ../shared/fixtures/arm/ unless a URL is given):
 * - bare JSON arrays of `{location, name, id}`; SKU items lead with
 *   `properties.automaticOSUpgradeProperties`; Pascal-cased ids with `/Subscriptions/`; pretty
 *   CRLF bodies: test_vm_image_list_publishers/_offers/_skus.yaml, test_vm_image_show.yaml;
 * - the region echoed as Compute spells it (`westus`, `FranceCentral`): see catalog.ts;
 * - names matched case-insensitively, returned in canonical case; lists sorted ordinally after
 *   upper-casing: the real westus publisher list;
 * - the detail object `{properties, location, name, id}` and its property order:
 *   test_vm_image_show.yaml; `plan` first, as in VirtualMachineImage_Get_MaximumSet_Gen.json;
 * - `$top` / `$orderby=name desc` (the az CLI resolves `latest` with `$top=1&$orderby=name%20desc`:
 *   test_vm_capture_zone_resilient_image.yaml); the order is a string order, so RHEL `8.9.x` sorts
 *   above `8.10.x` (Azure/azure-rest-api-specs#30142, ansible-collections/azure#1667, #601);
 * - `$expand=Properties` returns full image objects (the 2026-03-01 `listWithProperties`
 *   operation of @azure/arm-compute 24.1 deserialises `VirtualMachineImage[]`; it sends
 *   `versions?$expand=Properties&api-version=2026-03-01&%24expand=Properties`, the first
 *   occurrence wins). The operation `VirtualMachineImages_ListWithProperties` first appears in the
 *   ComputeRP stable 2024-11-01 spec, but the `$expand` parameter of the plain list is older (the
 *   2024-07-01 example VirtualMachineImage_List_MaximumSet_Gen has it) and the az CLI 2.45 sends
 *   `$expand=properties` with api-version 2022-11-01 for `vm image list --architecture`, which
 *   works against Azure: so it is honoured at every api-version;
 * - rate-limit policies and budgets: `x-ms-ratelimit-remaining-resource` in the recordings
 *   (GetVMImageFromLocation 3Min;12999/30Min;73999 after one call, ListVMImagesVersionsFromLocation
 *   15999/43999, ListVMImageSkusFromLocation 9999/29997, ListVMImageOffersFromLocation 199/997);
 *   the recorded publisher list carries no such header, so neither does ours;
 * - `Server: Microsoft-HTTPAPI/2.0` and `Vary: Accept-Encoding` on Compute answers: all recordings;
 * - errors:
 *   - unknown region: ARM's 400 `NoRegisteredProviderFound` "No registered resource provider found
 *     for location '…' and API version '…' for type 'locations/publishers'. The supported
 *     api-versions are '…'. The supported locations are '…'." (Azure/azure-xplat-cli#3257 shows this
 *     type for an offers request; Azure/migAz#246 the full message); compact, from ARM itself;
 *   - unknown publisher when listing offers: 404 `NotFound` "Publisher: X was not found."
 *     (Azure/azure-cli#6622, #11767);
 *   - unknown offer, SKU or version: 404 `NotFound` "Artifact: VMImage was not found." (list-skus of
 *     a misspelt offer: MicrosoftLearning/20533…#251; versions of an unknown SKU:
 *     danielsollondon/azvmimagebuilder#80; the CRLF body: Azure/vagrant-azure#147);
 *   - a version that is not `major.minor.build` (e.g. `latest`): 400 `InvalidParameter`,
 *     "The value of parameter version is invalid.", target `version` (Azure/azure-powershell#15248,
 *     with the GetVMImageFromLocation header; `latest` is not accepted by Get: Azure/azure-sdk-for-java#1392);
 *   - a `$top` or `$orderby` Compute cannot use: 400 `InvalidParameter` in the same form (inferred
 *     from the version case: no recording shows it).
 */
import { COMPUTE_API_VERSIONS } from '../api-versions.js';
import type { EmuResponse } from '../arm.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import type { CatalogRegion, CatalogVersion, ImageFacts } from '../world/catalog.js';

/** ARM resolves every marketplace path to this registered type (Azure/azure-xplat-cli#3257). */
const RESOURCE_TYPE = 'locations/publishers';

const POLICY = {
  offers: { name: 'Microsoft.Compute/ListVMImageOffersFromLocation', per3Min: 200, per30Min: 1000 },
  skus: { name: 'Microsoft.Compute/ListVMImageSkusFromLocation', per3Min: 10000, per30Min: 30000 },
  versions: { name: 'Microsoft.Compute/ListVMImagesVersionsFromLocation', per3Min: 16000, per30Min: 44000 },
  image: { name: 'Microsoft.Compute/GetVMImageFromLocation', per3Min: 13000, per30Min: 74000 },
} as const;

/** First ComputeRP api-version whose spec has `VirtualMachineImages_ListWithProperties`. */

const BASE = '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/publishers';

// ---- response helpers ---------------------------------------------------------------------------

function computeHeaders(): Record<string, string> {
  return { server: 'Microsoft-HTTPAPI/2.0', vary: 'Accept-Encoding' };
}

function computeOk(body: unknown): EmuResponse {
  return { status: 200, body, style: 'crlf', headers: computeHeaders() };
}

/** Compute's own errors are pretty-printed like its other bodies (Azure/vagrant-azure#147). */
function computeError(status: number, code: string, message: string, target?: string): EmuResponse {
  return { status, body: { error: target ? { code, message, target } : { code, message } }, style: 'crlf', headers: computeHeaders() };
}

const imageNotFound = (): EmuResponse => computeError(404, 'NotFound', 'Artifact: VMImage was not found.');
const invalidParameter = (name: string): EmuResponse => computeError(400, 'InvalidParameter', `The value of parameter ${name} is invalid.`, name);

/** The region, or ARM's answer for a location where `locations/publishers` is not registered. */
function regionOf(req: EmuRequest, world: World): CatalogRegion | EmuResponse {
  const region = world.catalog.region(req.params.location!);
  if (region) return region;
  return {
    status: 400,
    style: 'compact',
    body: {
      error: {
        code: 'NoRegisteredProviderFound',
        message:
          `No registered resource provider found for location '${req.params.location}' and API version '${req.apiVersion}' ` +
          `for type '${RESOURCE_TYPE}'. The supported api-versions are '${COMPUTE_API_VERSIONS.join(', ')}'. ` +
          `The supported locations are '${world.catalog.regionNames().join(', ')}'.`,
      },
    },
  };
}

const isResponse = (x: unknown): x is EmuResponse => typeof x === 'object' && x !== null && 'status' in x;

/** `/Subscriptions/{sub}/Providers/Microsoft.Compute/Locations/{Region}`: Compute's casing, not the request's. */
function locationId(req: EmuRequest, region: CatalogRegion): string {
  return `/Subscriptions/${req.params.subscriptionId}/Providers/Microsoft.Compute/Locations/${region.echo}`;
}

function imageProperties(f: ImageFacts): Record<string, unknown> {
  const deprecation: Record<string, unknown> = { imageState: f.deprecation.imageState };
  if ('scheduledDeprecationTime' in f.deprecation && f.deprecation.scheduledDeprecationTime) {
    deprecation.scheduledDeprecationTime = f.deprecation.scheduledDeprecationTime;
  }
  if ('alternativeOption' in f.deprecation && f.deprecation.alternativeOption) {
    deprecation.alternativeOption = { type: f.deprecation.alternativeOption.type, value: f.deprecation.alternativeOption.value };
  }
  return {
    ...(f.plan ? { plan: { publisher: f.plan.publisher, name: f.plan.name, product: f.plan.product } } : {}),
    hyperVGeneration: f.hyperVGeneration,
    architecture: f.architecture,
    replicaType: f.replicaType,
    disallowed: { vmDiskType: f.disallowedVmDiskType },
    automaticOSUpgradeProperties: { automaticOSUpgradeSupported: f.automaticOSUpgradeSupported },
    imageDeprecationStatus: deprecation,
    ...(f.features ? { features: f.features.map((x) => ({ name: x.name, value: x.value })) } : {}),
    osDiskImage: { operatingSystem: f.osType, sizeInGb: f.osDiskSizeInGb, sizeInBytes: f.osDiskSizeInBytes },
    dataDiskImages: f.dataDiskLuns.map((lun) => ({ lun })),
  };
}

function imageBody(region: CatalogRegion, skuId: string, v: CatalogVersion): Record<string, unknown> {
  return { properties: imageProperties(v.image), location: region.echo, name: v.name, id: `${skuId}/Versions/${v.name}` };
}

/** `$orderby` as Compute takes it: `name`, `name asc` or `name desc` (any case, any spacing). */
function parseOrderBy(raw: string | undefined): 'asc' | 'desc' | undefined | 'invalid' {
  if (raw === undefined) return undefined;
  const m = /^\s*name(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!m) return 'invalid';
  return (m[1]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'asc';
}

// ---- handlers ---------------------------------------------------------------------------------------

function listPublishers(req: EmuRequest, world: World): EmuResponse {
  const region = regionOf(req, world);
  if (isResponse(region)) return region;
  const base = `${locationId(req, region)}/Publishers/`;
  return computeOk(region.publishers().map((p) => ({ location: region.echo, name: p.name, id: base + p.name })));
}

function listOffers(req: EmuRequest, world: World): EmuResponse {
  const region = regionOf(req, world);
  if (isResponse(region)) return region;
  const publisher = region.publisher(req.params.publisherName!);
  if (!publisher || publisher.kind === 'unavailable') {
    return computeError(404, 'NotFound', `Publisher: ${req.params.publisherName} was not found.`);
  }
  const base = `${locationId(req, region)}/Publishers/${publisher.name}/ArtifactTypes/VMImage/Offers/`;
  return computeOk(publisher.offers().map((o) => ({ location: region.echo, name: o.name, id: base + o.name })));
}

function listSkus(req: EmuRequest, world: World): EmuResponse {
  const region = regionOf(req, world);
  if (isResponse(region)) return region;
  const publisher = region.publisher(req.params.publisherName!);
  const offer = publisher?.offer(req.params.offer!);
  if (!publisher || !offer) return imageNotFound();
  const base = `${locationId(req, region)}/Publishers/${publisher.name}/ArtifactTypes/VMImage/Offers/${offer.name}/Skus/`;
  return computeOk(
    offer.skus().map((s) => ({
      properties: { automaticOSUpgradeProperties: { automaticOSUpgradeSupported: s.automaticOSUpgradeSupported } },
      location: region.echo,
      name: s.name,
      id: base + s.name,
    })),
  );
}

function listVersions(req: EmuRequest, world: World): EmuResponse {
  const region = regionOf(req, world);
  if (isResponse(region)) return region;
  const topRaw = req.query('$top');
  if (topRaw !== undefined && !/^\s*\d+\s*$/.test(topRaw)) return invalidParameter('$top');
  const order = parseOrderBy(req.query('$orderby'));
  if (order === 'invalid') return invalidParameter('$orderby');

  const publisher = region.publisher(req.params.publisherName!);
  const offer = publisher?.offer(req.params.offer!);
  const sku = offer?.sku(req.params.skus!);
  if (!publisher || !offer || !sku) return imageNotFound();

  let versions = [...sku.versions()];
  if (order === 'desc') versions.reverse();
  if (topRaw !== undefined) versions = versions.slice(0, Number(topRaw));
  const skuId = `${locationId(req, region)}/Publishers/${publisher.name}/ArtifactTypes/VMImage/Offers/${offer.name}/Skus/${sku.name}`;
  const expand = req.query('$expand');
  if (expand !== undefined && expand.trim().toLowerCase() === 'properties') {
    return computeOk(versions.map((v) => imageBody(region, skuId, v)));
  }
  return computeOk(versions.map((v) => ({ location: region.echo, name: v.name, id: `${skuId}/Versions/${v.name}` })));
}

function getImage(req: EmuRequest, world: World): EmuResponse {
  const region = regionOf(req, world);
  if (isResponse(region)) return region;
  if (!/^\d+\.\d+\.\d+$/.test(req.params.version!)) return invalidParameter('version');
  const publisher = region.publisher(req.params.publisherName!);
  const offer = publisher?.offer(req.params.offer!);
  const sku = offer?.sku(req.params.skus!);
  const version = sku?.version(req.params.version!);
  if (!publisher || !offer || !sku || !version) return imageNotFound();
  const skuId = `${locationId(req, region)}/Publishers/${publisher.name}/ArtifactTypes/VMImage/Offers/${offer.name}/Skus/${sku.name}`;
  return computeOk(imageBody(region, skuId, version));
}

export const marketplaceRoutes: Route[] = [
  { method: 'GET', pattern: BASE, apiVersions: COMPUTE_API_VERSIONS, resourceType: RESOURCE_TYPE, handler: listPublishers },
  {
    method: 'GET',
    pattern: `${BASE}/{publisherName}/artifacttypes/vmimage/offers`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: RESOURCE_TYPE,
    rateLimitPolicy: POLICY.offers,
    handler: listOffers,
  },
  {
    method: 'GET',
    pattern: `${BASE}/{publisherName}/artifacttypes/vmimage/offers/{offer}/skus`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: RESOURCE_TYPE,
    rateLimitPolicy: POLICY.skus,
    handler: listSkus,
  },
  {
    method: 'GET',
    pattern: `${BASE}/{publisherName}/artifacttypes/vmimage/offers/{offer}/skus/{skus}/versions`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: RESOURCE_TYPE,
    rateLimitPolicy: POLICY.versions,
    handler: listVersions,
  },
  {
    method: 'GET',
    pattern: `${BASE}/{publisherName}/artifacttypes/vmimage/offers/{offer}/skus/{skus}/versions/{version}`,
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: RESOURCE_TYPE,
    rateLimitPolicy: POLICY.image,
    handler: getImage,
  },
];
