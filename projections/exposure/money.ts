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
