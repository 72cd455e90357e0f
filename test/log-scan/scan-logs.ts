import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONAL_DATA_FIXTURES, PERSONAL_DATA_PATTERNS } from './personal-data.fixtures';

/** Starts the line capture-logs.setup.ts writes before each test file's output. */
export const TEST_FILE_MARKER = '\u0000maillage-test-file ';

/** A captured line holding personal data, with the test file that was running. */
export interface PersonalDataLeak {
  readonly file: string;
  readonly testFile: string;
  readonly line: string;
  readonly matched: string;
}

interface Detector {
  readonly what: string;
  readonly pattern: RegExp;
}

/**
 * Every line of the captured logs in `dir` that holds a fixture's name, e-mail address, phone
 * number (whatever its spacing, national or +33 form) or postal address. Matching ignores case.
 */
export function scanLogsForPersonalData(dir: string): PersonalDataLeak[] {
  if (!existsSync(dir)) return [];
  const detectors = personalDataDetectors();
  const leaks: PersonalDataLeak[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort()) {
    let testFile = '?';
    for (const line of readFileSync(join(dir, file), 'utf8').split(/\r?\n/)) {
      if (line.startsWith(TEST_FILE_MARKER)) {
        testFile = line.slice(TEST_FILE_MARKER.length);
        continue;
      }
      const detector = detectors.find(({ pattern }) => pattern.test(line));
      if (detector) leaks.push({ file, testFile, line, matched: detector.what });
    }
  }
  return leaks;
}

/** One line per leak, cut to a readable length, for the failure message. */
export function describeLeaks(leaks: readonly PersonalDataLeak[]): string {
  return leaks
    .map(
      (leak) =>
        `  ${leak.testFile} (${leak.matched}): ${leak.line.length > 300 ? `${leak.line.slice(0, 300)}…` : leak.line}`,
    )
    .join('\n');
}

export function personalDataDetectors(): Detector[] {
  const literal = (what: string, value: string): Detector => ({
    what: `${what} ${value}`,
    pattern: new RegExp(escape(value), 'i'),
  });
  return [
    ...PERSONAL_DATA_FIXTURES.names.map((name) => literal('name', name)),
    ...PERSONAL_DATA_FIXTURES.emails.map((email) => literal('e-mail', email)),
    ...PERSONAL_DATA_FIXTURES.addresses.map((address) => literal('address', address)),
    ...PERSONAL_DATA_FIXTURES.phones.map((phone) => ({
      what: `phone ${phone}`,
      pattern: phonePattern(phone),
    })),
    ...PERSONAL_DATA_PATTERNS.map((pattern) => ({ what: `pattern ${pattern.source}`, pattern })),
  ];
}

/**
 * A French number however it is written: `06 12 34 56 78`, `0612345678`, `06.12.34.56.78`,
 * `+33 6 12 34 56 78`, `+33612345678`, `0033 6…`.
 */
function phonePattern(phone: string): RegExp {
  const digits = phone.replace(/\D/g, '').replace(/^(?:0033|33)/, '0');
  const [first, ...rest] = digits.slice(1).match(/^\d|\d{2}/g) ?? [];
  const separator = '[\\s.-]?';
  return new RegExp(
    `(?:(?:\\+|00)33${separator}(?:\\(0\\))?|\\b0)${first ?? ''}${rest.map((pair) => `${separator}${pair}`).join('')}(?!\\d)`,
  );
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
