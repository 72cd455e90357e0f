export type ConnectorsErrorCode =
  | 'CONNECTOR.INVALID'
  | 'CONNECTOR.NOT_FOUND'
  | 'CONNECTOR.ALREADY_EXISTS'
  | 'CONNECTOR.KEY_NOT_FOUND'
  | 'CONNECTOR.SUBSCRIPTION_NOT_FOUND'
  | 'CONNECTOR.UNAUTHENTICATED'
  | 'CONNECTOR.FORBIDDEN'
  | 'CONNECTOR.SCOPE_MISSING'
  | 'CONNECTOR.DISABLED'
  | 'CONNECTOR.FILE_INVALID'
  | 'CONNECTOR.PAYLOAD_INVALID'
  | 'CONNECTOR.REQUEST_NOT_FOUND';

/** One problem with a native payload, as the dialect reported it. */
export interface PayloadIssue {
  /** JSON pointer into the payload (`/demandeur/courriel`); `''` for the whole payload. */
  readonly pointer: string;
  readonly expected: string;
  readonly code: string;
}

/** A connector operation failed; `field` names the offending input when there is one. */
export class ConnectorsError extends Error {
  override readonly name = 'ConnectorsError';
  /** The same input fails the same way: consumers dead-letter it at once. */
  readonly retriable = false as const;

  constructor(
    readonly code: ConnectorsErrorCode,
    message: string,
    readonly field: string | null = null,
    /** For `CONNECTOR.PAYLOAD_INVALID`: every problem the dialect found. */
    readonly issues: readonly PayloadIssue[] = [],
  ) {
    super(message);
  }
}

export function connectorNotFound(id: string): ConnectorsError {
  return new ConnectorsError('CONNECTOR.NOT_FOUND', `no connector ${id}`, 'connectorId');
}
