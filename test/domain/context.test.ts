/** Connection resolution as a table: flags, environment, az profile, remembered config, conflicts, each cloud. */
import { describe, expect, it } from 'vitest';
import { CLOUDS, parseCloud } from '../../src/domain/clouds.js';
import {
  contextKey,
  isSelectable,
  rememberChoice,
  resolveConnection,
  type AzProfileSubscription,
  type ResolveInputs,
  type ResolvedConnection,
  type VisibleSubscription,
} from '../../src/domain/context.js';

const T1 = '72f988bf-0000-4c2d-9e1a-00d0c0ffee00';
const T2 = 'c0ffee00-1111-4c2d-9e1a-00d0c0ffee02';
const PLATFORM = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';
const SANDBOX = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002';
const LEGACY = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0003';
const WARNED = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0004';
const FABRIKAM = '9d3c0a55-7b1e-4f2a-8c6d-0fab41ca0005';
const TWIN_A = '11111111-2222-4333-8444-555555555551';
const TWIN_B = '11111111-2222-4333-8444-555555555552';

const visible: VisibleSubscription[] = [
  { id: PLATFORM, displayName: 'Contoso Platform', state: 'Enabled', tenantId: T1 },
  { id: SANDBOX, displayName: 'Contoso Sandbox', state: 'Enabled', tenantId: T1 },
  { id: LEGACY, displayName: 'Contoso Legacy', state: 'Disabled', tenantId: T1 },
  { id: WARNED, displayName: 'Contoso Trial', state: 'Warned', tenantId: T1 },
  { id: FABRIKAM, displayName: 'Fabrikam Production', state: 'Enabled', tenantId: T2 },
];

const profile: AzProfileSubscription[] = [
  { id: SANDBOX, name: 'Contoso Sandbox', state: 'Enabled', tenantId: T1, isDefault: true, environmentName: 'AzureCloud' },
  { id: PLATFORM, name: 'Contoso Platform', state: 'Enabled', tenantId: T1, isDefault: false, environmentName: 'AzureCloud' },
];

function inputs(over: Partial<ResolveInputs> = {}): ResolveInputs {
  return { flags: {}, env: {}, defaultLocation: 'eastus', ...over };
}

function resolved(i: ResolveInputs): ResolvedConnection {
  const r = resolveConnection(i);
  if (!r.ok) throw new Error(`expected a connection, got: ${r.errors.map((e) => e.message).join(' | ')}`);
  return r.connection;
}

function chosen(i: ResolveInputs): { id: string; source: string } | string {
  const s = resolved(i).subscription;
  return 'id' in s ? { id: s.id, source: s.source } : `picker:${s.listWouldHelp ? 'list' : 'choose'}`;
}

