import type { JwtModuleOptions } from '@nestjs/jwt';
import type { AppConfig } from '@loadwatch/shared/config';

export const ACCESS_TOKEN_TYPE = 'access';

/** The claims of an access token: the account id only; the guard reads the account itself. */
export interface AccessTokenPayload {
  sub: string;
  typ: typeof ACCESS_TOKEN_TYPE;
}

/** HS256 with the configured secret, bound to this API by issuer and audience. */
export function jwtOptions(config: AppConfig): JwtModuleOptions {
  return {
    secret: config.auth.jwtSecret,
    signOptions: {
      algorithm: 'HS256',
      expiresIn: config.auth.accessTokenTtlS,
      issuer: 'loadwatch',
      audience: 'loadwatch-api',
    },
    verifyOptions: { algorithms: ['HS256'], issuer: 'loadwatch', audience: 'loadwatch-api' },
  };
}
