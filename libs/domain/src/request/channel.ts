/** Where the citizen filed the request. */
export const CHANNELS = [
  'web',
  'counter',
  'phone',
  'mobile_app',
  'social_network',
  'chatbot',
  'email',
  'mail',
] as const;

export type Channel = (typeof CHANNELS)[number];