describe('subscription choice, first rule that applies', () => {
  const remembered = { lastSubscription: { [contextKey('AzureCloud')]: PLATFORM } };
  const cases: [string, ResolveInputs, { id: string; source: string } | string][] = [
    ['--subscription id', inputs({ flags: { subscription: SANDBOX }, env: { AZURE_SUBSCRIPTION_ID: PLATFORM } }), { id: SANDBOX, source: 'flag' }],
    ['--subscription id in capitals is normalised', inputs({ flags: { subscription: SANDBOX.toUpperCase() } }), { id: SANDBOX, source: 'flag' }],
    ['--subscription name against the visible list', inputs({ flags: { subscription: 'contoso sandbox' }, visible }), { id: SANDBOX, source: 'flag' }],
    ['--subscription name found in the az profile before listing', inputs({ flags: { subscription: 'Contoso Platform' }, azProfile: profile }), { id: PLATFORM, source: 'flag' }],
    ['--subscription name with nothing known: list first', inputs({ flags: { subscription: 'Contoso Sandbox' } }), 'picker:list'],
    ['AZURE_SUBSCRIPTION_ID beats remembered and az', inputs({ env: { AZURE_SUBSCRIPTION_ID: FABRIKAM }, remembered, azProfile: profile }), { id: FABRIKAM, source: 'env' }],
    ['remembered beats the az default', inputs({ remembered, azProfile: profile, visible }), { id: PLATFORM, source: 'remembered' }],
    ['az default when nothing is remembered', inputs({ azProfile: profile, visible }), { id: SANDBOX, source: 'az-cli' }],
    ['az default without the list yet', inputs({ azProfile: profile }), { id: SANDBOX, source: 'az-cli' }],
    [
      'remembered one gone: falls to the az default',
      inputs({ remembered: { lastSubscription: { [contextKey('AzureCloud')]: TWIN_A } }, azProfile: profile, visible }),
      { id: SANDBOX, source: 'az-cli' },
    ],
    [
      'remembered one disabled since: falls through',
      inputs({ remembered: { lastSubscription: { [contextKey('AzureCloud')]: LEGACY } }, azProfile: profile, visible }),
      { id: SANDBOX, source: 'az-cli' },
    ],
    ['remembered under another tenant does not apply', inputs({ flags: { tenant: T2 }, remembered, visible }), { id: FABRIKAM, source: 'only-visible' }],
    [
      'remembered per tenant',
      inputs({ flags: { tenant: T2 }, remembered: { lastSubscription: { [contextKey('AzureCloud', T2)]: FABRIKAM } }, visible }),
      { id: FABRIKAM, source: 'remembered' },
    ],
    ['az default of another cloud is ignored', inputs({ flags: { cloud: 'AzureChinaCloud' }, azProfile: profile }), 'picker:list'],
    ['the only selectable one (disabled and warned do not count)', inputs({ visible: visible.filter((v) => v.id !== SANDBOX && v.id !== FABRIKAM) }), { id: PLATFORM, source: 'only-visible' }],
    ['several: the picker', inputs({ visible }), 'picker:choose'],
    ['nothing known yet: list, then decide', inputs(), 'picker:list'],
  ];
  it.each(cases)('%s', (_name, i, want) => {
    expect(chosen(i)).toEqual(want);
  });

  it('reports where the subscription came from and its tenant', () => {
    const c = resolved(inputs({ flags: { subscription: 'Fabrikam Production' }, visible }));
    expect(c.subscription).toMatchObject({ id: FABRIKAM, name: 'Fabrikam Production', tenantId: T2 });
    expect(c.tenant).toEqual({ id: T2, source: 'subscription' });
    expect(c.rememberKey).toBe('AzureCloud|*');
  });

  it('warns when a remembered subscription is no longer usable', () => {
    const c = resolved(inputs({ remembered: { lastSubscription: { 'AzureCloud|*': LEGACY } }, visible }));
    expect(c.warnings.join(' ')).toMatch(/Contoso Legacy.*Disabled/);
  });

  it('warns, but goes on, when told to use a warned subscription', () => {
    const c = resolved(inputs({ flags: { subscription: WARNED }, visible }));
    expect(c.subscription).toMatchObject({ id: WARNED, source: 'flag' });
    expect(c.warnings.join(' ')).toMatch(/Warned/);
  });
});

