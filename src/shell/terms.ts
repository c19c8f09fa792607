/**
 * `azimg terms show|accept URN`: the marketplace terms of an image's purchase plan, and whether
 * this subscription has accepted them; `accept` accepts them (a write: refused under --read-only).
 */
import { AzureError } from '../domain/errors.js';
import { checkConnection } from '../domain/names.js';
import type { Services } from '../domain/services.js';
import { termsFacts } from '../domain/facts.js';
import type { ImageDetails, Urn } from '../domain/types.js';
import { formatUrn } from '../domain/urn.js';
import { json, safe, sheet, type Output } from './output.js';

export interface TermsArgs {
  action: 'show' | 'accept';
  urn: Urn;
  location: string;
  json: boolean;
}

export async function runTerms(services: Services, args: TermsArgs, output: Output): Promise<number> {
  checkConnection({ subscriptionId: services.connection.subscriptionId, location: args.location });
  const terms = services.terms;
  if (!terms) throw new AzureError('TermsUnavailable', 'This connection cannot read marketplace terms.', 'other');
  const img: ImageDetails = await services.catalog.getImage(args.location, args.urn);
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
  // The same facts the image page shows in its Plan section (domain termsFacts).
  const plan = `${result.plan.publisher} / ${result.plan.product} / ${result.plan.name}`;
  const rows: [string, string][] = [['Plan', plan], ...termsFacts(result, `azimg terms accept ${urn}`).map((f): [string, string] => [f.label, f.value])];
  let text = `${safe(urn)}\n${sheet(rows)}`;
  if (args.action === 'accept') text += before.accepted ? '\nThe terms were already accepted; nothing was changed.\n' : '\nAccepted: VMs in this subscription can now be created from this plan.\n';
  else if (!result.accepted) text += `\nTo accept them: azimg terms accept ${safe(urn)}\n`;
  output.out(text);
  return 0;
}
