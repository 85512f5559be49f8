/**
 * A citizen's free text as anyone may read it over Open311 (GeoReport v2 reads are public): what
 * reaches or points at one person is replaced by `***` — e-mail addresses, ID-card numbers, phone
 * numbers (any run of seven or more digits, so landlines, mobiles with or without +86 and bank
 * cards alike), and flat/room numbers (`501室`, `2单元501`, `3-2-501`, `Room 5B`). The street
 * address, the building and the unit stay: they say where the problem is, not who reported it.
 * A name written out in the text cannot be told from other words; a city that cannot accept that
 * withholds descriptions (OPEN311_PUBLIC_DESCRIPTION=withheld). Written here rather than taken
 * from a library: the forms are Chinese (18-digit ID cards, 幢/单元/室), which the PII scrubbers
 * on npm do not know.
 */

const MASK = "***";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** 17 digits and a check digit or X (the 15-digit form is caught as a long number). */
const ID_CARD = /(?<!\d)\d{17}[\dXx](?!\d)/g;
/** Digits in groups of three or more, split by a space or hyphen, with an optional +country and (area) code. */
const NUMBER_RUN = /(?<!\d)(?:\+\d{1,3}[ -]?)?(?:\(\d{2,4}\)[ -]?)?\d{3,}(?:[ -]\d{3,})*(?!\d)/g;
const PERSONAL_DIGITS = 7;
/** A room: digits (a letter may lead or follow) before 室 or 房. */
const ROOM = /(?<![0-9A-Za-z])[A-Za-z]?\d+[A-Za-z]?(?=\s*(?:室|房))/g;
/** A flat number written straight after the building or unit: `5栋1203`, `2单元501`. */
const AFTER_BUILDING = /(单元|幢|栋|号楼|座)(\s*)\d{3,4}[A-Za-z]?(?![0-9])/g;
/** building-unit-room: `3-2-501`. */
const DASHED_FLAT = /(?<![0-9-])(\d{1,3}-\d{1,2}-)\d{3,4}(?![0-9-])/g;
const ENGLISH_FLAT = /\b(room|rm\.?|flat|apt\.?|apartment|suite)(\s*#?\s*)[0-9]+[A-Za-z]?\b/gi;

export function publicText(text: string): string {
  return text
    .replace(EMAIL, MASK)
    .replace(ID_CARD, MASK)
    .replace(NUMBER_RUN, (run) => (run.replace(/\D/g, "").length >= PERSONAL_DIGITS ? MASK : run))
    .replace(ROOM, MASK)
    .replace(AFTER_BUILDING, (_m, building: string, space: string) => `${building}${space}${MASK}`)
    .replace(DASHED_FLAT, (_m, head: string) => `${head}${MASK}`)
    .replace(ENGLISH_FLAT, (_m, word: string, space: string) => `${word}${space}${MASK}`);
}