describe('errors and conflicts, each a line saying what to do', () => {
  const cases: [string, ResolveInputs, string, RegExp][] = [
    ['unknown cloud', inputs({ flags: { cloud: 'AzureGermanCloud' } }), 'UnknownCloud', /Unknown cloud 'AzureGermanCloud'.*AzureCloud, AzureChinaCloud, AzureUSGovernment/],
    ['--cloud vs an endpoint of another cloud', inputs({ flags: { cloud: 'AzureCloud', armEndpoint: 'https://management.chinacloudapi.cn/' } }), 'ConflictingCloud', /different clouds/],
    ['--cloud vs a private endpoint', inputs({ flags: { cloud: 'AzureUSGovernment', armEndpoint: 'https://arm.contoso.internal' } }), 'ConflictingCloud', /Give one of them/],
    ['AZIMG_CLOUD vs AZIMG_ARM_ENDPOINT', inputs({ env: { AZIMG_CLOUD: 'china', AZIMG_ARM_ENDPOINT: 'https://management.azure.com' } }), 'ConflictingCloud', /AZIMG_CLOUD/],
    ['plain http endpoint', inputs({ flags: { armEndpoint: 'http://127.0.0.1:8443' } }), 'InvalidEndpoint', /https/],
    ['not a URL', inputs({ flags: { armEndpoint: 'management azure com' } }), 'InvalidEndpoint', /not a URL/],
    ['http authority host', inputs({ flags: { authorityHost: 'http://login.contoso' } }), 'InvalidEndpoint', /--authority-host.*https/],
    ['tenant with odd characters', inputs({ flags: { tenant: 'contoso/evil' } }), 'InvalidTenant', /not a tenant id or domain/],
    ['location with odd characters', inputs({ flags: { location: 'east-us!' } }), 'InvalidLocation', /azimg ls locations/],
    ['id not visible', inputs({ flags: { subscription: TWIN_A }, visible }), 'SubscriptionNotFound', /not among the 5 subscription\(s\)/],
    ['name not visible', inputs({ flags: { subscription: 'Nope' }, visible }), 'SubscriptionNotFound', /No subscription named 'Nope'/],
    [
      'two with one name',
      inputs({
        flags: { subscription: 'Shared' },
        visible: [
          { id: TWIN_A, displayName: 'Shared', state: 'Enabled', tenantId: T1 },
          { id: TWIN_B, displayName: 'Shared', state: 'Enabled', tenantId: T1 },
        ],
      }),
      'AmbiguousSubscription',
      new RegExp(`${TWIN_A}, ${TWIN_B}.*Give --subscription the id`),
    ],
    ['disabled by name', inputs({ flags: { subscription: 'Contoso Legacy' }, visible }), 'SubscriptionNotUsable', /is Disabled/],
    ['subscription in another tenant than --tenant', inputs({ flags: { subscription: FABRIKAM, tenant: T1 }, visible }), 'SubscriptionInOtherTenant', new RegExp(`belongs to tenant ${T2}`)],
    ['AZURE_TENANT_ID vs AZURE_SUBSCRIPTION_ID', inputs({ env: { AZURE_SUBSCRIPTION_ID: FABRIKAM, AZURE_TENANT_ID: T1 }, visible }), 'SubscriptionInOtherTenant', /AZURE_SUBSCRIPTION_ID/],
    ['none visible', inputs({ visible: [] }), 'NoSubscriptions', /can see no subscriptions/],
    ['only disabled ones', inputs({ visible: visible.filter((v) => v.id === LEGACY) }), 'NoSubscriptions', /Contoso Legacy: Disabled/],
  ];
  it.each(cases)('%s', (_name, i, code, message) => {
    const r = resolveConnection(i);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]!.code).toBe(code);
    expect(r.errors[0]!.message).toMatch(message);
    expect(r.errors[0]!.message).not.toMatch(/\n/);
  });

  it('sanitizes names from Azure in messages', () => {
    const r = resolveConnection(inputs({ flags: { subscription: 'Evil\u001b]52;c;x\u0007' }, visible }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toContain('Evil\\e]52;c;x\\x07');
  });
});

