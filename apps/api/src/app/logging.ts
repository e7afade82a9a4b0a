import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '@loadwatch/shared/config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Invitation tokens travel in the path: the logged URL never holds them; nor the secret segments of the
 * provider webhook URLs (Strava's webhook, Garmin's notifications), nor Strava's handshake verify token, nor
 * the `token` query value of the emailed links (unsubscribe, urgent-alert address confirmation), each of
 * which acts without sign-in.
 */
export function scrubUrl(url: string | undefined): string | undefined {
  return url
    ?.replace(/\/invitations\/[^/?#]+/g, '/invitations/[redacted]')
    .replace(/\/connections\/(strava\/webhook|garmin\/notifications)\/[^/?#]+/g, '/connections/$1/[redacted]')
    .replace(/hub\.verify_token=[^&#]*/g, 'hub.verify_token=[redacted]')
    .replace(/([?&])token=[^&#]*/g, '$1token=[redacted]');
}

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
}

/**
 * JSON logs (pino) with a request id on every line (the caller's `X-Request-Id` when it is sane, else a new
 * one, echoed back). Bodies are never logged, neither are credentials: tokens, cookies, invitation paths.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: SerializedRequest) => ({
          id: req.id,
          method: req.method,
          url: scrubUrl(req.url),
          headers: req.headers,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'req.body',
          'res.body',
          'body',
        ],
        censor: '[redacted]',
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
  };
}
