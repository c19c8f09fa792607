/**
 * The marketplace catalog over @azure/arm-compute's virtualMachineImages operations,
 * returned as plain domain records. Names are passed as the user typed them (Azure matches
 * them case-insensitively) and returned in Azure's canonical case.
 */
import type { VirtualMachineImage } from '@azure/arm-compute';
import { AzureError } from '../domain/errors.js';
import type { CallOptions, CatalogService } from '../domain/services.js';
import type {
  Architecture,
  DeprecationState,
  HyperVGeneration,
  ImageDetails,
  ImageVersionSummary,
  Location,
  OsType,
  Urn,
} from '../domain/types.js';
import { deriveFeatures } from '../domain/features.js';
import { compareVersions } from '../domain/version.js';
import { PACED_REQUEST, parseRetryAfter, type ArmClients } from './connection.js';
import { call } from './errors.js';
import { cloudKey, type ImageListFacts, type VersionWithFacts } from '../domain/search.js';
import { runSearch, type AnswerHeaders, type SearchCalls } from './search.js';

const byName = (a: { name: string }, b: { name: string }) => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Fields the SDK's model drops but Azure returns (osDiskImage.sizeInGb, replicaType). */
interface RawImageExtras {
  properties?: { osDiskImage?: { sizeInGb?: number }; replicaType?: string; dataDiskImages?: { lun?: number; sizeInGb?: number }[] };
}

export function toImageDetails(
  urn: Urn,
  location: string,
  image: VirtualMachineImage,
  raw: RawImageExtras | undefined,
  resolvedFromLatest: boolean,
): ImageDetails {
  const features = (image.features ?? [])
    .filter((f) => f.name !== undefined)
    .map((f) => ({ name: f.name!, value: f.value ?? '' }));
  const deprecation = image.imageDeprecationStatus;
  const alt = deprecation?.alternativeOption;
  const scheduled = deprecation?.scheduledDeprecationTime;
  return {
    urn,
    resolvedFromLatest,
    location: image.location ?? location,
    os: (image.osDiskImage?.operatingSystem ?? 'Linux') as OsType,
    osDiskSizeGb: raw?.properties?.osDiskImage?.sizeInGb,
    hyperVGeneration: (image.hyperVGeneration ?? 'V1') as HyperVGeneration,
    architecture: (image.architecture ?? 'x64') as Architecture,
    dataDisks: (image.dataDiskImages ?? []).map((d, i) => ({
      lun: d.lun ?? raw?.properties?.dataDiskImages?.[i]?.lun ?? i,
    })),
    features,
    ...deriveFeatures(features),
    plan: image.plan ? { name: image.plan.name, publisher: image.plan.publisher, product: image.plan.product } : undefined,
    deprecation: {
      state: (deprecation?.imageState ?? 'Active') as DeprecationState,
      scheduledTime: scheduled ? new Date(scheduled).toISOString() : undefined,
      alternative: alt?.type && alt.value ? { type: alt.type as 'Offer' | 'Sku', value: alt.value } : undefined,
    },
    automaticOSUpgradeSupported: image.automaticOSUpgradeProperties?.automaticOSUpgradeSupported ?? false,
    disallowedVmDiskType: image.disallowed?.vmDiskType,
    replicaType: raw?.properties?.replicaType,
    id: image.id,
  };
}

/** The facts search and the lists show, from one image version's properties. */
export function listFacts(image: VirtualMachineImage): ImageListFacts {
  const features = (image.features ?? []).filter((f) => f.name !== undefined).map((f) => ({ name: f.name!, value: f.value ?? '' }));
  const derived = deriveFeatures(features);
  const d = image.imageDeprecationStatus;
  const alt = d?.alternativeOption;
  return {
    os: (image.osDiskImage?.operatingSystem ?? 'Linux') as OsType,
    hyperVGeneration: (image.hyperVGeneration ?? 'V1') as HyperVGeneration,
    architecture: (image.architecture ?? 'x64') as Architecture,
    securityType: derived.securityType,
    diskControllerTypes: derived.diskControllerTypes,
    plan: image.plan?.name && image.plan.publisher && image.plan.product ? { name: image.plan.name, publisher: image.plan.publisher, product: image.plan.product } : undefined,
    deprecation: {
      state: (d?.imageState ?? 'Active') as DeprecationState,
      scheduledTime: d?.scheduledDeprecationTime ? new Date(d.scheduledDeprecationTime).toISOString() : undefined,
      alternative: alt?.type && alt.value ? { type: alt.type as 'Offer' | 'Sku', value: alt.value } : undefined,
    },
  };
}

