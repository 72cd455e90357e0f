/** A commune's INSEE code: five digits, or 2A/2B and three digits in Corsica. */
export const INSEE_CODE = /^(\d{5}|2[AB]\d{3})$/;
