//! Leaving the app for a page of the payment provider (Checkout, the customer portal). One function, so tests can
//! watch where the app would go.
export function redirectTo(url: string): void {
  window.location.assign(url);
}
