import { GarminApiError, GarminClient, parseNotification, pkceS256 } from './garmin-client';
import { garminActivityId, toActivity } from './garmin-mapping';

const client = new GarminClient({
  authorizeUrl: 'https://connect.example.test/oauth2Confirm',
  tokenUrl: 'https://auth.example.test/token',
  apiUrl: 'https://apis.example.test',
  clientId: 'client-1',
  clientSecret: 'secret-1',
});

describe('GarminClient', () => {
  it('builds the PKCE consent URL with the S256 challenge of the verifier (RFC 7636 appendix B)', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(pkceS256(verifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const url = new URL(
      client.authorizeUrl({ redirectUri: 'https://app.test/cb', state: 's1', codeVerifier: verifier }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      redirect_uri: 'https://app.test/cb',
      state: 's1',
    });
  });

  it.each(['https://elsewhere.test/wellness-api/rest/activityFile?id=1', 'not a url'])(
    'never sends the token to a callback URL off the API host: %s',
    async (url) => {
      const failure = client.downloadFile(url, 'token');
      await expect(failure).rejects.toBeInstanceOf(GarminApiError);
      await expect(failure).rejects.toMatchObject({ kind: 'bad-request', transient: false });
    },
  );
});

describe('parseNotification', () => {
  it('reads pings, pushes, file notices, deregistrations and permission changes', () => {
    const parsed = parseNotification({
      activities: [
        { userId: 'u1', callbackURL: 'https://apis.example.test/wellness-api/rest/activities?token=t' },
        { userId: 'u1', summaryId: 's9', activityType: 'RUNNING', startTimeInSeconds: 100 },
        { summaryId: 'no-user' },
      ],
      activityFiles: [
        { userId: 'u1', summaryId: '9-file', fileType: 'FIT', callbackURL: 'https://x/f', activityId: 9 },
      ],
      deregistrations: [{ userId: 'u2', userAccessToken: 'oauth1-only' }],
      userPermissionsChange: [{ userId: 'u3', permissions: ['HEALTH_EXPORT'], changeTimeInSeconds: 5 }],
    });
    expect(parsed.activityPings).toEqual([
      { userId: 'u1', callbackURL: 'https://apis.example.test/wellness-api/rest/activities?token=t' },
    ]);
    expect(parsed.activityPushes.map((p) => p.summaryId)).toEqual(['s9']);
    expect(parsed.activityFiles.map((f) => f.summaryId)).toEqual(['9-file']);
    expect(parsed.deregistrations).toEqual([{ userId: 'u2' }]);
    expect(parsed.permissionChanges).toEqual([
      { userId: 'u3', permissions: ['HEALTH_EXPORT'], changeTimeInSeconds: 5 },
    ]);
  });

  it.each([null, [], 'text'])('refuses a body that is not an object: %p', (body) => {
    expect(() => parseNotification(body)).toThrow(GarminApiError);
  });
});

describe('toActivity', () => {
  it('maps a summary to a normalized activity without stream or laps', () => {
    const activity = toActivity({
      summaryId: '77',
      activityId: 77,
      activityType: 'TRAIL_RUNNING',
      startTimeInSeconds: 1_760_000_000,
      startTimeOffsetInSeconds: 7200,
      durationInSeconds: 3600,
      distanceInMeters: 10_000,
      averageHeartRateInBeatsPerMinute: 150,
      averageRunCadenceInStepsPerMinute: 170,
      totalElevationGainInMeters: 200,
      deviceName: 'fenix 8',
    });
    expect(activity).toEqual({
      id: 'garmin-77',
      source: 'garmin',
      sport: 'TRAIL_RUNNING',
      subSport: null,
      sportClass: 'running',
      startMs: 1_760_000_000_000,
      utcOffsetS: 7200,
      distanceM: 10_000,
      movingTimeS: 3600,
      elapsedTimeS: null,
      ascentM: 200,
      descentM: null,
      avgHeartRateBpm: 150,
      avgCadenceSpm: 170,
      laps: [],
      stream: null,
      device: { manufacturer: 'garmin', product: 'fenix 8' },
    });
  });

  it('skips a summary without a start time, and names the activity by activityId, else summaryId', () => {
    expect(toActivity({ summaryId: 'x' })).toBeNull();
    expect(garminActivityId({ summaryId: 's', activityId: 12 })).toBe('12');
    expect(garminActivityId({ summaryId: 's' })).toBe('s');
  });
});
