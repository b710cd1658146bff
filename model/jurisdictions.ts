/**
 * Jurisdictions for data residency: ISO 3166-1 alpha-2 country codes, plus `EU` for "any member
 * state of the European Union". A residency rule lists the jurisdictions a data class may live in;
 * a region satisfies it when its country is listed, or is an EU member and `EU` is listed.
 */

/** The pseudo-jurisdiction that matches every EU member state. */
export const EU = "EU";

/** The 27 member states of the European Union (ISO 3166-1 alpha-2). */
// prettier-ignore
export const EU_MEMBER_STATES: readonly string[] = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/** Whether `country` (ISO alpha-2) is an EU member state. */
export function isEuMember(country: string): boolean {
  return EU_MEMBER_STATES.includes(country);
}

/**
 * Whether `code` is a valid jurisdiction: `EU`, or any officially assigned ISO 3166-1 alpha-2
 * code (upper case). Any assigned code is accepted, not only the catalog's countries, because a
 * firm's residency policy may name countries where no cloud has a region yet.
 */
export function isJurisdiction(code: string): boolean {
  return code === EU || ISO_3166_ALPHA2.has(code);
}

/** Whether data may live in `country` (ISO alpha-2) under the `allowed` jurisdictions. */
export function inJurisdiction(country: string, allowed: readonly string[]): boolean {
  return allowed.some((j) => j === country || (j === EU && isEuMember(country)));
}

// prettier-ignore
const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
  ("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ " +
   "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
   "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS " +
   "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
   "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ " +
   "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
   "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
   "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
   "VN VU WF WS YE YT ZA ZM ZW").split(" "),
);
