/**
 * Marketplace terms: an image with a purchase plan can only be deployed once its plan's terms
 * are accepted in the subscription (Microsoft.MarketplaceOrdering agreements).
 */
import type { CallOptions } from './services.js';
import type { PurchasePlan } from './types.js';

/** The terms of one plan and whether this subscription accepted them. */
export interface PlanTerms {
  /** The plan as Azure spells it (publisher, product = offer, name = plan). */
  plan: PurchasePlan;
  accepted: boolean;
  /** When they were accepted (ISO), or when they were read if not accepted. */
  retrievedAt?: string;
  licenseTextLink?: string;
  privacyPolicyLink?: string;
  marketplaceTermsLink?: string;
}

export interface TermsService {
  /** The plan's terms and whether they are accepted here. */
  getTerms(plan: PurchasePlan, opts?: CallOptions): Promise<PlanTerms>;
  /** Accepts the terms in this subscription (a write: refused with `ReadOnlyMode` under --read-only). */
  acceptTerms(plan: PurchasePlan, opts?: CallOptions): Promise<PlanTerms>;
}
