import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthTokensResponse } from '@loadwatch/shared/contracts';
import { Public } from './auth-user';
import { AuthTokensDto, LoginDto, RefreshTokenDto, RegisterDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @UseGuards(ThrottlerGuard)
  @ApiCreatedResponse({ type: AuthTokensDto, description: 'The account, signed in.' })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid; the message names it.' })
  @ApiConflictResponse({ description: 'An account with this email exists.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address.' })
  register(@Body() body: RegisterDto): Promise<AuthTokensResponse> {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password (never says which).' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address.' })
  login(@Body() body: LoginDto): Promise<AuthTokensResponse> {
    return this.auth.login(body);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthTokensDto, description: 'A new pair; the refresh token sent is now retired.' })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or already used refresh token.' })
  refresh(@Body() body: RefreshTokenDto): Promise<AuthTokensResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session of this refresh token has ended.' })
  logout(@Body() body: RefreshTokenDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }
}
