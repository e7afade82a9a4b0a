// Simulates one planned activity second by second and encodes it as a FIT activity file with the SDK's
// Encoder, the way a Garmin watch lays one out: file_id, device_info, timer start, records with laps
// interleaved, timer stop, last lap, session, activity.
import { Encoder, Profile } from '@garmin/fitsdk';

const MESG = Profile.MesgNum;
const SEMICIRCLES_PER_DEGREE = 2 ** 31 / 180;
const METRES_PER_DEGREE = 111_320;
const FIT_EPOCH_S = 631_065_600;

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gauss(rng) {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export const between = (rng, lo, hi) => lo + (hi - lo) * rng();
const pick = (rng, list) => list[Math.floor(rng() * list.length)];
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const paceToSpeed = (secondsPerKm) => 1000 / secondsPerKm;
const date = (unixS) => new Date(unixS * 1000);

// Non-rep running targets 4:00-6:15/km, so that with hills and warm-ups run averages stay inside 4:00-6:30/km.
const steady = (speed) => clamp(speed, paceToSpeed(375), paceToSpeed(240));

const INTERVAL_SCHEMES = [
  { reps: 6, metres: 800, pace: 0.91, recoveryS: 90 },
  { reps: 5, metres: 1000, pace: 0.93, recoveryS: 120 },
  { reps: 10, metres: 400, pace: 0.87, recoveryS: 75 },
  { reps: 4, metres: 1600, pace: 0.96, recoveryS: 150 },
  { reps: 8, metres: 600, pace: 0.9, recoveryS: 90 },
];

/** The activity as segments: a distance (or, for recoveries, a time) at a target speed, and its lap intensity. */
function segmentsFor(item, rng) {
  const vT = item.thresholdSpeed;
  const easy = steady(vT / between(rng, 1.3, 1.4));
  const total = item.distanceM;
  switch (item.kind) {
    case 'recovery':
      return [{ metres: total, speed: steady(vT / 1.48), intensity: 'active' }];
    case 'long':
      if (rng() < 0.3) {
        // Progression long run: the last fifth at marathon effort.
        return [
          { metres: total * 0.8, speed: steady(vT / 1.32), intensity: 'active' },
          { metres: total * 0.2, speed: steady(vT / 1.1), intensity: 'active' },
        ];
      }
      return [{ metres: total, speed: steady(vT / 1.33), intensity: 'active' }];
    case 'race':
      return [{ metres: total, speed: vT / between(rng, 1.06, 1.09), intensity: 'active' }];
    case 'tempo': {
      const warmup = between(rng, 2000, 3000);
      const cooldown = between(rng, 1500, 2500);
      const tempo = clamp(total - warmup - cooldown, 4000, 10000);
      return [
        { metres: warmup, speed: easy, intensity: 'warmup' },
        { metres: tempo, speed: vT * between(rng, 0.98, 1.01), intensity: 'active' },
        { metres: cooldown, speed: easy, intensity: 'cooldown' },
      ];
    }
    case 'intervals': {
      const scheme = pick(rng, INTERVAL_SCHEMES);
      const segments = [{ metres: between(rng, 2500, 3200), speed: easy, intensity: 'warmup' }];
      for (let rep = 0; rep < scheme.reps; rep++) {
        segments.push({ metres: scheme.metres, speed: vT / scheme.pace, intensity: 'active' });
        if (rep < scheme.reps - 1)
          segments.push({ seconds: scheme.recoveryS, speed: easy * 0.85, intensity: 'rest' });
      }
      const used = segments.reduce((sum, s) => sum + (s.metres ?? s.seconds * s.speed), 0);
      segments.push({ metres: Math.max(1500, total - used), speed: easy, intensity: 'cooldown' });
      return segments;
    }
    case 'ride':
      return [{ metres: total, speed: item.cruiseSpeed, intensity: 'active' }];
    case 'swim':
      return [{ metres: total, speed: item.cruiseSpeed, intensity: 'active' }];
    default:
      return [{ metres: total, speed: easy, intensity: 'active' }];
  }
}

/** A closed loop whose altitude returns to its start, so ascent and descent balance like a real route. */
function makeRoute(item, rng) {
  const length = item.distanceM;
  // Whole cycles over the loop, at least 1.5 km long each, so grades stay runnable.
  const maxCycles = clamp(Math.floor(length / 1500), 1, 8);
  const hills = Array.from({ length: 3 }, (_, k) => ({
    amplitude: (item.hilliness * between(rng, 0.3, 1)) / (k + 1),
    cycles: 1 + Math.floor(rng() * maxCycles),
    phase: between(rng, 0, 2 * Math.PI),
  }));
  const altitude = (d) =>
    item.origin.alt +
    hills.reduce(
      (sum, h) =>
        sum + h.amplitude * (Math.sin((2 * Math.PI * h.cycles * d) / length + h.phase) - Math.sin(h.phase)),
      0,
    );
  const heading0 = between(rng, 0, 2 * Math.PI);
  const turn = rng() < 0.5 ? 1 : -1;
  const wiggle = between(rng, 0.2, 0.6);
  const heading = (d) =>
    heading0 + (turn * 2 * Math.PI * d) / length + wiggle * Math.sin((6 * Math.PI * d) / length);
  return { altitude, heading };
}

function newLap(t, timer, dist) {
  return {
    startT: t,
    startTimer: timer,
    startDist: dist,
    seconds: 0,
    hrSum: 0,
    cadSum: 0,
    maxHr: 0,
    maxSpeed: 0,
    ascent: 0,
    descent: 0,
  };
}

/**
 * Builds one activity. Returns the FIT bytes and what was written (for the summary and the self-check).
 * `item` comes from the plan in generate-history.mjs; `seed` makes the details reproducible per file.
 */
export function buildActivity(item, seed) {
  const rng = mulberry32(seed);
  const isRun = item.sport === 'running';
  const isSwim = item.sport === 'swimming';
  const indoor = item.subSport === 'treadmill' || item.subSport === 'indoorCycling' || isSwim;
  const segments = segmentsFor(item, rng);
  const route = makeRoute(item, rng);
  const workoutLaps = item.kind === 'intervals';
  const autoLapM = isRun ? 1000 : item.sport === 'cycling' ? 5000 : 400;
  const oneSecond = item.recording === '1s';

  // Events that make the stream less tidy: auto-pauses at crossings and one rare GPS spike.
  const pauses = [];
  if (!indoor && item.kind !== 'race' && !workoutLaps && rng() < (isRun ? 0.25 : 0.5)) {
    const count = 1 + Math.floor(rng() * 3);
    for (let i = 0; i < count; i++)
      pauses.push({
        atM: between(rng, 0.1, 0.9) * item.distanceM,
        seconds: Math.round(between(rng, 12, 150)),
      });
    pauses.sort((a, b) => a.atM - b.atM);
  }
  const spike =
    !indoor && rng() < 0.03
      ? { atM: between(rng, 0.1, 0.9) * item.distanceM, metres: between(rng, 40, 120), state: 0 }
      : null;

  const start = item.startS;
  const encoder = new Encoder();
  encoder.onMesg(MESG.FILE_ID, {
    type: 'activity',
    manufacturer: 'garmin',
    product: item.device.product,
    serialNumber: item.device.serial,
    timeCreated: date(start),
  });
  encoder.onMesg(MESG.DEVICE_INFO, {
    timestamp: date(start),
    deviceIndex: 'creator',
    manufacturer: 'garmin',
    product: item.device.product,
    serialNumber: item.device.serial,
    softwareVersion: item.device.software,
    sourceType: 'local',
  });
  if (item.strap) {
    encoder.onMesg(MESG.DEVICE_INFO, {
      timestamp: date(start),
      deviceIndex: 1,
      deviceType: 120, // ANT+ heart rate
      manufacturer: 'garmin',
      product: item.strap.product,
      serialNumber: item.strap.serial,
      antDeviceNumber: item.strap.serial & 0xffff,
      antNetwork: 'antplus',
      sourceType: 'antplus',
    });
  }
  const timerEvent = (t, eventType, trigger) =>
    encoder.onMesg(MESG.EVENT, {
      timestamp: date(start + t),
      event: 'timer',
      eventType,
      data: trigger,
      eventGroup: 0,
    });
  timerEvent(0, 'start', 0);

  let t = 0;
  let timer = 0;
  let dist = 0;
  let segIndex = 0;
  let segStartDist = 0;
  let segStartTimer = 0;
  let speed = segments[0].speed * 0.6;
  let drift = 0;
  let hr = between(rng, 75, 95);
  let cadence = isRun ? 76 + 3.6 * speed : isSwim ? 30 : 85;
  const ambient = isSwim ? 28 : indoor ? 20 : item.temperatureC;
  let wristTemp = ambient + between(rng, 1, 3);
  let lat = item.origin.lat;
  let lon = item.origin.lon;
  let power = 0;
  let nextAutoLap = autoLapM;
  let nextPause = 0;
  let nextEmit = 0;
  let lastEmit = null;
  let records = 0;
  let gpsSpikes = 0;
  const laps = [];
  let lap = newLap(0, 0, 0);
  const session = newLap(0, 0, 0);
  const hrMax = item.hrMax;
  const hrThreshold = hrMax * 0.9;

  const emit = () => {
    const record = {
      timestamp: date(start + t),
      distance: dist,
      enhancedSpeed: speed,
      heartRate: Math.round(hr + gauss(rng)),
    };
    if (!indoor) {
      let rlat = lat;
      if (spike && spike.state === 1) {
        // A multipath spike: the fix jumps aside and back, and the watch counts both legs.
        dist += spike.metres;
        record.distance = dist;
        record.enhancedSpeed = speed + spike.metres / (t - lastEmit.t);
        rlat += spike.metres / METRES_PER_DEGREE;
        spike.state = 2;
        gpsSpikes++;
      } else if (spike && spike.state === 2) {
        dist += spike.metres;
        record.distance = dist;
        record.enhancedSpeed = speed + spike.metres / (t - lastEmit.t);
        spike.state = 3;
      }
      record.positionLat = Math.round(rlat * SEMICIRCLES_PER_DEGREE);
      record.positionLong = Math.round(lon * SEMICIRCLES_PER_DEGREE);
    }
    if (!isSwim) record.enhancedAltitude = Math.round(altitudeAt(dist) * 5) / 5;
    if (isRun) {
      // Running cadence in strides/min, with the half-stride in fractional_cadence.
      const halves = Math.floor(cadence * 2);
      record.cadence = halves >> 1;
      record.fractionalCadence = (halves & 1) / 2;
    } else {
      record.cadence = Math.round(cadence);
    }
    if (item.device.wristPower && isRun) record.power = Math.round(power);
    if (item.strap) {
      // Running dynamics from the chest strap.
      const stepLength = (speed / (cadence * 2)) * 60_000;
      const oscillation = 92 - 4 * speed + gauss(rng) * 2;
      Object.assign(record, {
        verticalOscillation: oscillation,
        stanceTime: 340 - 25 * speed + gauss(rng) * 5,
        stepLength,
        verticalRatio: (oscillation / stepLength) * 100,
        stanceTimeBalance: 50 + gauss(rng) * 0.6,
      });
    }
    record.temperature = Math.round(wristTemp);
    encoder.onMesg(MESG.RECORD, record);
    records++;
    if (record.enhancedAltitude !== undefined && lastEmit?.alt !== undefined) {
      const climb = record.enhancedAltitude - lastEmit.alt;
      if (climb > 0) lap.ascent += climb;
      else lap.descent -= climb;
    }
    lap.maxSpeed = Math.max(lap.maxSpeed, record.enhancedSpeed);
    lastEmit = { t, alt: record.enhancedAltitude };
    nextEmit = t + (oneSecond ? 1 : isSwim ? Math.round(between(rng, 22, 40)) : smartInterval(rng));
    if (spike?.state === 0 && dist >= spike.atM) {
      // Both legs of the spike land 1 s apart, so each pair is clearly above 12 m/s (metrics.md section 5).
      spike.state = 1;
      nextEmit = t + 1;
    }
  };
  const altitudeAt = (d) =>
    item.subSport === 'treadmill' || item.subSport === 'indoorCycling' ? item.origin.alt : route.altitude(d);

  const closeLap = (trigger, intensity) => {
    const secondsTimer = timer - lap.startTimer;
    const distance = dist - lap.startDist;
    const mesg = {
      messageIndex: laps.length,
      timestamp: date(start + t),
      event: 'lap',
      eventType: 'stop',
      startTime: date(start + lap.startT),
      totalElapsedTime: t - lap.startT,
      totalTimerTime: secondsTimer,
      totalDistance: distance,
      avgSpeed: secondsTimer > 0 ? distance / secondsTimer : 0,
      enhancedMaxSpeed: lap.maxSpeed,
      avgHeartRate: Math.round(lap.hrSum / Math.max(1, lap.seconds)),
      maxHeartRate: Math.round(lap.maxHr),
      avgCadence: Math.floor(lap.cadSum / Math.max(1, lap.seconds)),
      intensity,
      lapTrigger: trigger,
      sport: item.sport,
      subSport: item.subSport,
    };
    if (!isSwim)
      Object.assign(mesg, { totalAscent: Math.round(lap.ascent), totalDescent: Math.round(lap.descent) });
    laps.push(mesg);
    for (const key of ['seconds', 'hrSum', 'cadSum', 'ascent', 'descent']) session[key] += lap[key];
    session.maxHr = Math.max(session.maxHr, lap.maxHr);
    session.maxSpeed = Math.max(session.maxSpeed, lap.maxSpeed);
    return mesg;
  };

  emit();
  for (;;) {
    const seg = segments[segIndex];
    const grade = isSwim ? 0 : (altitudeAt(dist + 5) - altitudeAt(dist)) / 5;
    drift = 0.97 * drift + 0.006 * gauss(rng);
    const hillFactor = clamp(
      grade > 0 ? 1 - (isRun ? 2 : 6) * grade : 1 - (isRun ? 0.8 : 4) * grade,
      0.5,
      1.25,
    );
    speed += (seg.speed * hillFactor * (1 + drift) - speed) * 0.2;

    t++;
    timer++;
    dist += speed;
    const heading = route.heading(dist);
    lat += (speed * Math.cos(heading)) / METRES_PER_DEGREE;
    lon += (speed * Math.sin(heading)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));

    const relative = speed / (isRun ? item.thresholdSpeed : seg.speed);
    const hrTarget = isRun
      ? hrThreshold + (relative - 1) * 110 + grade * 250 + Math.min(12, Math.max(0, timer - 1200) / 500)
      : hrThreshold * 0.8 + (relative - 1) * 40 + grade * 300;
    const hrSteady = clamp(hrTarget, 95, hrMax - 1);
    hr += (hrSteady - hr) / (hrSteady > hr ? 18 : 28);
    // The watch on the wrist warms towards skin temperature over the first twenty minutes.
    wristTemp += (ambient + (isSwim ? 0 : 8) - wristTemp) / 600;
    power = speed * 72 * Math.max(0.4, 1.04 + 9.81 * grade);
    cadence = isRun
      ? 76 + 3.6 * speed + grade * 20 + 0.8 * gauss(rng)
      : isSwim
        ? 30 + gauss(rng)
        : clamp(88 + 30 * grade + 3 * gauss(rng), 0, 110);

    lap.seconds++;
    lap.hrSum += hr;
    lap.cadSum += cadence;
    lap.maxHr = Math.max(lap.maxHr, hr);

    const segDone =
      seg.metres !== undefined ? dist - segStartDist >= seg.metres : timer - segStartTimer >= seg.seconds;
    const finished = segDone && segIndex === segments.length - 1;
    const autoLap = !workoutLaps && dist >= nextAutoLap && !finished;
    const workoutLap = workoutLaps && segDone && !finished;
    const pause = pauses[nextPause] && dist >= pauses[nextPause].atM && !finished;

    if (finished || autoLap || workoutLap || pause || t >= nextEmit || spike?.state === 2) emit();
    if (autoLap) {
      encoder.onMesg(MESG.LAP, closeLap('distance', 'active'));
      lap = newLap(t, timer, dist);
      nextAutoLap += autoLapM;
    }
    if (workoutLap) {
      encoder.onMesg(MESG.LAP, closeLap(seg.metres !== undefined ? 'distance' : 'time', seg.intensity));
      lap = newLap(t, timer, dist);
    }
    if (finished) break;
    if (segDone) {
      segIndex++;
      segStartDist = dist;
      segStartTimer = timer;
    }
    if (pause) {
      // Auto-pause: the timer stops, no records are written, and the elapsed time runs on.
      timerEvent(t, 'stopAll', 1);
      t += pauses[nextPause++].seconds;
      hr = Math.max(90, hr - 20);
      speed *= 0.4;
      timerEvent(t, 'start', 1);
      emit();
    }
  }

  timerEvent(t, 'stopAll', 0);
  const lastLap = closeLap('sessionEnd', segments[segIndex].intensity);
  encoder.onMesg(MESG.LAP, lastLap);

  const avgCadence = session.cadSum / Math.max(1, session.seconds);
  const sessionMesg = {
    messageIndex: 0,
    timestamp: date(start + t),
    event: 'session',
    eventType: 'stop',
    trigger: 'activityEnd',
    sport: item.sport,
    subSport: item.subSport,
    startTime: date(start),
    totalElapsedTime: t,
    totalTimerTime: timer,
    totalDistance: dist,
    totalCalories: Math.round((dist / 1000) * (isRun ? 68 : item.sport === 'cycling' ? 24 : 350)),
    avgSpeed: dist / timer,
    enhancedMaxSpeed: session.maxSpeed, // uint32: a GPS spike can exceed max_speed's 65.5 m/s range
    avgHeartRate: Math.round(session.hrSum / session.seconds),
    maxHeartRate: Math.round(session.maxHr),
    avgCadence: Math.floor(avgCadence),
    firstLapIndex: 0,
    numLaps: laps.length,
  };
  if (isRun) {
    sessionMesg.avgFractionalCadence = avgCadence - Math.floor(avgCadence);
    sessionMesg.totalCycles = Math.round((avgCadence * timer) / 60);
  }
  if (!isSwim)
    Object.assign(sessionMesg, {
      totalAscent: Math.round(session.ascent),
      totalDescent: Math.round(session.descent),
    });
  if (!indoor)
    Object.assign(sessionMesg, {
      startPositionLat: Math.round(item.origin.lat * SEMICIRCLES_PER_DEGREE),
      startPositionLong: Math.round(item.origin.lon * SEMICIRCLES_PER_DEGREE),
    });
  if (isSwim)
    Object.assign(sessionMesg, {
      poolLength: 25,
      poolLengthUnit: 'metric',
      numLengths: Math.round(dist / 25),
    });
  encoder.onMesg(MESG.SESSION, sessionMesg);

  const end = start + t;
  encoder.onMesg(MESG.ACTIVITY, {
    timestamp: date(end),
    totalTimerTime: timer,
    numSessions: 1,
    type: 'manual',
    event: 'activity',
    eventType: 'stop',
    // local_timestamp is a local_date_time: seconds since the FIT epoch on the local wall clock, a plain number.
    localTimestamp: end + item.offsetS - FIT_EPOCH_S,
  });

  return {
    bytes: encoder.close(),
    stats: {
      records,
      laps: laps.length,
      distanceM: Math.round(dist * 100) / 100,
      timerS: timer,
      elapsedS: t,
      pauses: pauses.length,
      gpsSpikes,
      descentM: Math.round(session.descent),
    },
  };
}

/** Garmin "smart recording": irregular, mostly every 3-5 s, never more than 8 s apart while moving. */
function smartInterval(rng) {
  const r = rng();
  if (r < 0.08) return 1 + Math.floor(rng() * 2);
  if (r < 0.92) return 3 + Math.floor(rng() * 3);
  return 6 + Math.floor(rng() * 3);
}
