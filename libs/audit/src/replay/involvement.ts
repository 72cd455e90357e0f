import type { RecordedEvent } from '@maillage/event-store';

/**
 * The authorities an event brings into its request: the origin of a filing, the targets of a
 * routing, both sides of a transfer, and whoever acted. The union over a stream is every
 * authority the request ever involved.
 */
export function authoritiesInvolvedBy(event: RecordedEvent): string[] {
  const authorities: string[] = [];
  const actor = event.metadata['actor'];
  if (actor && typeof actor === 'object' && !Array.isArray(actor)) {
    const authority = actor['authority'];
    if (typeof authority === 'string') authorities.push(authority);
  }
  const data = event.data;
  switch (event.type) {
    case 'RequestFiled': {
      const source = data['source'];
      if (source && typeof source === 'object' && !Array.isArray(source)) {
        const origin = source['authority'];
        if (typeof origin === 'string') authorities.push(origin);
      }
      break;
    }
    case 'RequestRouted':
      authorities.push(...strings(data['targets']));
      break;
    case 'RequestTransferred':
      authorities.push(...strings([data['from']]), ...strings(data['to']));
      break;
  }
  return authorities;
}

/** The category a filing gives its request, or null for any other event. */
export function categoryFiledBy(event: RecordedEvent): string | null {
  if (event.type !== 'RequestFiled') return null;
  const category = event.data['category'];
  return typeof category === 'string' ? category : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
