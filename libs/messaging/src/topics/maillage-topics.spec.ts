import { TopicInvalidError } from '../errors/topic-invalid.error';
import { TOPICS, inTopic, outTopic } from './maillage-topics';
import { assertTopicName } from './topic-name';

describe('Maillage topics', () => {
  it('names the hub-wide topics', () => {
    expect(TOPICS).toEqual({ events: 'maillage.events.v1', dlq: 'maillage.dlq.v1' });
  });

  it('names the per-connector topics', () => {
    expect(inTopic('gien-grc')).toBe('maillage.in.gien-grc.v1');
    expect(outTopic('loiret-311')).toBe('maillage.out.loiret-311.v1');
    expect(inTopic('a')).toBe('maillage.in.a.v1');
  });

  it.each(['', 'Gien', 'gien.grc', 'gien_grc', '-gien', 'gien-', 'gien grc', 'é', 'a'.repeat(65)])(
    'refuses the connector id %p',
    (id) => {
      expect(() => inTopic(id)).toThrow(TopicInvalidError);
      expect(() => outTopic(id)).toThrow(
        expect.objectContaining({ code: 'MESSAGING.TOPIC_INVALID', retriable: false }) as Error,
      );
    },
  );

  it('accepts a 64-character connector id', () => {
    expect(inTopic('a'.repeat(64))).toBe(`maillage.in.${'a'.repeat(64)}.v1`);
  });

  it.each(['', '.', '..', 'with space', 'a/b', 'x'.repeat(250)])(
    'refuses the topic name %p',
    (name) => {
      expect(() => assertTopicName(name)).toThrow(TopicInvalidError);
    },
  );
});
