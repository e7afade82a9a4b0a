import { useState, type FormEvent, type ReactNode } from 'react';
import type { RiskProfileVersionInput, RiskProfileVersionView } from '@loadwatch/shared/contracts';

type Mode = 'blank' | 'answer' | 'prefer';
type Fields = Record<string, string>;

const PREFER = 'prefer_not_to_say';
const BSI_SITES = [
  'femoral_neck',
  'sacrum',
  'pelvis',
  'femoral_shaft',
  'tibia',
  'fibula',
  'metatarsal',
  'navicular',
  'other',
] as const;
const MALABSORPTION = [
  ['coeliac', 'Coeliac disease'],
  ['ibd', 'Inflammatory bowel disease'],
  ['other', 'Another condition'],
] as const;

/** The questionnaire's items, what each asks and why (spec/rules.md section 1, the risk score's rows). */
const ITEMS = {
  sex: 'Some factors (menstrual history) apply to women only, and the score counts differently by sex.',
  birth_year: 'Age changes how bone responds to training load.',
  height_cm: 'With weight, gives the body-mass index: a low BMI is a bone-stress risk factor.',
  weight_kg: 'With height, gives the body-mass index.',
  weight_change_pct_month: 'A fast weight loss counts like a low BMI in the risk score.',
  vitamin_d: 'Low vitamin D (25(OH)D) is linked to bone stress injury; a blood test gives this value.',
  disordered_eating: 'Low energy availability is the strongest factor in the Female Athlete Triad score.',
  malabsorption: 'Conditions that hinder absorbing calcium and vitamin D weaken bone.',
  prior_bsi:
    'A previous bone stress injury, above all at the hip, sacrum or pelvis, raises the risk of another.',
  menses_12mo:
    'Few periods a year (without hormonal contraception) signal low oestrogen, which weakens bone.',
  menarche_age: 'A late first period is a factor in the risk score.',
  hormonal_contraception: 'It masks the menstrual signal, so that item is then not scored.',
  bmd_z: 'A low bone-density Z-score (DXA scan) is a factor in the risk score.',
} as const;
type Item = keyof typeof ITEMS;

function modeOf(value: unknown): Mode {
  return value === PREFER ? 'prefer' : value === null || value === undefined ? 'blank' : 'answer';
}

/** The form's starting state from the latest saved version. */
function initialState(latest: RiskProfileVersionView | undefined): {
  modes: Record<Item, Mode>;
  fields: Fields;
} {
  const modes = Object.fromEntries(
    (Object.keys(ITEMS) as Item[]).map((item) => [item, modeOf(latest?.[item])]),
  ) as Record<Item, Mode>;
  const fields: Fields = {};
  if (!latest) return { modes, fields };
  const plain = (item: Item) => {
    const v = latest[item];
    if (v !== null && v !== undefined && v !== PREFER && typeof v !== 'object') fields[item] = String(v);
  };
  (
    ['sex', 'birth_year', 'height_cm', 'weight_kg', 'weight_change_pct_month', 'disordered_eating'] as Item[]
  ).forEach(plain);
  (['menses_12mo', 'menarche_age', 'hormonal_contraception', 'bmd_z'] as Item[]).forEach(plain);
  const d = latest.vitamin_d;
  if (d && d !== PREFER) {
    fields['vitamin_d.value'] = String(d.value);
    fields['vitamin_d.unit'] = d.unit;
    fields['vitamin_d.date'] = d.date ?? '';
  }
  const m = latest.malabsorption;
  if (Array.isArray(m)) m.forEach((c) => (fields[`malabsorption.${c}`] = 'true'));
  const b = latest.prior_bsi;
  if (b && b !== PREFER) {
    fields['prior_bsi.count'] = String(b.count);
    b.sites?.forEach((s) => (fields[`prior_bsi.${s}`] = 'true'));
  }
  return { modes, fields };
}

function numberOrThrow(text: string | undefined, label: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) {
    throw new Error(`${label}: enter a number, or choose "prefer not to say" or "not answered".`);
  }
  return value;
}

