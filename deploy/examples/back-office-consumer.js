#!/usr/bin/env node
/*
 * A département back office following its connector's out-topic with plain kafkajs — no Maillage
 * code. Messages are CloudEvents in binary mode: attributes in `ce_*` headers, key = the hub id of
 * the request (one request's messages keep their order), value = the message in the connector's
 * dialect (or, for what a subscription follows, the canonical event). The citizen's contact is
 * not on Kafka: a filing that would carry it has the header `ce_maillagepersonaldata`, the hub
 * path to GET it from with the connector's key (`subscribe` scope), printed as `personalData`.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 CONNECTOR=loiret-grc node deploy/examples/back-office-consumer.js
 *
 * Optional: GROUP (consumer group, default `<connector>.back-office`), MAX_MESSAGES (stop after n).
 */
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const connector = process.env.CONNECTOR;
if (!connector) throw new Error('set CONNECTOR, e.g. loiret-grc');
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const max = Number(process.env.MAX_MESSAGES || Infinity);

async function main() {
  const kafka = new Kafka({
    clientId: `${connector}-back-office`,
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: process.env.GROUP || `${connector}.back-office` });
  await consumer.connect();
  await consumer.subscribe({ topic: `maillage.out.${connector}.v1`, fromBeginning: true });
  let seen = 0;
  const done = new Promise((resolve) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        const header = (name) => message.headers[name] && message.headers[name].toString();
        // Drop duplicates by ce_id (at-least-once delivery), then apply in key order.
        console.log(
          JSON.stringify({
            request: message.key.toString(),
            id: header('ce_id'),
            type: header('ce_type'),
            event: header('ce_maillageeventtype'),
            ...(header('ce_maillagepersonaldata')
              ? { personalData: header('ce_maillagepersonaldata') }
              : {}),
            body: JSON.parse(message.value.toString()),
          }),
        );
        seen += 1;
        if (seen >= max) resolve();
      },
    });
  });
  await done;
  await consumer.disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
