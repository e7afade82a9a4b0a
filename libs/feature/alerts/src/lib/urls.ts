import type { AppConfig } from '@loadwatch/shared/config';

/** A page of the dashboard (PUBLIC_URL serves it). */
export function appUrl(config: AppConfig, path: string): string {
  return `${config.publicUrl.replace(/\/+$/, '')}${path}`;
}

/** The one-click unsubscribe endpoint (RFC 8058: a POST; a GET shows a confirmation page). */
export function unsubscribeUrl(config: AppConfig, token: string): string {
  return appUrl(config, `/api/email/unsubscribe?token=${encodeURIComponent(token)}`);
}

/** The confirmation of an address for urgent alerts (a GET shows what it does; its button POSTs). */
export function urgentRedirectUrl(config: AppConfig, token: string): string {
  return appUrl(config, `/api/email/urgent-alerts-to?token=${encodeURIComponent(token)}`);
}
