/**
 * The api-versions each resource provider the emulator plays accepts, one list per provider so
 * every route of that provider answers the same set (as the real provider does: the api-version
 * is checked per provider and resource type, and Compute registers the same versions for its
 * marketplace, image and VM types).
 */

/**
 * Compute RP api-versions (marketplace images, managed images, virtual machines, operations).
 * The list up to 2019 is ARM's own answer for a Compute location type (Azure/migAz#246); later
 * ones are the ComputeRP stable versions of azure-rest-api-specs, through 2026-03-01 (what
 * @azure/arm-compute 24.1 sends).
 */
export const COMPUTE_API_VERSIONS = [
  '2015-05-01-preview',
  '2015-06-15',
  '2016-03-30',
  '2016-04-30-preview',
  '2016-08-30',
  '2017-03-30',
  '2017-12-01',
  '2018-04-01',
  '2018-06-01',
  '2018-10-01',
  '2019-03-01',
  '2019-07-01',
  '2019-12-01',
  '2020-06-01',
  '2020-12-01',
  '2021-03-01',
  '2021-04-01',
  '2021-07-01',
  '2021-11-01',
  '2022-03-01',
  '2022-08-01',
  '2022-11-01',
  '2023-03-01',
  '2023-07-01',
  '2023-09-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
  '2025-11-01',
  '2026-03-01',
] as const;

/** Gallery RP api-versions. @azure/arm-compute 24.1 sends 2025-03-03; az CLI mixes 2021-10-01 / 2024-03-03. */
export const GALLERY_API_VERSIONS = [
  '2018-06-01',
  '2019-03-01',
  '2019-07-01',
  '2019-12-01',
  '2020-09-30',
  '2021-07-01',
  '2021-10-01',
  '2022-01-03',
  '2022-03-03',
  '2022-08-03',
  '2023-07-03',
  '2024-03-03',
  '2025-03-03',
] as const;

/** Microsoft.Resources api-versions for resource groups. */
export const RESOURCES_API_VERSIONS = [
  '2019-05-10',
  '2019-10-01',
  '2020-06-01',
  '2021-04-01',
  '2022-09-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
] as const;
