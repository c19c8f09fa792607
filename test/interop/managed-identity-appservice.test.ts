/**
 * App Service / Azure Functions managed identity: `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`,
 * api-version 2019-08-01, the emulator's `/msi/token`. See managed-identity-suite.ts.
 */
import { managedIdentitySuite } from './managed-identity-suite.js';

managedIdentitySuite({
  name: 'App Service',
  env: (url) => ({ IDENTITY_ENDPOINT: `${url}/msi/token`, IDENTITY_HEADER: 'azimg-interop' }),
  route: '/msi/token',
  apiVersion: '2019-08-01',
});
