import type { IHeaders, KafkaMessage, Message as KafkajsMessage } from 'kafkajs';

import type { Message, MessageHeaders, OutgoingMessage } from '../message';

/** A kafkajs message as this lib's `Message`: key and headers as UTF-8, last value of a repeated header. */
export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): Message {
  return {
    topic,
    key: message.key === null || message.key === undefined ? null : message.key.toString('utf8'),
    headers: fromKafkaHeaders(message.headers),
    value: message.value,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
  };
}

/** This lib's `OutgoingMessage` as a kafkajs message. */
export function toKafkaMessage(message: OutgoingMessage): KafkajsMessage {
  return {
    key: message.key,
    value: message.value,
    headers: { ...message.headers },
    ...(message.partition === undefined ? {} : { partition: message.partition }),
  };
}

function fromKafkaHeaders(headers: IHeaders | undefined): MessageHeaders {
  const out: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}
