/** How a closed request ended. Each outcome is also the request's status once it is closed. */
export const CLOSE_OUTCOMES = ['resolved', 'rejected', 'closed_without_action'] as const;

export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];
