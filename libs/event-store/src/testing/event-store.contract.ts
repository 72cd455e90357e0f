import { appendContractCases } from './append.contract-cases';
import { concurrencyContractCases } from './concurrency.contract-cases';
import type {
  ContractCapabilities,
  ContractFixture,
  ContractFixtureFactory,
} from './contract-fixture';
import { readContractCases } from './read.contract-cases';
import { subscriptionContractCases } from './subscription.contract-cases';

/** Gives the cases the fixture of the running test (a fresh one per test). */
export type FixtureAccess = () => ContractFixture;

/**
 * The one behavioural contract of the `EventStore` port. Every adapter's spec calls it with a
 * factory giving a fresh store per test; a new adapter is done when this passes unchanged.
 * Cases never assume an empty store (unique stream names, positions relative to the head they
 * found), so a shared EventStoreDB server or a schema reused across tests is fine.
 */
export function eventStoreContract(
  name: string,
  factory: ContractFixtureFactory,
  capabilities: ContractCapabilities = {},
): void {
  describe(name, () => {
    let current: ContractFixture | undefined;
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const fixture: FixtureAccess = () => {
      if (current === undefined) throw new Error('contract fixture used outside a test');
      return current;
    };

    appendContractCases(fixture, capabilities);
    readContractCases(fixture);
    concurrencyContractCases(fixture);
    subscriptionContractCases(fixture);
  });
}
