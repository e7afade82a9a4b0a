import { Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '@loadwatch/feature/auth';
import { escapeHtml } from '../render/html';
import { htmlPage as page } from '../render/html-page';
import { KIND_LABEL, UnsubscribeService } from './unsubscribe.service';

/**
 * The target of every email's unsubscribe link and List-Unsubscribe header, without sign-in (the signed
 * token is the authority). POST unsubscribes (RFC 8058 one-click, and the confirmation page's button);
 * GET only shows that page, because link scanners and previews follow GET links.
 */
@ApiTags('email')
@Public()
@Controller('email/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly service: UnsubscribeService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ description: 'A page with a button that confirms (a GET never unsubscribes).' })
  @ApiBadRequestResponse({ description: 'The token is invalid, or names urgent alerts.' })
  @ApiNotFoundResponse({ description: 'The account no longer exists.' })
  async confirm(@Query('token') token: unknown): Promise<string> {
    const { kind } = await this.service.describe(token);
    const action = `?token=${encodeURIComponent(String(token))}`;
    return page(
      `Unsubscribe from ${KIND_LABEL[kind]}?`,
      `<form method="post" action="${escapeHtml(action)}">` +
        `<button type="submit" style="font-size:16px;padding:8px 16px">Unsubscribe</button></form>`,
    );
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ description: 'Unsubscribed (also when already unsubscribed).' })
  @ApiBadRequestResponse({ description: 'The token is invalid, or names urgent alerts.' })
  @ApiNotFoundResponse({ description: 'The account no longer exists.' })
  async unsubscribe(@Query('token') token: unknown): Promise<string> {
    const kind = await this.service.unsubscribe(token);
    return page(
      'You are unsubscribed',
      `<p>You will get no more emails of ${escapeHtml(KIND_LABEL[kind])}. ` +
        'You can switch them on again in your email settings.</p>',
    );
  }
}
