import { Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '@loadwatch/feature/auth';
import { escapeHtml } from '../render/html';
import { htmlPage } from '../render/html-page';
import { UrgentRedirectService, type UrgentRedirectRequest } from './urgent-redirect.service';

/**
 * The link of the email that asks an address to confirm it for someone's urgent alerts, without sign-in.
 * GET only shows what confirming does, with a button; POST confirms. Mail scanners and previews follow GET
 * links, so a GET never confirms.
 */
@ApiTags('email')
@Public()
@Controller('email/urgent-alerts-to')
export class UrgentRedirectController {
  constructor(private readonly service: UrgentRedirectService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({
    description: 'A page that says what confirming does, with a button (a GET confirms nothing).',
  })
  @ApiBadRequestResponse({ description: 'The token is malformed or forged.' })
  @ApiGoneResponse({ description: 'The link expired, or the address was changed or sent a newer link.' })
  @ApiNotFoundResponse({ description: 'The account no longer exists.' })
  async ask(@Query('token') token: unknown): Promise<string> {
    const request = await this.service.describe(token);
    if (request.confirmed) return confirmedPage(request, true);
    const action = `?token=${encodeURIComponent(String(token))}`;
    const address = escapeHtml(request.address);
    return htmlPage(
      'Send urgent alerts to this address?',
      `<p>${escapeHtml(request.account.email)} asked Loadwatch to send their urgent alerts to ${address}.</p>` +
        '<p>Urgent alerts are emailed at once when what they log calls for care without delay, and they say ' +
        `what was found. If you confirm, they come to ${address} instead of ` +
        `${escapeHtml(request.account.email)}, and that address is told so by email.</p>` +
        `<form method="post" action="${escapeHtml(action)}">` +
        `<button type="submit" style="font-size:16px;padding:8px 16px">Confirm ${address}</button></form>` +
        '<p>If you do not know who this is, close this page: nothing is sent here unless you confirm.</p>',
    );
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'token', required: true })
  @ApiOkResponse({ description: 'Confirmed (also when it already was).' })
  @ApiBadRequestResponse({ description: 'The token is malformed or forged.' })
  @ApiGoneResponse({ description: 'The link expired, or the address was changed or sent a newer link.' })
  @ApiNotFoundResponse({ description: 'The account no longer exists.' })
  @ApiServiceUnavailableResponse({
    description: 'The notice to the account cannot be queued; nothing changed.',
  })
  async confirm(@Query('token') token: unknown): Promise<string> {
    const { request, changed } = await this.service.confirm(token);
    return confirmedPage(request, !changed);
  }
}

function confirmedPage(request: UrgentRedirectRequest, earlier: boolean): string {
  return htmlPage(
    earlier ? 'This address is already confirmed' : 'Confirmed',
    `<p>Urgent alerts of ${escapeHtml(request.account.email)} go to ${escapeHtml(request.address)} now` +
      `${earlier ? '' : `; ${escapeHtml(request.account.email)} is told so by email`}.</p>`,
  );
}
