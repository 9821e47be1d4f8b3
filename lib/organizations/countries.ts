// ISO 3166-1 countries for the organization's "Country": stored as the alpha-2 code, shown by
// name in the person's language through Intl (no locale data shipped). Safe for client code.

// The 249 officially assigned alpha-2 codes (ISO 3166-1, 2024).
const CODES = `
  AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE
  BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD
  CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
  DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF
  GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
  ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
  KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
  MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
  NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
  PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
  SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK
  TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
  VN VU WF WS YE YT ZA ZM ZW
`
  .trim()
  .split(/\s+/);

export const COUNTRY_CODES: readonly string[] = CODES;

export function isCountryCode(value: string): boolean {
  return COUNTRY_CODES.includes(value);
}

const optionsByLocale = new Map<string, readonly { code: string; name: string }[]>();

/** Countries by name in `locale`, for a select; named and sorted once per locale. */
export function countryOptions(locale = "en"): readonly { code: string; name: string }[] {
  let options = optionsByLocale.get(locale);
  if (!options) {
    const names = new Intl.DisplayNames([locale], { type: "region" });
    const collator = new Intl.Collator(locale);
    options = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
    optionsByLocale.set(locale, options);
  }
  return options;
}

export function countryName(code: string | null, locale = "en"): string | null {
  if (!code) return null;
  return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
}
