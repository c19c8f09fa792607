/**
 * Every catalog lookup the UI makes, with the cache key it is kept under. Screens and the
 * command line's Tab completion share these, so completing `:pub Cano` after visiting the
 * publisher list costs no request.
 */
import type { CatalogService } from '../domain/services.js';
import type { ImageDetails, ImageVersionSummary, Location, Offer, Publisher, Sku, Urn } from '../domain/types.js';
import { formatUrn } from '../domain/urn.js';
import { cacheKey, type LoadHow } from './data.js';
import { listSkusWithFacts, type SkuWithFacts } from '../domain/list-facts.js';
import type { VersionWithFacts } from '../domain/search.js';
import type { ListOptions } from '../domain/cached-catalog.js';

/**
 * A lookup: what to call it in the cache and how to run it (`signal` stops its requests). The
 * marketplace lists are served from the catalog cache when the session wired one
 * (domain/cached-catalog.ts): `how` asks for a refresh and hears where answers came from.
 */
export interface Query<T> {
  readonly key: string;
  load(signal?: AbortSignal, how?: LoadHow): Promise<T>;
}

/** Call options for a catalog list: the signal, and what the catalog cache is asked. */
const withHow = (signal: AbortSignal | undefined, how: LoadHow | undefined): ListOptions => ({ signal, ...how });

export const queries = {
  locations: (c: CatalogService): Query<Location[]> => ({ key: 'locations', load: (signal) => c.listLocations({ signal }) }),
  publishers: (c: CatalogService, location: string): Query<Publisher[]> => ({
    key: cacheKey('publishers', location),
    load: (signal, how) => c.listPublishers(location, withHow(signal, how)),
  }),
  offers: (c: CatalogService, location: string, publisher: string): Query<Offer[]> => ({
    key: cacheKey('offers', location, publisher),
    load: (signal, how) => c.listOffers(location, publisher, withHow(signal, how)),
  }),
  skus: (c: CatalogService, location: string, publisher: string, offer: string): Query<Sku[]> => ({
    key: cacheKey('skus', location, publisher, offer),
    load: (signal, how) => c.listSkus(location, publisher, offer, withHow(signal, how)),
  }),
  versions: (c: CatalogService, location: string, publisher: string, offer: string, sku: string): Query<ImageVersionSummary[]> => ({
    key: cacheKey('versions', location, publisher, offer, sku),
    load: (signal, how) => c.listVersions(location, publisher, offer, sku, withHow(signal, how)),
  }),
  /** SKUs with each one's newest version and its facts (one version list per SKU, a few at a time). */
  skusWithFacts: (c: CatalogService, location: string, publisher: string, offer: string): Query<SkuWithFacts[]> => ({
    key: cacheKey('skus+facts', location, publisher, offer),
    load: (signal, how) => listSkusWithFacts(c, location, publisher, offer, withHow(signal, how)),
  }),
  /** Versions with their facts, newest first (`$expand=Properties`). */
  versionsWithFacts: (c: CatalogService, location: string, publisher: string, offer: string, sku: string): Query<VersionWithFacts[]> => ({
    key: cacheKey('versions+facts', location, publisher, offer, sku),
    load: (signal, how) => c.listVersionsWithProperties(location, publisher, offer, sku, withHow(signal, how)),
  }),
  image: (c: CatalogService, location: string, urn: Urn): Query<ImageDetails> => ({
    key: cacheKey('image', location, formatUrn(urn)),
    load: (signal) => c.getImage(location, urn, { signal }),
  }),
};
