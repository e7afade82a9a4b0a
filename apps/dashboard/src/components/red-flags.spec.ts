import { redFlagAdvice } from './red-flags';

describe('redFlagAdvice (spec/rules.md R12-R14)', () => {
  it.each([
    [['saddle_numbness'], [], ['emergency']],
    [['bladder_or_bowel_change'], [], ['emergency']],
    [['sexual_dysfunction'], [], ['emergency']],
    [['both_legs_numb_or_weak'], [], ['emergency']],
    [['leg_weakness_one_side'], [], ['prompt']],
    [['leg_numbness_one_side', 'progressive'], [], ['emergency']],
    [['progressive'], [], []],
    [[], ['recent_trauma'], ['soon']],
    [['leg_numbness_one_side'], ['fever'], ['prompt', 'soon']],
    [[], [], []],
  ] as const)('%j and %j give %j', (neurological, systemic, levels) => {
    expect(redFlagAdvice(neurological, systemic).map((a) => a.level)).toEqual(levels);
  });
});
