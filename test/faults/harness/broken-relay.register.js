// THE DELIBERATELY BROKEN BUILD. Preloaded into a relay process by the fault suite's first test
// only; product code has no such switch. It patches the relay so that each batch's checkpoint is
// saved BEFORE Kafka acknowledged the batch — the bug the fault suite must be able to catch: a
// relay killed (or a broker lost) between the save and the acknowledgement never sends that
// batch again. The suite's real scenarios count only once it has shown that it reports the loss.
'use strict';
const { join } = require('node:path');

const { EventRelay } = require(
  join(__dirname, '..', '..', '..', 'libs', 'relay', 'src', 'event-relay.ts'),
);
const send = EventRelay.prototype.send;
EventRelay.prototype.send = async function sendAfterCheckpoint(batch) {
  this.checkpoint.advance(batch.last, batch.messages.length);
  await this.checkpoint.settled();
  return send.call(this, batch);
};
