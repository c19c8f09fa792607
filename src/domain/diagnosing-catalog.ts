/**
 * The one place a wrong marketplace name gets explained. {@link withDiagnosis} wraps a
 * CatalogService so that every failed lookup (a 404 or 400 from Azure) comes back as the same
 * AzureError with a hint naming the first level that does not exist and the closest names
 * ("Closest: ubuntu-24_04-lts, ubuntu-26_04-lts"). The entry points wire it once, where the
 * services are made; the shell, the TUI and `--json` errors then all carry the same words.
 *
 * Also here: how a browse target is read (`azimg browse Ubuntu2404`, `:show Ubuntu2404`), with
 * the az CLI's aliases resolved the way `azimg show` resolves them.
 */
import { explainCatalogError, type CatalogTarget } from './diagnose.js';
import type { CatalogService } from './services.js';
import { parseUrnPrefix, resolveAlias, type UrnPrefix } from './urn.js';

const DIAGNOSED = Symbol('azimg.diagnosed');

type Diagnosed = CatalogService & { readonly [DIAGNOSED]: true };

function isDiagnosed(c: CatalogService): c is Diagnosed {
  return (c as Partial<Diagnosed>)[DIAGNOSED] === true;
}

/**
 * The same catalog, whose failures say which part of the name is wrong. Wrapping twice is the
 * same as wrapping once (the walk down the catalog is never done twice for one failure). The
 * walk itself uses the unwrapped catalog, so it never explains its own lookups.
 */
export function withDiagnosis(catalog: CatalogService): CatalogService {
  if (isDiagnosed(catalog)) return catalog;
  const explained = async <T>(location: string, target: CatalogTarget, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw await explainCatalogError(catalog, location, target, e);
    }
  };
  const wrapped: Diagnosed = {
    [DIAGNOSED]: true,
    // Nothing to name in a list of locations: its failures are Azure's own.
    listLocations: (opts) => catalog.listLocations(opts),
    listPublishers: (location, opts) => explained(location, {}, () => catalog.listPublishers(location, opts)),
    listOffers: (location, publisher, opts) => explained(location, { publisher }, () => catalog.listOffers(location, publisher, opts)),
    listSkus: (location, publisher, offer, opts) => explained(location, { publisher, offer }, () => catalog.listSkus(location, publisher, offer, opts)),
    listVersions: (location, publisher, offer, sku, opts) =>
      explained(location, { publisher, offer, sku }, () => catalog.listVersions(location, publisher, offer, sku, opts)),
    getImage: (location, urn, opts) => explained(location, urn, () => catalog.getImage(location, urn, opts)),
    listVersionsWithProperties: (location, publisher, offer, sku, opts) =>
      explained(location, { publisher, offer, sku }, () => catalog.listVersionsWithProperties(location, publisher, offer, sku, opts)),
    // A search names no single image: nothing to diagnose.
    searchCatalog: (text, filters, opts) => catalog.searchCatalog(text, filters, opts),
  };
  return wrapped;
}

/**
 * What `azimg browse X` and `:show X` open: a URN prefix (`Canonical:ubuntu-24_04-lts`), or one
 * of the az CLI's image aliases (`Ubuntu2404` → `Canonical:ubuntu-24_04-lts:server:latest`), as
 * `azimg show` reads them. One word that is spelled like the publisher its alias points to
 * (`Debian`) names the publisher: browsing a publisher is what a one-word prefix means.
 */
export function parseBrowseTarget(input: string): UrnPrefix {
  const text = input.trim();
  if (!text.includes(':')) {
    const alias = resolveAlias(text);
    if (alias && alias.urn.publisher.toLowerCase() !== text.toLowerCase()) return { ...alias.urn };
  }
  return parseUrnPrefix(text);
}
