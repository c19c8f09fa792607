/** PLACEHOLDER: replaced by the marketplace catalog (issue 2). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Catalog {}
export function createCatalog(): Catalog {
  return {};
}
