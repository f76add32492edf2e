import type fc from 'fast-check';

/** The fixed seed of the order properties, so a default run is reproducible. */
export const ORDER_SEED = 20_261_127;

/**
 * fast-check parameters: seed 20261127 and 100 runs by default; with `DECREE_DEEP` set, 2000 runs
 * from a random seed, printed so that a failure can be replayed.
 */
export const orderFcParams = (): fc.Parameters<unknown> => {
  if (!process.env.DECREE_DEEP) return { seed: ORDER_SEED, numRuns: 100 };
  const seed = Math.floor(Math.random() * 2 ** 31);
  console.log(`fast-check seed ${seed} (DECREE_DEEP, 2000 runs)`);
  return { seed, numRuns: 2000 };
};
