import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { AccessTokenGuard } from './access-token.guard';
import { jwtOptions } from './access-token';
import { DEFAULT_AUTH_THROTTLE, type AuthThrottle } from './auth-throttle';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password-hasher';

export interface AuthModuleOptions {
  /** Limits of login and registration per client IP (default 10 a minute). */
  throttle?: AuthThrottle;
}

/**
 * Accounts and sessions: registration, login, refresh-token rotation, logout, and the global access-token
 * guard that every route passes unless marked @Public().
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = {}): DynamicModule {
    const throttle = options.throttle ?? DEFAULT_AUTH_THROTTLE;
    return {
      module: AuthModule,
      imports: [
        JwtModule.registerAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => jwtOptions(config),
        }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'auth', limit: throttle.limit, ttl: throttle.ttlMs }],
          errorMessage: 'Too many attempts from this address: wait a minute and try again',
        }),
      ],
      controllers: [AuthController],
      providers: [AuthService, PasswordHasher, { provide: APP_GUARD, useClass: AccessTokenGuard }],
      exports: [PasswordHasher],
    };
  }
}
