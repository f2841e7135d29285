// Street addresses wherever they sit — a message, an unrelated field, an
// error — recognised by how addresses are written, not by a name before them
// (that is NAMED_ADDRESS's): a house number, capitalised words and a street
// type (`742 Evergreen Terrace`, `221B Baker Street`, `123 N. Main St`), a
// German or Dutch street compound and its number (`Hauptstraße 5`,
// `Kerkstraat 12`), a Romance street word, its name and number (`Calle Mayor
// 3`, `Via Roma 10`, `Rua Augusta 274`), a French number and street word
// (`12 rue de la Paix`), a Polish `ul.` What DLP tools call a street address
// line; the town and postcode after it stay (a town alone identifies no one).
// Street types that are also common words in logs (Drive, Loop, Row, Hill,
// Square, Place) are left out: `mounted 2 Google Drive folders` stays.
import type { ValuePattern } from './value-patterns.ts'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const label = '[REDACTED:address]'
/**
 * Where an address line ends: a comma, a bracket or quote, a query's `&`, a line's end, a sentence's full
 * stop, a postcode, a flat or suite. `3 Apple St shares` or `Via Slack 2 alerts` read on, and stay.
 */
const LINE_ENDS = String.raw`(?=[ \t]{0,3}(?:[,;:()"'\]}&\r\n]|$|\.(?:\s|$)|\s(?:\d{4,5}\b|[A-Z]{2}\s\d{5}\b|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|Apt\b|Suite\b|Unit\b|Flat\b|#)))`
/**
 * A house number just before the space a pattern starts with (a lookbehind after that space, so it runs only
 * at spaces): the number's start (nothing of a word, a version or a negative number before it), and not a
 * count, a rank or an id (`Release 1 Fast Lane`, `PR #12 Fix Main Ct`).
 */
const NUMBER_BEFORE = (digits: string): string =>
  String.raw`(?<=(?<!\b(?:[Tt]op|[Rr]elease|[Ll]evel|[Mm]ode|[Ss]teps?|[Ss]tage|[Pp]hase|[Vv]ersion|[Ss]print|[Cc]hapter|[Ss]ection|[Ss]chema|[Ff]ound|[Pp]rocessed|[Pp]age|[Pp]art|[Ii]tems?|[Rr]ound|[Aa]ttempt|[Rr]etry|[Ll]ine|[Rr]ow|[Bb]uild|[Rr]un|[Tt]ier|[Gg]rade|[Pp]riority|v)\s{0,2})(?:^|[^\w.,#-])${digits}\s)`
const AFTER_HOUSE_NUMBER = NUMBER_BEFORE(String.raw`\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?`)
/** French writes the number first too (`12 bis, rue …`). */
const AFTER_STREET_NUMBER = NUMBER_BEFORE(String.raw`\d{1,4}(?:\s?(?:bis|ter))?,?`)

/** Romance street words before the name and number; French ones after the number. */
const ROMANCE_STREET = String.raw`(?:Calle|Avenida|Avda\.|Paseo|Carrer|Via|Viale|Piazza|Corso|Largo|Rua|Travessa|Praça|ul\.)`
const FRENCH_STREET = '(?:rue|avenue|boulevard|bd|chemin|allée|impasse|quai)'

/**
 * A pattern of this family: each needs a space, a capital and a digit. `keepsSpace`: its groups 1 and 2 are
 * the spaces after a house number, which stays.
 */
function address(source: string, keepsSpace: boolean): ValuePattern {
  return {
    name: 'street-address',
    requires: [' ', UPPER],
    minDigits: 1,
    pattern: new RegExp(source, 'gu'),
    replace: keepsSpace ? (_m, space, more) => `${space}${more}${label}` : () => label,
  }
}

export const STREET_ADDRESS_PATTERNS: readonly ValuePattern[] = [
  // From the space after the house number, which stays (a house number alone identifies no one), and what
  // follows that space is looked at before the number behind it: starting at a digit cost ~0.4 µs on a line
  // full of numbers and ids, at a space with the lookbehind first ~0.2 µs, this way ~0.06 µs (measured).
  address(
    String.raw`(\s)(?=\s{0,2}\p{Lu})${AFTER_HOUSE_NUMBER}(\s{0,2})(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s{1,3})?(?:\p{Lu}[\p{L}'.-]*\s{1,3}){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Dr|Court|Ct|Way|Terrace|Ter|Crescent|Parkway|Pkwy|Highway|Hwy)\b\.?(?:\s(?:N|S|E|W|NE|NW|SE|SW)\b)?${LINE_ENDS}`,
    true,
  ),
  address(
    String.raw`\p{Lu}(?=[\p{L}.-]{1,40}\s{1,3}\d)(?<=(?:^|\P{L})\p{Lu})[\p{L}-]{1,40}(?:straße|strasse|str\.|weg|gasse|allee|platz|damm|ufer|straat|laan|gracht|plein|steeg|kade)\s{1,3}\d{1,4}[a-z]?\b${LINE_ENDS}`,
    false,
  ),
  address(
    String.raw`${ROMANCE_STREET}(?<=(?:^|\P{L})${ROMANCE_STREET})\s{1,3}(?:(?:de|del|della|dei|da|do|dos|das|di|la|las|los)\s{1,3})?\p{Lu}[\p{L}'.-]*(?:\s{1,3}\p{Lu}[\p{L}'.-]*){0,3},?\s{1,3}\d{1,4}[a-zA-Z]?\b${LINE_ENDS}`,
    false,
  ),
  address(
    String.raw`(\s)(?=\s{0,2}${FRENCH_STREET}\s)${AFTER_STREET_NUMBER}(\s{0,2})${FRENCH_STREET}\s{1,3}(?:(?:de la|de l'|de|du|des|d')\s{0,3})?\p{Lu}[\p{L}'-]*(?:\s\p{Lu}[\p{L}'-]*){0,3}${LINE_ENDS}`,
    true,
  ),
]
