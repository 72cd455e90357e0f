import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ProblemException } from '../problems/problem.exception';
import { ValidEntityAcceptor } from './valid-entity.acceptor';

/**
 * `ValidationPipe` with a fast path for valid JSON bodies: the body is turned into its DTO as
 * `ValidationPipe` does it, and if `ValidEntityAcceptor` can vouch that class-validator would
 * find no error, that entity is the result. Anything else — an invalid body, a query, a shape
 * the acceptor does not model — goes through `ValidationPipe` unchanged, so every error (and the
 * problem details built from it) is exactly class-validator's. Same results, a fraction of the
 * cost on the hot path of ingest. A body that is not a JSON object (`null`, an array, a string) is
 * refused here, naming `body`.
 */
export class FastAcceptValidationPipe extends ValidationPipe {
  private readonly acceptor = new ValidEntityAcceptor();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    // ValidationPipe turns a `null` body into `{}` (and validates an array item by item): a DTO
    // body is a JSON object, or absent when every field may be omitted.
    if (
      metadata.type === 'body' &&
      metadata.data === undefined &&
      value !== undefined &&
      this.toValidate(metadata) &&
      !isJsonObject(value)
    ) {
      throw ProblemException.validation([{ field: 'body', reason: 'expected a JSON object' }]);
    }
    if (
      this.isTransformEnabled &&
      metadata.type === 'body' &&
      metatype &&
      this.toValidate(metadata) &&
      isJsonObject(value)
    ) {
      const entity: unknown = plainToInstance(metatype, value, this.transformOptions);
      if (entity instanceof metatype && this.acceptor.accepts(entity as object)) return entity;
    }
    return super.transform(value, metadata);
  }
}

/** An object as JSON.parse makes them (not an array, a Buffer or a class instance). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}
