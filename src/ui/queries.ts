/**
 * Every catalog lookup the UI makes, with the cache key it is kept under. Screens and the
 * command line's Tab completion share these, so completing `:pub Cano` after visiting the
 * publisher list costs no request.
 */
import type { CatalogService } from '../domain/services.js';
import type { ImageDetails, ImageVersionSummary, Location, Offer, Publisher, Sku, Urn } from '../domain/types.js';
import { formatUrn } from '../domain/urn.js';
import { cacheKey } from './data.js';
import { listSkusWithFacts, type SkuWithFacts } from '../domain/list-facts.js';
import type { VersionWithFacts } from '../domain/search.js';

/** A lookup: what to call it in the cache and how to run it (`signal` stops its requests). */
export interface Query<T> {
  readonly key: string;
  load(signal?: AbortSignal): Promise<T>;
}

export const queries = {
  locations: (c: CatalogService): Query<Location[]> => ({ key: 'locations', load: (signal) => c.listLocations({ signal }) }),
  publishers: (c: CatalogService, location: string): Query<Publisher[]> => ({
    key: cacheKey('publishers', location),
    load: (signal) => c.listPublishers(location, { signal }),
  }),
  offers: (c: CatalogService, location: string, publisher: string): Query<Offer[]> => ({
    key: cacheKey('offers', location, publisher),
    load: (signal) => c.listOffers(location, publisher, { signal }),
  }),
  skus: (c: CatalogService, location: string, publisher: string, offer: string): Query<Sku[]> => ({
    key: cacheKey('skus', location, publisher, offer),
    load: (signal) => c.listSkus(location, publisher, offer, { signal }),
  }),
  versions: (c: CatalogService, location: string, publisher: string, offer: string, sku: string): Query<ImageVersionSummary[]> => ({
    key: cacheKey('versions', location, publisher, offer, sku),
    load: (signal) => c.listVersions(location, publisher, offer, sku, { signal }),
  }),
  /** SKUs with each one's newest version and its facts (one version list per SKU, a few at a time). */
  skusWithFacts: (c: CatalogService, location: string, publisher: string, offer: string): Query<SkuWithFacts[]> => ({
    key: cacheKey('skus+facts', location, publisher, offer),
    load: (signal) => listSkusWithFacts(c, location, publisher, offer, { signal }),
  }),
  /** Versions with their facts, newest first (`$expand=Properties`). */
  versionsWithFacts: (c: CatalogService, location: string, publisher: string, offer: string, sku: string): Query<VersionWithFacts[]> => ({
    key: cacheKey('versions+facts', location, publisher, offer, sku),
    load: (signal) => c.listVersionsWithProperties(location, publisher, offer, sku, { signal }),
  }),
  image: (c: CatalogService, location: string, urn: Urn): Query<ImageDetails> => ({
    key: cacheKey('image', location, formatUrn(urn)),
    load: (signal) => c.getImage(location, urn, { signal }),
  }),
};
