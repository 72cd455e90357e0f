import { ValidateIf } from 'class-validator';

/**
 * The field may be left out; if it is present it must pass every other rule — `null` included,
 * which is refused unless a rule takes it. `@IsOptional()` skips the rules for `null` too, which
 * let `{ "note": null }` through where the OpenAPI document says "a string, or nothing": use this
 * on every body field the document does not declare `nullable`, and keep `@IsOptional()` for those
 * it does (a webhook set to `null`).
 */
export const MayBeOmitted = (): PropertyDecorator =>
  ValidateIf((_: object, value: unknown) => value !== undefined);
