import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import retentionPolicySchema from '../../../../schemas/retention/retention-policy.schema.json';
import retentionPolicyV1 from '../../../../schemas/retention/retention-policy.v1.json';
import { RetentionError } from './retention.error';

/** What becomes of a request's personal data at the end of its period. */
export type Disposition = 'destroy' | 'archive';

/** A period in calendar units (an ISO 8601 duration such as `P5Y`, `P1Y6M`, `P90D`). */
export interface RetentionPeriod {
  readonly iso: string;
  readonly years: number;
  readonly months: number;
  readonly days: number;
}

/** The rule that applies to a category: its period, disposition, and which entry it came from. */
export interface RetentionRule {
  /** The rule's category prefix, or `*` for the policy's default. */
  readonly category: string;
  readonly period: RetentionPeriod;
  readonly disposition: Disposition;
}

/**
 * The retention policy (`schemas/retention/retention-policy.schema.json`), parsed once at boot:
 * per category prefix, how long a closed request's personal data is kept and what becomes of it.
 */
export class RetentionPolicy {
  private constructor(
    readonly version: string,
    private readonly fallback: RetentionRule,
    /** Longest prefix first. */
    private readonly rules: readonly RetentionRule[],
  ) {}

  /**
   * Validates a policy document against its JSON Schema, then refuses a category given twice.
   * @throws RetentionError `RETENTION.INVALID_POLICY`, naming every problem.
   */
  static parse(document: unknown): RetentionPolicy {
    validate ??= compileSchema();
    const problems = validate.check(document);
    if (problems.length === 0) {
      const { version, rules, default: fallback } = document as PolicyDocument;
      const seen = new Set<string>();
      if (isZero(fallback.retention)) problems.push('/default/retention must not be zero');
      for (const [index, rule] of rules.entries()) {
        if (isZero(rule.retention)) problems.push(`/rules/${index}/retention must not be zero`);
        if (seen.has(rule.category)) {
          problems.push(`/rules/${index}/category "${rule.category}" is given twice`);
        }
        seen.add(rule.category);
      }
      if (problems.length === 0) {
        return new RetentionPolicy(
          version,
          toRule('*', fallback),
          rules
            .map((rule) => toRule(rule.category, rule))
            .sort((a, b) => b.category.length - a.category.length),
        );
      }
    }
    throw new RetentionError(
      'RETENTION.INVALID_POLICY',
      `invalid retention policy:\n  - ${problems.join('\n  - ')}`,
    );
  }

  /** The policy shipped in `schemas/retention/retention-policy.v1.json`. */
  static bundled(): RetentionPolicy {
    return RetentionPolicy.parse(retentionPolicyV1);
  }

  /** The rule of `category`: the longest rule prefix that matches it, else the default. */
  ruleFor(category: string): RetentionRule {
    return (
      this.rules.find(
        (rule) => category === rule.category || category.startsWith(`${rule.category}.`),
      ) ?? this.fallback
    );
  }

  /** When the period of a request of `category` closed at `closedAt` ends. */
  dueAt(category: string, closedAt: Date): Date {
    return addPeriod(closedAt, this.ruleFor(category).period);
  }
}

/** `start` plus a calendar period, in UTC (a month after 31 January is 3 March: no clamping). */
export function addPeriod(start: Date, period: RetentionPeriod): Date {
  const end = new Date(start.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + period.years, end.getUTCMonth() + period.months);
  end.setUTCDate(end.getUTCDate() + period.days);
  return end;
}

/** Parses the durations the schema admits (`P` then years, months, weeks, days). */
export function parsePeriod(iso: string): RetentionPeriod {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso);
  if (!match || iso === 'P') throw new RangeError(`not a retention period: ${iso}`);
  const [, years, months, weeks, days] = match.map((part) => Number(part ?? 0));
  return { iso, years: years!, months: months!, days: weeks! * 7 + days! };
}

function isZero(iso: string): boolean {
  const { years, months, days } = parsePeriod(iso);
  return years + months + days === 0;
}

interface PolicyEntry {
  readonly retention: string;
  readonly disposition: Disposition;
}

interface PolicyDocument {
  readonly version: string;
  readonly default: PolicyEntry;
  readonly rules: readonly (PolicyEntry & { readonly category: string })[];
}

function toRule(category: string, entry: PolicyEntry): RetentionRule {
  return { category, period: parsePeriod(entry.retention), disposition: entry.disposition };
}

let validate: { check(document: unknown): string[] } | undefined;

function compileSchema(): { check(document: unknown): string[] } {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const compiled = ajv.compile(retentionPolicySchema);
  return {
    check: (document) =>
      compiled(document)
        ? []
        : (compiled.errors ?? []).map(
            (error) =>
              `${error.instancePath === '' ? '(root)' : error.instancePath} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
          ),
  };
}
