export { keyStoreContract, type OpenKeyStore } from './key-store.contract';
