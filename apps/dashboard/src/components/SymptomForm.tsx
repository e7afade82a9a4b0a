import { useEffect, useRef, useState, type FormEvent } from 'react';
import type {
  Aggravator,
  BodyRegion,
  BodySide,
  NeurologicalFlag,
  PainTiming,
  SymptomLogInput,
  SystemicFlag,
} from '@loadwatch/shared/contracts';
import {
  AGGRAVATORS,
  NEUROLOGICAL_QUESTIONS,
  REGIONS,
  SIDES,
  SYSTEMIC_QUESTIONS,
  TIMINGS,
} from '../app/texts';
import { redFlagAdvice } from './red-flags';

export interface SymptomFormProps {
  /** Today in the athlete's zone, the default date. */
  today: string;
  onSubmit: (log: SymptomLogInput) => Promise<void>;
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((v) => v !== value);
}

/**
 * One day's log for one region (spec/rules.md section 1). The red-flag advice appears at the top of the form
 * the moment a box is ticked, before the log is saved or anything else is filled in.
 */
export function SymptomForm({ today, onSubmit }: SymptomFormProps) {
  const [date, setDate] = useState(today);
  const [region, setRegion] = useState<BodyRegion>('low_back');
  const [side, setSide] = useState<BodySide | ''>('');
  const [severity, setSeverity] = useState(3);
  const [when, setWhen] = useState<PainTiming | ''>('');
  const [aggravators, setAggravators] = useState<Aggravator[]>([]);
  const [neurological, setNeurological] = useState<NeurologicalFlag[]>([]);
  const [systemic, setSystemic] = useState<SystemicFlag[]>([]);
  const [canWalk, setCanWalk] = useState<'yes' | 'no' | ''>('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const advice = redFlagAdvice(neurological, systemic);
  const emergency = advice.some((a) => a.level === 'emergency');
  const adviceArea = useRef<HTMLDivElement>(null);
  // The boxes sit low in the form: bring the emergency message into view the moment it appears.
  useEffect(() => {
    if (emergency) adviceArea.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [emergency]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      await onSubmit({
        date,
        region,
        side: side || null,
        severity,
        when: when || null,
        aggravators,
        neurological,
        systemic,
        can_walk_normally: canWalk === '' ? null : canWalk === 'yes',
        notes: notes.trim() || null,
      });
      setSaved(`Saved your log of ${date}.`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="symptom-form" onSubmit={submit} aria-labelledby="symptom-form-title">
      <div className="advice-area" role="alert" ref={adviceArea}>
        {advice.map((a) => (
          <div key={a.level} className={`advice advice-${a.level}`}>
            <strong>
              <span aria-hidden="true">{a.level === 'emergency' ? '⚠ ' : '▲ '}</span>
              {a.level === 'emergency' ? 'Seek emergency care now.' : 'Please act on this.'}
            </strong>{' '}
            {a.level === 'emergency' ? a.message.replace(/^Seek emergency care now\. /, '') : a.message}
          </div>
        ))}
      </div>
      <h2 id="symptom-form-title">Log how you feel</h2>

      <div className="field-row">
        <label className="field">
          <span>Date</span>
          <input type="date" value={date} max={today} required onChange={(e) => setDate(e.target.value)} />
        </label>
        <label className="field">
          <span>When does it hurt?</span>
          <select value={when} onChange={(e) => setWhen(e.target.value as PainTiming | '')}>
            <option value="">Not stated</option>
            {TIMINGS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
      </div>

      <fieldset>
        <legend>Where?</legend>
        <div className="choices">
          {REGIONS.map((r) => (
            <label key={r.value} className="choice">
              <input
                type="radio"
                name="region"
                checked={region === r.value}
                onChange={() => setRegion(r.value)}
              />
              {r.label}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Which side?</legend>
        <div className="choices">
          <label className="choice">
            <input type="radio" name="side" checked={side === ''} onChange={() => setSide('')} />
            Not stated
          </label>
          {SIDES.map((s) => (
            <label key={s.value} className="choice">
              <input type="radio" name="side" checked={side === s.value} onChange={() => setSide(s.value)} />
              {s.label}
            </label>
          ))}
        </div>
      </fieldset>

      <label className="field">
        <span>
          How bad, 0 (none) to 10 (worst imaginable): <output>{severity}</output>
        </span>
        <input
          type="range"
          min={0}
          max={10}
          step={1}
          value={severity}
          aria-valuetext={`${severity} out of 10`}
          onChange={(e) => setSeverity(Number(e.target.value))}
        />
      </label>

      <fieldset>
        <legend>Does anything make it worse?</legend>
        <div className="choices choices-column">
          {AGGRAVATORS.map((a) => (
            <label key={a.value} className="choice">
              <input
                type="checkbox"
                checked={aggravators.includes(a.value)}
                onChange={(e) => setAggravators(toggle(aggravators, a.value, e.target.checked))}
              />
              {a.label}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="red-flags">
        <legend>Do you have any of these? Tick all that apply.</legend>
        <div className="choices choices-column">
          {NEUROLOGICAL_QUESTIONS.map((q) => (
            <label key={q.value} className="choice">
              <input
                type="checkbox"
                checked={neurological.includes(q.value)}
                onChange={(e) => setNeurological(toggle(neurological, q.value, e.target.checked))}
              />
              {q.label}
            </label>
          ))}
          {SYSTEMIC_QUESTIONS.map((q) => (
            <label key={q.value} className="choice">
              <input
                type="checkbox"
                checked={systemic.includes(q.value)}
                onChange={(e) => setSystemic(toggle(systemic, q.value, e.target.checked))}
              />
              {q.label}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Can you walk normally?</legend>
        <div className="choices">
          {(
            [
              ['yes', 'Yes'],
              ['no', 'No'],
              ['', 'Not stated'],
            ] as const
          ).map(([value, label]) => (
            <label key={label} className="choice">
              <input
                type="radio"
                name="can-walk"
                checked={canWalk === value}
                onChange={() => setCanWalk(value)}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>

      <label className="field">
        <span>Notes (optional)</span>
        <textarea value={notes} maxLength={2000} rows={3} onChange={(e) => setNotes(e.target.value)} />
      </label>

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
      <button type="submit" className="button button-primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save log'}
      </button>
    </form>
  );
}
