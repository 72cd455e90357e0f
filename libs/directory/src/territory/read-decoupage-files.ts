import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DirectoryError } from '../errors/directory-error';
import type { DecoupageFiles } from './decoupage-records';

/** The `data` folder of the installed `@etalab/decoupage-administratif` package. */
export function defaultDecoupageDirectory(): string {
  return join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
}

/**
 * Reads the four data files. Read with `fs` rather than `require` so that the 12 MB of raw JSON
 * is garbage once indexed instead of pinned in the module cache for the life of the process.
 */
export function readDecoupageFiles(
  directory: string = defaultDecoupageDirectory(),
): DecoupageFiles {
  return {
    communes: readArray(directory, 'communes.json') as DecoupageFiles['communes'],
    epcis: readArray(directory, 'epci.json') as DecoupageFiles['epcis'],
    departements: readArray(directory, 'departements.json') as DecoupageFiles['departements'],
    regions: readArray(directory, 'regions.json') as DecoupageFiles['regions'],
  };
}

function readArray(directory: string, file: string): unknown[] {
  const path = join(directory, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DirectoryError(
      'DIRECTORY.INVALID_DATA',
      `cannot read ${path}: ${(error as Error).message}`,
    );
  }
  if (!Array.isArray(parsed)) {
    throw new DirectoryError('DIRECTORY.INVALID_DATA', `${path} is not a JSON array`);
  }
  return parsed as unknown[];
}