describe('each cloud', () => {
  const cases: [string, Partial<ResolveInputs>, { cloud: string; arm: string; authority: string; scope: string }][] = [
    ['default', {}, { cloud: 'AzureCloud', arm: 'https://management.azure.com', authority: 'https://login.microsoftonline.com', scope: 'https://management.azure.com/.default' }],
    [
      '--cloud azurechinacloud',
      { flags: { cloud: 'azurechinacloud' } },
      { cloud: 'AzureChinaCloud', arm: 'https://management.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn', scope: 'https://management.chinacloudapi.cn/.default' },
    ],
    [
      '--cloud AzureUSGovernment',
      { flags: { cloud: 'AzureUSGovernment' } },
      { cloud: 'AzureUSGovernment', arm: 'https://management.usgovcloudapi.net', authority: 'https://login.microsoftonline.us', scope: 'https://management.usgovcloudapi.net/.default' },
    ],
    [
      'AZIMG_CLOUD',
      { env: { AZIMG_CLOUD: 'AzureUSGovernment' } },
      { cloud: 'AzureUSGovernment', arm: 'https://management.usgovcloudapi.net', authority: 'https://login.microsoftonline.us', scope: 'https://management.usgovcloudapi.net/.default' },
    ],
    [
      'a known endpoint means its cloud',
      { flags: { armEndpoint: 'https://management.chinacloudapi.cn/' } },
      { cloud: 'AzureChinaCloud', arm: 'https://management.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn', scope: 'https://management.chinacloudapi.cn/.default' },
    ],
    [
      'private endpoint: its own scope, public sign-in unless told',
      { flags: { armEndpoint: 'https://127.0.0.1:8443/' } },
      { cloud: 'custom', arm: 'https://127.0.0.1:8443', authority: 'https://login.microsoftonline.com', scope: 'https://127.0.0.1:8443/.default' },
    ],
    [
      'private endpoint and --authority-host',
      { flags: { armEndpoint: 'https://arm.contoso.internal', authorityHost: 'https://login.contoso.internal/' } },
      { cloud: 'custom', arm: 'https://arm.contoso.internal', authority: 'https://login.contoso.internal', scope: 'https://arm.contoso.internal/.default' },
    ],
    [
      'AZIMG_ARM_ENDPOINT and AZURE_AUTHORITY_HOST',
      { env: { AZIMG_ARM_ENDPOINT: 'https://127.0.0.1:9443', AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9444' } },
      { cloud: 'custom', arm: 'https://127.0.0.1:9443', authority: 'https://127.0.0.1:9444', scope: 'https://127.0.0.1:9443/.default' },
    ],
    [
      'flags win over the environment',
      { flags: { cloud: 'AzureCloud' }, env: { AZIMG_ARM_ENDPOINT: 'https://127.0.0.1:9443' } },
      { cloud: 'AzureCloud', arm: 'https://management.azure.com', authority: 'https://login.microsoftonline.com', scope: 'https://management.azure.com/.default' },
    ],
  ];
  it.each(cases)('%s', (_name, over, want) => {
    const c = resolved(inputs(over));
    expect({ cloud: c.cloud.name, arm: c.armEndpoint, authority: c.authorityHost, scope: c.scope }).toEqual(want);
  });

  it('remembers per cloud: the public cloud key does not apply in China', () => {
    const remembered = { lastSubscription: { [contextKey('AzureCloud')]: PLATFORM } };
    expect(chosen(inputs({ remembered, flags: { cloud: 'AzureChinaCloud' } }))).toBe('picker:list');
    const china = { lastSubscription: { [contextKey('AzureChinaCloud')]: SANDBOX } };
    expect(chosen(inputs({ remembered: china, flags: { cloud: 'AzureChinaCloud' } }))).toEqual({ id: SANDBOX, source: 'remembered' });
  });

  it('parses cloud names case-insensitively and every table entry round-trips', () => {
    for (const c of Object.values(CLOUDS)) {
      const p = parseCloud(c.name.toUpperCase());
      expect(p.ok && p.cloud.name).toBe(c.name);
      expect(c.scope).toBe(`${c.armEndpoint}/.default`);
    }
  });
});

describe('location', () => {
  const cases: [string, Partial<ResolveInputs>, { name: string; source: string }][] = [
    ['--location, spaces and case forgiven', { flags: { location: 'West Europe' }, env: { AZIMG_LOCATION: 'japaneast' } }, { name: 'westeurope', source: 'flag' }],
    ['AZIMG_LOCATION', { env: { AZIMG_LOCATION: 'japaneast' }, remembered: { lastSubscription: {}, lastLocation: 'uksouth' } }, { name: 'japaneast', source: 'env' }],
    ['remembered', { remembered: { lastSubscription: {}, lastLocation: 'uksouth' } }, { name: 'uksouth', source: 'remembered' }],
    ['a damaged remembered value is skipped', { remembered: { lastSubscription: {}, lastLocation: '../../etc' } }, { name: 'eastus', source: 'default' }],
    ['default', {}, { name: 'eastus', source: 'default' }],
  ];
  it.each(cases)('%s', (_name, over, want) => {
    expect(resolved(inputs(over)).location).toEqual(want);
  });
});

describe('remembering', () => {
  it('keeps other contexts and the last location', () => {
    const a = rememberChoice(undefined, contextKey('AzureCloud'), PLATFORM, 'westeurope');
    const b = rememberChoice(a, contextKey('AzureCloud', T2), FABRIKAM);
    expect(b).toEqual({ lastSubscription: { 'AzureCloud|*': PLATFORM, [`AzureCloud|${T2}`]: FABRIKAM }, lastLocation: 'westeurope' });
  });

  it('tells which states the picker may choose', () => {
    expect(['Enabled', 'PastDue', 'Warned', 'Disabled', 'Deleted'].map(isSelectable)).toEqual([true, true, false, false, false]);
  });
});
