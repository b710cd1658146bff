/**
 * The calibration sample of the latency model: published round-trip times between Azure regions.
 *
 * Source: Microsoft, "Azure network round-trip latency statistics"
 * (https://learn.microsoft.com/azure/networking/azure-network-latency; the page's Markdown is
 * `articles/networking/azure-network-latency.md` in github.com/MicrosoftDocs/azure-docs, commit
 * 9c1fac54ecbb5c715166f6e3ccb7d7add1d3aa7e). Figures are the monthly P50 (median) round-trip time
 * in milliseconds over the 30 days ending 9 April 2024, measured between Azure regions over
 * Microsoft's backbone in 1-minute intervals. Each row is one cell of the page's tables: source
 * region (row) to destination region (column). 62 pairs, chosen to span 150 km to 14,000 km and
 * every continent; the "West US" and "Central US" tabs are not used because their rows do not
 * line up with their headings in that revision.
 */

/** One published measurement: Azure region codes (catalog `azure:` codes) and the P50 RTT. */
export interface CalibrationPair {
  readonly from: string;
  readonly to: string;
  readonly rttMs: number;
}

/** When the sample was measured and which statistic it is. */
export const CALIBRATION_SOURCE = {
  title: "Azure network round-trip latency statistics",
  url: "https://learn.microsoft.com/azure/networking/azure-network-latency",
  window: "30 days ending 2024-04-09",
  statistic: "P50",
} as const;

const p = (from: string, to: string, rttMs: number): CalibrationPair => ({ from, to, rttMs });

/** The sample, grouped by the page's tab it was read from. */
export const CALIBRATION_SAMPLE: readonly CalibrationPair[] = [
  // "East US" tab: to East US / East US 2.
  p("australiaeast", "eastus", 204),
  p("brazilsouth", "eastus", 118),
  p("canadacentral", "eastus", 22),
  p("centralindia", "eastus", 210),
  p("centralus", "eastus", 32),
  p("eastasia", "eastus", 204),
  p("eastus2", "eastus", 9),
  p("francecentral", "eastus", 84),
  p("germanywestcentral", "eastus", 90),
  p("israelcentral", "eastus", 134),
  p("japaneast", "eastus", 158),
  p("koreacentral", "eastus", 184),
  p("northcentralus", "eastus", 24),
  p("northeurope", "eastus", 70),
  p("qatarcentral", "eastus", 200),
  p("southafricanorth", "eastus", 233),
  p("southcentralus", "eastus", 37),
  p("southeastasia", "eastus", 227),
  p("swedencentral", "eastus", 104),
  p("uksouth", "eastus", 78),
  p("westcentralus", "eastus", 48),
  p("westus", "eastus", 69),
  p("westus2", "eastus", 67),
  p("westus3", "eastus", 56),
  p("westeurope", "eastus2", 87),
  // "Canada / Brazil" tab.
  p("canadaeast", "canadacentral", 15),
  p("westus2", "canadacentral", 67),
  p("southafricawest", "brazilsouth", 318),
  p("westeurope", "brazilsouth", 185),
  p("northcentralus", "brazilsouth", 137),
  p("uksouth", "canadaeast", 98),
  // "Australia" tab.
  p("australiaeast", "australiasoutheast", 16),
  p("australiacentral", "australiaeast", 9),
  p("southeastasia", "australiaeast", 90),
  p("japaneast", "australiaeast", 103),
  p("westus", "australiaeast", 140),
  p("centralindia", "australiasoutheast", 136),
  p("eastasia", "australiaeast", 119),
  p("uaenorth", "australiaeast", 170),
  // "Japan" tab.
  p("japanwest", "japaneast", 12),
  p("koreacentral", "japaneast", 33),
  p("eastasia", "japaneast", 48),
  p("southeastasia", "japaneast", 72),
  p("westus2", "japaneast", 100),
  p("southindia", "japaneast", 104),
  p("uksouth", "japaneast", 226),
  p("koreasouth", "japanwest", 13),
  // "Western Europe" tab.
  p("uksouth", "francecentral", 11),
  p("germanywestcentral", "westeurope", 11),
  p("northeurope", "westeurope", 20),
  p("swedencentral", "westeurope", 25),
  p("israelcentral", "italynorth", 48),
  p("southafricanorth", "westeurope", 162),
  p("uaenorth", "westeurope", 120),
  p("francesouth", "italynorth", 16),
  p("norwayeast", "westeurope", 23),
  // "Central Europe" tab.
  p("polandcentral", "germanywestcentral", 20),
  p("italynorth", "switzerlandnorth", 9),
  p("northeurope", "polandcentral", 39),
  p("centralindia", "germanywestcentral", 134),
  p("germanynorth", "polandcentral", 12),
  p("israelcentral", "germanywestcentral", 53),
];