/** The form's state as one version of the risk profile (snake_case, as PUT /api/risk-profile takes it). */
export function buildRiskProfile(
  modes: Record<Item, Mode>,
  fields: Fields,
  date: string,
): RiskProfileVersionInput {
  const out: Record<string, unknown> = { date };
  for (const item of Object.keys(ITEMS) as Item[]) {
    if (modes[item] === 'blank') out[item] = null;
    else if (modes[item] === 'prefer') out[item] = PREFER;
    else {
      switch (item) {
        case 'sex':
        case 'disordered_eating':
          if (!fields[item]) throw new Error(`${item.replace(/_/g, ' ')}: choose an answer.`);
          out[item] = fields[item];
          break;
        case 'hormonal_contraception':
          out[item] = fields[item] === 'true';
          break;
        case 'vitamin_d':
          out[item] = {
            value: numberOrThrow(fields['vitamin_d.value'], 'Vitamin D'),
            unit: fields['vitamin_d.unit'] === 'nmol/L' ? 'nmol/L' : 'ng/mL',
            date: fields['vitamin_d.date'] || null,
          };
          break;
        case 'malabsorption':
          out[item] = MALABSORPTION.map(([v]) => v).filter((v) => fields[`malabsorption.${v}`] === 'true');
          break;
        case 'prior_bsi':
          out[item] = {
            count: numberOrThrow(fields['prior_bsi.count'] ?? '0', 'Prior bone stress injuries'),
            sites: BSI_SITES.filter((s) => fields[`prior_bsi.${s}`] === 'true'),
          };
          break;
        default:
          out[item] = numberOrThrow(fields[item], item.replace(/_/g, ' '));
      }
    }
  }
  return out as RiskProfileVersionInput;
}

export interface RiskProfileFormProps {
  latest?: RiskProfileVersionView;
  today: string;
  onSubmit: (version: RiskProfileVersionInput) => Promise<void>;
}

