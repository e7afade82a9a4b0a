import { classifyFitSport, classifyGarminActivityType, classifyStravaSportType } from './sport-class';

describe('sport classification (spec/metrics.md section 1)', () => {
  it.each([
    ['running', 'running'],
    ['walking', 'walking'],
    ['hiking', 'walking'],
    ['cycling', 'cross-training'],
    ['swimming', 'cross-training'],
    ['fitnessEquipment', 'cross-training'],
    ['training', 'cross-training'],
    [42, 'cross-training'],
    [null, 'cross-training'],
  ])('FIT sport %p is %s', (sport, expected) => {
    expect(classifyFitSport(sport as string | number | null)).toBe(expected);
  });

  it.each([
    ['Run', 'running'],
    ['TrailRun', 'running'],
    ['VirtualRun', 'running'],
    ['Walk', 'walking'],
    ['Hike', 'walking'],
    ['Ride', 'cross-training'],
    ['SomethingNew', 'cross-training'],
    [null, 'cross-training'],
  ])('Strava sport_type %p is %s', (sportType, expected) => {
    expect(classifyStravaSportType(sportType)).toBe(expected);
  });

  it.each([
    ['RUNNING', 'running'],
    ['TREADMILL_RUNNING', 'running'],
    ['TRAIL_RUNNING', 'running'],
    ['TRACK_RUNNING', 'running'],
    ['INDOOR_RUNNING', 'running'],
    ['VIRTUAL_RUN', 'running'],
    ['ULTRA_RUN', 'running'],
    ['STREET_RUNNING', 'running'],
    ['OBSTACLE_RUN', 'running'],
    ['WALKING', 'walking'],
    ['HIKING', 'walking'],
    ['CYCLING', 'cross-training'],
    [undefined, 'cross-training'],
  ])('Garmin activityType %p is %s', (type, expected) => {
    expect(classifyGarminActivityType(type)).toBe(expected);
  });
});
