import { isDeepStrictEqual } from 'node:util';
import {
  decideOrder,
  evolveOrder,
  formatPath,
  initialOrderState,
  isDomainRuleViolation,
  type FieldPath,
  type OrderCommand,
  type OrderEvent,
} from '../../domain/index.js';

const show = (x: unknown): string => JSON.stringify(x, null, 2);

/**
 * Given/when/then for the order decider, free of any test runner: throws a plain Error on mismatch.
 * @example givenOrder([filed, entered]).when(enter).then([]); givenOrder([]).when(pay).thenRejects('ORDER_NOT_FILED', ['type']);
 */
export const givenOrder = (events: readonly OrderEvent[]) => {
  const state = events.reduce(evolveOrder, initialOrderState());
  return {
    state,
    when: (command: OrderCommand) => ({
      then(expected: readonly OrderEvent[]): readonly OrderEvent[] {
        const got = decideOrder(command, state);
        if (!isDeepStrictEqual([...got], [...expected]))
          throw new Error(
            `${command.type}: expected events ${show(expected)}\nbut got ${show(got)}`,
          );
        return got;
      },
      thenRejects(code: string, path?: FieldPath): Error {
        let got: readonly OrderEvent[];
        try {
          got = decideOrder(command, state);
        } catch (e) {
          if (!isDomainRuleViolation(e)) throw e;
          if (e.code !== code)
            throw new Error(
              `${command.type}: expected ${code} but was refused with ${e.code}: ${e.message}`,
            );
          if (path && !isDeepStrictEqual([...e.path], [...path]))
            throw new Error(
              `${command.type}: ${code} at "${formatPath(e.path)}", expected "${formatPath(path)}"`,
            );
          return e;
        }
        throw new Error(`${command.type}: expected ${code} but it was accepted with ${show(got)}`);
      },
    }),
  };
};