/** The opt-in bone-health questionnaire: every item can be answered, declined, or left unanswered. */
export function RiskProfileForm({ latest, today, onSubmit }: RiskProfileFormProps) {
  const start = initialState(latest);
  const [modes, setModes] = useState(start.modes);
  const [fields, setFields] = useState<Fields>(start.fields);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (key: string, value: string) => setFields((f) => ({ ...f, [key]: value }));
  const answer = (item: Item) => setModes((m) => (m[item] === 'answer' ? m : { ...m, [item]: 'answer' }));
  const field = (item: Item, key: string = item) => ({
    value: fields[key] ?? '',
    onChange: (e: { target: { value: string } }) => {
      set(key, e.target.value);
      answer(item);
    },
  });
  const check = (item: Item, key: string) => ({
    checked: fields[key] === 'true',
    onChange: (e: { target: { checked: boolean } }) => {
      set(key, String(e.target.checked));
      answer(item);
    },
  });
  const female = !(modes.sex === 'answer' && fields['sex'] === 'male');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    try {
      await onSubmit(buildRiskProfile(modes, fields, today));
      setSaved('Saved. Your findings are being updated.');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const question = (item: Item, label: string, control: ReactNode) => (
    <fieldset key={item} className="question">
      <legend>{label}</legend>
      <p className="why">
        <span className="visually-hidden">Why we ask: </span>
        {ITEMS[item]}
      </p>
      <div className="question-control">{control}</div>
      <div className="choices">
        {(
          [
            ['answer', 'My answer above'],
            ['prefer', 'Prefer not to say'],
            ['blank', 'Not answered'],
          ] as const
        ).map(([mode, text]) => (
          <label key={mode} className="choice choice-small">
            <input
              type="radio"
              name={`${item}-mode`}
              checked={modes[item] === mode}
              onChange={() => setModes((m) => ({ ...m, [item]: mode }))}
            />
            {text}
          </label>
        ))}
      </div>
    </fieldset>
  );

  return (
    <form className="risk-form" onSubmit={submit}>
      {question(
        'sex',
        'Sex',
        <div className="choices">
          {(['female', 'male'] as const).map((v) => (
            <label key={v} className="choice">
              <input
                type="radio"
                name="sex"
                value={v}
                checked={fields['sex'] === v}
                onChange={field('sex').onChange}
              />
              {v === 'female' ? 'Female' : 'Male'}
            </label>
          ))}
        </div>,
      )}
      {question(
        'birth_year',
        'Year of birth',
        <input
          type="number"
          inputMode="numeric"
          min={1900}
          max={2030}
          aria-label="Year of birth"
          {...field('birth_year')}
        />,
      )}
      {question(
        'height_cm',
        'Height (cm)',
        <input
          type="number"
          step="0.1"
          min={100}
          max={250}
          aria-label="Height in centimetres"
          {...field('height_cm')}
        />,
      )}
      {question(
        'weight_kg',
        'Weight (kg)',
        <input
          type="number"
          step="0.1"
          min={25}
          max={250}
          aria-label="Weight in kilograms"
          {...field('weight_kg')}
        />,
      )}
      {question(
        'weight_change_pct_month',
        'Weight change over the last month (%)',
        <input
          type="number"
          step="0.1"
          min={-50}
          max={50}
          aria-label="Weight change in percent, negative for a loss"
          {...field('weight_change_pct_month')}
        />,
      )}
      {question(
        'vitamin_d',
        'Vitamin D (25(OH)D) blood level',
        <div className="field-row">
          <input
            type="number"
            step="0.1"
            min={0}
            aria-label="Vitamin D value"
            {...field('vitamin_d', 'vitamin_d.value')}
          />
          <select aria-label="Vitamin D unit" {...field('vitamin_d', 'vitamin_d.unit')}>
            <option value="ng/mL">ng/mL</option>
            <option value="nmol/L">nmol/L</option>
          </select>
          <input
            type="date"
            aria-label="Date of the test"
            max={today}
            {...field('vitamin_d', 'vitamin_d.date')}
          />
        </div>,
      )}
      {question(
        'disordered_eating',
        'Eating and energy',
        <select aria-label="Eating and energy" {...field('disordered_eating')}>
          <option value="">Choose…</option>
          <option value="none">No restriction</option>
          <option value="some_restriction_or_past">
            Some restriction now, or disordered eating in the past
          </option>
          <option value="current_diagnosed">A current, diagnosed eating disorder</option>
        </select>,
      )}
      {question(
        'malabsorption',
        'Conditions affecting absorption (none ticked: none)',
        <div className="choices">
          {MALABSORPTION.map(([v, label]) => (
            <label key={v} className="choice">
              <input type="checkbox" {...check('malabsorption', `malabsorption.${v}`)} />
              {label}
            </label>
          ))}
        </div>,
      )}
      {question(
        'prior_bsi',
        'Previous bone stress injuries',
        <div>
          <label className="field field-inline">
            <span>How many</span>
            <input type="number" min={0} max={50} {...field('prior_bsi', 'prior_bsi.count')} />
          </label>
          <div className="choices">
            {BSI_SITES.map((s) => (
              <label key={s} className="choice choice-small">
                <input type="checkbox" {...check('prior_bsi', `prior_bsi.${s}`)} />
                {s.replace(/_/g, ' ')}
              </label>
            ))}
          </div>
        </div>,
      )}
      {female && (
        <>
          {question(
            'menses_12mo',
            'Periods in the last 12 months',
            <input
              type="number"
              min={0}
              max={20}
              aria-label="Periods in the last 12 months"
              {...field('menses_12mo')}
            />,
          )}
          {question(
            'menarche_age',
            'Age at your first period',
            <input
              type="number"
              min={5}
              max={30}
              aria-label="Age at first period"
              {...field('menarche_age')}
            />,
          )}
          {question(
            'hormonal_contraception',
            'Hormonal contraception',
            <select aria-label="Hormonal contraception" {...field('hormonal_contraception')}>
              <option value="">Choose…</option>
              <option value="true">Yes</option>
              <option value="false">No</option>
            </select>,
          )}
        </>
      )}
      {question(
        'bmd_z',
        'Bone density Z-score (DXA)',
        <input
          type="number"
          step="0.1"
          min={-6}
          max={6}
          aria-label="Bone density Z-score"
          {...field('bmd_z')}
        />,
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="form-ok" role="status">
          {saved}
        </p>
      )}
      <button type="submit" className="button button-primary">
        Save answers
      </button>
    </form>
  );
}
