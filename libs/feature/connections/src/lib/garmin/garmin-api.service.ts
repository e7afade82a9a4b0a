import { Inject, Injectable } from '@nestjs/common';
import { GarminClient } from '@loadwatch/integrations/garmin';
import { APP_CONFIG, type AppConfig, type GarminConfig } from '@loadwatch/shared/config';

/** The Garmin client built from the configuration; Garmin is offered only when its client id is set. */
@Injectable()
export class GarminApi {
  private readonly configured: { client: GarminClient; settings: GarminConfig } | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const garmin = config.connections.garmin ?? null;
    this.configured = garmin ? { client: new GarminClient(garmin), settings: garmin } : null;
  }

  get isConfigured(): boolean {
    return this.configured !== null;
  }

  get client(): GarminClient {
    return this.garmin().client;
  }

  get settings(): GarminConfig {
    return this.garmin().settings;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}/api/connections/garmin/callback`;
  }

  private garmin(): { client: GarminClient; settings: GarminConfig } {
    if (!this.configured)
      throw new Error('Garmin is not configured (GARMIN_CLIENT_ID, GARMIN_CLIENT_SECRET)');
    return this.configured;
  }
}
