// Deliberately simple: one "@", no spaces, a dot in the domain. The fake must
// refuse what W&B refuses, and W&B refuses addresses it cannot send mail to.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}
