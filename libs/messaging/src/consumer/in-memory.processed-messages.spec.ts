import { processedMessagesContract } from '../testing/processed-messages.contract';
import {
  InMemoryProcessedMessages,
  type InMemoryTransaction,
} from './in-memory.processed-messages';

describe('InMemoryProcessedMessages', () => {
  processedMessagesContract<InMemoryTransaction>(() => {
    const committed: string[] = [];
    return Promise.resolve({
      store: new InMemoryProcessedMessages(),
      write: (tx, value) => Promise.resolve(tx.onCommit(() => committed.push(value))),
      written: () => Promise.resolve([...committed]),
    });
  });
});
