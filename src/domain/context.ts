/**
 * Which cloud, tenant, subscription and location a run uses, decided from everything the user
 * said or left behind: flags, environment, what azimg remembered, the az CLI's profile, and the
 * subscriptions the credential can see. Pure: the caller reads files and calls Azure, this file
 * only applies the rules, so every case is a table row in test/domain/context.test.ts.
 *
 * Subscription, first that applies: `--subscription` (name or id) > `AZURE_SUBSCRIPTION_ID` >
 * remembered by azimg (per cloud + tenant) > the az CLI's default (`isDefault` in
 * azureProfile.json) > the only selectable one the credential can see > the picker.
 */
import { CLOUDS, cloudOfArmEndpoint, parseCloud, type Cloud, type CloudName } from './clouds.js';
import { sanitize } from './text.js';

export interface ConnectionFlags {
  subscription?: string;
  tenant?: string;
  cloud?: string;
  armEndpoint?: string;
  authorityHost?: string;
  location?: string;
}

/** What azimg remembers between runs (src/store/config.ts keeps it in a file). */
export interface RememberedContext {
  /** Last subscription id per {@link contextKey} (cloud + tenant). */
  lastSubscription: Record<string, string>;
  lastLocation?: string;
}

/** One entry of the az CLI's `azureProfile.json`, as src/store/config.ts reads it. */
export interface AzProfileSubscription {
  id: string;
  name: string;
  state: string;
  tenantId: string;
  isDefault: boolean;
  /** `AzureCloud`, `AzureChinaCloud`, `AzureUSGovernment` or a registered custom cloud's name. */
  environmentName: string;
}

/** A subscription the credential can see (from `GET /subscriptions`). */
export interface VisibleSubscription {
  id: string;
  displayName: string;
  /** `Enabled`, `Warned`, `PastDue`, `Disabled`, `Deleted`, … */
  state: string;
  tenantId?: string;
}

/** A directory the signed-in identity belongs to (`GET /tenants`). */
export interface Tenant {
  id: string;
  displayName: string;
  defaultDomain?: string;
  /** `Home`, `ProjectedBy` (guest), `ManagedBy`. */
  category?: string;
}

export interface ResolveInputs {
  flags: ConnectionFlags;
  /** `process.env` or a test's table: AZURE_SUBSCRIPTION_ID, AZURE_TENANT_ID, AZIMG_CLOUD, AZIMG_ARM_ENDPOINT, AZIMG_AUTHORITY_HOST, AZURE_AUTHORITY_HOST, AZIMG_LOCATION. */
  env: Readonly<Record<string, string | undefined>>;
  remembered?: RememberedContext;
  /** The az CLI profile's subscriptions, when the file was found. */
  azProfile?: readonly AzProfileSubscription[];
  /** The subscriptions the credential can see, when already listed. See {@link SubscriptionPending.listWouldHelp}. */
  visible?: readonly VisibleSubscription[];
  /** Location when nothing names one (the app's default region). */
  defaultLocation: string;
}

export type SubscriptionSource = 'flag' | 'env' | 'remembered' | 'az-cli' | 'only-visible' | 'picker';
export type LocationSource = 'flag' | 'env' | 'remembered' | 'default';
export type TenantSource = 'flag' | 'env' | 'subscription';

export interface ChosenSubscription {
  id: string;
  /** Display name when known (visible list or az profile); sanitized. */
  name?: string;
  state?: string;
  tenantId?: string;
  source: SubscriptionSource;
}

export interface SubscriptionPending {
  needsPicker: true;
  /** One line for the user: why no subscription was chosen. */
  reason: string;
  /**
   * True when `visible` was not given and knowing it could still settle the choice (a name to
   * look up, or the only visible one): list the subscriptions and resolve again before showing a picker.
   */
  listWouldHelp: boolean;
}

export interface ResolvedConnection {
  cloud: { name: CloudName | 'custom'; displayName: string };
  armEndpoint: string;
  authorityHost: string;
  /** Token scope for ARM (`…/.default`). */
  scope: string;
  tenant?: { id: string; source: TenantSource };
  subscription: ChosenSubscription | SubscriptionPending;
  location: { name: string; source: LocationSource };
  /** The key the subscription is remembered under: {@link contextKey} of this cloud and tenant. */
  rememberKey: string;
  /** Things the user should know but that did not stop the run (e.g. a remembered subscription gone). */
  warnings: string[];
}

