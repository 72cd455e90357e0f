import {
  getMetadataStorage,
  type MetadataStorage,
  type ValidationArguments,
  ValidationTypes,
} from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type ConstraintMetadata = ReturnType<MetadataStorage['getTargetValidatorConstraints']>[number];

/** The rules of one property, ready to run. */
interface PropertyRules {
  /** `@IsOptional` and friends: when one is false, nothing else is checked. */
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly checks: readonly ((object: object, value: unknown) => boolean)[];
  /** `@ValidateNested`: the value's own class rules apply to it (or to each item). */
  readonly nested: boolean;
}

const SUPPORTED_TYPES = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST,
]);

/**
 * A quick yes to "would class-validator find no error in this entity?", for the common case of a
 * valid body. It runs the very constraint functions class-validator registered for the classes
 * (same decorators, same arguments), without building error objects, so it can only say yes
 * when class-validator would: it answers no — "ask class-validator" — to anything it does not
 * model exactly (async or conditional constraints, unknown rule types, properties without
 * rules, Sets and Maps, a constraint answering anything but `true`). Errors, and their messages,
 * therefore always come from class-validator itself.
 *
 * It assumes the validation options `ValidationPipe` gets from `configureHttpApplication`
 * (whitelist + forbidNonWhitelisted + forbidUnknownValues, no groups): stricter options only
 * make it say no more often.
 */
export class ValidEntityAcceptor {
  private readonly storage = getMetadataStorage();
  /** Rules by class; null when the class has a rule this acceptor does not model. */
  private readonly rules = new Map<unknown, ReadonlyMap<string, PropertyRules> | null>();

  /** True only if class-validator would report no error for `entity` (a class instance). */
  accepts(entity: object): boolean {
    const rules = this.rulesOf(entity.constructor);
    if (!rules) return false;
    for (const key of Object.keys(entity)) if (!rules.has(key)) return false;
    for (const [property, rule] of rules) {
      const value = (entity as Record<string, unknown>)[property];
      if (!rule.conditions.every((condition) => condition(entity, value))) continue;
      if (!rule.checks.every((check) => check(entity, value))) return false;
      if (rule.nested && !this.acceptsNested(value)) return false;
    }
    return true;
  }

  private acceptsNested(value: unknown): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.every((item) => this.acceptsNested(item));
    if (value instanceof Set || value instanceof Map) return false;
    return value instanceof Object && this.accepts(value);
  }

  private rulesOf(target: unknown): ReadonlyMap<string, PropertyRules> | null {
    if (!this.rules.has(target)) this.rules.set(target, this.compile(target));
    return this.rules.get(target)!;
  }

  private compile(target: unknown): ReadonlyMap<string, PropertyRules> | null {
    if (typeof target !== 'function') return null;
    const metadatas = this.storage.getTargetValidationMetadatas(target, '', false, false);
    if (metadatas.length === 0) return null; // forbidUnknownValues: class-validator refuses it
    const byProperty = this.storage.groupByPropertyName(metadatas);
    const compiled = new Map<string, PropertyRules>();
    for (const [property, rules] of Object.entries(byProperty)) {
      if (rules.some((rule) => !SUPPORTED_TYPES.has(rule.type) || rule.validateIf)) return null;
      const checks = rules
        .filter((rule) => rule.type === ValidationTypes.CUSTOM_VALIDATION)
        .flatMap((rule) =>
          this.storage
            .getTargetValidatorConstraints(rule.constraintCls)
            .map((constraint) => constraintCheck(rule, constraint)),
        );
      if (checks.includes(null)) return null;
      compiled.set(property, {
        conditions: rules
          .filter((rule) => rule.type === ValidationTypes.CONDITIONAL_VALIDATION)
          .map((rule) => rule.constraints[0] as (object: object, value: unknown) => boolean),
        checks: checks as ((object: object, value: unknown) => boolean)[],
        nested: rules.some((rule) => rule.type === ValidationTypes.NESTED_VALIDATION),
      });
    }
    return compiled;
  }
}

/** One constraint as class-validator applies it (to each item, for `each` on an array). */
function constraintCheck(
  rule: ValidationMetadata,
  constraint: ConstraintMetadata,
): ((object: object, value: unknown) => boolean) | null {
  if (constraint.async) return null;
  const passes = (value: unknown, args: ValidationArguments): boolean =>
    constraint.instance.validate(value, args) === true;
  return (object, value) => {
    if (value instanceof Set || value instanceof Map) return false;
    const args: ValidationArguments = {
      targetName: object.constructor.name,
      property: rule.propertyName,
      object,
      value,
      constraints: rule.constraints,
    };
    return rule.each && Array.isArray(value)
      ? value.every((item) => passes(item, args))
      : passes(value, args);
  };
}