/**
 * Azure matches names in any case but answers with ids in the catalog's own case
 * (`…/Publishers/Canonical/ArtifactTypes/VMImage/Offers/ubuntu-24_04-lts/Skus/server/Versions/…`):
 * read the names back from the id so what we print and put in snippets is spelled as Azure does.
 */
const MARKETPLACE_ID = /\/Publishers\/([^/]+)(?:\/ArtifactTypes\/VMImage\/Offers\/([^/]+)(?:\/Skus\/([^/]+)(?:\/Versions\/([^/]+))?)?)?$/i;

export function namesFromId(id: string | undefined): { publisher?: string; offer?: string; sku?: string; version?: string } {
  const m = id ? MARKETPLACE_ID.exec(id) : null;
  return m ? { publisher: m[1], offer: m[2], sku: m[3], version: m[4] } : {};
}

export function createCatalogService(clients: ArmClients): CatalogService {
  const images = clients.compute.virtualMachineImages;
  const sdk = (opts?: CallOptions) => ({ abortSignal: opts?.signal });

  async function listVersions(location: string, publisher: string, offer: string, sku: string, opts?: CallOptions) {
    const items = await call(() => images.list(location, publisher, offer, sku, sdk(opts)));
    const out: ImageVersionSummary[] = items.map((v) => {
      const n = namesFromId(v.id);
      return { publisher: n.publisher ?? publisher, offer: n.offer ?? offer, sku: n.sku ?? sku, version: v.name, location: v.location };
    });
    // Azure orders versions per numeric part; "9.10.1" is newer than "9.9.1".
    return out.sort((a, b) => compareVersions(b.version, a.version));
  }

  /** Headers pacing reads, from the raw answer the SDK hands `onResponse` (errors included). */
  const headersOf = (seen: (h: AnswerHeaders) => void) => (response: unknown) => {
    const h = (response as { headers?: { get?(n: string): string | undefined | null } } | undefined)?.headers;
    if (!h?.get) return;
    seen({
      rateLimit: h.get('x-ms-ratelimit-remaining-resource') ?? undefined,
      // Azure's own Retry-After, read by the one rule the retry policy uses (paced 429s are not retried, so not capped).
      retryAfterMs: parseRetryAfter({ get: (n) => h.get!(n) ?? undefined }),
    });
  };

  async function listVersionsWithProperties(location: string, publisher: string, offer: string, sku: string, opts?: CallOptions & { onResponse?: (r: unknown) => void; requestOptions?: { headers: Record<string, string> } }) {
    const items = await call(() =>
      images.listWithProperties(location, publisher, offer, sku, 'Properties', { ...sdk(opts), onResponse: opts?.onResponse, requestOptions: opts?.requestOptions }),
    );
    const out: VersionWithFacts[] = items
      .map((v) => {
        const n = namesFromId(v.id);
        const has = v.hyperVGeneration !== undefined || v.architecture !== undefined || v.osDiskImage !== undefined;
        return {
          publisher: n.publisher ?? publisher,
          offer: n.offer ?? offer,
          sku: n.sku ?? sku,
          version: v.name ?? n.version ?? '',
          location: v.location ?? location,
          facts: has ? listFacts(v) : undefined,
        };
      })
      .filter((v) => v.version !== '');
    out.sort((a, b) => compareVersions(b.version, a.version));
    // Bounded fallback: an answer without properties costs one more call, for the newest version only.
    const newest = out[0];
    if (newest && !newest.facts) {
      const img = await call(() => images.get(location, newest.publisher, newest.offer, newest.sku, newest.version, sdk(opts)));
      newest.facts = listFacts(img);
    }
    return out;
  }

  /** Options of a call the search paces: its answer's headers go to the pacer, and a 429 comes straight back to it. */
  const paced = (seen: (h: AnswerHeaders) => void, signal?: AbortSignal) => ({
    abortSignal: signal,
    onResponse: headersOf(seen),
    requestOptions: { headers: { [PACED_REQUEST]: '1' } },
  });
  const searchCalls: SearchCalls = {
    publishers: async (location, seen, signal) => (await call(() => images.listPublishers(location, paced(seen, signal)))).map((p) => p.name),
    offers: async (location, publisher, seen, signal) => (await call(() => images.listOffers(location, publisher, paced(seen, signal)))).map((o) => o.name),
    skus: async (location, publisher, offer, seen, signal) =>
      (await call(() => images.listSkus(location, publisher, offer, paced(seen, signal)))).map((s) => s.name),
    versions: (location, publisher, offer, sku, seen, signal) =>
      listVersionsWithProperties(location, publisher, offer, sku, { signal, onResponse: headersOf(seen), requestOptions: paced(seen, signal).requestOptions }),
  };
  const cloud = cloudKey(clients.armEndpoint);

  return {
    listVersionsWithProperties: (location, publisher, offer, sku, opts) => listVersionsWithProperties(location, publisher, offer, sku, opts),
    searchCatalog: (text, filters, opts) => runSearch(searchCalls, cloud, text, filters, opts),

    async listLocations(opts) {
      const out: Location[] = [];
      await call(async () => {
        for await (const l of clients.subscriptions.subscriptions.listLocations(clients.subscriptionId, sdk(opts))) {
          if (!l.name) continue;
          if (l.metadata?.regionType && l.metadata.regionType !== 'Physical') continue;
          out.push({
            name: l.name,
            displayName: l.displayName ?? l.name,
            geography: l.metadata?.geographyGroup,
            category: l.metadata?.regionCategory,
          });
        }
      });
      return out.sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0));
    },

    async listPublishers(location, opts) {
      const items = await call(() => images.listPublishers(location, sdk(opts)));
      return items.map((p) => ({ name: p.name, location: p.location })).sort(byName);
    },

    async listOffers(location, publisher, opts) {
      const items = await call(() => images.listOffers(location, publisher, sdk(opts)));
      return items.map((o) => ({ publisher: namesFromId(o.id).publisher ?? publisher, name: o.name, location: o.location })).sort(byName);
    },

    async listSkus(location, publisher, offer, opts) {
      // The SDK's list item model drops `properties`, where Azure puts automaticOSUpgradeProperties.
      const { result: items, raw } = await callWithRawBody((onResponse) => images.listSkus(location, publisher, offer, { ...sdk(opts), onResponse }));
      const autoUpgrade = new Map<string, boolean>();
      if (Array.isArray(raw)) {
        for (const r of raw as { name?: string; properties?: { automaticOSUpgradeProperties?: { automaticOSUpgradeSupported?: boolean } } }[]) {
          if (r.name) autoUpgrade.set(r.name.toLowerCase(), r.properties?.automaticOSUpgradeProperties?.automaticOSUpgradeSupported === true);
        }
      }
      return items
        .map((s) => {
          const n = namesFromId(s.id);
          return {
            publisher: n.publisher ?? publisher,
            offer: n.offer ?? offer,
            name: s.name,
            location: s.location,
            automaticOSUpgradeSupported: autoUpgrade.get(s.name.toLowerCase()) ?? false,
          };
        })
        .sort(byName);
    },

    listVersions,

    async getImage(location, urn, opts) {
      let version = urn.version;
      const wantsLatest = version.toLowerCase() === 'latest';
      if (wantsLatest) {
        const versions = await listVersions(location, urn.publisher, urn.offer, urn.sku, opts);
        const newest = versions[0];
        if (!newest) {
          throw new AzureError(
            'NoImageVersions',
            `The SKU ${urn.publisher}:${urn.offer}:${urn.sku} has no image versions in ${location}.`,
            'notFound',
            404,
            'Try another SKU or region (azimg ls skus / azimg ls versions).',
          );
        }
        version = newest.version;
      }
      const { result: image, raw } = await callWithRawBody((onResponse) =>
        images.get(location, urn.publisher, urn.offer, urn.sku, version, { ...sdk(opts), onResponse }),
      );
      const n = namesFromId(image.id);
      const canonical = {
        publisher: n.publisher ?? urn.publisher,
        offer: n.offer ?? urn.offer,
        sku: n.sku ?? urn.sku,
        version: image.name ?? version,
      };
      return toImageDetails(canonical, location, image, raw as RawImageExtras | undefined, wantsLatest);
    },
  };
}

type RawResponse = { parsedBody?: unknown; bodyAsText?: string | null; body?: unknown };

/**
 * Runs an SDK call (errors mapped as by `call`) and also hands back the JSON body Azure sent,
 * for the fields the SDK's models drop.
 */
async function callWithRawBody<T>(fn: (onResponse: (response: unknown) => void) => Promise<T>): Promise<{ result: T; raw: unknown }> {
  let raw: unknown;
  const result = await call(() =>
    fn((response) => {
      raw = parseRaw(response as RawResponse);
    }),
  );
  return { result, raw };
}

/** The JSON body of a raw SDK response, whichever client generation produced it. */
function parseRaw(response: RawResponse): unknown {
  if (response.parsedBody && typeof response.parsedBody === 'object') return response.parsedBody;
  if (response.body && typeof response.body === 'object') return response.body;
  if (response.bodyAsText) {
    try {
      return JSON.parse(response.bodyAsText) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
