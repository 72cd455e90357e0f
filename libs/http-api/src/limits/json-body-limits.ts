import { ProblemException } from '../problems/problem.exception';

/** How deep and how wide a parsed JSON body may be. */
export interface JsonBodyLimits {
  /** Deepest nesting of objects and arrays; the body itself is level 1. */
  readonly maxDepth: number;
  /** Most items of any one array. */
  readonly maxArrayLength: number;
}

/** The first place, in document order, where a body breaks a limit: a JSON pointer (RFC 6901). */
export interface JsonLimitViolation {
  readonly limit: 'depth' | 'array-length';
  readonly pointer: string;
}

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly parent: Frame | null;
  readonly key: string;
}

/**
 * Walks a parsed body without recursion (a body nested 100 000 levels deep must not overflow
 * the stack), visiting objects and arrays only: its cost is one small frame per container, and
 * the pointer is built only for the offending place. Null when the body is within the limits.
 */
export function jsonLimitViolation(
  body: unknown,
  limits: JsonBodyLimits,
): JsonLimitViolation | null {
  if (body === null || typeof body !== 'object') return null;
  const stack: Frame[] = [{ value: body, depth: 1, parent: null, key: '' }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth > limits.maxDepth) return { limit: 'depth', pointer: pointerOf(frame) };
    const { value, depth } = frame;
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        return { limit: 'array-length', pointer: pointerOf(frame) };
      }
      // Pushed last to first, so that the first offending place in the document is found first.
      for (let index = value.length - 1; index >= 0; index -= 1) {
        const item: unknown = value[index];
        if (item !== null && typeof item === 'object') {
          stack.push({ value: item, depth: depth + 1, parent: frame, key: String(index) });
        }
      }
    } else {
      const keys = Object.keys(value);
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index]!;
        const item: unknown = (value as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') {
          stack.push({ value: item, depth: depth + 1, parent: frame, key });
        }
      }
    }
  }
  return null;
}

/** The 400 problem a violation is answered with; it names the place, never a value. */
export function jsonLimitProblem(
  violation: JsonLimitViolation,
  limits: JsonBodyLimits,
): ProblemException {
  const field = violation.pointer || '/';
  return violation.limit === 'depth'
    ? new ProblemException(
        400,
        'HTTP.BODY_TOO_DEEP',
        'Body too deep',
        `The body nests objects and arrays more than ${limits.maxDepth} levels deep at ${field} (see MAILLAGE_JSON_MAX_DEPTH).`,
        { field, retriable: false },
      )
    : new ProblemException(
        400,
        'HTTP.ARRAY_TOO_LONG',
        'Array too long',
        `The array at ${field} has more than ${limits.maxArrayLength} items (see MAILLAGE_JSON_MAX_ARRAY_LENGTH).`,
        { field, retriable: false },
      );
}

function pointerOf(frame: Frame): string {
  const tokens: string[] = [];
  for (let at: Frame | null = frame; at?.parent; at = at.parent) {
    tokens.push(at.key.replace(/~/g, '~0').replace(/\//g, '~1'));
  }
  return tokens
    .reverse()
    .map((token) => `/${token}`)
    .join('');
}

/**
 * The 400 problem for text no store keeps as it is (a NUL character or a lone surrogate, see
 * `unstorableTextPointer`); it names the place, never the value.
 */
export function unstorableTextProblem(pointer: string): ProblemException {
  const field = pointer || '/';
  return new ProblemException(
    400,
    'HTTP.TEXT_UNSUPPORTED',
    'Unsupported text',
    `The text at ${field} holds a NUL character or a lone UTF-16 surrogate, which is not Unicode text.`,
    { field, retriable: false },
  );
}
