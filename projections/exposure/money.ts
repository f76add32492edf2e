import { DecreeError, type Money } from '../../domain/index.js';

/** A sum of money too large to be written exactly as a number of minor units (beyond ±2^53). */
export class MoneyOverflow extends DecreeError<'MONEY_OVERFLOW'> {
  override readonly name = 'MoneyOverflow';
}

/** `minor` (a bigint) as a Money, or a typed `MONEY_OVERFLOW` when it is past what a JSON number holds exactly. */
export const moneyOf = (minor: bigint, currency: string, what: string): Money => {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyOverflow(
      'MONEY_OVERFLOW',
      `${what} exceeds ${Number.MAX_SAFE_INTEGER} minor units of ${currency}: too large to state exactly`,
      [],
      { currency, minor: minor.toString() },
    );
  }
  return { amountMinor: Number(minor), currency };
};

/** `a × b / c` rounded half up (away from zero for halves), in exact integer arithmetic. */
export const mulDivRound = (a: bigint, b: bigint, c: bigint): bigint => {
  const n = a * b;
  const q = n / c;
  const r = n % c;
  return 2n * (r < 0n ? -r : r) >= c ? q + (n < 0n ? -1n : 1n) : q;
};

const digitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (2 for USD, 0 for JPY, 3 for KWD). */
export const minorDigits = (currency: string): number => {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d =
        new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
};

/** Minor units as an exact decimal (no floats, no separators): 15000000000 USD → `150000000.00`. */
export const decimalAmount = (minor: number, currency: string): string => {
  const digits = minorDigits(currency);
  const abs = BigInt(Math.abs(Math.trunc(minor)));
  const scale = 10n ** BigInt(digits);
  const frac = digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : '';
  return `${minor < 0 ? '-' : ''}${abs / scale}${frac}`;
};

/** Formats money from integer minor units, exactly (no floats): `{ amountMinor: 15000000000, currency: 'USD' }` → `USD 150,000,000.00`. */
export const formatMoney = (m: {
  readonly amountMinor: number;
  readonly currency: string;
}): string =>
  `${m.currency} ${decimalAmount(m.amountMinor, m.currency).replace(/\B(?=(\d{3})+(?!\d))(?<!\.\d*)/g, ',')}`;
