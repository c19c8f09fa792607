/**
 * The directories (Microsoft Entra tenants) and subscriptions of the emulated world: a home
 * tenant with an enabled, a second enabled, a disabled and a warned subscription, and a guest
 * tenant with one more — what the picker, `azimg subscriptions ls` and the resolution rules meet
 * on a real account. Shapes follow `GET /tenants` and `GET /subscriptions` (api-version 2022-12-01).
 */

export interface TenantRecord {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  /** `Home` for the signed-in user's own directory, `ProjectedBy` for one they are a guest in. */
  tenantCategory: 'Home' | 'ProjectedBy' | 'ManagedBy';
  countryCode: string;
}

export interface SubscriptionRecord {
  subscriptionId: string;
  displayName: string;
  state: 'Enabled' | 'Warned' | 'PastDue' | 'Disabled';
  tenantId: string;
  /** Regions `GET /subscriptions/{id}/locations` lists; every region of the world when absent. */
  locations?: readonly string[];
  /** `subscriptionPolicies.quotaId`: the offer the subscription was created under. */
  quotaId?: string;
}

export const DEMO_TENANT_ID = '72f988bf-0000-4c2d-9e1a-00d0c0ffee00';
export const GUEST_TENANT_ID = 'c0ffee00-1111-4c2d-9e1a-00d0c0ffee02';
/** The demo subscription everyone sees first. */
export const DEMO_SUBSCRIPTION_ID = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';

export function demoTenants(): TenantRecord[] {
  return [
    { tenantId: DEMO_TENANT_ID, displayName: 'Contoso (demo)', defaultDomain: 'contoso-demo.onmicrosoft.com', tenantCategory: 'Home', countryCode: 'US' },
    { tenantId: GUEST_TENANT_ID, displayName: 'Fabrikam (demo)', defaultDomain: 'fabrikam-demo.onmicrosoft.com', tenantCategory: 'ProjectedBy', countryCode: 'DE' },
  ];
}

export function demoSubscriptions(): SubscriptionRecord[] {
  return [
    { subscriptionId: DEMO_SUBSCRIPTION_ID, displayName: 'Contoso Platform (demo)', state: 'Enabled', tenantId: DEMO_TENANT_ID, quotaId: 'EnterpriseAgreement_2014-09-01' },
    {
      subscriptionId: '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002',
      displayName: 'Contoso Sandbox (demo)',
      state: 'Enabled',
      tenantId: DEMO_TENANT_ID,
      // A sandbox limited to a few regions, as Azure Policy or an offer restriction leaves it.
      locations: ['eastus', 'westus2', 'westeurope', 'northeurope', 'uksouth'],
      quotaId: 'MSDN_2014-09-01',
    },
    {
      subscriptionId: '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0003',
      displayName: 'Contoso Legacy (demo)',
      state: 'Disabled',
      tenantId: DEMO_TENANT_ID,
      quotaId: 'PayAsYouGo_2014-09-01',
    },
    {
      subscriptionId: '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0004',
      displayName: 'Contoso Trial (demo)',
      state: 'Warned',
      tenantId: DEMO_TENANT_ID,
      locations: ['eastus', 'westeurope'],
      quotaId: 'FreeTrial_2014-09-01',
    },
    {
      subscriptionId: '9d3c0a55-7b1e-4f2a-8c6d-0fab41ca0005',
      displayName: 'Fabrikam Production (demo)',
      state: 'Enabled',
      tenantId: GUEST_TENANT_ID,
      locations: ['westeurope', 'northeurope', 'germanywestcentral', 'francecentral', 'swedencentral'],
      quotaId: 'EnterpriseAgreement_2014-09-01',
    },
  ];
}
