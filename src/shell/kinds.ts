/** What `azimg ls` lists. Its own module so the entry point can name the choices without loading the catalog commands. */
export const LIST_KINDS = ['locations', 'publishers', 'offers', 'skus', 'versions'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
