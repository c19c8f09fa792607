/**
 * `azimg terms show|accept URN`: the marketplace terms of an image's purchase plan, and whether
 * this subscription has accepted them; `accept` accepts them (a write: refused under --read-only).
 */
import { explainCatalogError } from '../domain/diagnose.js';
import { AzureError } from '../domain/errors.js';
import { checkConnection } from '../domain/names.js';
import type { Services } from '../domain/services.js';
import type { PlanTerms } from '../domain/terms.js';
import type { ImageDetails, Urn } from '../domain/types.js';
import { formatUrn } from '../domain/urn.js';
import { json, safe, sheet, type Output } from './output.js';

export interface TermsArgs {
  action: 'show' | 'accept';
  urn: Urn;
  location: string;
  json: boolean;
}

/** Label/value rows of a plan's terms, for the shell and the TUI alike. */
export function termsFacts(t: PlanTerms): [string, string][] {
  return [
    ['Plan', `${t.plan.publisher} / ${t.plan.product} / ${t.plan.name}`],
    ['Accepted', t.accepted ? `yes, in this subscription${t.retrievedAt ? ` (${t.retrievedAt.slice(0, 10)})` : ''}` : 'no'],
    ['License', t.licenseTextLink ?? 'not given'],
    ['Privacy policy', t.privacyPolicyLink ?? 'not given'],
    ['Marketplace terms', t.marketplaceTermsLink ?? 'not given'],
  ];
}

export async function runTerms(services: Services, args: TermsArgs, output: Output): Promise<number> {
  checkConnection({ subscriptionId: services.connection.subscriptionId, location: args.location });
  const terms = services.terms;
  if (!terms) throw new AzureError('TermsUnavailable', 'This connection cannot read marketplace terms.', 'other');
  let img: ImageDetails;
  try {
    img = await services.catalog.getImage(args.location, args.urn);
  } catch (e) {
    throw await explainCatalogError(services.catalog, args.location, args.urn, e);
  }
  const urn = formatUrn(img.urn);
  if (!img.plan) {
    if (args.json) output.out(json({ urn, plan: null, accepted: null }));
    else output.out(`${safe(urn)} has no purchase plan: there are no terms to accept.`);
    return 0;
  }
  const before = await terms.getTerms(img.plan);
  const result = args.action === 'accept' && !before.accepted ? await terms.acceptTerms(img.plan) : before;
  if (args.json) {
    output.out(json({ urn, ...result }));
    return 0;
  }
  let text = `${safe(urn)}\n${sheet(termsFacts(result).map(([k, v]) => [k, safe(v)]))}`;
  if (args.action === 'accept') text += before.accepted ? '\nThe terms were already accepted; nothing was changed.\n' : '\nAccepted: VMs in this subscription can now be created from this plan.\n';
  else if (!result.accepted) text += `\nTo accept them: azimg terms accept ${safe(urn)}\n`;
  output.out(text);
  return 0;
}
