// The order an answer lists its occurrences in, shared by the answer on one date and status over
// time (which lists them alike). Internal: not re-exported by the package.
import type { OccurrenceAnswer } from './compliance.types.js';

/** By deadline, then by id. */
export const byDue = (
  a: Pick<OccurrenceAnswer, 'dueOn' | 'id'>,
  b: Pick<OccurrenceAnswer, 'dueOn' | 'id'>,
): number =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
