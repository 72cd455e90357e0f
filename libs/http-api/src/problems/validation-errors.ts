import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem-details';

/** Flattens class-validator's tree into one entry per failing field, named by its dotted path. */
export function toFieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      reason: reason.replace(/^property (\S+) should not exist$/, 'is not an accepted field'),
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}