export type ResolveErrorCode =
  | 'UnknownCloud'
  | 'ConflictingCloud'
  | 'InvalidEndpoint'
  | 'InvalidTenant'
  | 'InvalidLocation'
  | 'SubscriptionNotFound'
  | 'AmbiguousSubscription'
  | 'SubscriptionNotUsable'
  | 'SubscriptionInOtherTenant'
  | 'NoSubscriptions';

export interface ResolveError {
  code: ResolveErrorCode;
  /** One line: what is wrong and what to do. */
  message: string;
}

export type Resolution = { ok: true; connection: ResolvedConnection } | { ok: false; errors: ResolveError[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What @azure/identity accepts as a tenant: a GUID or a domain (`contoso.onmicrosoft.com`). */
const TENANT = /^[0-9a-zA-Z.-]+$/;

export function isSubscriptionId(text: string): boolean {
  return GUID.test(text.trim());
}

/** Can the picker offer it? Disabled, warned, deleted or expired subscriptions are shown but not chosen. */
export function isSelectable(state: string | undefined): boolean {
  const s = (state ?? '').toLowerCase();
  return s === 'enabled' || s === 'pastdue';
}

/** `{cloud or endpoint}|{tenant or *}`: where the last subscription of this context is remembered. */
export function contextKey(cloud: CloudName | string, tenant?: string): string {
  return `${cloud}|${tenant ? tenant.toLowerCase() : '*'}`;
}

/** What to remember after a run chose `subscriptionId` (and used `location`). Pure: the store writes it. */
export function rememberChoice(prev: RememberedContext | undefined, key: string, subscriptionId: string, location?: string): RememberedContext {
  return {
    lastSubscription: { ...(prev?.lastSubscription ?? {}), [key]: subscriptionId },
    lastLocation: location ?? prev?.lastLocation,
  };
}

/** Words for a source, for the header and `azimg config show`. */
export function describeSource(source: SubscriptionSource | LocationSource | TenantSource): string {
  switch (source) {
    case 'flag':
      return 'from the command line';
    case 'env':
      return 'from the environment';
    case 'remembered':
      return 'remembered from the last run';
    case 'az-cli':
      return "the az CLI's default";
    case 'only-visible':
      return 'the only one this sign-in can see';
    case 'picker':
      return 'chosen in the picker';
    case 'subscription':
      return "the subscription's tenant";
    case 'default':
      return 'the default';
  }
}

function clean(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function trimEndpoint(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

function httpsUrl(raw: string, what: string, errors: ResolveError[]): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    errors.push({ code: 'InvalidEndpoint', message: `${what} '${sanitize(raw.trim())}' is not a URL. Give it as https://host[:port].` });
    return undefined;
  }
  if (u.protocol !== 'https:') {
    errors.push({ code: 'InvalidEndpoint', message: `${what} '${sanitize(raw.trim())}' must use https:// (tokens are never sent over plain http).` });
    return undefined;
  }
  return trimEndpoint(u.toString());
}

interface CloudChoice {
  cloud?: Cloud;
  armEndpoint: string;
  authorityHost: string;
  scope: string;
  key: string;
}

function resolveCloud(inputs: ResolveInputs, errors: ResolveError[], warnings: string[]): CloudChoice | undefined {
  const { flags, env } = inputs;
  const flagCloud = clean(flags.cloud);
  const flagEndpoint = clean(flags.armEndpoint);
  const envCloud = clean(env.AZIMG_CLOUD);
  const envEndpoint = clean(env.AZIMG_ARM_ENDPOINT);

  // Flags beat the environment; within one level, a named cloud and a different endpoint contradict each other.
  let cloudText: string | undefined;
  let endpointText: string | undefined;
  let level: 'flag' | 'env' | undefined;
  if (flagCloud || flagEndpoint) {
    cloudText = flagCloud;
    endpointText = flagEndpoint;
    level = 'flag';
    if (envCloud || envEndpoint) warnings.push(`--cloud/--arm-endpoint on the command line win over AZIMG_CLOUD/AZIMG_ARM_ENDPOINT in the environment.`);
  } else if (envCloud || envEndpoint) {
    cloudText = envCloud;
    endpointText = envEndpoint;
    level = 'env';
  }

  let cloud: Cloud | undefined;
  if (cloudText) {
    const parsed = parseCloud(cloudText);
    if (!parsed.ok) {
      errors.push({ code: 'UnknownCloud', message: parsed.message });
      return undefined;
    }
    cloud = parsed.cloud;
  }
  let endpoint: string | undefined;
  if (endpointText) {
    endpoint = httpsUrl(endpointText, level === 'flag' ? '--arm-endpoint' : 'AZIMG_ARM_ENDPOINT', errors);
    if (!endpoint) return undefined;
    const known = cloudOfArmEndpoint(endpoint);
    if (cloud && known?.name !== cloud.name) {
      const [c, e] = level === 'flag' ? ['--cloud', '--arm-endpoint'] : ['AZIMG_CLOUD', 'AZIMG_ARM_ENDPOINT'];
      errors.push({
        code: 'ConflictingCloud',
        message: `${c} ${cloud.name} and ${e} ${sanitize(endpoint)} point at different clouds. Give one of them.`,
      });
      return undefined;
    }
    cloud = known;
  }
  cloud ??= endpoint ? undefined : CLOUDS.AzureCloud;

  const flagAuthority = clean(flags.authorityHost);
  const envAuthority = clean(env.AZIMG_AUTHORITY_HOST) ?? clean(env.AZURE_AUTHORITY_HOST);
  let authorityHost: string | undefined;
  if (flagAuthority) authorityHost = httpsUrl(flagAuthority, '--authority-host', errors);
  else if (envAuthority) authorityHost = httpsUrl(envAuthority, clean(env.AZIMG_AUTHORITY_HOST) ? 'AZIMG_AUTHORITY_HOST' : 'AZURE_AUTHORITY_HOST', errors);
  if ((flagAuthority || envAuthority) && !authorityHost) return undefined;

  if (cloud) {
    return { cloud, armEndpoint: cloud.armEndpoint, authorityHost: authorityHost ?? cloud.authorityHost, scope: cloud.scope, key: cloud.name };
  }
  const custom = endpoint!;
  return {
    armEndpoint: custom,
    // A private cloud without --authority-host signs in where public Azure does (azimg's behaviour so far).
    authorityHost: authorityHost ?? CLOUDS.AzureCloud.authorityHost,
    scope: `${custom}/.default`,
    key: custom.toLowerCase(),
  };
}

function resolveLocation(inputs: ResolveInputs, errors: ResolveError[]): ResolvedConnection['location'] | undefined {
  const candidates: [string | undefined, LocationSource, string][] = [
    [clean(inputs.flags.location), 'flag', '--location'],
    [clean(inputs.env.AZIMG_LOCATION), 'env', 'AZIMG_LOCATION'],
    [clean(inputs.remembered?.lastLocation), 'remembered', 'the remembered location'],
    [inputs.defaultLocation, 'default', 'the default location'],
  ];
  for (const [raw, source, what] of candidates) {
    if (!raw) continue;
    // ARM location names are case- and space-insensitive: `West Europe` is `westeurope`.
    const name = raw.replace(/\s+/g, '').toLowerCase();
    if (!/^[a-z0-9]+$/.test(name)) {
      if (source === 'remembered') continue; // a damaged config file is not the user's typo
      errors.push({ code: 'InvalidLocation', message: `${what} '${sanitize(raw)}' is not a location name (like eastus or westeurope). \`azimg ls locations\` lists them.` });
      return undefined;
    }
    return { name, source };
  }
  return undefined;
}

function label(s: { id: string; displayName?: string; name?: string }): string {
  const name = s.displayName ?? s.name;
  return name ? `'${sanitize(name)}' (${s.id})` : s.id;
}

/** Resolves `--subscription`/`AZURE_SUBSCRIPTION_ID` text (a name or an id) against what is known. */
function resolveNamed(
  text: string,
  source: 'flag' | 'env',
  inputs: ResolveInputs,
  tenant: string | undefined,
  cloudKey: string,
  errors: ResolveError[],
  warnings: string[],
): ChosenSubscription | SubscriptionPending | undefined {
  const what = source === 'flag' ? '--subscription' : 'AZURE_SUBSCRIPTION_ID';
  const visible = inputs.visible;
  const fromProfile = (inputs.azProfile ?? []).filter((p) => p.environmentName === cloudKey);
  if (isSubscriptionId(text)) {
    const id = text.trim().toLowerCase();
    if (!visible) {
      const p = fromProfile.find((x) => x.id.toLowerCase() === id);
      return { id, name: p ? sanitize(p.name) : undefined, state: p?.state, tenantId: p?.tenantId, source };
    }
    const v = visible.find((x) => x.id.toLowerCase() === id);
    if (!v) {
      errors.push({
        code: 'SubscriptionNotFound',
        message: `${what} ${id} is not among the ${visible.length} subscription(s) this sign-in can see${tenant ? ` in tenant ${tenant}` : ''}. \`azimg subscriptions ls\` lists them; --tenant signs in to another tenant.`,
      });
      return undefined;
    }
    return usable(v, what, source, tenant, errors, warnings);
  }
  const lower = text.trim().toLowerCase();
  const pool: VisibleSubscription[] = visible
    ? [...visible]
    : fromProfile.map((p) => ({ id: p.id, displayName: p.name, state: p.state, tenantId: p.tenantId }));
  const matches = pool.filter((s) => s.displayName.toLowerCase() === lower && (!tenant || !s.tenantId || s.tenantId.toLowerCase() === tenant.toLowerCase()));
  if (matches.length > 1) {
    errors.push({
      code: 'AmbiguousSubscription',
      message: `${matches.length} subscriptions are named '${sanitize(text.trim())}': ${matches.map((m) => m.id).join(', ')}. Give ${what} the id.`,
    });
    return undefined;
  }
  if (matches.length === 1) return usable(matches[0]!, what, source, tenant, errors, warnings);
  if (!visible) {
    return { needsPicker: true, listWouldHelp: true, reason: `${what} '${sanitize(text.trim())}' is a name; looking it up needs the list of subscriptions.` };
  }
  errors.push({
    code: 'SubscriptionNotFound',
    message: `No subscription named '${sanitize(text.trim())}' among the ${visible.length} this sign-in can see. \`azimg subscriptions ls\` lists them.`,
  });
  return undefined;
}

function usable(
  v: VisibleSubscription,
  what: string,
  source: SubscriptionSource,
  tenant: string | undefined,
  errors: ResolveError[],
  warnings: string[],
): ChosenSubscription | undefined {
  if (tenant && v.tenantId && v.tenantId.toLowerCase() !== tenant.toLowerCase()) {
    errors.push({
      code: 'SubscriptionInOtherTenant',
      message: `${what} ${label(v)} belongs to tenant ${v.tenantId}, not ${tenant}. Drop --tenant/AZURE_TENANT_ID or pass --tenant ${v.tenantId}.`,
    });
    return undefined;
  }
  const state = v.state.toLowerCase();
  if (state === 'disabled' || state === 'deleted' || state === 'expired') {
    errors.push({ code: 'SubscriptionNotUsable', message: `${what} ${label(v)} is ${sanitize(v.state)}: Azure refuses work in it. Choose another (\`azimg subscriptions ls\`).` });
    return undefined;
  }
  if (!isSelectable(v.state)) warnings.push(`Subscription ${label(v)} is ${sanitize(v.state)}; Azure may refuse changes in it.`);
  return { id: v.id.toLowerCase(), name: sanitize(v.displayName), state: v.state, tenantId: v.tenantId, source };
}

/** A remembered or az-default id, kept only if the credential can (still) use it. */
function fallback(
  id: string,
  source: 'remembered' | 'az-cli',
  inputs: ResolveInputs,
  tenant: string | undefined,
  warnings: string[],
): ChosenSubscription | undefined {
  const visible = inputs.visible;
  const whence = source === 'remembered' ? 'The remembered subscription' : "The az CLI's default subscription";
  if (!visible) {
    const p = inputs.azProfile?.find((x) => x.id.toLowerCase() === id.toLowerCase());
    return { id: id.toLowerCase(), name: p ? sanitize(p.name) : undefined, state: p?.state, tenantId: p?.tenantId, source };
  }
  const v = visible.find((x) => x.id.toLowerCase() === id.toLowerCase());
  if (!v) {
    warnings.push(`${whence} ${id} is not visible to this sign-in; choosing again.`);
    return undefined;
  }
  if (tenant && v.tenantId && v.tenantId.toLowerCase() !== tenant.toLowerCase()) return undefined;
  if (!isSelectable(v.state)) {
    warnings.push(`${whence} ${label(v)} is ${sanitize(v.state)}; choosing again.`);
    return undefined;
  }
  return { id: v.id.toLowerCase(), name: sanitize(v.displayName), state: v.state, tenantId: v.tenantId, source };
}

export function resolveConnection(inputs: ResolveInputs): Resolution {
  const errors: ResolveError[] = [];
  const warnings: string[] = [];
  const cloud = resolveCloud(inputs, errors, warnings);
  const location = resolveLocation(inputs, errors);

  const tenantText = clean(inputs.flags.tenant) ?? clean(inputs.env.AZURE_TENANT_ID);
  const tenantSource: TenantSource | undefined = clean(inputs.flags.tenant) ? 'flag' : tenantText ? 'env' : undefined;
  if (tenantText && !TENANT.test(tenantText)) {
    errors.push({
      code: 'InvalidTenant',
      message: `${tenantSource === 'flag' ? '--tenant' : 'AZURE_TENANT_ID'} '${sanitize(tenantText)}' is not a tenant id or domain (like contoso.onmicrosoft.com).`,
    });
  }
  if (!cloud || !location || errors.length) return { ok: false, errors };
  const tenant = tenantText?.toLowerCase();

  const cloudKey = cloud.cloud?.name ?? cloud.key;
  const key = contextKey(cloudKey, tenant);
  let subscription: ChosenSubscription | SubscriptionPending | undefined;

  const flagSub = clean(inputs.flags.subscription);
  const envSub = clean(inputs.env.AZURE_SUBSCRIPTION_ID);
  if (flagSub) subscription = resolveNamed(flagSub, 'flag', inputs, tenant, cloudKey, errors, warnings);
  else if (envSub) subscription = resolveNamed(envSub, 'env', inputs, tenant, cloudKey, errors, warnings);
  else {
    const remembered = inputs.remembered?.lastSubscription[key];
    if (remembered && isSubscriptionId(remembered)) subscription = fallback(remembered, 'remembered', inputs, tenant, warnings);
    if (!subscription) {
      const azDefault = inputs.azProfile?.find(
        (p) => p.isDefault && p.environmentName === cloudKey && (!tenant || p.tenantId.toLowerCase() === tenant),
      );
      if (azDefault) subscription = fallback(azDefault.id, 'az-cli', inputs, tenant, warnings);
    }
    if (!subscription) subscription = onlyOrPicker(inputs.visible, tenant, errors);
  }
  if (!subscription) return { ok: false, errors };

  const chosenTenant = 'id' in subscription ? subscription.tenantId : undefined;
  return {
    ok: true,
    connection: {
      cloud: cloud.cloud ? { name: cloud.cloud.name, displayName: cloud.cloud.displayName } : { name: 'custom', displayName: `private cloud at ${sanitize(cloud.armEndpoint)}` },
      armEndpoint: cloud.armEndpoint,
      authorityHost: cloud.authorityHost,
      scope: cloud.scope,
      tenant: tenant ? { id: tenant, source: tenantSource! } : chosenTenant ? { id: chosenTenant.toLowerCase(), source: 'subscription' } : undefined,
      subscription,
      location,
      rememberKey: key,
      warnings,
    },
  };
}

function onlyOrPicker(visible: readonly VisibleSubscription[] | undefined, tenant: string | undefined, errors: ResolveError[]): ChosenSubscription | SubscriptionPending | undefined {
  if (!visible) {
    return {
      needsPicker: true,
      listWouldHelp: true,
      reason: 'No subscription named by --subscription, AZURE_SUBSCRIPTION_ID, azimg or the az CLI.',
    };
  }
  const inTenant = visible.filter((s) => !tenant || !s.tenantId || s.tenantId.toLowerCase() === tenant);
  const selectable = inTenant.filter((s) => isSelectable(s.state));
  if (inTenant.length === 0) {
    errors.push({
      code: 'NoSubscriptions',
      message: `This sign-in can see no subscriptions${tenant ? ` in tenant ${tenant}` : ''}. Sign in with an account that has access, or try --tenant <id>.`,
    });
    return undefined;
  }
  if (selectable.length === 0) {
    errors.push({
      code: 'NoSubscriptions',
      message: `None of the ${inTenant.length} subscription(s) this sign-in can see is enabled (${inTenant.map((s) => `${sanitize(s.displayName)}: ${sanitize(s.state)}`).join(', ')}).`,
    });
    return undefined;
  }
  if (selectable.length === 1) {
    const v = selectable[0]!;
    return { id: v.id.toLowerCase(), name: sanitize(v.displayName), state: v.state, tenantId: v.tenantId, source: 'only-visible' };
  }
  return { needsPicker: true, listWouldHelp: false, reason: `${selectable.length} subscriptions are available; choose one.` };
}
