/**
 * Marketplace terms over @azure/arm-marketplaceordering: `get` reads the plan's terms and whether
 * this subscription accepted them; accepting is what `az vm image terms accept` does (read the
 * terms, then PUT them back with `accepted: true`). The client shares the connection's pipeline
 * (token, origin pin, read-only guard, retries, timeouts), so it behaves as every other call.
 */
import type { AgreementTerms, MarketplaceOrderingAgreements } from '@azure/arm-marketplaceordering';
import { readOnlyRefusal } from '../domain/errors.js';
import type { PlanTerms, TermsService } from '../domain/terms.js';
import type { PurchasePlan } from '../domain/types.js';
import type { ArmClients } from './connection.js';
import { call } from './errors.js';

const OFFER_TYPE = 'virtualmachine';

function toPlanTerms(plan: PurchasePlan, t: AgreementTerms): PlanTerms {
  return {
    plan: { publisher: t.publisher ?? plan.publisher, product: t.product ?? plan.product, name: t.plan ?? plan.name },
    accepted: t.accepted === true,
    retrievedAt: t.retrieveDatetime,
    licenseTextLink: t.licenseTextLink,
    privacyPolicyLink: t.privacyPolicyLink,
    marketplaceTermsLink: t.marketplaceTermsLink,
  };
}

export function createTermsService(clients: ArmClients): TermsService {
  // The token comes from the shared pipeline's bearer policy; this credential is never asked.
  const unused = { getToken: async () => null };
  // Loaded on first use: most commands never read terms, and start-up should not pay for the client.
  let loading: Promise<MarketplaceOrderingAgreements['marketplaceAgreements']> | undefined;
  const load = () =>
    (loading ??= import('@azure/arm-marketplaceordering').then((m) => {
      // A CommonJS package: in the bundle its exports arrive as the namespace's default (the test's
      // azimg terms runs catch that; vitest's loader gives them by name).
      const Client = m.MarketplaceOrderingAgreements ?? (m as unknown as { default: typeof m }).default.MarketplaceOrderingAgreements;
      return new Client(unused, clients.subscriptionId, {
          $host: clients.armEndpoint,
          endpoint: clients.armEndpoint,
          pipeline: clients.subscriptions.pipeline,
        }).marketplaceAgreements;
    }));
  return {
    async getTerms(plan, opts) {
      const agreements = await load();
      const t = await call(() => agreements.get(OFFER_TYPE, plan.publisher, plan.product, plan.name, { abortSignal: opts?.signal }));
      return toPlanTerms(plan, t);
    },
    async acceptTerms(plan, opts) {
      if (clients.readOnly) throw readOnlyRefusal(`the terms of plan ${plan.publisher}/${plan.product}/${plan.name} were not accepted`);
      const agreements = await load();
      const current = await call(() => agreements.get(OFFER_TYPE, plan.publisher, plan.product, plan.name, { abortSignal: opts?.signal }));
      if (current.accepted) return toPlanTerms(plan, current);
      const signed = await call(() =>
        agreements.create(OFFER_TYPE, plan.publisher, plan.product, plan.name, { ...current, accepted: true }, { abortSignal: opts?.signal }),
      );
      return toPlanTerms(plan, signed);
    },
  };
}
