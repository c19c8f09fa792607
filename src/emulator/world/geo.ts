/**
 * Regions of the public cloud as `GET /subscriptions/{id}/locations` describes them.
 * Names and display names are Azure's; geography groups follow Azure's `geographyGroup`.
 */
export interface LocationRecord {
  name: string;
  displayName: string;
  regionalDisplayName: string;
  geographyGroup: string;
  geography: string;
  physicalLocation: string;
  latitude: string;
  longitude: string;
  pairedRegion?: string;
  regionCategory: 'Recommended' | 'Other';
}

type Row = [name: string, display: string, group: string, geography: string, physical: string, lat: string, lon: string, paired: string | undefined, recommended: boolean];

const ROWS: Row[] = [
  ['eastus', 'East US', 'US', 'United States', 'Virginia', '37.3719', '-79.8164', 'westus', true],
  ['eastus2', 'East US 2', 'US', 'United States', 'Virginia', '36.6681', '-78.3889', 'centralus', true],
  ['southcentralus', 'South Central US', 'US', 'United States', 'Texas', '29.4167', '-98.5', 'northcentralus', true],
  ['westus2', 'West US 2', 'US', 'United States', 'Washington', '47.233', '-119.852', 'westcentralus', true],
  ['westus3', 'West US 3', 'US', 'United States', 'Phoenix', '33.448376', '-112.074036', 'eastus', true],
  ['centralus', 'Central US', 'US', 'United States', 'Iowa', '41.5908', '-93.6208', 'eastus2', true],
  ['northcentralus', 'North Central US', 'US', 'United States', 'Illinois', '41.8819', '-87.6278', 'southcentralus', false],
  ['westus', 'West US', 'US', 'United States', 'California', '37.783', '-122.417', 'eastus', false],
  ['westcentralus', 'West Central US', 'US', 'United States', 'Wyoming', '40.89', '-110.234', 'westus2', false],
  ['canadacentral', 'Canada Central', 'Canada', 'Canada', 'Toronto', '43.653', '-79.383', 'canadaeast', true],
  ['canadaeast', 'Canada East', 'Canada', 'Canada', 'Quebec', '46.817', '-71.217', 'canadacentral', false],
  ['brazilsouth', 'Brazil South', 'South America', 'Brazil', 'Sao Paulo State', '-23.55', '-46.633', 'southcentralus', true],
  ['northeurope', 'North Europe', 'Europe', 'Europe', 'Ireland', '53.3478', '-6.2597', 'westeurope', true],
  ['westeurope', 'West Europe', 'Europe', 'Europe', 'Netherlands', '52.3667', '4.9', 'northeurope', true],
  ['uksouth', 'UK South', 'UK', 'United Kingdom', 'London', '50.941', '-0.799', 'ukwest', true],
  ['ukwest', 'UK West', 'UK', 'United Kingdom', 'Cardiff', '53.427', '-3.084', 'uksouth', false],
  ['francecentral', 'France Central', 'Europe', 'France', 'Paris', '46.3772', '2.373', 'francesouth', true],
  ['germanywestcentral', 'Germany West Central', 'Europe', 'Germany', 'Frankfurt', '50.110924', '8.682127', 'germanynorth', true],
  ['swedencentral', 'Sweden Central', 'Europe', 'Sweden', 'Gävle', '60.67488', '17.14127', 'swedensouth', true],
  ['switzerlandnorth', 'Switzerland North', 'Europe', 'Switzerland', 'Zurich', '47.451542', '8.564572', 'switzerlandwest', true],
  ['norwayeast', 'Norway East', 'Europe', 'Norway', 'Norway', '59.913868', '10.752245', 'norwaywest', true],
  ['polandcentral', 'Poland Central', 'Europe', 'Poland', 'Warsaw', '52.23334', '21.01666', undefined, true],
  ['italynorth', 'Italy North', 'Europe', 'Italy', 'Milan', '45.46888', '9.18109', undefined, true],
  ['spaincentral', 'Spain Central', 'Europe', 'Spain', 'Madrid', '40.4259', '-3.4209', undefined, true],
  ['eastasia', 'East Asia', 'Asia Pacific', 'Asia Pacific', 'Hong Kong', '22.267', '114.188', 'southeastasia', true],
  ['southeastasia', 'Southeast Asia', 'Asia Pacific', 'Asia Pacific', 'Singapore', '1.283', '103.833', 'eastasia', true],
  ['japaneast', 'Japan East', 'Asia Pacific', 'Japan', 'Tokyo, Saitama', '35.68', '139.77', 'japanwest', true],
  ['japanwest', 'Japan West', 'Asia Pacific', 'Japan', 'Osaka', '34.6939', '135.5022', 'japaneast', false],
  ['koreacentral', 'Korea Central', 'Asia Pacific', 'Korea', 'Seoul', '37.5665', '126.978', 'koreasouth', true],
  ['centralindia', 'Central India', 'Asia Pacific', 'India', 'Pune', '18.5822', '73.9197', 'southindia', true],
  ['australiaeast', 'Australia East', 'Asia Pacific', 'Australia', 'New South Wales', '-33.86', '151.2094', 'australiasoutheast', true],
  ['australiasoutheast', 'Australia Southeast', 'Asia Pacific', 'Australia', 'Victoria', '-37.8136', '144.9631', 'australiaeast', false],
  ['southafricanorth', 'South Africa North', 'Africa', 'South Africa', 'Johannesburg', '-25.73134', '28.21837', 'southafricawest', true],
  ['uaenorth', 'UAE North', 'Middle East', 'UAE', 'Dubai', '25.266666', '55.316666', 'uaecentral', true],
  ['qatarcentral', 'Qatar Central', 'Middle East', 'Qatar', 'Doha', '25.551462', '51.439327', undefined, true],
  ['israelcentral', 'Israel Central', 'Middle East', 'Israel', 'Israel', '31.2655698', '33.4506633', undefined, true],
  ['mexicocentral', 'Mexico Central', 'Mexico', 'Mexico', 'Querétaro State', '20.588818', '-100.389888', undefined, true],
];

export const LOCATIONS: readonly LocationRecord[] = ROWS.map(
  ([name, displayName, geographyGroup, geography, physicalLocation, latitude, longitude, pairedRegion, recommended]) => ({
    name,
    displayName,
    regionalDisplayName: `(${geographyGroup}) ${displayName}`,
    geographyGroup,
    geography,
    physicalLocation,
    latitude,
    longitude,
    pairedRegion,
    regionCategory: recommended ? 'Recommended' : 'Other',
  }),
);
