import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '@maillage/event-store';
import { parseBundleLine } from './bundle-event';
import { BUNDLE_FILES } from './bundle-manifest';

/** The events of a bundle, one line at a time (constant memory). */
export async function* readBundleEvents(dir: string): AsyncGenerator<RecordedEvent> {
  const lines = createInterface({
    input: createReadStream(join(dir, BUNDLE_FILES.events), 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line === '') continue;
    yield parseBundleLine(line, lineNumber);
  }
}
