/**
 * UK-style names and addresses that are clearly synthetic.
 *
 * Names are common UK given and family names combined at random (no real
 * person is described). Addresses use invented street and town names, and
 * postcodes use a "Q" area letter: no UK postcode area begins with Q, so
 * every postcode here has the right shape ("QB7 4TN") but cannot exist.
 * NHS numbers are in the 999 range reserved for testing; UPNs use the
 * establishment range 99xx and carry a correct check letter.
 */
import type { Random } from './random.ts';

export const GIVEN_FEMALE = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Ivy', 'Freya', 'Lily', 'Florence', 'Mia', 'Willow', 'Rosie', 'Sophia', 'Isabella', 'Grace',
  'Daisy', 'Sienna', 'Poppy', 'Elsie', 'Emily', 'Ella', 'Evelyn', 'Phoebe', 'Sofia', 'Evie', 'Charlotte', 'Harper', 'Millie',
  'Matilda', 'Maya', 'Ruby', 'Aisha', 'Zara', 'Maryam', 'Hafsa', 'Amira', 'Chloe', 'Jessica', 'Leah', 'Megan', 'Niamh',
  'Priya', 'Ananya', 'Chidinma', 'Adaeze', 'Kayla', 'Tia', 'Jade', 'Courtney', 'Bethany', 'Alicja', 'Zuzanna', 'Ioana',
];
export const GIVEN_MALE = [
  'Muhammad', 'Noah', 'Oliver', 'George', 'Leo', 'Arthur', 'Oscar', 'Theodore', 'Freddie', 'Theo', 'Harry', 'Archie', 'Henry',
  'Jack', 'Alfie', 'Charlie', 'Finley', 'Thomas', 'Jacob', 'Lucas', 'Isaac', 'Tommy', 'Ethan', 'Mason', 'Joshua', 'Reggie',
  'Ibrahim', 'Yusuf', 'Ayaan', 'Zayn', 'Rayyan', 'Kai', 'Tyler', 'Callum', 'Kyle', 'Liam', 'Connor', 'Jayden', 'Riley',
  'Arjun', 'Rohan', 'Chukwuemeka', 'Kwame', 'Tobi', 'Marcus', 'Dylan', 'Jakub', 'Filip', 'Andrei', 'Bilal', 'Hamza',
];
export const FAMILY = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner',
  'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris',
  'Khan', 'Scott', 'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell', 'Bailey',
  'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan', 'Kelly', 'Begum', 'Miller', 'Cox', 'Hussain', 'Marshall',
  'Simpson', 'Price', 'Anderson', 'Adams', 'Wilkinson', 'Ali', 'Ahmed', 'Foster', 'Ellis', 'Murphy', 'Chapman', 'Mason', 'Gray',
  'Richards', 'Webb', 'Griffiths', 'Hunt', 'Palmer', 'Campbell', 'Holmes', 'Mills', 'Rogers', 'Barnes', 'Knight', 'Matthews',
  'Okafor', 'Mensah', 'Adeyemi', 'Nowak', 'Kowalski', 'Popescu', 'Chowdhury', 'Rahman', 'Akhtar', 'Sharma', 'Gill', "O'Brien",
];
const STREET_FIRST = [
  'Hazel', 'Larkspur', 'Brindle', 'Copper', 'Fallow', 'Juniper', 'Kestrel', 'Meadowsweet', 'Nettle', 'Osier', 'Pennyroyal',
  'Quill', 'Rowan', 'Sorrel', 'Tansy', 'Wren', 'Yarrow', 'Alder', 'Bramble', 'Clover', 'Damson', 'Elder', 'Foxglove', 'Gorse',
];
const STREET_SUFFIX = ['Road', 'Street', 'Close', 'Avenue', 'Lane', 'Way', 'Gardens', 'Crescent', 'Drive', 'Court', 'Walk', 'Rise'];
/** Invented town names, one set per council (index by council position). */
const TOWNS = [
  ['Hearthbury', 'Emberton', 'Kindlewick'],
  ['Fernmouth', 'Ashgrove Vale', 'Little Tallow'],
  ['Cinderford Magna', 'Brackenhurst', 'Glowden'],
  ['Sparkwell Green', 'Wickham Tinder', 'Lanternby'],
];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const AREA_LETTERS = 'ABCDEFGHJKLMNPRSTUWY';

export function givenName(rng: Random, sex: 'M' | 'F' | 'U'): string {
  if (sex === 'M') return rng.pick(GIVEN_MALE);
  if (sex === 'F') return rng.pick(GIVEN_FEMALE);
  return rng.chance(0.5) ? rng.pick(GIVEN_MALE) : rng.pick(GIVEN_FEMALE);
}

export function familyName(rng: Random): string {
  return rng.pick(FAMILY);
}

/** A postcode in the fictional "Q" area of the council at `councilIndex` (e.g. "QB7 4TN"). */
export function postcode(rng: Random, councilIndex: number): string {
  const area = `Q${AREA_LETTERS[councilIndex % AREA_LETTERS.length]}`;
  const district = rng.int(1, 19);
  return `${area}${district} ${rng.int(1, 9)}${rng.pick(INWARD_LETTERS.split(''))}${rng.pick(INWARD_LETTERS.split(''))}`;
}

/** A postcode outside the council (another fictional area), for out-of-area placements. */
export function distantPostcode(rng: Random): string {
  return `QZ${rng.int(1, 40)} ${rng.int(1, 9)}${rng.pick(INWARD_LETTERS.split(''))}${rng.pick(INWARD_LETTERS.split(''))}`;
}

export function address(rng: Random, councilIndex: number): { line1: string; town: string; postcode: string } {
  const towns = TOWNS[councilIndex % TOWNS.length]!;
  return {
    line1: `${rng.int(1, 180)} ${rng.pick(STREET_FIRST)} ${rng.pick(STREET_SUFFIX)}`,
    town: rng.pick(towns),
    postcode: postcode(rng, councilIndex),
  };
}

const UPN_CHECK = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The check letter of a 13-character UPN (DfE algorithm: weights 2–13 on characters 2–13, modulo 23). */
export function upnCheckLetter(rest12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = rest12[i]!;
    const v = /[0-9]/.test(ch) ? Number(ch) : UPN_CHECK.indexOf(ch.toUpperCase());
    sum += v * (i + 2);
  }
  return UPN_CHECK[sum % 23]!;
}

/**
 * A format-valid UPN in the synthetic 99xx establishment range: LA code, 99, the last two digits of the
 * year it was issued and a five-digit serial (unique per council and year, up to 100,000), check letter first.
 */
export function upn(laCode: string, issueYear: number, serial: number): string {
  const s = String(serial % 100_000).padStart(5, '0');
  const rest = `${laCode}99${s.slice(0, 2)}${String(issueYear % 100).padStart(2, '0')}${s.slice(2)}`;
  return upnCheckLetter(rest) + rest;
}

/** A modulus-11-valid NHS number in the 999 test range. */
export function nhsNumber(rng: Random): string {
  for (;;) {
    const digits = [9, 9, 9, ...Array.from({ length: 6 }, () => rng.int(0, 9))];
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += digits[i]! * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return digits.join('') + String(check === 11 ? 0 : check);
  }
}
