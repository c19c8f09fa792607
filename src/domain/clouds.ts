/**
 * The Azure clouds azimg knows by name: where Resource Manager answers, where Microsoft Entra ID
 * signs people in, and which audience an ARM token must carry there. Values are the ones the
 * az CLI (`az cloud show`), Azure PowerShell (`Get-AzEnvironment`) and @azure/identity's
 * `AzureAuthorityHosts` use. A private or sovereign endpoint not listed here goes through
 * `--arm-endpoint` (+ `--authority-host`).
 */

export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';

export interface Cloud {
  name: CloudName;
  /** Shown in the header and messages. */
  displayName: string;
  /** Resource Manager, without a trailing slash. */
  armEndpoint: string;
  /** Microsoft Entra ID's sign-in host, without a trailing slash. */
  authorityHost: string;
  /** The audience ARM accepts in tokens (`aud`); the classic resource id with its trailing slash. */
  tokenAudience: string;
  /** The scope to ask a token for: the ARM endpoint's `/.default`. */
  scope: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  AzureCloud: {
    name: 'AzureCloud',
    displayName: 'Azure (public)',
    armEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    tokenAudience: 'https://management.core.windows.net/',
    scope: 'https://management.azure.com/.default',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    displayName: 'Azure operated by 21Vianet (China)',
    armEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    tokenAudience: 'https://management.core.chinacloudapi.cn/',
    scope: 'https://management.chinacloudapi.cn/.default',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    displayName: 'Azure Government (US)',
    armEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    tokenAudience: 'https://management.core.usgovcloudapi.net/',
    scope: 'https://management.usgovcloudapi.net/.default',
  },
};

export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

/** Other spellings people (and the az CLI's older profiles) use for the same clouds. */
const ALIASES: Record<string, CloudName> = {
  azurecloud: 'AzureCloud',
  azurepubliccloud: 'AzureCloud',
  public: 'AzureCloud',
  azurechinacloud: 'AzureChinaCloud',
  china: 'AzureChinaCloud',
  azureusgovernment: 'AzureUSGovernment',
  azureusgovernmentcloud: 'AzureUSGovernment',
  usgov: 'AzureUSGovernment',
};

export type CloudParse = { ok: true; cloud: Cloud } | { ok: false; message: string };

/** `--cloud`, `AZIMG_CLOUD` or an az profile's `environmentName`, case-insensitively. */
export function parseCloud(input: string): CloudParse {
  const key = input.trim().toLowerCase().replace(/[\s_-]+/g, '');
  const name = ALIASES[key];
  if (name) return { ok: true, cloud: CLOUDS[name] };
  return {
    ok: false,
    message: `Unknown cloud '${input.trim()}'. Use one of ${CLOUD_NAMES.join(', ')}, or --arm-endpoint (and --authority-host) for a private cloud.`,
  };
}

/** The known cloud whose ARM endpoint this is (`https://management.azure.com/` included), if any. */
export function cloudOfArmEndpoint(endpoint: string): Cloud | undefined {
  const e = endpoint.trim().replace(/\/+$/, '').toLowerCase();
  return CLOUD_NAMES.map((n) => CLOUDS[n]).find((c) => c.armEndpoint === e);
}
